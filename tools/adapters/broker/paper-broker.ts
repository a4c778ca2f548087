import { randomUUID } from "node:crypto";
import { AlphadeskError, invalidInput, notFound, type IssueDetail } from "../../errors.ts";
import type {
  Broker,
  BrokerAccount,
  BrokerFill,
  BrokerOrder,
  BrokerOrderRequest,
  BrokerPosition,
  TradeUpdate,
} from "../../ports/broker.ts";
import type { SqlClient } from "../sql/client.ts";
import { isUniqueViolation, PaperLedger, type PaperOrder } from "./paper-ledger.ts";

/** The latest bar of a symbol: its last price, its time, and the volume traded in it. */
export interface PaperQuote {
  price: number;
  atMs: number;
  volume: number;
}

/** Where the paper broker reads prices (a market-data feed, a replay, a test). */
export interface PaperPrices {
  latest(symbol: string): Promise<PaperQuote | undefined>;
}

/** Prices set by hand: tests, and the terminal's demo mode. */
export class MemoryPaperPrices implements PaperPrices {
  private readonly quotes = new Map<string, PaperQuote>();

  set(symbol: string, quote: PaperQuote): void {
    this.quotes.set(symbol, quote);
  }

  latest(symbol: string): Promise<PaperQuote | undefined> {
    return Promise.resolve(this.quotes.get(symbol));
  }
}

export interface PaperBrokerOptions {
  client: SqlClient;
  prices: PaperPrices;
  /** Several paper accounts may share one database. Default "paper". */
  account?: string;
  /** Cash of a new account; an existing account keeps its stored cash. Default 100000. */
  startingCash?: number;
  /** Fee per fill as basis points of its notional, like the backtester's `feeBps`. Default 0. */
  feeBps?: number;
  /** Price moved against us on every fill, like the backtester's `slippageBps`. Default 0. */
  slippageBps?: number;
  /** Share of a bar's volume one symbol's orders may take; the rest waits for later bars. Default 0.1. */
  maxVolumeShare?: number;
  /** Whether a sell may exceed the position held. Default false. */
  allowShort?: boolean;
  now?: () => number;
}

const openStatuses = new Set(["accepted", "partially_filled"]);
/** Quantities closer than this (relative) are treated as equal: float sums drift. */
const quantityTolerance = 1e-9;

/**
 * The simulated paper broker, the embedded default. Market orders fill at the latest price moved
 * against us by `slippageBps`, limit orders when the price crosses their limit (never at a worse
 * price than it), each fill paying `feeBps` of its notional (engine/simulate's cost model). An
 * order larger than `maxVolumeShare` of the latest bar's volume fills in parts, on later bars:
 * call `tick()` when prices move. Everything lives in the database (PaperLedger), one
 * transaction per order change, so a restarted broker sees the same orders, positions and cash.
 * Cash only: no margin, and no shorting unless `allowShort`.
 */
export class PaperBroker implements Broker {
  readonly name = "paper-sim";
  readonly live = false;

