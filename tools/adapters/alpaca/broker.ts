import { errors, streaming, trading } from "@alpacahq/alpaca-trade-api";
import { AlphadeskError, invalidInput } from "../../errors.ts";
import type {
  Broker,
  BrokerAccount,
  BrokerFill,
  BrokerOrder,
  BrokerOrderRequest,
  BrokerOrderStatus,
  BrokerPosition,
  CashFlow,
  EquityPoint,
  TradeUpdate,
} from "../../ports/broker.ts";

interface AlpacaBrokerCommon {
  /** Trading REST host; default Alpaca's paper or live host. Tests point it at a fake. */
  baseUrl?: string;
  /** `trade_updates` websocket; default Alpaca's paper or live `/stream`. */
  streamUrl?: string;
  /** Per-request timeout; an order whose answer does not come in time has an unknown outcome. */
  timeoutMs?: number;
  /** How many 429s `submit` waits out before giving up (a 429 means the order was not taken). */
  maxRateLimitRetries?: number;
  /** First backoff after a 429 without Retry-After; doubles each time. */
  rateLimitBackoffMs?: number;
  /** First stream reconnect delay; the SDK backs off exponentially from it. */
  initialReconnectMs?: number;
}

/**
 * Paper unless `live: true` is passed, and live takes its own keys so paper keys can never place
 * real-money orders by accident.
 */
export type AlpacaBrokerOptions = AlpacaBrokerCommon &
  (
    | { live?: false; keyId: string; secret: string }
    | { live: true; liveKeyId: string; liveSecret: string }
  );

type AlpacaOrder = trading.Order;

/**
 * A FILL account activity as Alpaca's Trading API sends it (`GET /v2/account/activities/FILL`):
 * read off the wire because the SDK decodes every activity as a non-trade one and drops these
 * fields.
 */
interface AlpacaFillActivity {
  id: string;
  activity_type: string;
  transaction_time: string;
  type: string;
  price: string;
  qty: string;
  side: string;
  symbol: string;
  leaves_qty: string;
  order_id: string;
  cum_qty?: string;
}

/** The activities that move the owner's money in or out: deposits, withdrawals, cash journals. */
const cashActivityTypes = ["CSD", "CSW", "JNLC"] as const;

/** Alpaca's largest page of activities when no `date` is given. */
const activityPageSize = 100;
/** Pages read for one order's fills before giving up on the rest (they are asked for again). */
const maxActivityPages = 50;
/** Slack around an order's own times when its fills are searched by time (clock rounding). */
const activityWindowSlackMs = 60_000;

/**
 * Alpaca's Trading API (paper or live) through `@alpacahq/alpaca-trade-api`. `submit` never
 * re-sends an order whose outcome is unknown (timeout, 5xx, reset): it throws a retryable error
 * and the caller looks the order up by `clientOrderId`. Only a 429 is retried here, because
 * Alpaca refused that request before taking the order. Reads use the SDK's retries (it retries
 * GET only).
 */
export class AlpacaBroker implements Broker {
  readonly name: "alpaca-paper" | "alpaca-live";
  readonly live: boolean;
  private readonly keyId: string;
  private readonly secret: string;
  private readonly orders: trading.OrdersApi;
  private readonly accounts: trading.AccountsApi;
  private readonly positionsApi: trading.PositionsApi;
  private readonly activities: trading.AccountActivitiesApi;
  private readonly assets: trading.AssetsApi;
  private readonly portfolio: trading.PortfolioHistoryApi;
  private readonly keyNames: string;

  constructor(private readonly options: AlpacaBrokerOptions) {
    this.live = options.live === true;
    this.name = this.live ? "alpaca-live" : "alpaca-paper";
    this.keyId = options.live === true ? options.liveKeyId : options.keyId;
    this.secret = options.live === true ? options.liveSecret : options.secret;
    this.keyNames = this.live
      ? "ALPACA_LIVE_KEY_ID and ALPACA_LIVE_SECRET_KEY (live keys)"
      : "APCA_API_KEY_ID and APCA_API_SECRET_KEY (paper keys)";
    if (!this.keyId || !this.secret)
      throw new AlphadeskError(
        "broker_auth",
        `Alpaca ${this.live ? "live" : "paper"} trading needs keys: set ${this.keyNames}`,
        "user",
      );
    const configuration = new trading.Configuration({
      keyId: this.keyId,
      secret: this.secret,
      paper: !this.live,
      ...(options.baseUrl ? { basePath: options.baseUrl.replace(/\/$/, "") } : {}),
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: { maxRetries: 2, retryDelayMs: 250, respectRetryAfter: true },
    });
    this.orders = new trading.OrdersApi(configuration);
    this.accounts = new trading.AccountsApi(configuration);
    this.positionsApi = new trading.PositionsApi(configuration);
    this.activities = new trading.AccountActivitiesApi(configuration);
    this.assets = new trading.AssetsApi(configuration);
    this.portfolio = new trading.PortfolioHistoryApi(configuration);
  }

