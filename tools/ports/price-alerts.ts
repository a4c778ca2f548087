import type { NumericExpression } from "../../engine/strategy/spec.ts";

export type PriceAlertDirection = "above" | "below";
export type PriceAlertState = "active" | "triggered" | "cancelled";

/** A price with where it came from and its own time (a stored close's bar, a trade). */
export interface SourcedPrice {
  price: number;
  atMs: number;
  source: string;
}

/**
 * "Alert me when SPY drops below 600", as stored; or, with `indicator`, "when SPY's RSI(14)
 * falls below 30", whose level, value at set and firing value are the indicator's.
 */
export interface PriceAlert {
  id: string;
  symbol: string;
  /** The indicator watched at each daily close (as a strategy spec writes it); null: the price. */
  indicator: NumericExpression | null;
  direction: PriceAlertDirection;
  level: number;
  /** The price (or indicator) when it was set: the level lay on the other side of it. */
  priceAtSet: number;
  priceSource: string;
  note: string | null;
  actor: string;
  /** The conversation it was set in (an agent thread id), told there when it fires; null outside one. */
  thread: string | null;
  state: PriceAlertState;
  createdAtMs: number;
  /** The price that reached the level, when it fired. */
  triggered: (SourcedPrice & { firedAtMs: number }) | null;
  cancelled: { atMs: number; actor: string } | null;
}

export type NewPriceAlert = Pick<
  PriceAlert,
  | "symbol"
  | "indicator"
  | "direction"
  | "level"
  | "priceAtSet"
  | "priceSource"
  | "note"
  | "actor"
  | "thread"
>;

/** What the price-alert tools keep and read. */
export interface PriceAlertStore {
  savePriceAlert(alert: NewPriceAlert): Promise<PriceAlert>;
  /** Newest first, of the given states (default all) and symbol, at most `limit`. */
  listPriceAlerts(query: {
    states?: readonly PriceAlertState[];
    symbol?: string;
    limit: number;
  }): Promise<PriceAlert[]>;
  /** Alerts whose id starts with `prefix` (a whole id included), newest first. */
  findPriceAlerts(prefix: string): Promise<PriceAlert[]>;
  /** Cancels an active alert; the alert as it stands after (unchanged when it was not active). */
  cancelPriceAlert(id: string, actor: string): Promise<PriceAlert | undefined>;
  /**
   * Fires an active alert at `price` and appends its price.alert event, in one transaction; the
   * alert as fired, or undefined when it was no longer active (another checker fired it first,
   * or it was cancelled).
   */
  triggerPriceAlert(id: string, price: SourcedPrice): Promise<PriceAlert | undefined>;
}
