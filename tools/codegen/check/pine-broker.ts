import type { PineBars, PineBroker } from "./pine-interpreter.ts";

/** A closed trade as the emulator books it (prices before any slippage: Pine's are 0 ticks). */
export interface EmulatedTrade {
  entryBar: number;
  entryPrice: number;
  exitBar: number;
  exitPrice: number;
  quantity: number;
  /** The order that closed it: a strategy.close comment, or the strategy.exit id. */
  exitedBy: string;
}

interface ExitOrder {
  stop: number | null;
  limit: number | null;
  /** Distances in ticks from the entry price, for an order placed before its entry filled. */
  loss: number | null;
  profit: number | null;
}

/**
 * TradingView's broker emulator as its documentation describes it, for the orders the
 * generator writes (one position, market entries and closes, strategy.exit stop and limit
 * orders, strategy.cancel): market orders placed on a bar's close fill at the next bar's open;
 * a stop fills at its price, or at the open when the bar opens beyond it; a limit at its price
 * or the better open; when a bar reaches both, the emulator assumes the price went first to
 * the extreme nearer the open (high first if the high is nearer). No slippage, commission in
 * percent of each fill's value, no margin.
 */
export class EmulatedBroker implements PineBroker {
  readonly trades: EmulatedTrade[] = [];
  private position = 0;
  private entryPrice = NaN;
  private entryBar = -1;
  private realized = 0;
  private pendingEntry: { direction: 1 | -1; quantity: number } | null = null;
  private pendingClose: string | null = null;
  private readonly exits = new Map<string, ExitOrder>();
  private bar = 0;

  constructor(
    private readonly bars: PineBars,
    private readonly commissionPercent: number,
    private readonly mintick: number,
    private readonly initialCapital = 100_000,
  ) {}

  beforeBar(bar: number): void {
    this.bar = bar;
    const open = this.bars.open[bar]!;
    if (this.pendingClose !== null && this.position !== 0) this.close(open, this.pendingClose);
    this.pendingClose = null;
    if (this.pendingEntry !== null && this.position === 0) {
      const { direction, quantity } = this.pendingEntry;
      this.position = direction * quantity;
      this.entryPrice = open;
      this.entryBar = bar;
      this.realized -= (quantity * open * this.commissionPercent) / 100;
    }
    this.pendingEntry = null;
    if (this.position !== 0) this.fillExits();
  }

  value(name: string): number {
    switch (name) {
      case "position_size":
        return this.position;
      case "position_avg_price":
        return this.position === 0 ? NaN : this.entryPrice;
      case "equity":
        return (
          this.initialCapital +
          this.realized +
          (this.position === 0 ? 0 : this.position * (this.bars.close[this.bar]! - this.entryPrice))
        );
      case "closedtrades":
        return this.trades.length;
      case "opentrades.entry_bar_index":
        return this.position === 0 ? NaN : this.entryBar;
      default:
        throw new Error(`the emulated broker has no strategy.${name}`);
    }
  }

  order(name: string, args: readonly unknown[], named: Readonly<Record<string, unknown>>): void {
    const id = String(args[0]);
    const number = (key: string) =>
      typeof named[key] === "number" ? (named[key] as number) : null;
    switch (name) {
      case "entry":
        if (this.position === 0)
          this.pendingEntry = {
            direction: args[1] === "long" ? 1 : -1,
            quantity: number("qty")!,
          };
        return;
      case "close":
        if (this.position !== 0) this.pendingClose = String(named.comment ?? id);
        return;
      case "cancel":
        this.exits.delete(id);
        return;
      case "exit":
        this.exits.set(id, {
          stop: number("stop"),
          limit: number("limit"),
          loss: number("loss"),
          profit: number("profit"),
        });
        return;
      default:
        throw new Error(`the emulated broker has no strategy.${name}`);
    }
  }

  /** Every exit order against this bar's prices; the first level the path reaches closes the position. */
  private fillExits(): void {
    const direction = Math.sign(this.position);
    const { open, high, low } = this.bars;
    const [o, h, l] = [open[this.bar]!, high[this.bar]!, low[this.bar]!];
    let best: { price: number; order: string; at: number } | null = null;
    // Points of the assumed path: 0 the open, 1 the nearer extreme, 2 the farther one.
    const highFirst = h - o < o - l;
    const reach = (up: boolean) => (up ? (highFirst ? 1 : 2) : highFirst ? 2 : 1);
    for (const [id, exit] of this.exits) {
      const stop =
        exit.stop ??
        (exit.loss === null ? null : this.entryPrice - direction * exit.loss * this.mintick);
      const limit =
        exit.limit ??
        (exit.profit === null ? null : this.entryPrice + direction * exit.profit * this.mintick);
      const candidates: { price: number; at: number }[] = [];
      if (stop !== null) {
        if (direction * (o - stop) <= 0) candidates.push({ price: o, at: 0 });
        else if (direction === 1 ? l <= stop : h >= stop)
          candidates.push({ price: stop, at: reach(direction === -1) });
      }
      if (limit !== null) {
        if (direction * (o - limit) >= 0) candidates.push({ price: o, at: 0 });
        else if (direction === 1 ? h >= limit : l <= limit)
          candidates.push({ price: limit, at: reach(direction === 1) });
      }
      for (const candidate of candidates)
        if (best === null || candidate.at < best.at) best = { ...candidate, order: id };
    }
    if (best !== null) this.close(best.price, best.order);
  }

  private close(price: number, exitedBy: string): void {
    const quantity = Math.abs(this.position);
    this.realized +=
      this.position * (price - this.entryPrice) - (quantity * price * this.commissionPercent) / 100;
    this.trades.push({
      entryBar: this.entryBar,
      entryPrice: this.entryPrice,
      exitBar: this.bar,
      exitPrice: price,
      quantity,
      exitedBy,
    });
    this.position = 0;
    this.exits.clear();
  }
}