  async account(): Promise<BrokerAccount> {
    const account = await this.call(() => this.accounts.getAccount());
    // The SDK keeps fields it does not model under their wire names.
    return {
      equity: Number(account.equity ?? 0),
      cash: Number(account.cash ?? 0),
      buyingPower: Number(account.buyingPower ?? 0),
      patternDayTrader: account["pattern_day_trader"] === true,
      dayTradeCount: Number(account["daytrade_count"] ?? 0),
      shortingEnabled: account.shortingEnabled === true,
      lastEquity: finiteOrNull(account.lastEquity),
    };
  }

  /**
   * Daily equity from the portfolio history (`GET /v2/account/portfolio/history`, timeframe 1D),
   * without the days before the account held anything (Alpaca reports them as 0).
   */
  async equityHistory(startMs: number, endMs: number): Promise<EquityPoint[]> {
    const history = await this.call(() =>
      this.portfolio.getAccountPortfolioHistory({
        timeframe: "1D",
        start: new Date(startMs),
        end: new Date(endMs),
        pnlReset: "no_reset",
      }),
    );
    const equity = history.equity ?? [];
    return (history.timestamp ?? [])
      .map((seconds, i) => ({ timeMs: Number(seconds) * 1000, equity: Number(equity[i]) }))
      .filter((point) => Number.isFinite(point.equity) && point.equity > 0);
  }

  /**
   * Deposits, withdrawals and cash journals from the account activities
   * (`GET /v2/account/activities/{CSD,CSW,JNLC}`), each type paged oldest first; a cancelled one
   * moved nothing.
   */
  async cashFlows(startMs: number, endMs: number): Promise<CashFlow[]> {
    const flows: CashFlow[] = [];
    for (const activityType of cashActivityTypes) {
      let pageToken: string | undefined;
      for (let page = 0; page < maxActivityPages; page++) {
        const activities = await this.call(() =>
          this.activities.getAccountActivitiesByActivityType({
            activityType,
            direction: "asc",
            pageSize: activityPageSize,
            after: new Date(startMs),
            until: new Date(endMs),
            ...(pageToken ? { pageToken } : {}),
          }),
        );
        for (const activity of activities) {
          if (!("netAmount" in activity)) continue;
          const amount = Number(activity.netAmount);
          if (activity.status === "canceled" || !activity.date || !Number.isFinite(amount))
            continue;
          flows.push({ timeMs: activity.date.getTime(), amount });
        }
        if (activities.length < activityPageSize || !activities.at(-1)?.id) break;
        pageToken = activities.at(-1)!.id;
      }
    }
    return flows.sort((a, b) => a.timeMs - b.timeMs);
  }

