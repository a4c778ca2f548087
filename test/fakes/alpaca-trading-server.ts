import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** An order as Alpaca's Trading API sends it: snake_case, numbers as decimal strings. */
export interface AlpacaOrderWire {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  filled_at: string | null;
  canceled_at: string | null;
  expired_at: string | null;
  failed_at: string | null;
  asset_class: "us_equity";
  symbol: string;
  qty: string;
  notional: null;
  filled_qty: string;
  filled_avg_price: string | null;
  order_class: "simple" | "oco";
  order_type: string;
  type: "market" | "limit" | "stop" | "trailing_stop";
  side: "buy" | "sell";
  time_in_force: string;
  limit_price: string | null;
  stop_price: string | null;
  trail_percent: string | null;
  trail_price: string | null;
  /** An OCO order's stop leg, under its take-profit limit order (as `nested=true` lists it). */
  legs: AlpacaOrderWire[] | null;
  status: string;
  extended_hours: boolean;
}

/** What `GET /v2/clock` answers: RFC-3339 times in New York. */
export interface AlpacaClockWire {
  timestamp: string;
  is_open: boolean;
  next_open: string;
  next_close: string;
}

interface PositionState {
  quantity: number;
  averageEntryPrice: number;
}

interface TradeEvent {
  event: string;
  timestamp: string;
  order: AlpacaOrderWire;
  execution_id?: string;
  price?: string;
  qty?: string;
  position_qty?: string;
}

/** A FILL account activity as `GET /v2/account/activities/FILL` sends it. */
export interface AlpacaFillActivityWire {
  id: string;
  activity_type: "FILL";
  transaction_time: string;
  type: "fill" | "partial_fill";
  price: string;
  qty: string;
  side: "buy" | "sell";
  symbol: string;
  leaves_qty: string;
  order_id: string;
  cum_qty: string;
  order_status: string;
}

/** A non-trade activity (a deposit, withdrawal or cash journal) as the activities endpoint sends it. */
export interface AlpacaCashActivityWire {
  id: string;
  activity_type: "CSD" | "CSW" | "JNLC";
  /** The day it settled, YYYY-MM-DD. */
  date: string;
  /** Signed: a withdrawal is negative. */
  net_amount: string;
  description: string;
  status: "executed" | "correct" | "canceled";
}

const openStatuses = new Set(["new", "accepted", "pending_new", "partially_filled"]);
const orderTypes = new Set(["market", "limit", "stop", "trailing_stop"]);

/** The activity types Alpaca documents; any other is refused (422). */
const activityTypes = new Set(
  (
    "FILL TRANS MISC ACATC ACATS CFEE CSD CSW DIV DIVCGL DIVCGS DIVFEE DIVFT DIVNRA DIVROC DIVTW " +
    "DIVTXEX FEE INT INTNRA INTTW JNL JNLC JNLS MA NC OPASN OPEXP OPXRC PTC PTR REORG SC SSO SSP"
  ).split(" "),
);
/** The largest (and default) page of activities when no `date` is given. */
const maxActivityPage = 100;

