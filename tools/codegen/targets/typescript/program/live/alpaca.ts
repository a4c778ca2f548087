import { errors, marketData, marketDataShapes, trading } from "@alpacahq/alpaca-trade-api";
import type { CorporateAction } from "../../../../../../engine/adjust/corporate-actions.ts";
import type { BarSeries } from "../../../../../../engine/types.ts";
import type { LiveSettings } from "./settings.ts";

/** Alpaca's market clock: the server's time, and whether and when the market is open. */
export interface MarketClock {
  nowMs: number;
  isOpen: boolean;
  nextOpenMs: number;
  nextCloseMs: number;
}

export interface BrokerPosition {
  symbol: string;
  /** Signed: negative for a short. */
  quantity: number;
  /** |quantity| x the last price. */
  grossValue: number;
}

export interface BrokerOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: string;
  status: string;
  filledQuantity: number;
  filledAveragePrice: number | null;
  filledAtMs: number | null;
}

/** An order as this program sends it: prices and quantities as decimal strings. */
export interface OrderRequest {
  clientOrderId: string;
  symbol: string;
  side: "buy" | "sell";
  qty: string;
  type: "market" | "limit" | "stop" | "trailing_stop";
  timeInForce: "opg" | "gtc";
  limitPrice?: string;
  stopPrice?: string;
  trailPercent?: string;
  trailPrice?: string;
  /** One-cancels-other: a take-profit limit and a stop-loss stop on the same quantity. */
  oco?: { takeProfitLimitPrice: string; stopLossStopPrice: string };
}

export type SubmitOutcome =
  | { status: "submitted"; order: BrokerOrder }
  /** The client_order_id was used before: the order exists (looked up) or was refused as a duplicate. */
  | { status: "already submitted"; order: BrokerOrder | undefined }
  | { status: "refused"; reason: string }
  /** No clear answer (timeout, 5xx, reset): not re-sent; the next cycle looks it up by its id. */
  | { status: "unknown"; reason: string };

/** A failure that ends the run: Alpaca refused the keys or the account. */
export class BrokerAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrokerAccessError";
  }
}

/** A read that failed after the SDK's retries: this cycle stops, a later one tries again. */
export class BrokerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrokerUnavailableError";
  }
}

const maxRateLimitedSubmits = 5;

/**
 * Alpaca's Trading and Market Data APIs through @alpacahq/alpaca-trade-api. Reads are retried
 * by the SDK (429 and 5xx, with backoff, honouring Retry-After); an order POST never is by the
 * SDK: here only a 429 is retried (Alpaca refused it before taking it), and an unclear answer
 * is looked up by client_order_id instead of being sent again.
 */
export class AlpacaClient {
  private readonly clockApi: trading.ClockApi;
  private readonly accounts: trading.AccountsApi;
  private readonly positionsApi: trading.PositionsApi;
  private readonly orders: trading.OrdersApi;
  private readonly stocks: marketData.StockApi;
  private readonly actions: marketData.CorporateActionsApi;

  constructor(
    private readonly settings: LiveSettings,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    const retry = { maxRetries: 4, retryDelayMs: 500, respectRetryAfter: true };
    const credentials = { keyId: settings.keyId, secret: settings.secret };
    const tradingConfiguration = new trading.Configuration({
      ...credentials,
      paper: !settings.live,
      basePath: settings.tradingUrl,
      timeoutMs: 15_000,
      retry,
    });
    const dataConfiguration = new marketData.Configuration({
      ...credentials,
      basePath: settings.dataUrl,
      timeoutMs: 30_000,
      retry,
      rateLimit: { maxRequests: 180, intervalMs: 60_000 },
    });
    this.clockApi = new trading.ClockApi(tradingConfiguration);
    this.accounts = new trading.AccountsApi(tradingConfiguration);
    this.positionsApi = new trading.PositionsApi(tradingConfiguration);
    this.orders = new trading.OrdersApi(tradingConfiguration);
    this.stocks = new marketData.StockApi(dataConfiguration);
    this.actions = new marketData.CorporateActionsApi(dataConfiguration);
  }

