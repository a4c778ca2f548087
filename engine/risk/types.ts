import type { Market } from "../calendar/sessions.ts";

/** `reducing`: only orders that shrink an existing position, without flipping it, may pass. */
export type TradingState = "active" | "reducing" | "halted";

export type OrderSide = "buy" | "sell";

/**
 * A proposed order, as the caller claims it to be. `checkOrder` takes `unknown` and validates
 * every field itself. Exactly one of `quantity` and `notional` is given; `limitPrice` is given
 * exactly when `type` is "limit". Fields not listed here are refused, because the gate cannot
 * vouch for what it does not read.
 */
export interface OrderRequest {
  symbol: string;
  side: OrderSide;
  /** Units: shares, coins, currency units or contracts. */
  quantity?: number;
  /** Account currency; converted to a quantity at the reference price (see `checkOrder`). */
  notional?: number;
  type: "market" | "limit";
  limitPrice?: number;
  strategyId?: string;
  market: Market;
}

/** The latest trade of the order's symbol, and what the gate needs to value it. */
export interface MarketSnapshot {
  lastPrice: number;
  lastTradeMs: number;
  /**
   * Account currency per unit of price per unit of quantity: 1 for shares, coins and currency,
   * the point value for futures (MES: 5). Required for CME orders, whose notional it multiplies;
   * defaults to 1 elsewhere.
   */
  pointValue?: number;
  /** Buying power one unit opens takes (a future's initial margin); default price x pointValue. */
  marginPerUnit?: number;
  /** Correlation cluster of the symbol when the account holds no position tagged with one. */
  cluster?: string;
  /**
   * Whether the broker can lend the symbol now (Alpaca: shortable and easy to borrow). Left out
   * when the broker could not say: a short sale of a stock or coin is then denied.
   */
  shortable?: boolean;
}

export interface PositionSnapshot {
  symbol: string;
  /** Signed: negative when short. */
  quantity: number;
  /** Signed, account currency. */
  marketValue: number;
  cluster?: string;
}

export interface RecentOrder {
  symbol: string;
  side: OrderSide;
  quantity: number;
  submittedMs: number;
  strategyId?: string;
  /** The order's notional when it was given as one; duplicates of notional orders compare it. */
  notional?: number;
}

export interface OpenOrder {
  symbol: string;
  side: OrderSide;
  /** Unfilled quantity. */
  quantity: number;
}

export interface AccountSnapshot {
  equity: number;
  /** As the broker reports it: already net of what open orders hold. */
  buyingPower: number;
  /** Equity at the previous session's close (the start of today). */
  dayStartEquity: number;
  realizedPnlToday: number;
  patternDayTrader: boolean;
  /** The account may sell short (a margin account with shorting enabled). */
  shortingEnabled: boolean;
  positions: readonly PositionSnapshot[];
  /** Orders submitted recently (at least the last minute and the duplicate window). */
  recentOrders: readonly RecentOrder[];
  /** Day trades in the last five business days, today's included. */
  dayTradesLast5Days: number;
  openOrders: readonly OpenOrder[];
}

/**
 * Pre-trade limits. Every number is an upper bound (smaller is stricter) except
 * `duplicateWindowMs`, where larger is stricter. Fractions are of equity unless named otherwise.
 */