/** `<yyyymmddhhmmssSSS>::<uuid>`, the time in New York as in Alpaca's documented examples. */
function activityId(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "America/New_York",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const millis = String(at.getUTCMilliseconds()).padStart(3, "0");
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}${millis}::${randomUUID()}`;
}

/**
 * A local stand-in for Alpaca's Trading API (paper-api.alpaca.markets) and its `trade_updates`
 * websocket (`/stream` on the same port), following the documented shapes: orders with
 * `client_order_id` (422 when one is reused), `GET /v2/orders:by_client_order_id` (404 when
 * unknown), open orders, cancel one and all (207 per order), positions, account and assets
 * (every symbol an active, shortable stock unless listed hard to borrow or unlisted), and the
 * account's FILL activities (`GET /v2/account/activities/FILL`: the same fills it streams, with
 * `after`/`until`/`date`, `direction` and `page_size`/`page_token` paging); 401 without keys, 403
 * with wrong ones. Market orders fill at the price a test sets. Faults a test can switch on: 429
 * for the next requests, a request never answered, an order accepted and then answered 504, a
 * reset connection, duplicate and reordered stream events, a dropped stream, activities that lag
 * behind the fills.
 */
export class FakeAlpacaTrading {
  url = "";
  streamUrl = "";
  readonly orders: AlpacaOrderWire[] = [];
  /** FILL activities, oldest first, as the activities endpoint lists them. */
  readonly fillActivities: AlpacaFillActivityWire[] = [];
  /** Deposits, withdrawals and cash journals, oldest first (dated by day, not time). */
  readonly cashActivities: AlpacaCashActivityWire[] = [];
  readonly positions = new Map<string, PositionState>();
  /** Every request, as `METHOD /path?query`. */
  readonly requests: string[] = [];
  cash = 100_000;
  /**
   * The account's equity at each day's close, oldest first, as the portfolio history
   * (`GET /v2/account/portfolio/history`) reports it: a day's timestamp is 00:00 New York time
   * (05:00 UTC in winter), in seconds.
   */
  readonly dailyEquity: { timestamp: number; equity: number }[] = [];
  /** The previous close's equity the account reports; unset, today's equity. */
  lastEquity: number | undefined;
  /** The market clock; by default a Tuesday evening after the close. */
  clock: AlpacaClockWire = {
    timestamp: "2024-01-02T20:00:00-05:00",
    is_open: false,
    next_open: "2024-01-03T09:30:00-05:00",
    next_close: "2024-01-03T16:00:00-05:00",
  };
  /** A margin account that may sell short (Alpaca: shorting enabled); off by default. */
  allowShort = false;
  /** Stocks listed hard to borrow: shortable, but Alpaca opens no short in them. */
  readonly hardToBorrow = new Set<string>();
  /** Symbols the assets endpoint does not list (404). */
  readonly unlisted = new Set<string>();
  patternDayTrader = false;
  dayTradeCount = 0;
  /** Repeat every fill event (same `execution_id`), as a redelivery would. */
  duplicateFills = false;
  private readonly prices = new Map<string, number>();
  private rateLimited: { count: number; retryAfterSeconds: number } = {
    count: 0,
    retryAfterSeconds: 0,
  };
  private hangs = 0;
  private keysRevoked = false;
  private resets = 0;
  private acceptThenFail: number[] = [];
  private held: TradeEvent[] | undefined;
  private heldListens: (() => void)[] | undefined;
  private lagging: AlpacaFillActivityWire[] | undefined;
  private readonly hanging = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly clients = new Set<{ socket: WebSocket; listening: boolean }>();
  private server?: Server;
  private websockets?: WebSocketServer;

  constructor(
    readonly keyId = "test-key",
    readonly secret = "test-secret",
  ) {}

  /** The price market orders in `symbol` fill at; without one they wait. */
  setPrice(symbol: string, price: number): void {
    this.prices.set(symbol, price);
  }

  /** Answers every request 401 from now on, as Alpaca answers a revoked or regenerated key. */
  revokeKeys(): void {
    this.keysRevoked = true;
  }

  /** Answers the next `count` requests 429, with a Retry-After header. */
  rateLimitNext(count: number, retryAfterSeconds = 0): void {
    this.rateLimited = { count, retryAfterSeconds };
  }

  /** Never answers the next request (an order sent is still accepted). */
  hangNext(): void {
    this.hangs += 1;
  }

  /** Resets the connection of the next request before answering (an order is still accepted). */
  resetNext(): void {
    this.resets += 1;
  }

  /** Accepts the next order and answers `status` (504 by default), as a gateway failure would. */
  failAfterAccept(status = 504): void {
    this.acceptThenFail.push(status);
  }

  /** Holds stream events until `releaseEvents`. */
  holdEvents(): void {
    this.held ??= [];
  }

  /** Sends the held events, newest first when `reverse`. */
  releaseEvents(options: { reverse?: boolean } = {}): void {
    const events = this.held ?? [];
    this.held = undefined;
    for (const event of options.reverse ? events.reverse() : events) this.broadcast(event);
  }

  /**
   * Fills from now on reach the activities endpoint only at `publishActivities` (Alpaca's
   * activities are eventually consistent: an order can say filled before its FILL is listed).
   */
  lagActivities(): void {
    this.lagging ??= [];
  }

  publishActivities(): void {
    this.fillActivities.push(...(this.lagging ?? []));
    this.lagging = undefined;
  }

  /**
   * Drops every stream connection, as a network failure would. With `keepDown`, clients that
   * reconnect are authenticated but their `listen` is not acknowledged until `restoreStream()`:
   * the stream stays down exactly as long as a test needs, however slow the machine.
   */
  dropStream({ keepDown = false }: { keepDown?: boolean } = {}): void {
    if (keepDown) this.heldListens ??= [];
    for (const client of this.clients) client.socket.terminate();
  }

  /** Acknowledges the listens held since `dropStream({ keepDown: true })`. */
  restoreStream(): void {
    const held = this.heldListens ?? [];
    this.heldListens = undefined;
    for (const acknowledge of held) acknowledge();
  }

  listeningClients(): number {
    return [...this.clients].filter((client) => client.listening).length;
  }

  /** Fills `quantity` of an open order at `price`, emitting `fill` or `partial_fill`. */
  fill(orderId: string, quantity: number, price: number): void {
    const order = this.orders.find((candidate) => candidate.id === orderId);
    if (!order || !openStatuses.has(order.status)) throw new Error(`order ${orderId} is not open`);
    const filledBefore = Number(order.filled_qty);
    const remaining = Number(order.qty) - filledBefore;
    const executed = Math.min(quantity, remaining);
    const filled = filledBefore + executed;
    const average =
      ((order.filled_avg_price ? Number(order.filled_avg_price) : 0) * filledBefore +
        price * executed) /
      filled;
    const now = new Date().toISOString();
    order.filled_qty = String(filled);
    order.filled_avg_price = String(average);
    order.status = filled >= Number(order.qty) ? "filled" : "partially_filled";
    order.updated_at = now;
    if (order.status === "filled") order.filled_at = now;
    const signed = order.side === "buy" ? executed : -executed;
    const position = this.positions.get(order.symbol) ?? { quantity: 0, averageEntryPrice: 0 };
    const quantityAfter = position.quantity + signed;
    if (quantityAfter === 0) this.positions.delete(order.symbol);
    else {
      const adds = Math.sign(signed) === Math.sign(position.quantity) || position.quantity === 0;
      this.positions.set(order.symbol, {
        quantity: quantityAfter,
        averageEntryPrice: adds
          ? (position.averageEntryPrice * Math.abs(position.quantity) + price * executed) /
            Math.abs(quantityAfter)
          : position.averageEntryPrice,
      });
    }
    this.cash -= signed * price;
    // Alpaca does not document that an activity's id and the event's `execution_id` match, so
    // they do not here either: nothing may come to depend on it.
    const activity: AlpacaFillActivityWire = {
      id: activityId(new Date(now)),
      activity_type: "FILL",
      transaction_time: now,
      type: order.status === "filled" ? "fill" : "partial_fill",
      price: String(price),
      qty: String(executed),
      side: order.side,
      symbol: order.symbol,
      leaves_qty: String(Number(order.qty) - filled),
      order_id: order.id,
      cum_qty: String(filled),
      order_status: order.status,
    };
    if (this.lagging) this.lagging.push(activity);
    else this.fillActivities.push(activity);
    const event: TradeEvent = {
      event: order.status === "filled" ? "fill" : "partial_fill",
      timestamp: now,
      order: { ...order },
      execution_id: randomUUID(),
      price: String(price),
      qty: String(executed),
      position_qty: String(quantityAfter),
    };
    this.emit(event);
    if (this.duplicateFills) this.emit(event);
  }

  /** Rejects an open order (as the venue would), emitting `rejected`. */
  reject(orderId: string): void {
    const order = this.orders.find((candidate) => candidate.id === orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    order.status = "rejected";
    order.failed_at = order.updated_at = new Date().toISOString();
    this.emit({ event: "rejected", timestamp: order.updated_at, order: { ...order } });
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => this.handle(request, response, body));
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.websockets = new WebSocketServer({ server: this.server, path: "/stream" });
    this.websockets.on("connection", (socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${port}`;
    this.streamUrl = `ws://127.0.0.1:${port}/stream`;
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.socket.terminate();
    for (const response of this.hanging) response.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.websockets ? this.websockets.close(() => resolve()) : resolve(),
    );
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private handle(request: IncomingMessage, response: ServerResponse, body: string): void {
    const url = new URL(request.url ?? "/", this.url);
    const method = request.method ?? "GET";
    this.requests.push(`${method} ${url.pathname}${url.search}`);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const keyId = request.headers["apca-api-key-id"];
    const secret = request.headers["apca-api-secret-key"];
    if (!keyId || !secret || this.keysRevoked)
      return send(401, { code: 40110000, message: "request is not authorized" });
    if (keyId !== this.keyId || secret !== this.secret)
      return send(403, { code: 40310000, message: "forbidden." });
    if (this.rateLimited.count > 0) {
      this.rateLimited.count -= 1;
      return send(
        429,
        { code: 42910000, message: "rate limit exceeded" },
        { "retry-after": String(this.rateLimited.retryAfterSeconds) },
      );
    }
    // Faults that lose the answer still let the request take effect: the client cannot know.
    let answer = send;
    if (this.hangs > 0) {
      this.hangs -= 1;
      this.hanging.add(response);
      answer = () => {};
    } else if (this.resets > 0) {
      this.resets -= 1;
      answer = () => request.socket.destroy();
    }
    const path = url.pathname;
    if (method === "POST" && path === "/v2/orders") {
      const failure = this.acceptThenFail.shift();
      const result = this.place(body);
      if (failure && result.status === 200)
        return answer(failure, { code: 50000000, message: "gateway timeout" });
      return answer(result.status, result.body);
    }
    if (method === "GET" && path === "/v2/orders:by_client_order_id") {
      const id = url.searchParams.get("client_order_id");
      const order = this.orders.find((candidate) => candidate.client_order_id === id);
      return order
        ? answer(200, order)
        : answer(404, { code: 40410000, message: "order not found" });
    }
    if (method === "GET" && path === "/v2/orders") {
      const status = url.searchParams.get("status") ?? "open";
      const selected = this.orders.filter((order) =>
        status === "all" ? true : (status === "open") === openStatuses.has(order.status),
      );
      return answer(200, selected);
    }
    if (method === "DELETE" && path === "/v2/orders") {
      const cancelled = this.orders
        .filter((order) => openStatuses.has(order.status))
        .map((order) => ({ id: order.id, status: 200, body: this.cancelOrder(order) }));
      return answer(207, cancelled);
    }
    const byId = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (byId) {
      const order = this.orders.find((candidate) => candidate.id === byId[1]);
      if (!order) return answer(404, { code: 40410000, message: "order not found" });
      if (method === "GET") return answer(200, order);
      if (method === "DELETE") {
        if (!openStatuses.has(order.status))
          return answer(422, { code: 42210000, message: "order is not cancelable" });
        this.cancelOrder(order);
        return answer(204);
      }
    }
    if (method === "GET" && path === "/v2/positions")
      return answer(
        200,
        [...this.positions].map(([symbol, p]) => this.positionWire(symbol, p)),
      );
    if (method === "GET" && path === "/v2/account") return answer(200, this.accountWire());
    if (method === "GET" && path === "/v2/account/portfolio/history") {
      const bound = (name: string, otherwise: number) => {
        const value = url.searchParams.get(name);
        return value === null ? otherwise : Date.parse(value) / 1000;
      };
      if (
        url.searchParams.has("period") &&
        url.searchParams.has("start") &&
        url.searchParams.has("end")
      )
        return answer(422, { code: 42210000, message: "only two of start, end and period" });
      const [start, end] = [bound("start", -Infinity), bound("end", Infinity)];
      const days = this.dailyEquity.filter((day) => day.timestamp >= start && day.timestamp <= end);
      const base = days.find((day) => day.equity > 0)?.equity ?? 0;
      return answer(200, {
        timestamp: days.map((day) => day.timestamp),
        equity: days.map((day) => day.equity),
        profit_loss: days.map((day) => (base ? day.equity - base : 0)),
        profit_loss_pct: days.map((day) => (base ? day.equity / base - 1 : 0)),
        base_value: base,
        timeframe: url.searchParams.get("timeframe") ?? "1D",
      });
    }
    if (method === "GET" && path === "/v2/clock") return answer(200, this.clock);
    const asset = /^\/v2\/assets\/([^/]+)$/.exec(path);
    if (method === "GET" && asset) {
      const symbol = decodeURIComponent(asset[1]!);
      return this.unlisted.has(symbol)
        ? answer(404, { code: 40410000, message: `asset not found for ${symbol}` })
        : answer(200, this.assetWire(symbol));
    }
    const activities = /^\/v2\/account\/activities\/([^/]+)$/.exec(path);
    if (method === "GET" && activities) {
      const result = this.activitiesPage(decodeURIComponent(activities[1]!), url.searchParams);
      return answer(result.status, result.body);
    }
    answer(404, { code: 40410000, message: "endpoint not found" });
  }

  /**
   * One page of activities of one type, as documented: `date` (that day) or `after`/`until`
   * (strictly after, before), `direction` (default desc), `page_size` (at most 100 without a
   * `date`, which returns all by default), `page_token` (the id the page continues after).
   */
  private activitiesPage(type: string, query: URLSearchParams): { status: number; body: unknown } {
    const invalid = (message: string) => ({ status: 422, body: { code: 40010001, message } });
    if (!activityTypes.has(type)) return invalid(`invalid activity type: ${type}`);
    const time = (name: string) => {
      const value = query.get(name);
      return value === null ? undefined : Date.parse(value);
    };
    const [date, after, until] = [time("date"), time("after"), time("until")];
    if ([date, after, until].some((value) => value !== undefined && !Number.isFinite(value)))
      return invalid("date, after and until must be dates (YYYY-MM-DD or RFC 3339)");
    if (date !== undefined && (after !== undefined || until !== undefined))
      return invalid("date cannot be used with after or until");
    const direction = query.get("direction") ?? "desc";
    if (direction !== "asc" && direction !== "desc")
      return invalid("direction must be asc or desc");
    const sizeParameter = query.get("page_size");
    const pageSize =
      sizeParameter === null
        ? date === undefined
          ? maxActivityPage
          : Infinity
        : Number(sizeParameter);
    if (
      !(Number.isInteger(pageSize) || pageSize === Infinity) ||
      pageSize < 1 ||
      (date === undefined && pageSize > maxActivityPage)
    )
      return invalid(`page_size must be an integer from 1 to ${maxActivityPage}`);
    const dayMs = 86_400_000;
    const ofType: (AlpacaFillActivityWire | AlpacaCashActivityWire)[] =
      type === "FILL"
        ? this.fillActivities
        : this.cashActivities.filter((activity) => activity.activity_type === type);
    let listed = ofType.filter((activity) => {
      // A non-trade activity has only its day.
      const atMs = Date.parse("date" in activity ? activity.date : activity.transaction_time);
      if (date !== undefined && (atMs < date || atMs >= date + dayMs)) return false;
      if (after !== undefined && atMs <= after) return false;
      return until === undefined || atMs < until;
    });
    if (direction === "desc") listed = listed.reverse();
    const token = query.get("page_token");
    if (token !== null) listed = listed.slice(listed.findIndex((a) => a.id === token) + 1);
    return { status: 200, body: listed.slice(0, pageSize) };
  }

  /** Cash less what open buy orders could still cost. */
  private buyingPower(): number {
    let committed = 0;
    for (const order of this.orders) {
      if (order.side !== "buy" || !openStatuses.has(order.status)) continue;
      const price =
        order.limit_price === null ? this.prices.get(order.symbol) : Number(order.limit_price);
      committed += (Number(order.qty) - Number(order.filled_qty)) * (price ?? 0);
    }
    return this.cash - committed;
  }

  private place(body: string): { status: number; body: unknown } {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { code: 40010000, message: "invalid JSON body" } };
    }
    const invalid = (message: string) => ({ status: 422, body: { code: 40010001, message } });
    const clientOrderId =
      typeof input.client_order_id === "string" ? input.client_order_id : randomUUID();
    if (this.orders.some((order) => order.client_order_id === clientOrderId))
      return invalid("client_order_id must be unique");
    if (typeof input.symbol !== "string" || !input.symbol) return invalid("symbol is required");
    if (input.side !== "buy" && input.side !== "sell") return invalid("side must be buy or sell");
    if (!orderTypes.has(input.type as string)) return invalid("invalid order type");
    // Decimal strings, as Alpaca documents them, or JSON numbers, which it accepts (alpaca-py sends them).
    const decimal = (value: unknown) =>
      typeof value === "string" || typeof value === "number" ? String(value) : null;
    const positive = (value: unknown) => Number(decimal(value)) > 0;
    if (!positive(input.qty)) return invalid("qty must be a positive decimal string");
    if (typeof input.time_in_force !== "string") return invalid("time_in_force is required");
    // An OCO order is a limit order whose take_profit and stop_loss are its two legs.
    const oco = input.order_class === "oco";
    const takeProfit = (input.take_profit ?? {}) as Record<string, unknown>;
    const stopLoss = (input.stop_loss ?? {}) as Record<string, unknown>;
    if (input.order_class !== undefined && input.order_class !== "simple" && !oco)
      return invalid("this fake takes order_class simple or oco");
    if (oco && (input.type !== "limit" || !positive(takeProfit.limit_price)))
      return invalid("an oco order is a limit order with take_profit.limit_price");
    if (oco && !positive(stopLoss.stop_price)) return invalid("stop_loss.stop_price is required");
    const limitPrice = decimal(oco ? takeProfit.limit_price : input.limit_price);
    if (input.type === "limit" && !positive(limitPrice))
      return invalid("limit_price is required for limit orders");
    if (input.type === "stop" && !positive(input.stop_price))
      return invalid("stop_price is required for stop orders");
    if (
      input.type === "trailing_stop" &&
      positive(input.trail_percent) === positive(input.trail_price)
    )
      return invalid("a trailing_stop order takes one of trail_percent and trail_price");
    // Alpaca refuses at once (403) what the account cannot carry: cash only, shorts if allowed.
    const forbidden = (message: string) => ({ status: 403, body: { code: 40310000, message } });
    const quantity = Number(input.qty);
    const reference = input.type === "limit" ? Number(limitPrice) : this.prices.get(input.symbol);
    const held = this.positions.get(input.symbol)?.quantity ?? 0;
    if (input.side === "sell" && quantity > held && !this.allowShort)
      return forbidden(
        `insufficient qty available for order (requested: ${quantity}, available: ${held})`,
      );
    if (
      input.side === "buy" &&
      reference !== undefined &&
      quantity * reference > this.buyingPower()
    )
      return forbidden("insufficient buying power");
    const now = new Date().toISOString();
    const order: AlpacaOrderWire = {
      id: randomUUID(),
      client_order_id: clientOrderId,
      created_at: now,
      updated_at: now,
      submitted_at: now,
      filled_at: null,
      canceled_at: null,
      expired_at: null,
      failed_at: null,
      asset_class: "us_equity",
      symbol: input.symbol,
      qty: decimal(input.qty)!,
      notional: null,
      filled_qty: "0",
      filled_avg_price: null,
      order_class: oco ? "oco" : "simple",
      order_type: input.type as string,
      type: input.type as AlpacaOrderWire["type"],
      side: input.side,
      time_in_force: input.time_in_force,
      limit_price: input.type === "limit" ? limitPrice : null,
      stop_price: input.type === "stop" ? decimal(input.stop_price) : null,
      trail_percent: decimal(input.trail_percent),
      trail_price: decimal(input.trail_price),
      legs: null,
      status: "new",
      extended_hours: false,
    };
    if (oco)
      order.legs = [
        {
          ...order,
          id: randomUUID(),
          client_order_id: randomUUID(),
          order_type: "stop",
          type: "stop",
          limit_price: null,
          stop_price: decimal(stopLoss.stop_price),
        },
      ];
    this.orders.push(order);
    const snapshot = { ...order };
    this.emit({ event: "new", timestamp: now, order: snapshot });
    const price = this.prices.get(order.symbol);
    if (order.type === "market" && price !== undefined)
      setTimeout(() => {
        if (openStatuses.has(order.status)) this.fill(order.id, Number(order.qty), price);
      }, 0);
    return { status: 200, body: snapshot };
  }

  private cancelOrder(order: AlpacaOrderWire): AlpacaOrderWire {
    order.status = "canceled";
    order.canceled_at = order.updated_at = new Date().toISOString();
    this.emit({ event: "canceled", timestamp: order.updated_at, order: { ...order } });
    return { ...order };
  }

  private positionWire(symbol: string, position: PositionState): unknown {
    const price = this.prices.get(symbol) ?? position.averageEntryPrice;
    const marketValue = position.quantity * price;
    const costBasis = position.quantity * position.averageEntryPrice;
    return {
      asset_id: `asset-${symbol}`,
      symbol,
      exchange: "NASDAQ",
      asset_class: "us_equity",
      asset_marginable: true,
      avg_entry_price: String(position.averageEntryPrice),
      qty: String(position.quantity),
      qty_available: String(position.quantity),
      side: position.quantity > 0 ? "long" : "short",
      market_value: String(marketValue),
      cost_basis: String(costBasis),
      unrealized_pl: String(marketValue - costBasis),
      unrealized_plpc: "0",
      unrealized_intraday_pl: "0",
      unrealized_intraday_plpc: "0",
      current_price: String(price),
      lastday_price: String(price),
      change_today: "0",
    };
  }

  private accountWire(): unknown {
    let longValue = 0;
    let shortValue = 0;
    for (const [symbol, position] of this.positions) {
      const value = position.quantity * (this.prices.get(symbol) ?? position.averageEntryPrice);
      if (value > 0) longValue += value;
      else shortValue += value;
    }
    const equity = this.cash + longValue + shortValue;
    return {
      id: "fake-account",
      account_number: "PA0000000",
      status: "ACTIVE",
      currency: "USD",
      cash: String(this.cash),
      equity: String(equity),
      last_equity: String(this.lastEquity ?? equity),
      portfolio_value: String(equity),
      long_market_value: String(longValue),
      short_market_value: String(shortValue),
      buying_power: String(Math.max(0, equity * 2 - longValue + shortValue)),
      regt_buying_power: String(equity * 2),
      daytrading_buying_power: "0",
      non_marginable_buying_power: String(this.cash),
      multiplier: "2",
      pattern_day_trader: this.patternDayTrader,
      daytrade_count: this.dayTradeCount,
      trading_blocked: false,
      transfers_blocked: false,
      account_blocked: false,
      shorting_enabled: this.allowShort,
      created_at: "2024-01-02T00:00:00Z",
    };
  }

  /** An active US stock, as `GET /v2/assets/{symbol}` describes one. */
  private assetWire(symbol: string) {
    const easy = !this.hardToBorrow.has(symbol);
    return {
      id: randomUUID(),
      class: "us_equity",
      exchange: "NASDAQ",
      symbol,
      name: `${symbol} Inc. Common Stock`,
      status: "active",
      tradable: true,
      marginable: true,
      maintenance_margin_requirement: 30,
      margin_requirement_long: "30",
      margin_requirement_short: "30",
      shortable: true,
      easy_to_borrow: easy,
      borrow_status: easy ? "easy_to_borrow" : "hard_to_borrow",
      fractionable: true,
      attributes: [],
    };
  }

  private accept(socket: WebSocket): void {
    const client = { socket, listening: false };
    let authorized = false;
    this.clients.add(client);
    socket.on("close", () => this.clients.delete(client));
    socket.on("message", (data: Buffer) => {
      let message: {
        action?: string;
        key?: string;
        secret?: string;
        data?: Record<string, unknown>;
      };
      try {
        message = JSON.parse(data.toString("utf8")) as typeof message;
      } catch {
        return this.send(socket, { stream: "error", data: { error_message: "invalid JSON" } });
      }
      // Both documented forms: `authenticate` with data.key_id/secret_key and `auth` with key/secret.
      if (message.action === "authenticate" || message.action === "auth") {
        const key = message.action === "auth" ? message.key : message.data?.key_id;
        const secret = message.action === "auth" ? message.secret : message.data?.secret_key;
        authorized = key === this.keyId && secret === this.secret;
        this.send(socket, {
          stream: "authorization",
          data: { action: "authenticate", status: authorized ? "authorized" : "unauthorized" },
        });
        if (!authorized) socket.close();
        return;
      }
      if (message.action === "listen") {
        if (!authorized)
          return this.send(socket, {
            stream: "authorization",
            data: { action: "listen", status: "unauthorized" },
          });
        const streams = (message.data?.streams as string[] | undefined) ?? [];
        const acknowledge = () => {
          client.listening = streams.includes("trade_updates");
          this.send(socket, {
            stream: "listening",
            data: { streams: client.listening ? ["trade_updates"] : [] },
          });
        };
        if (this.heldListens) this.heldListens.push(acknowledge);
        else acknowledge();
      }
    });
  }

  private emit(event: TradeEvent): void {
    if (this.held) this.held.push(event);
    else this.broadcast(event);
  }

  private broadcast(event: TradeEvent): void {
    for (const client of this.clients)
      if (client.listening) this.send(client.socket, { stream: "trade_updates", data: event });
  }

  /** The paper stream sends binary frames (Alpaca's docs); the content is JSON. */
  private send(socket: WebSocket, frame: unknown): void {
    socket.send(Buffer.from(JSON.stringify(frame)), { binary: true });
  }
}