  private readonly client: SqlClient;
  private readonly prices: PaperPrices;
  private readonly accountName: string;
  private readonly startingCash: number;
  private readonly feeRate: number;
  private readonly slippageRate: number;
  private readonly maxVolumeShare: number;
  private readonly allowShort: boolean;
  private readonly now: () => number;
  private readonly listeners = new Set<(update: TradeUpdate) => void>();
  private ready: Promise<void> | undefined;
  /** Order changes run one at a time, so their events leave in the order they were committed. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(options: PaperBrokerOptions) {
    const issues: IssueDetail[] = [];
    const check = (field: string, value: unknown, ok: (v: number) => boolean, rule: string) => {
      if (value === undefined) return;
      if (typeof value !== "number" || !ok(value)) {
        issues.push({
          path: [field],
          message: `\`${field}\` must be ${rule} (was ${String(value)})`,
        });
      }
    };
    check(
      "startingCash",
      options.startingCash,
      (v) => Number.isFinite(v) && v >= 0,
      "a finite number >= 0",
    );
    check("feeBps", options.feeBps, (v) => v >= 0 && v < 10_000, "in [0, 10000)");
    check("slippageBps", options.slippageBps, (v) => v >= 0 && v < 10_000, "in [0, 10000)");
    check("maxVolumeShare", options.maxVolumeShare, (v) => v > 0 && v <= 1, "in (0, 1]");
    if (
      options.account !== undefined &&
      (typeof options.account !== "string" || options.account === "")
    ) {
      issues.push({ path: ["account"], message: "`account` must be a non-empty string" });
    }
    if (issues.length > 0) {
      throw invalidInput(`paper broker: ${issues.map((i) => i.message).join("; ")}`, issues);
    }
    this.client = options.client;
    this.prices = options.prices;
    this.accountName = options.account ?? "paper";
    this.startingCash = options.startingCash ?? 100_000;
    this.feeRate = (options.feeBps ?? 0) / 1e4;
    this.slippageRate = (options.slippageBps ?? 0) / 1e4;
    this.maxVolumeShare = options.maxVolumeShare ?? 0.1;
    this.allowShort = options.allowShort ?? false;
    this.now = options.now ?? Date.now;
  }

  async account(): Promise<BrokerAccount> {
    const ledger = await this.ledger();
    const [cash, positions, open] = [
      await ledger.cash(),
      await this.positions(),
      await ledger.openOrders(),
    ];
    const equity = cash + positions.reduce((sum, p) => sum + p.marketValue, 0);
    return {
      equity,
      cash,
      buyingPower: Math.max(0, cash - this.reservedForBuys(open)),
      patternDayTrader: false,
      dayTradeCount: 0,
      shortingEnabled: this.allowShort,
      // The simulation keeps no closes of its own: the desk's first look of the day stands in.
      lastEquity: null,
    };
  }

  /** With `allowShort`, the simulated lender has every symbol. */
  shortable(_symbol: string): Promise<boolean> {
    return Promise.resolve(this.allowShort);
  }

  async positions(): Promise<BrokerPosition[]> {
    const holdings = await (await this.ledger()).holdings();
    return Promise.all(
      holdings.map(async (holding) => {
        const quote = usable(await this.prices.latest(holding.symbol));
        const mark = quote?.price ?? holding.averageEntryPrice;
        return { ...holding, marketValue: holding.quantity * mark };
      }),
    );
  }

  async submit(request: BrokerOrderRequest): Promise<PaperOrder> {
    const valid = validateRequest(request);
    return this.exclusive(async () => {
      await this.ledger();
      const quote = usable(await this.prices.latest(valid.symbol));
      const nowMs = this.now();
      const updates: TradeUpdate[] = [];
      let placed: PaperOrder;
      try {
        placed = await this.client.transaction(async (tx) => {
          const book = new PaperLedger(tx, this.accountName);
          const cash = await book.lockCash();
          if (await book.orderByClientId(valid.clientOrderId)) throw duplicate(valid.clientOrderId);
          const reservePrice =
            valid.type === "limit"
              ? valid.limitPrice!
              : quote
                ? this.slipped(valid.side, quote.price)
                : 0;
          const rejectReason = await this.rejectReason(book, valid, quote, cash, reservePrice);
          const order: PaperOrder = {
            brokerOrderId: randomUUID(),
            clientOrderId: valid.clientOrderId,
            symbol: valid.symbol,
            side: valid.side,
            quantity: valid.quantity,
            type: valid.type,
            limitPrice: valid.type === "limit" ? valid.limitPrice! : null,
            timeInForce: valid.timeInForce,
            reservePrice,
            status: rejectReason === null ? "accepted" : "rejected",
            filledQuantity: 0,
            averageFillPrice: null,
            rejectReason,
            submittedAtMs: nowMs,
            updatedAtMs: nowMs,
          };
          await book.insertOrder(order);
          updates.push({ order: { ...order } });
          if (rejectReason !== null || !quote) return order;
          return this.fill(book, order, quote, cash, nowMs, updates);
        });
      } catch (error) {
        // Another process inserted the same id between our check and our insert.
        if (isUniqueViolation(error)) throw duplicate(valid.clientOrderId);
        throw error;
      }
      this.emit(updates);
      return placed;
    });
  }

  async orderByClientId(clientOrderId: string): Promise<PaperOrder | undefined> {
    if (typeof clientOrderId !== "string" || clientOrderId === "") return undefined;
    return (await this.ledger()).orderByClientId(clientOrderId);
  }

