import { AlphadeskError } from "../../errors.ts";
import type { LastTrade, PriceSource } from "../../ports/execution.ts";
import type {
  LiveBar,
  LiveBarFeed,
  LiveFeedState,
  LiveSubscription,
} from "../../ports/live-bars.ts";
import type { Logger } from "../../ports/logger.ts";
import type { LatestQuote, MarketDataProvider } from "../../ports/market-data.ts";
import type { PaperPrices, PaperQuote } from "../broker/paper-broker.ts";

export interface LiveBarPricesOptions {
  feed: LiveBarFeed;
  /**
   * Seeds a symbol's price from its latest trade (price, time, and its size as the volume) until
   * the symbol's first bar arrives. Without it a symbol has no price before its first bar.
   */
  seed?: Pick<MarketDataProvider, "latestQuotes">;
  /** Shown on approval cards. */
  name?: string;
  log?: Logger;
  /** First wait before a failed subscription is tried again; it doubles up to a minute. */
  retryMs?: number;
}

interface Known {
  quote: PaperQuote;
  /** A bar from the feed, or the latest trade that seeded the symbol before its first bar. */
  from: "bar" | "trade";
}

const maxRetryMs = 60_000;

/**
 * Prices from a live bar feed, for the simulated paper broker and the risk gate alike. A symbol
 * is added to one shared subscription the first time anyone asks for it (feeds limit concurrent
 * connections), and stays subscribed until `close()`. Until its first bar, a symbol's price is the
 * provider's latest trade, with that trade's size as the volume the paper broker may take a share
 * of; from then on it is the latest bar's close and volume. Every price carries its real time (a
 * bar's start, so a close is never made out to be newer than it is, or the trade's own time):
 * when the feed goes quiet or down, prices age and the risk gate's stale-price check sees it.
 * Each bar is passed on to the `onBar` listeners (the paper broker's `onPrice`), so resting and
 * partly filled orders fill as the market moves.
 */
export class LiveBarPrices implements PriceSource, PaperPrices {
  readonly name: string;

  private readonly feed: LiveBarFeed;
  private readonly seedSource: Pick<MarketDataProvider, "latestQuotes"> | undefined;
  private readonly log: Logger | undefined;
  private readonly firstRetryMs: number;
  private readonly known = new Map<string, Known>();
  private readonly seeding = new Map<string, Promise<void>>();
  /** Symbols asked for; those not yet in `subscribed` are added by the next sync. */
  private readonly wanted = new Set<string>();
  private readonly subscribed = new Set<string>();
  /** Symbols the feed does not carry: asked for once, never again. */
  private readonly unsupported = new Set<string>();
  private readonly listeners = new Set<(symbol: string) => Promise<void> | void>();
  private readonly notifying = new Set<Promise<void>>();
  private subscription: LiveSubscription | undefined;
  private syncing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private closed = false;

  constructor(options: LiveBarPricesOptions) {
    this.feed = options.feed;
    this.seedSource = options.seed;
    this.log = options.log;
    this.name = options.name ?? "live minute bars (the latest trade until a symbol's first bar)";
    this.firstRetryMs = options.retryMs ?? 2_000;
    this.retryMs = this.firstRetryMs;
  }

