import type { LastTrade, PriceSource } from "../../ports/execution.ts";
import type { Store } from "../../ports/store.ts";
import type { PaperPrices, PaperQuote } from "../broker/paper-broker.ts";

/** How long a read latest bar is reused: imported bars show within seconds. */
const cacheMs = 5_000;

/**
 * The demo's prices: each symbol's latest stored daily bar, replayed as the current market. Only
 * the simulated paper broker uses it (the runtime never pairs it with a real broker): it lets the
 * whole order path run on the synthetic demo market without a live feed. The risk gate sees the
 * price as current, and every approval card names this source so nobody mistakes it for a quote.
 */
export class ReplayPrices implements PriceSource, PaperPrices {
  readonly name = "demo replay (the latest stored daily close stands in for the live price)";
  /** Reading a symbol's history costs milliseconds; one order reads it several times. */
  private readonly recent = new Map<string, { quote: PaperQuote | undefined; readAtMs: number }>();

  constructor(
    private readonly store: Pick<Store, "requestBars">,
    private readonly now: () => number = Date.now,
  ) {}

  async lastTrade(symbol: string): Promise<LastTrade | undefined> {
    const bar = await this.latestBar(symbol);
    return bar && { price: bar.price, atMs: this.now() };
  }

  /** The paper broker's fills take the bar's own time and volume. */
  latest(symbol: string): Promise<PaperQuote | undefined> {
    return this.latestBar(symbol);
  }

  private async latestBar(symbol: string): Promise<PaperQuote | undefined> {
    const nowMs = this.now();
    const cached = this.recent.get(symbol);
    if (cached && nowMs - cached.readAtMs < cacheMs) return cached.quote;
    const quote = await this.readLatestBar(symbol);
    this.recent.set(symbol, { quote, readAtMs: nowMs });
    return quote;
  }

  private async readLatestBar(symbol: string): Promise<PaperQuote | undefined> {
    const bars = await this.store.requestBars(symbol, "1d");
    const last = bars ? bars.close.length - 1 : -1;
    if (!bars || last < 0) return undefined;
    return { price: bars.close[last]!, atMs: bars.timestampMs[last]!, volume: bars.volume[last]! };
  }
}