  async openOrders(): Promise<PaperOrder[]> {
    return (await this.ledger()).openOrders();
  }

  /** Every fill of an order, oldest first. */
  async fills(brokerOrderId: string): Promise<BrokerFill[]> {
    return (await this.ledger()).fills(brokerOrderId);
  }

  /** From the ledger, where each fill is stored under the id its trade update carried. */
  fillsOf(order: BrokerOrder): Promise<BrokerFill[]> {
    return this.fills(order.brokerOrderId);
  }

  async cancel(brokerOrderId: string): Promise<void> {
    await this.exclusive(() => this.cancelOne(brokerOrderId, true));
  }

  async cancelAll(): Promise<void> {
    await this.exclusive(async () => {
      for (const order of await (await this.ledger()).openOrders()) {
        await this.cancelOne(order.brokerOrderId, false);
      }
    });
  }

  /**
   * Fills what open orders can at the latest prices (of `symbols`, or of every symbol with an
   * open order): call it when a new bar arrives.
   */
  async tick(symbols?: readonly string[]): Promise<void> {
    await this.exclusive(async () => {
      const wanted = symbols && new Set(symbols);
      const quotes = new Map<string, PaperQuote | undefined>();
      for (const open of await (await this.ledger()).openOrders()) {
        if (wanted && !wanted.has(open.symbol)) continue;
        if (!quotes.has(open.symbol))
          quotes.set(open.symbol, usable(await this.prices.latest(open.symbol)));
        const quote = quotes.get(open.symbol);
        if (!quote) continue;
        const updates: TradeUpdate[] = [];
        await this.client.transaction(async (tx) => {
          const book = new PaperLedger(tx, this.accountName);
          const cash = await book.lockCash();
          const order = await book.orderById(open.brokerOrderId);
          if (!order || !openStatuses.has(order.status)) return;
          await this.fill(book, order, quote, cash, this.now(), updates);
        });
        this.emit(updates);
      }
    });
  }

  /** One symbol's new price: fills what it can. */
  onPrice(symbol: string): Promise<void> {
    return this.tick([symbol]);
  }

  tradeUpdates(
    onUpdate: (update: TradeUpdate) => void,
    onState: (state: "up" | "down") => void,
  ): Promise<{ close(): Promise<void> }> {
    const listener = (update: TradeUpdate) => onUpdate(update);
    this.listeners.add(listener);
    onState("up");
    return Promise.resolve({
      close: () => {
        this.listeners.delete(listener);
        return Promise.resolve();
      },
    });
  }

