/**
 * A broker: where approved orders go. Two adapters pass one contract suite: the simulated paper
 * broker (the embedded default) and Alpaca (paper or live). Every order carries our
 * `clientOrderId` (the order intent's id), written before the first request, so an order whose
 * outcome was unclear is found by it rather than sent again.
 */
export interface BrokerOrderRequest {
  clientOrderId: string;
  symbol: string;
  side: "buy" | "sell";
  /** Units (shares, contracts, coins); fractional where the broker allows it. */
  quantity: number;
  type: "market" | "limit";
  limitPrice?: number;
  timeInForce: "day" | "gtc";
}

export type BrokerOrderStatus =
  "accepted" | "partially_filled" | "filled" | "cancelled" | "rejected" | "expired";

export interface BrokerOrder {
  brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit";
  limitPrice: number | null;
  status: BrokerOrderStatus;
  filledQuantity: number;
  /** Volume-weighted price of the fills so far; null before the first. */
  averageFillPrice: number | null;
  /** Why the broker refused it, when it did. */
  rejectReason: string | null;
  submittedAtMs: number;
  updatedAtMs: number;
}

export interface BrokerFill {
  /**
   * Unique per fill, and the same wherever the fill is read: a repeated trade update and the
   * order's fill listing (`fillsOf`) carry the id its first event carried, so a fill recorded from
   * either is stored once.
   */
  fillId: string;
  brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  price: number;
  fee: number;
  atMs: number;
}

export interface BrokerPosition {
  symbol: string;
  /** Signed: negative for a short. */
  quantity: number;
  averageEntryPrice: number;
  marketValue: number;
}

export interface BrokerAccount {
  equity: number;
  cash: number;
  buyingPower: number;
  patternDayTrader: boolean;
  dayTradeCount: number;
  /** The account may sell short (Alpaca: a margin account with shorting enabled). */
  shortingEnabled: boolean;
  /**
   * Equity at the previous trading day's close as the broker reports it (Alpaca: `last_equity`),
   * where today's profit and loss and the daily loss limit start; null when it reports none.
   */
  lastEquity: number | null;
}

/** The account's equity at one day's close, as the broker records it. */
export interface EquityPoint {
  timeMs: number;
  equity: number;
}

/** Money moved into (+) or out of (-) the account by its owner: a deposit, withdrawal or journal. */
export interface CashFlow {
  /** UTC midnight of the day it settled. */
  timeMs: number;
  amount: number;
}

export interface TradeUpdate {
  order: BrokerOrder;
  /** Present when the update is a fill or partial fill. */
  fill?: BrokerFill;
}

export interface Broker {
  /** "paper-sim", "alpaca-paper" or "alpaca-live". */
  readonly name: string;
  /** True only for real money. */
  readonly live: boolean;
  account(): Promise<BrokerAccount>;
  positions(): Promise<BrokerPosition[]>;
  /** Whether the broker can lend `symbol` for a short sale now (false when it does not list it). */
  shortable(symbol: string): Promise<boolean>;
  /**
   * Sends an order. Throws a retryable AlphadeskError when the outcome is unknown (timeout,
   * 5xx, connection reset): the caller must then look the order up by `clientOrderId` before
   * any new request, never resend blindly. A second request with the same `clientOrderId` is
   * refused by the broker, not filled twice.
   */
  submit(order: BrokerOrderRequest): Promise<BrokerOrder>;
  /** The order with our id, or undefined when the broker never received it. */
  orderByClientId(clientOrderId: string): Promise<BrokerOrder | undefined>;
  openOrders(): Promise<BrokerOrder[]>;
  /**
   * The fills of one order the broker knows of, oldest first, each under the `fillId` its trade
   * update carries: how fills are recovered when their events were missed (the stream was down,
   * or the process that heard them died before recording them). The list may lag the order's
   * filled quantity for a moment (Alpaca's activities are eventually consistent): a caller that
   * finds less than `order.filledQuantity` asks again later.
   */
  fillsOf(order: BrokerOrder): Promise<BrokerFill[]>;
  cancel(brokerOrderId: string): Promise<void>;
  /** Cancels every open order (the kill switch). */
  cancelAll(): Promise<void>;
  /**
   * The account's equity at each day's close between the two times, oldest first, where the
   * broker keeps that record (Alpaca's portfolio history); absent where it does not (the simulated
   * paper broker: Alphadesk rebuilds its history from its own fills).
   */
  equityHistory?(startMs: number, endMs: number): Promise<EquityPoint[]>;
  /**
   * Deposits, withdrawals and cash journals that settled between the two times, oldest first,
   * where the broker reports them beside its equity history (Alpaca's CSD, CSW and JNLC
   * activities): account performance takes them out of its returns and profit.
   */
  cashFlows?(startMs: number, endMs: number): Promise<CashFlow[]>;
  /**
   * Order and fill events as they happen; `onState` says when the stream is up or down (new
   * orders are blocked while it is down). Events may repeat or arrive out of order: consumers
   * deduplicate by `fillId` and order by time.
   */
  tradeUpdates(
    onUpdate: (update: TradeUpdate) => void,
    onState: (state: "up" | "down") => void,
  ): Promise<{ close(): Promise<void> }>;
}