  /**
   * Alpaca opens shorts only in active, shortable, easy-to-borrow stocks (`borrow_status`, or
   * the older `easy_to_borrow`), and never in crypto, which it does not lend.
   */
  async shortable(symbol: string): Promise<boolean> {
    if (symbol.includes("/")) return false;
    try {
      const asset = await this.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: symbol });
      const easyToBorrow = asset.borrowStatus
        ? asset.borrowStatus === "easy_to_borrow"
        : asset.easyToBorrow === true;
      return asset.status === "active" && asset.shortable && easyToBorrow;
    } catch (error) {
      if (error instanceof errors.NotFoundError) return false;
      throw this.error(error);
    }
  }

  async positions(): Promise<BrokerPosition[]> {
    const positions = await this.call(() => this.positionsApi.getAllOpenPositions());
    return positions.map((position) => ({
      symbol: position.symbol,
      quantity: Math.abs(Number(position.qty)) * (position.side === "short" ? -1 : 1),
      averageEntryPrice: Number(position.avgEntryPrice),
      marketValue: Number(position.marketValue),
    }));
  }

  async submit(order: BrokerOrderRequest): Promise<BrokerOrder> {
    if (!(order.quantity > 0))
      throw invalidInput(`\`quantity\` must be positive (was ${order.quantity})`, [
        { path: ["quantity"], message: "must be positive" },
      ]);
    if (order.type === "limit" && !(order.limitPrice! > 0))
      throw invalidInput("`limitPrice` is required and positive for a limit order", [
        { path: ["limitPrice"], message: "required for a limit order" },
      ]);
    const postOrderRequest: trading.PostOrderRequest = {
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      timeInForce: order.timeInForce,
      qty: decimal(order.quantity),
      ...(order.type === "limit" ? { limitPrice: decimal(order.limitPrice!) } : {}),
    };
    const maxRetries = this.options.maxRateLimitRetries ?? 5;
    const backoffMs = this.options.rateLimitBackoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        return toBrokerOrder(await this.orders.postOrder({ postOrderRequest }));
      } catch (error) {
        if (error instanceof errors.RateLimitError && attempt < maxRetries) {
          await sleep(error.retryAfterMs ?? Math.min(backoffMs * 2 ** attempt, 30_000));
          continue;
        }
        throw this.submitError(error, order.clientOrderId);
      }
    }
  }

  async orderByClientId(clientOrderId: string): Promise<BrokerOrder | undefined> {
    try {
      return toBrokerOrder(await this.orders.getOrderByClientOrderId({ clientOrderId }));
    } catch (error) {
      if (error instanceof errors.NotFoundError) return undefined;
      throw this.error(error);
    }
  }

  async openOrders(): Promise<BrokerOrder[]> {
    const orders = await this.call(() =>
      this.orders.getAllOrders({ status: "open", limit: 500, direction: "asc" }),
    );
    return orders.map(toBrokerOrder);
  }

  /**
   * The order's FILL activities, searched between its submission and its last update (every fill
   * its snapshot counts happened in between), oldest page first, until they add up to its filled
   * quantity. Activities are account-wide, so the window keeps the pages few.
   */
  async fillsOf(order: BrokerOrder): Promise<BrokerFill[]> {
    // By id, with the cumulative quantity that orders them (fills in one millisecond may be
    // listed out of order).
    const found = new Map<string, { fill: BrokerFill; cumulative: number }>();
    let filled = 0;
    let pageToken: string | undefined;
    for (let page = 0; page < maxActivityPages; page++) {
      const activities = await this.fillActivities({
        after: new Date(order.submittedAtMs - activityWindowSlackMs),
        until: new Date(Math.max(order.updatedAtMs, order.submittedAtMs) + activityWindowSlackMs),
        ...(pageToken ? { pageToken } : {}),
      });
      for (const activity of activities) {
        if (activity.order_id !== order.brokerOrderId) continue;
        const fill = activityFill(activity, order);
        if (!fill || found.has(fill.fillId)) continue;
        found.set(fill.fillId, { fill, cumulative: Number(activity.cum_qty) });
        filled += fill.quantity;
      }
      const complete =
        order.filledQuantity > 0 && filled >= order.filledQuantity * (1 - quantityTolerance);
      if (complete || activities.length < activityPageSize) break;
      pageToken = activities.at(-1)!.id;
    }
    return [...found.values()]
      .sort((a, b) => a.cumulative - b.cumulative)
      .map((entry) => entry.fill);
  }

  async cancel(brokerOrderId: string): Promise<void> {
    try {
      await this.orders.deleteOrderByOrderID({ orderId: brokerOrderId });
    } catch (error) {
      if (error instanceof errors.NotFoundError)
        throw new AlphadeskError(
          "not_found",
          `Alpaca has no order ${brokerOrderId} to cancel`,
          "user",
        );
      if (error instanceof errors.ValidationError)
        throw new AlphadeskError(
          "order_not_cancelable",
          `Alpaca cannot cancel order ${brokerOrderId}: ${error.message.slice(0, 200)} (it is probably filled or already cancelled)`,
          "user",
        );
      throw this.error(error);
    }
  }

  async cancelAll(): Promise<void> {
    await this.call(() => this.orders.deleteAllOrders());
  }

  async tradeUpdates(
    onUpdate: (update: TradeUpdate) => void,
    onState: (state: "up" | "down") => void,
  ): Promise<{ close(): Promise<void> }> {
    const stream = new streaming.TradingStream({
      credentials: { keyId: this.keyId, secret: this.secret },
      paper: !this.live,
      ...(this.options.streamUrl ? { url: this.options.streamUrl } : {}),
      initialReconnectMs: this.options.initialReconnectMs ?? 1_000,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
    });
    let up = false;
    let closed = false;
    stream.onTradeUpdate((update) => {
      const order = toBrokerOrder(update.order);
      const fill =
        update.event === "fill" || update.event === "partial_fill"
          ? toBrokerFill(update, order)
          : undefined;
      onUpdate(fill ? { order, fill } : { order });
    });
    // Up once `trade_updates` is acknowledged, not merely authenticated: events before that are lost.
    stream.on(streaming.EVENT.SUBSCRIPTION, (streams: string[]) => {
      if (!closed && !up && streams.includes("trade_updates")) {
        up = true;
        onState("up");
      }
    });
    stream.onDisconnect(() => {
      if (!closed && up) {
        up = false;
        onState("down");
      }
    });
    stream.subscribeTradeUpdates();
    stream.connect();
    const result = await stream.waitForAuthenticationResult(this.options.timeoutMs ?? 10_000);
    if (!result.authenticated) {
      closed = true;
      stream.disconnect();
      throw new AlphadeskError(
        "broker_auth",
        `Alpaca's trade_updates stream refused the connection (${result.status}${result.message ? `: ${result.message}` : ""}): check ${this.keyNames}`,
        "user",
      );
    }
    return {
      async close() {
        closed = true;
        stream.disconnect();
      },
    };
  }

  private async fillActivities(window: {
    after: Date;
    until: Date;
    pageToken?: string;
  }): Promise<AlpacaFillActivity[]> {
    return this.call(async () => {
      const response = await this.activities.getAccountActivitiesByActivityTypeRaw({
        activityType: "FILL",
        direction: "asc",
        pageSize: activityPageSize,
        ...window,
      });
      const body: unknown = await response.raw.json();
      if (!Array.isArray(body))
        throw new AlphadeskError(
          "broker_unavailable",
          "Alpaca answered its FILL activities with something other than a list; try again shortly",
          "retryable",
        );
      return body as AlpacaFillActivity[];
    });
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.error(error);
    }
  }

  private submitError(error: unknown, clientOrderId: string): AlphadeskError {
    if (error instanceof errors.RateLimitError)
      return new AlphadeskError(
        "broker_rate_limited",
        `Alpaca kept answering 429 (rate limit) to order ${clientOrderId}; it was not accepted and may be sent again later`,
        "retryable",
      );
    if (error instanceof errors.ValidationError && /client_order_id/i.test(error.message))
      return new AlphadeskError(
        "duplicate_client_order_id",
        `Alpaca already has an order with client_order_id ${clientOrderId}: look it up with orderByClientId instead of sending it again`,
        "user",
      );
    if (error instanceof errors.ApiError && !isAuthError(error) && error.status < 500)
      return new AlphadeskError(
        "broker_rejected",
        `Alpaca refused order ${clientOrderId} (HTTP ${error.status}): ${error.message.slice(0, 300)}`,
        "user",
      );
    if (error instanceof errors.ApiError && isAuthError(error)) return this.error(error);
    const reason =
      error instanceof errors.ApiError
        ? `HTTP ${error.status}`
        : error instanceof Error
          ? error.message.slice(0, 200)
          : String(error);
    return new AlphadeskError(
      "broker_outcome_unknown",
      `Alpaca's answer to order ${clientOrderId} was lost (${reason}); it may have been accepted: look it up by client order id before sending anything again`,
      "retryable",
    );
  }

  private error(error: unknown): AlphadeskError {
    if (error instanceof AlphadeskError) return error;
    if (error instanceof errors.ApiError && isAuthError(error))
      return new AlphadeskError(
        "broker_auth",
        `Alpaca refused the ${this.live ? "live" : "paper"} trading keys (HTTP ${error.status}): check ${this.keyNames}`,
        "user",
      );
    if (error instanceof errors.ApiError && error.status < 500 && error.status !== 429)
      return new AlphadeskError(
        "broker_error",
        `Alpaca answered HTTP ${error.status}: ${error.message.slice(0, 300)}`,
        "user",
      );
    const reason =
      error instanceof errors.ApiError
        ? `HTTP ${error.status}`
        : error instanceof Error
          ? error.message.slice(0, 200)
          : String(error);
    return new AlphadeskError(
      "broker_unavailable",
      `Alpaca's trading API is not answering (${reason}); try again shortly`,
      "retryable",
    );
  }
}