export interface RiskLimits {
  /** Units per order. */
  maxOrderQuantity: number;
  /** Account currency per order. */
  maxOrderNotional: number;
  /** Account currency per symbol, absolute value of the position after the order. */
  maxPositionNotional: number;
  /** Sum of absolute position values after the order, as a fraction of equity (1.0 = 100%). */
  maxGrossExposure: number;
  /** Absolute sum of signed position values after the order, as a fraction of equity. */
  maxNetExposure: number;
  /** Today's loss, as a fraction of `dayStartEquity` (0.02 = 2%), beyond which nothing opens. */
  dailyLossLimit: number;
  /** Orders in any 60-second window, this one included. */
  maxOrdersPerMinute: number;
  /** Largest distance of a limit price from the last trade, in basis points of the last trade. */
  priceCollarBps: number;
  /** Oldest last trade the gate prices an order with. */
  maxPriceAgeMs: number;
  /** The same order again within this window is a duplicate. */
  duplicateWindowMs: number;
  /** When given, only these symbols may be opened or increased. */
  allowSymbols?: readonly string[];
  /** These symbols may not be opened or increased. */
  denySymbols: readonly string[];
  /** Gross value of one correlation cluster after the order, as a fraction of equity. */
  maxClusterExposure: number;
  /** Outside the market's hours, queue the order for the next session instead of denying it. */
  allowOutsideHours: boolean;
}

export type DenyCode =
  | "INVALID_ORDER"
  | "INVALID_CONTEXT"
  | "TRADING_HALTED"
  | "REDUCE_ONLY"
  | "SYMBOL_DENIED"
  | "SYMBOL_NOT_ALLOWED"
  | "SHORT_SALE"
  | "MAX_ORDER_QUANTITY"
  | "MAX_ORDER_NOTIONAL"
  | "MAX_POSITION"
  | "MAX_GROSS_EXPOSURE"
  | "MAX_NET_EXPOSURE"
  | "DAILY_LOSS_LIMIT"
  | "ORDER_THROTTLE"
  | "STALE_PRICE"
  | "PRICE_COLLAR"
  | "DUPLICATE_ORDER"
  | "MARKET_CLOSED"
  | "PATTERN_DAY_TRADER"
  | "BUYING_POWER"
  | "CLUSTER_EXPOSURE";

/** Every check, in the order `checkOrder` runs them; the first failure is the deny reason. */
export const checkOrderSequence: readonly DenyCode[] = [
  "INVALID_ORDER",
  "INVALID_CONTEXT",
  "TRADING_HALTED",
  "REDUCE_ONLY",
  "SYMBOL_DENIED",
  "SYMBOL_NOT_ALLOWED",
  "SHORT_SALE",
  "MAX_ORDER_QUANTITY",
  "MAX_ORDER_NOTIONAL",
  "MAX_POSITION",
  "MAX_GROSS_EXPOSURE",
  "MAX_NET_EXPOSURE",
  "DAILY_LOSS_LIMIT",
  "ORDER_THROTTLE",
  "STALE_PRICE",
  "PRICE_COLLAR",
  "DUPLICATE_ORDER",
  "MARKET_CLOSED",
  "PATTERN_DAY_TRADER",
  "BUYING_POWER",
  "CLUSTER_EXPOSURE",
];

/**
 * One check's outcome. `limit` and `actual` are in the check's own unit (units, account
 * currency, ms, bps, orders, day trades); the state and list checks carry none.
 */
export interface CheckResult {
  code: DenyCode;
  passed: boolean;
  limit?: number;
  actual?: number;
  /** The input field at fault, for INVALID_ORDER and INVALID_CONTEXT. */
  field?: string;
  message: string;
}

export interface DenyReason {
  code: DenyCode;
  message: string;
  limit?: number;
  actual?: number;
  field?: string;
}

export type RiskDecision =
  | {
      allowed: true;
      /** Units the order may carry (from `notional` at the reference price when given as one). */
      quantity: number;
      /** quantity x reference price x pointValue, account currency. */
      notional: number;
      checks: CheckResult[];
      /**
       * Set when the market is closed and the limits allow queueing: the order waits for the
       * session opening at `opensAtMs`, and must pass `checkOrder` again when it is submitted.
       */
      queuedForSession?: { opensAtMs: number };
    }
  | { allowed: false; reason: DenyReason; checks: CheckResult[] };

export interface RiskContext {
  state: TradingState;
  limits: RiskLimits;
  market: MarketSnapshot;
  account: AccountSnapshot;
  nowMs: number;
}