  private async ledger(): Promise<PaperLedger> {
    const ledger = new PaperLedger(this.client, this.accountName);
    this.ready ??= ledger.ensureAccount(this.startingCash).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    return ledger;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private emit(updates: TradeUpdate[]): void {
    for (const update of updates) {
      for (const listener of this.listeners) {
        try {
          listener(update);
        } catch {
          // A subscriber's failure is its own; the others and the ledger go on.
        }
      }
    }
  }

  private slipped(side: "buy" | "sell", price: number): number {
    return price * (side === "buy" ? 1 + this.slippageRate : 1 - this.slippageRate);
  }

  /** Cash held back for open buys: what their unfilled rest could cost, fees included. */
  private reservedForBuys(open: readonly PaperOrder[]): number {
    return open
      .filter((order) => order.side === "buy")
      .reduce(
        (sum, order) =>
          sum + (order.quantity - order.filledQuantity) * order.reservePrice * (1 + this.feeRate),
        0,
      );
  }

  private async rejectReason(
    book: PaperLedger,
    order: ValidRequest,
    quote: PaperQuote | undefined,
    cash: number,
    reservePrice: number,
  ): Promise<string | null> {
    if (order.type === "market" && !quote) {
      return `NO_PRICE symbol=${order.symbol}: no latest price to fill a market order at`;
    }
    const open = await book.openOrders();
    if (order.side === "buy") {
      const required = order.quantity * reservePrice * (1 + this.feeRate);
      const buyingPower = cash - this.reservedForBuys(open);
      if (required > buyingPower * (1 + quantityTolerance)) {
        return `INSUFFICIENT_BUYING_POWER required=${round(required)} buying_power=${round(Math.max(0, buyingPower))}`;
      }
      return null;
    }
    if (this.allowShort) return null;
    const held = (await book.holding(order.symbol))?.quantity ?? 0;
    const openSells = open
      .filter((other) => other.side === "sell" && other.symbol === order.symbol)
      .reduce((sum, other) => sum + other.quantity - other.filledQuantity, 0);
    const available = Math.max(0, held - openSells);
    if (order.quantity > available * (1 + quantityTolerance)) {
      return `INSUFFICIENT_POSITION symbol=${order.symbol} held=${held} open_sells=${openSells} requested=${order.quantity} (shorting is not enabled)`;
    }
    return null;
  }

  /** Fills what `quote` allows of an open order, in the caller's transaction; returns the order. */
  private async fill(
    book: PaperLedger,
    order: PaperOrder,
    quote: PaperQuote,
    cash: number,
    nowMs: number,
    updates: TradeUpdate[],
  ): Promise<PaperOrder> {
    const buy = order.side === "buy";
    if (
      order.limitPrice !== null &&
      (buy ? quote.price > order.limitPrice : quote.price < order.limitPrice)
    ) {
      return order;
    }
    let price = this.slipped(order.side, quote.price);
    // A limit order never fills worse than its limit.
    if (order.limitPrice !== null)
      price = buy ? Math.min(price, order.limitPrice) : Math.max(price, order.limitPrice);
    const remaining = order.quantity - order.filledQuantity;
    const capacity =
      quote.volume * this.maxVolumeShare - (await book.filledOnBar(order.symbol, quote.atMs));
    let quantity = Math.min(remaining, capacity);
    if (buy) {
      // The price may have risen since the order reserved its cash: never spend cash we lack.
      quantity = Math.min(quantity, Math.max(0, cash) / (price * (1 + this.feeRate)));
    }
    if (!(quantity > remaining * quantityTolerance)) {
      if (buy && capacity > remaining * quantityTolerance) {
        return this.finish(book, order, "cancelled", nowMs, updates);
      }
      return order;
    }
    const complete = quantity >= remaining * (1 - quantityTolerance);
    if (complete) quantity = remaining;
    const notional = quantity * price;
    const fee = notional * this.feeRate;
    const fill: BrokerFill = {
      fillId: randomUUID(),
      brokerOrderId: order.brokerOrderId,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      quantity,
      price,
      fee,
      atMs: nowMs,
    };
    const filledQuantity = complete ? order.quantity : order.filledQuantity + quantity;
    const updated: PaperOrder = {
      ...order,
      status: complete ? "filled" : "partially_filled",
      filledQuantity,
      averageFillPrice:
        ((order.averageFillPrice ?? 0) * order.filledQuantity + notional) /
        (order.filledQuantity + quantity),
      updatedAtMs: nowMs,
    };
    await book.insertFill(fill, quote.atMs);
    await book.updateOrder(updated);
    await book.setCash(buy ? cash - notional - fee : cash + notional - fee);
    const held = await book.holding(order.symbol);
    await book.setHolding(nextHolding(order.symbol, held, buy ? quantity : -quantity, price));
    updates.push({ order: { ...updated }, fill });
    return updated;
  }

  private async finish(
    book: PaperLedger,
    order: PaperOrder,
    status: "cancelled",
    nowMs: number,
    updates: TradeUpdate[],
  ): Promise<PaperOrder> {
    const updated: PaperOrder = { ...order, status, updatedAtMs: nowMs };
    await book.updateOrder(updated);
    updates.push({ order: { ...updated } });
    return updated;
  }

  private async cancelOne(brokerOrderId: string, strict: boolean): Promise<void> {
    if (typeof brokerOrderId !== "string" || brokerOrderId === "") {
      throw invalidInput("`brokerOrderId` must be a non-empty string", [
        { path: ["brokerOrderId"], message: "must be a non-empty string" },
      ]);
    }
    await this.ledger();
    const updates: TradeUpdate[] = [];
    await this.client.transaction(async (tx) => {
      const book = new PaperLedger(tx, this.accountName);
      await book.lockCash();
      const order = await book.orderById(brokerOrderId);
      if (!order) throw notFound(`paper order ${brokerOrderId} does not exist`);
      if (order.status === "cancelled") return;
      if (!openStatuses.has(order.status)) {
        if (!strict) return;
        throw new AlphadeskError(
          "order_not_open",
          `paper order ${brokerOrderId} is ${order.status}: only open orders can be cancelled`,
          "user",
        );
      }
      await this.finish(book, order, "cancelled", this.now(), updates);
    });
    this.emit(updates);
  }
}

function duplicate(clientOrderId: string): AlphadeskError {
  return new AlphadeskError(
    "duplicate_client_order_id",
    `an order with clientOrderId ${clientOrderId} already exists: look it up with orderByClientId instead of sending it again`,
    "user",
  );
}

/** A price we can trade at: finite, positive, with a finite non-negative volume. */
function usable(quote: PaperQuote | undefined): PaperQuote | undefined {
  if (!quote) return undefined;
  const ok =
    Number.isFinite(quote.price) &&
    quote.price > 0 &&
    Number.isFinite(quote.atMs) &&
    Number.isFinite(quote.volume) &&
    quote.volume >= 0;
  return ok ? quote : undefined;
}

/** The position after a signed fill: the average entry moves only when the position grows or flips. */
function nextHolding(
  symbol: string,
  held: { quantity: number; averageEntryPrice: number } | undefined,
  signedQuantity: number,
  price: number,
): { symbol: string; quantity: number; averageEntryPrice: number } {
  const before = held?.quantity ?? 0;
  let after = before + signedQuantity;
  if (Math.abs(after) <= Math.abs(signedQuantity) * quantityTolerance) after = 0;
  let averageEntryPrice: number;
  if (before === 0 || Math.sign(before) !== Math.sign(after)) {
    averageEntryPrice = price;
  } else if (Math.sign(signedQuantity) === Math.sign(before)) {
    averageEntryPrice =
      (held!.averageEntryPrice * Math.abs(before) + price * Math.abs(signedQuantity)) /
      Math.abs(after);
  } else {
    averageEntryPrice = held!.averageEntryPrice;
  }
  return { symbol, quantity: after, averageEntryPrice };
}

const round = (value: number) => Math.round(value * 100) / 100;

type ValidRequest = BrokerOrderRequest;

/** Refuses malformed requests before anything is stored, naming every bad field at once. */
function validateRequest(request: unknown): ValidRequest {
  const issues: IssueDetail[] = [];
  const bad = (field: string, rule: string, value: unknown) =>
    issues.push({
      path: [field],
      message: `\`${field}\` must be ${rule} (was ${typeof value === "string" ? JSON.stringify(value) : String(value)})`,
    });
  if (typeof request !== "object" || request === null) {
    throw invalidInput("the order request must be an object", [
      { path: [], message: "must be an object" },
    ]);
  }
  const r = request as Record<string, unknown>;
  if (typeof r.clientOrderId !== "string" || r.clientOrderId.trim() === "") {
    bad("clientOrderId", "a non-empty string", r.clientOrderId);
  }
  if (typeof r.symbol !== "string" || r.symbol.trim() === "")
    bad("symbol", "a non-empty string", r.symbol);
  if (r.side !== "buy" && r.side !== "sell") bad("side", '"buy" or "sell"', r.side);
  if (typeof r.quantity !== "number" || !Number.isFinite(r.quantity) || r.quantity <= 0) {
    bad("quantity", "a finite number greater than 0", r.quantity);
  }
  if (r.type !== "market" && r.type !== "limit") bad("type", '"market" or "limit"', r.type);
  if (r.type === "limit") {
    if (typeof r.limitPrice !== "number" || !Number.isFinite(r.limitPrice) || r.limitPrice <= 0) {
      bad("limitPrice", "a finite price greater than 0 for a limit order", r.limitPrice);
    }
  } else if (r.limitPrice !== undefined) {
    bad("limitPrice", "absent for a market order", r.limitPrice);
  }
  if (r.timeInForce !== "day" && r.timeInForce !== "gtc")
    bad("timeInForce", '"day" or "gtc"', r.timeInForce);
  if (issues.length > 0) {
    throw invalidInput(`order refused: ${issues.map((issue) => issue.message).join("; ")}`, issues);
  }
  return request as ValidRequest;
}