/**
 * A 401 is always the keys; a 403 is the keys only when it says so, because Alpaca also answers
 * 403 for orders it refuses (insufficient buying power, not shortable).
 */
function isAuthError(error: InstanceType<typeof errors.ApiError>): boolean {
  return (
    error.status === 401 ||
    (error.status === 403 && /forbidden|not authori[sz]ed|unauthori[sz]ed/i.test(error.message))
  );
}

const statusMap: Record<string, BrokerOrderStatus> = {
  new: "accepted",
  accepted: "accepted",
  pending_new: "accepted",
  accepted_for_bidding: "accepted",
  pending_cancel: "accepted",
  pending_replace: "accepted",
  calculated: "accepted",
  held: "accepted",
  stopped: "accepted",
  suspended: "accepted",
  done_for_day: "accepted",
  partially_filled: "partially_filled",
  filled: "filled",
  canceled: "cancelled",
  // A replaced order is closed; its replacement is a new order with its own id.
  replaced: "cancelled",
  expired: "expired",
  rejected: "rejected",
};

export function toBrokerStatus(status: string, filledQuantity: number): BrokerOrderStatus {
  const mapped = statusMap[status];
  if (mapped) return mapped;
  return filledQuantity > 0 ? "partially_filled" : "accepted";
}

function toBrokerOrder(order: AlpacaOrder): BrokerOrder {
  const filledQuantity = Number(order.filledQty ?? 0);
  const status = toBrokerStatus(String(order.status ?? "new"), filledQuantity);
  const submittedAtMs = (order.submittedAt ?? order.createdAt)?.getTime() ?? 0;
  return {
    brokerOrderId: order.id ?? "",
    clientOrderId: order.clientOrderId ?? "",
    symbol: order.symbol ?? "",
    side: order.side === "sell" ? "sell" : "buy",
    quantity: Number(order.qty ?? 0),
    type: order.type === "limit" ? "limit" : "market",
    limitPrice: order.limitPrice == null ? null : Number(order.limitPrice),
    status,
    filledQuantity,
    averageFillPrice: order.filledAvgPrice == null ? null : Number(order.filledAvgPrice),
    rejectReason: status === "rejected" ? "rejected by Alpaca" : null,
    submittedAtMs,
    updatedAtMs: order.updatedAt?.getTime() ?? submittedAtMs,
  };
}