  /** Calls `listener` with a symbol each time a bar of it arrives; returns the unsubscribe. */
  onBar(listener: (symbol: string) => Promise<void> | void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async lastTrade(symbol: string): Promise<LastTrade | undefined> {
    const quote = await this.latest(symbol);
    return quote && { price: quote.price, atMs: quote.atMs };
  }

  async latest(symbol: string): Promise<PaperQuote | undefined> {
    if (this.closed || this.unsupported.has(symbol)) return this.known.get(symbol)?.quote;
    this.want(symbol);
    const known = this.known.get(symbol);
    if (known) return known.quote;
    await this.seedOnce(symbol);
    return this.known.get(symbol)?.quote;
  }

  /** Ends the subscription; prices already known stay readable (and age). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.syncing;
    await this.subscription?.close();
    this.subscription = undefined;
    await Promise.allSettled([...this.notifying]);
  }

  private want(symbol: string): void {
    if (this.wanted.has(symbol)) return;
    this.wanted.add(symbol);
    // Not awaited: the seed prices the symbol meanwhile, and a slow or refused connection must
    // not hold up an order check (it leaves the price to go stale, which the gate refuses).
    if (!this.retryTimer) this.sync();
  }

  /** Adds every wanted symbol the subscription lacks, one sync at a time. */
  private sync(): void {
    if (this.syncing || this.closed) return;
    // `finally` runs after the assignment even when there is nothing to do.
    this.syncing = this.subscribeMissing().finally(() => (this.syncing = undefined));
  }

  private async subscribeMissing(): Promise<void> {
    for (;;) {
      const symbol = [...this.wanted].find((wanted) => !this.subscribed.has(wanted));
      if (symbol === undefined || this.closed) return;
      if (!(await this.subscribe(symbol))) return;
    }
  }

  /**
   * One symbol at a time, so a symbol the feed refuses never keeps the others out. False when it
   * failed and a retry is scheduled.
   */
  private async subscribe(symbol: string): Promise<boolean> {
    try {
      if (this.subscription) await this.subscription.add([symbol]);
      else
        this.subscription = await this.feed.subscribe(
          [symbol],
          (bar) => this.receive(bar),
          (state) => this.stateChanged(state),
        );
      this.subscribed.add(symbol);
      this.retryMs = this.firstRetryMs;
      return true;
    } catch (error) {
      if (isUnsupported(error)) {
        this.forget(symbol, error);
        return true;
      }
      this.log?.error(
        { err: error, symbol, retryInMs: this.retryMs },
        "live bars: subscribing failed; prices of unsubscribed symbols go stale until it succeeds",
      );
      this.scheduleRetry();
      return false;
    }
  }

  /** A symbol the feed or the provider does not carry: never asked for again. */
  private forget(symbol: string, error: unknown): void {
    if (this.unsupported.has(symbol)) return;
    this.wanted.delete(symbol);
    this.unsupported.add(symbol);
    this.log?.warn({ err: error, symbol }, "live bars: no live prices for this symbol");
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.sync();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(maxRetryMs, this.retryMs * 2);
  }

  private seedOnce(symbol: string): Promise<void> {
    let seeding = this.seeding.get(symbol);
    if (!seeding) {
      seeding = this.seed(symbol).finally(() => this.seeding.delete(symbol));
      this.seeding.set(symbol, seeding);
    }
    return seeding;
  }

  private async seed(symbol: string): Promise<void> {
    if (!this.seedSource?.latestQuotes) return;
    let latest: LatestQuote | undefined;
    try {
      [latest] = await this.seedSource.latestQuotes([symbol]);
    } catch (error) {
      if (!isUnsupported(error)) throw error;
      this.forget(symbol, error);
      return;
    }
    const trade = latest?.trade;
    // A bar that arrived while we asked is newer news than the trade.
    if (!trade || this.known.has(symbol)) return;
    const quote = { price: trade.price, atMs: trade.timeMs, volume: trade.size };
    if (!sound(quote)) {
      this.log?.warn({ symbol, trade }, "live bars: ignored an unusable latest trade");
      return;
    }
    this.known.set(symbol, { quote, from: "trade" });
  }

  private receive(bar: LiveBar): void {
    if (this.closed || !this.wanted.has(bar.symbol)) return;
    const quote = { price: bar.close, atMs: bar.timeMs, volume: bar.volume };
    if (!sound(quote)) {
      this.log?.warn({ bar }, "live bars: ignored an unusable bar");
      return;
    }
    const known = this.known.get(bar.symbol);
    // Bars arrive in time order; an older one (a late duplicate) would move prices backwards.
    if (known?.from === "bar" && bar.timeMs < known.quote.atMs) return;
    this.known.set(bar.symbol, { quote, from: "bar" });
    for (const listener of this.listeners) {
      const notified = Promise.resolve()
        .then(() => listener(bar.symbol))
        .catch((error: unknown) =>
          this.log?.error({ err: error, symbol: bar.symbol }, "live bars: a bar listener failed"),
        );
      this.notifying.add(notified);
      void notified.finally(() => this.notifying.delete(notified));
    }
  }

  private stateChanged(state: LiveFeedState): void {
    if (state === "down")
      this.log?.warn({}, "live bars: feed down, reconnecting; prices age until it is back");
    else this.log?.info({}, "live bars: feed up");
  }
}

/** A price one can trade at and stamp: finite, positive, with a finite non-negative volume. */
function sound(quote: PaperQuote): boolean {
  return (
    Number.isFinite(quote.price) &&
    quote.price > 0 &&
    Number.isFinite(quote.atMs) &&
    Number.isFinite(quote.volume) &&
    quote.volume >= 0
  );
}

const isUnsupported = (error: unknown) =>
  error instanceof AlphadeskError && error.code === "provider_unsupported";