  async clock(): Promise<MarketClock> {
    const clock = await this.read("the market clock", () => this.clockApi.legacyClock());
    return {
      nowMs: clock.timestamp.getTime(),
      isOpen: clock.isOpen,
      nextOpenMs: clock.nextOpen.getTime(),
      nextCloseMs: clock.nextClose.getTime(),
    };
  }

  async equity(): Promise<number> {
    const account = await this.read("the account", () => this.accounts.getAccount());
    const equity = Number(account.equity);
    if (!Number.isFinite(equity))
      throw new BrokerUnavailableError(`Alpaca sent no account equity (was ${account.equity})`);
    return equity;
  }

  async positions(): Promise<BrokerPosition[]> {
    const positions = await this.read("the positions", () =>
      this.positionsApi.getAllOpenPositions(),
    );
    return positions.map((position) => {
      const quantity = Math.abs(Number(position.qty)) * (position.side === "short" ? -1 : 1);
      return {
        symbol: position.symbol,
        quantity,
        grossValue: Math.abs(Number(position.marketValue)),
      };
    });
  }

  async openOrders(): Promise<BrokerOrder[]> {
    const orders = await this.read("the open orders", () =>
      this.orders.getAllOrders({ status: "open", limit: 500, direction: "asc", nested: true }),
    );
    return orders.map(toBrokerOrder);
  }

  /** The symbol's latest closed orders, newest first. */
  async closedOrders(symbol: string): Promise<BrokerOrder[]> {
    const orders = await this.read(`the closed orders of ${symbol}`, () =>
      this.orders.getAllOrders({
        status: "closed",
        symbols: symbol,
        limit: 100,
        direction: "desc",
      }),
    );
    return orders.map(toBrokerOrder);
  }

  async orderByClientId(clientOrderId: string): Promise<BrokerOrder | undefined> {
    try {
      return toBrokerOrder(await this.orders.getOrderByClientOrderId({ clientOrderId }));
    } catch (error) {
      if (error instanceof errors.NotFoundError) return undefined;
      throw accessOr(error, `order ${clientOrderId}`);
    }
  }