/** Quantities closer than this (relative) are treated as equal: float sums drift. */
const quantityTolerance = 1e-9;

/**
 * The id of one Alpaca fill, computed alike from its trade update and from its FILL activity: the
 * order's id and the order's cumulative filled quantity once the fill was done (`order.filled_qty`
 * of the event, `cum_qty` of the activity). Alpaca documents the activity's id (`<time>::<uuid>`)
 * and the event's `execution_id`, but not that they match, and the stream sends an
 * `execution_id` on events that are not fills too, so neither is a key both paths can rely on.
 * The cumulative quantity grows with every execution of an order, so it names each fill once,
 * and a repeated event carries the same order snapshot.
 */
function alpacaFillId(brokerOrderId: string, cumulativeQuantity: number): string {
  return `${brokerOrderId}:${decimal(cumulativeQuantity)}`;
}

function toBrokerFill(update: streaming.TradeUpdate, order: BrokerOrder): BrokerFill {
  return {
    fillId: alpacaFillId(order.brokerOrderId, order.filledQuantity),
    brokerOrderId: order.brokerOrderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    quantity: Number(update.qty ?? order.filledQuantity),
    price: Number(update.price ?? order.averageFillPrice ?? 0),
    // Alpaca charges no commission on US equities; regulatory fees arrive later as activities.
    fee: 0,
    atMs: update.timestamp?.getTime() ?? order.updatedAtMs,
  };
}

/** A FILL activity of `order` as a fill; undefined when it lacks what a fill needs. */
function activityFill(activity: AlpacaFillActivity, order: BrokerOrder): BrokerFill | undefined {
  const quantity = Number(activity.qty);
  const price = Number(activity.price);
  const cumulative = Number(activity.cum_qty);
  if (!(quantity > 0) || !(price > 0) || !(cumulative > 0)) return undefined;
  const atMs = Date.parse(activity.transaction_time);
  return {
    fillId: alpacaFillId(order.brokerOrderId, cumulative),
    brokerOrderId: order.brokerOrderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: activity.side === "sell" ? "sell" : "buy",
    quantity,
    price,
    // As on the stream: no commission on US equities; regulatory fees are activities of their own.
    fee: 0,
    atMs: Number.isFinite(atMs) ? atMs : order.updatedAtMs,
  };
}

/** Quantities and prices as plain decimal strings (never exponent notation). */
function decimal(value: number): string {
  return value.toFixed(9).replace(/\.?0+$/, "");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A number Alpaca sends as a string, or null when it sends none (or not a number). */
function finiteOrNull(value: string | undefined): number | null {
  const number = value === undefined || value === "" ? Number.NaN : Number(value);
  return Number.isFinite(number) ? number : null;
}