  async submit(request: OrderRequest): Promise<SubmitOutcome> {
    const postOrderRequest: trading.PostOrderRequest = {
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      qty: request.qty,
      type: request.type,
      timeInForce: request.timeInForce,
      ...(request.limitPrice === undefined ? {} : { limitPrice: request.limitPrice }),
      ...(request.stopPrice === undefined ? {} : { stopPrice: request.stopPrice }),
      ...(request.trailPercent === undefined ? {} : { trailPercent: request.trailPercent }),
      ...(request.trailPrice === undefined ? {} : { trailPrice: request.trailPrice }),
      ...(request.oco === undefined
        ? {}
        : {
            orderClass: "oco",
            takeProfit: { limitPrice: request.oco.takeProfitLimitPrice },
            stopLoss: { stopPrice: request.oco.stopLossStopPrice },
          }),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return {
          status: "submitted",
          order: toBrokerOrder(await this.orders.postOrder({ postOrderRequest })),
        };
      } catch (error) {
        if (error instanceof errors.RateLimitError && attempt < maxRateLimitedSubmits) {
          await this.sleep(error.retryAfterMs ?? 500 * 2 ** attempt);
          continue;
        }
        if (error instanceof errors.AuthError) throw accessOr(error, "an order");
        if (error instanceof errors.ApiError && error.status < 500 && error.status !== 429) {
          if (/client.?order.?id/i.test(error.message))
            return {
              status: "already submitted",
              order: await this.orderByClientId(request.clientOrderId),
            };
          return { status: "refused", reason: `HTTP ${error.status}: ${error.message}` };
        }
        return this.lookUpUnclear(request.clientOrderId, error);
      }
    }
  }

  async cancel(orderId: string): Promise<void> {
    try {
      await this.orders.deleteOrderByOrderID({ orderId });
    } catch (error) {
      // Gone already: filled, cancelled or expired in between.
      if (error instanceof errors.NotFoundError || error instanceof errors.ValidationError) return;
      throw accessOr(error, `cancelling order ${orderId}`);
    }
  }

  /** Raw daily bars (we adjust them ourselves, as the backtester does), oldest first. */
  async dailyBars(symbol: string, startMs: number, endMs: number): Promise<BarSeries> {
    const rows: marketDataShapes.Bar[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.read(`${symbol}'s bars`, () =>
        this.stocks.stockBars({
          symbols: symbol,
          timeframe: "1Day",
          start: new Date(startMs),
          end: new Date(endMs),
          limit: 10_000,
          adjustment: "raw",
          feed: this.settings.feed,
          sort: "asc",
          ...(pageToken === undefined ? {} : { pageToken }),
        }),
      );
      // The SDK leaves the bars inside the symbol map as sent; its shape helper parses them.
      for (const wire of page.bars[symbol] ?? []) rows.push(marketDataShapes.toBar(wire, symbol));
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken !== undefined);
    const column = (pick: (bar: marketDataShapes.Bar) => number) => Float64Array.from(rows, pick);
    return {
      symbol,
      timestampMs: column((bar) => bar.timestamp.getTime()),
      open: column((bar) => bar.open),
      high: column((bar) => bar.high),
      low: column((bar) => bar.low),
      close: column((bar) => bar.close),
      volume: column((bar) => bar.volume),
    };
  }

  /** Splits and cash dividends, as Alphadesk stores them for its backtests. */
  async corporateActions(
    symbol: string,
    startMs: number,
    endMs: number,
  ): Promise<CorporateAction[]> {
    const found: CorporateAction[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.read(`${symbol}'s corporate actions`, () =>
        this.actions.corporateActions({
          symbols: symbol,
          types: "forward_split,reverse_split,cash_dividend",
          start: new Date(startMs),
          end: new Date(endMs),
          limit: 1000,
          ...(pageToken === undefined ? {} : { pageToken }),
        }),
      );
      const { forwardSplits, reverseSplits, cashDividends } = page.corporateActions;
      for (const split of [...(forwardSplits ?? []), ...(reverseSplits ?? [])])
        found.push({
          kind: "split",
          exDateMs: utcMidnight(split.exDate),
          ratio: split.newRate / split.oldRate,
        });
      for (const dividend of cashDividends ?? [])
        found.push({
          kind: "dividend",
          exDateMs: utcMidnight(dividend.exDate),
          amount: dividend.rate,
        });
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken !== undefined);
    return found.sort((a, b) => a.exDateMs - b.exDateMs);
  }

  private async read<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw accessOr(error, what);
    }
  }

  private async lookUpUnclear(clientOrderId: string, error: unknown): Promise<SubmitOutcome> {
    const reason = describe(error);
    try {
      const order = await this.orderByClientId(clientOrderId);
      return order ? { status: "submitted", order } : { status: "unknown", reason };
    } catch (lookup) {
      return {
        status: "unknown",
        reason: `${reason}; looking it up failed too: ${describe(lookup)}`,
      };
    }
  }
}

/** 401 and 403 on a read end the run with what to check; anything else is worth a later try. */
function accessOr(error: unknown, what: string): Error {
  if (error instanceof errors.AuthError || error instanceof errors.PermissionError)
    return new BrokerAccessError(
      `Alpaca refused the keys reading ${what} (HTTP ${error.status}: ${error.message}): check APCA_API_KEY_ID and APCA_API_SECRET_KEY; paper keys work only on the paper endpoint and live keys only with --live`,
    );
  return new BrokerUnavailableError(`Alpaca did not answer ${what}: ${describe(error)}`);
}

function describe(error: unknown): string {
  if (error instanceof errors.ApiError) return `HTTP ${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function toBrokerOrder(order: trading.Order): BrokerOrder {
  const price =
    order.filledAvgPrice === null || order.filledAvgPrice === undefined
      ? NaN
      : Number(order.filledAvgPrice);
  return {
    id: order.id ?? "",
    clientOrderId: order.clientOrderId ?? "",
    symbol: order.symbol ?? "",
    side: order.side ?? "",
    status: order.status ?? "",
    filledQuantity: Number(order.filledQty ?? 0),
    filledAveragePrice: Number.isFinite(price) ? price : null,
    filledAtMs: order.filledAt ? order.filledAt.getTime() : null,
  };
}

/** A corporate action's ex-date as the UTC midnight the engine's adjustment expects. */
function utcMidnight(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}
