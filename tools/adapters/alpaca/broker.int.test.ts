import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeAlpacaTrading } from "../../../test/fakes/alpaca-trading-server.ts";
import type { BrokerOrderRequest, TradeUpdate } from "../../ports/broker.ts";
import { AlpacaBroker, type AlpacaBrokerOptions } from "./broker.ts";
import { eventually } from "../../../test/support/eventually.ts";

let fake: FakeAlpacaTrading;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  fake = await new FakeAlpacaTrading().start();
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await fake.stop();
});

const broker = (overrides: Partial<AlpacaBrokerOptions> = {}) =>
  new AlpacaBroker({
    keyId: "test-key",
    secret: "test-secret",
    baseUrl: fake.url,
    streamUrl: fake.streamUrl,
    timeoutMs: 300,
    rateLimitBackoffMs: 5,
    initialReconnectMs: 20,
    ...overrides,
  } as AlpacaBrokerOptions);

const buy = (clientOrderId: string, quantity = 10): BrokerOrderRequest => ({
  clientOrderId,
  symbol: "AAPL",
  side: "buy",
  quantity,
  type: "market",
  timeInForce: "day",
});

async function listen(alpaca: AlpacaBroker) {
  const updates: TradeUpdate[] = [];
  const states: string[] = [];
  const subscription = await alpaca.tradeUpdates(
    (update) => updates.push(update),
    (state) => states.push(state),
  );
  closers.push(() => subscription.close());
  await eventually(() => states.includes("up"));
  return { updates, states, subscription };
}

const postedOrders = () => fake.requests.filter((request) => request === "POST /v2/orders");

describe("AlpacaBroker against the fake Trading API", () => {
  it("is paper by default and live only when asked, with live keys", () => {
    expect(broker()).toMatchObject({ name: "alpaca-paper", live: false });
    const live = new AlpacaBroker({ live: true, liveKeyId: "k", liveSecret: "s" });
    expect(live).toMatchObject({ name: "alpaca-live", live: true });
    expect(() => new AlpacaBroker({ live: true, liveKeyId: "", liveSecret: "" })).toThrow(
      /ALPACA_LIVE_KEY_ID and ALPACA_LIVE_SECRET_KEY/,
    );
  });

  it("submits a market order, streams new and fill, and finds it filled by client id", async () => {
    fake.setPrice("AAPL", 190.5);
    const alpaca = broker();
    const { updates } = await listen(alpaca);
    const order = await alpaca.submit(buy("intent-1"));
    expect(order).toMatchObject({
      clientOrderId: "intent-1",
      symbol: "AAPL",
      side: "buy",
      quantity: 10,
      type: "market",
      limitPrice: null,
      status: "accepted",
      filledQuantity: 0,
      averageFillPrice: null,
    });
    await eventually(() => updates.some((update) => update.fill));
    expect(updates.map((update) => update.order.status)).toEqual(["accepted", "filled"]);
    expect(updates[1]!.fill).toMatchObject({
      brokerOrderId: order.brokerOrderId,
      clientOrderId: "intent-1",
      quantity: 10,
      price: 190.5,
      fee: 0,
    });
    // The order's id and its filled quantity after the fill: what its FILL activity also names.
    expect(updates[1]!.fill!.fillId).toBe(`${order.brokerOrderId}:10`);
    expect(await alpaca.orderByClientId("intent-1")).toMatchObject({
      brokerOrderId: order.brokerOrderId,
      status: "filled",
      filledQuantity: 10,
      averageFillPrice: 190.5,
    });
    expect(await alpaca.orderByClientId("never-sent")).toBeUndefined();
  });

  it("maps partial fills, limit prices and rejections", async () => {
    const alpaca = broker();
    const { updates } = await listen(alpaca);
    const limit = await alpaca.submit({ ...buy("limit-1", 10), type: "limit", limitPrice: 180.25 });
    expect(limit).toMatchObject({ type: "limit", limitPrice: 180.25, status: "accepted" });
    fake.fill(limit.brokerOrderId, 4, 180);
    expect(await alpaca.orderByClientId("limit-1")).toMatchObject({
      status: "partially_filled",
      filledQuantity: 4,
      averageFillPrice: 180,
    });
    const other = await alpaca.submit(buy("reject-1", 1));
    fake.reject(other.brokerOrderId);
    await eventually(() => updates.some((update) => update.order.status === "rejected"));
    expect(updates.find((update) => update.fill)?.fill).toMatchObject({ quantity: 4, price: 180 });
    expect((await alpaca.orderByClientId("reject-1"))?.status).toBe("rejected");
  });

  it("maps positions (shorts negative) and the account", async () => {
    fake.setPrice("AAPL", 200);
    fake.setPrice("TSLA", 100);
    fake.patternDayTrader = true;
    fake.dayTradeCount = 2;
    fake.allowShort = true;
    const alpaca = broker();
    await alpaca.submit(buy("long-1", 10));
    await alpaca.submit({ ...buy("short-1", 5), symbol: "TSLA", side: "sell" });
    await eventually(() => fake.positions.size === 2);
    expect(await alpaca.positions()).toEqual([
      { symbol: "AAPL", quantity: 10, averageEntryPrice: 200, marketValue: 2000 },
      { symbol: "TSLA", quantity: -5, averageEntryPrice: 100, marketValue: -500 },
    ]);
    const account = await alpaca.account();
    expect(account).toMatchObject({
      cash: 100_000 - 2000 + 500,
      equity: 100_000,
      patternDayTrader: true,
      dayTradeCount: 2,
      shortingEnabled: true,
    });
    expect(account.buyingPower).toBeGreaterThan(0);
    // last_equity, yesterday's closing equity: where today's P&L and the daily loss limit start.
    expect(account.lastEquity).toBe(100_000);
    fake.lastEquity = 104_250.5;
    expect((await alpaca.account()).lastEquity).toBe(104_250.5);
    fake.allowShort = false;
    expect(await alpaca.account()).toMatchObject({ shortingEnabled: false });
  });

  it("reads deposits, withdrawals and cash journals page by page, leaving out cancelled ones", async () => {
    // 130 deposits of 1 to 130 dollars, a page of 100 then 30, each on its own day from 2024-01-01.
    for (let k = 1; k <= 130; k++)
      fake.cashActivities.push({
        id: `${k}::csd`,
        activity_type: "CSD",
        date: new Date(Date.UTC(2024, 0, k)).toISOString().slice(0, 10),
        net_amount: String(k),
        description: "ACH deposit",
        status: "executed",
      });
    fake.cashActivities.push(
      {
        id: "1::csw",
        activity_type: "CSW",
        date: "2024-01-02",
        net_amount: "-40",
        description: "",
        status: "executed",
      },
      {
        id: "2::csw",
        activity_type: "CSW",
        date: "2024-01-03",
        net_amount: "-99",
        description: "",
        status: "canceled",
      },
      {
        id: "1::jnlc",
        activity_type: "JNLC",
        date: "2024-01-02",
        net_amount: "7.5",
        description: "",
        status: "executed",
      },
    );
    const flows = await broker().cashFlows(Date.UTC(2023, 11, 31), Date.UTC(2024, 11, 31));
    expect(flows).toHaveLength(132);
    // 1 + 2 + ... + 130 = 8,515, less 40, plus 7.5.
    expect(flows.reduce((sum, flow) => sum + flow.amount, 0)).toBe(8_515 - 40 + 7.5);
    expect(flows.slice(0, 4)).toEqual([
      { timeMs: Date.UTC(2024, 0, 1), amount: 1 },
      { timeMs: Date.UTC(2024, 0, 2), amount: 2 },
      { timeMs: Date.UTC(2024, 0, 2), amount: -40 },
      { timeMs: Date.UTC(2024, 0, 2), amount: 7.5 },
    ]);
    expect(
      fake.requests.filter((r) => r.startsWith("GET /v2/account/activities/CSD")),
    ).toHaveLength(2);
  });

  it("lends only easy-to-borrow stocks it lists, never crypto", async () => {
    fake.hardToBorrow.add("GME");
    fake.unlisted.add("NOPE");
    const alpaca = broker();
    expect(await alpaca.shortable("AAPL")).toBe(true);
    expect(await alpaca.shortable("GME")).toBe(false);
    expect(await alpaca.shortable("NOPE")).toBe(false);
    const asked = fake.requests.length;
    expect(await alpaca.shortable("BTC/USD")).toBe(false);
    expect(fake.requests.length).toBe(asked);
    expect(fake.requests.filter((request) => request.startsWith("GET /v2/assets/"))).toEqual([
      "GET /v2/assets/AAPL",
      "GET /v2/assets/GME",
      "GET /v2/assets/NOPE",
    ]);
  });

  it("cancels one order and then all open orders", async () => {
    const alpaca = broker();
    const first = await alpaca.submit(buy("open-1"));
    await alpaca.submit(buy("open-2"));
    await alpaca.submit(buy("open-3"));
    expect((await alpaca.openOrders()).map((order) => order.clientOrderId)).toEqual([
      "open-1",
      "open-2",
      "open-3",
    ]);
    await alpaca.cancel(first.brokerOrderId);
    expect((await alpaca.orderByClientId("open-1"))?.status).toBe("cancelled");
    await expect(alpaca.cancel(first.brokerOrderId)).rejects.toMatchObject({
      code: "order_not_cancelable",
    });
    await alpaca.cancelAll();
    expect(await alpaca.openOrders()).toEqual([]);
    expect((await alpaca.orderByClientId("open-3"))?.status).toBe("cancelled");
  });

  it("waits out a 429 storm (honouring Retry-After) and places exactly one order", async () => {
    fake.rateLimitNext(3, 0);
    const alpaca = broker();
    const order = await alpaca.submit(buy("storm-1"));
    expect(order.clientOrderId).toBe("storm-1");
    expect(postedOrders()).toHaveLength(4);
    expect(fake.orders).toHaveLength(1);
  });

  it("gives up on an endless 429 with a retryable error and no order", async () => {
    fake.rateLimitNext(100, 0);
    const alpaca = broker({ maxRateLimitRetries: 2 });
    await expect(alpaca.submit(buy("storm-2"))).rejects.toMatchObject({
      code: "broker_rate_limited",
      nextStep: "retryable",
    });
    expect(fake.orders).toHaveLength(0);
  });

  it("504 after accept: a retryable error, never a resend; the lookup finds the single order", async () => {
    fake.failAfterAccept(504);
    const alpaca = broker();
    await expect(alpaca.submit(buy("gateway-1"))).rejects.toMatchObject({
      code: "broker_outcome_unknown",
      nextStep: "retryable",
      message: expect.stringContaining("gateway-1"),
    });
    expect(postedOrders()).toHaveLength(1);
    const found = await alpaca.orderByClientId("gateway-1");
    expect(found?.clientOrderId).toBe("gateway-1");
    expect(fake.orders).toHaveLength(1);
  });

  it("a timeout is retryable and the lookup finds the one order it placed", async () => {
    fake.hangNext();
    const alpaca = broker({ timeoutMs: 150 });
    await expect(alpaca.submit(buy("slow-1"))).rejects.toMatchObject({
      code: "broker_outcome_unknown",
      nextStep: "retryable",
    });
    expect(postedOrders()).toHaveLength(1);
    expect((await alpaca.orderByClientId("slow-1"))?.clientOrderId).toBe("slow-1");
    expect(fake.orders).toHaveLength(1);
  });

  it("a connection reset is retryable and not resent", async () => {
    fake.resetNext();
    const alpaca = broker();
    await expect(alpaca.submit(buy("reset-1"))).rejects.toMatchObject({
      code: "broker_outcome_unknown",
      nextStep: "retryable",
    });
    expect(postedOrders()).toHaveLength(1);
    expect(await alpaca.orderByClientId("reset-1")).toBeDefined();
  });

  it("refuses a reused client order id as a user error naming the id", async () => {
    const alpaca = broker();
    await alpaca.submit(buy("twice-1"));
    await expect(alpaca.submit(buy("twice-1"))).rejects.toMatchObject({
      code: "duplicate_client_order_id",
      nextStep: "user",
      message: expect.stringContaining("twice-1"),
    });
    expect(fake.orders).toHaveLength(1);
  });

  it("delivers duplicate and out-of-order fill events with stable fill ids", async () => {
    const alpaca = broker();
    const { updates } = await listen(alpaca);
    const order = await alpaca.submit(buy("dupes-1", 10));
    await eventually(() => updates.length === 1);
    fake.duplicateFills = true;
    fake.holdEvents();
    fake.fill(order.brokerOrderId, 4, 100);
    fake.fill(order.brokerOrderId, 6, 101);
    fake.releaseEvents({ reverse: true });
    await eventually(() => updates.filter((update) => update.fill).length === 4);
    const fills = updates.flatMap((update) => (update.fill ? [update.fill] : []));
    // Newest first, each twice: the consumer dedupes by fillId and orders by time.
    expect(fills.map((fill) => [fill.quantity, fill.price])).toEqual([
      [6, 101],
      [6, 101],
      [4, 100],
      [4, 100],
    ]);
    expect(fills[0]!.fillId).toBe(fills[1]!.fillId);
    expect(fills[2]!.fillId).toBe(fills[3]!.fillId);
    expect(new Set(fills.map((fill) => fill.fillId)).size).toBe(2);
    const unique = [...new Map(fills.map((fill) => [fill.fillId, fill])).values()];
    expect(unique.reduce((sum, fill) => sum + fill.quantity, 0)).toBe(10);
  });

  it("lists an order's fills from its FILL activities under the ids its trade updates carried", async () => {
    const alpaca = broker();
    const { updates } = await listen(alpaca);
    const mine = await alpaca.submit(buy("fills-mine", 10));
    const other = await alpaca.submit(buy("fills-other", 5));
    fake.fill(mine.brokerOrderId, 4, 100);
    fake.fill(other.brokerOrderId, 5, 99);
    fake.fill(mine.brokerOrderId, 6, 101.5);
    await eventually(() => updates.filter((update) => update.fill).length === 3);
    const streamed = updates.flatMap((update) =>
      update.fill && update.order.clientOrderId === "fills-mine" ? [update.fill] : [],
    );
    // Alpaca's own activity ids are not what the stream carries: the adapter names both alike.
    expect(fake.fillActivities.map((activity) => activity.id)).toEqual(
      fake.fillActivities.map(() => expect.stringMatching(/^\d{17}::[0-9a-f-]{36}$/)),
    );

    const order = (await alpaca.orderByClientId("fills-mine"))!;
    const listed = await alpaca.fillsOf(order);
    expect(listed).toEqual(
      streamed.map((fill) => ({ ...fill, atMs: expect.any(Number) as number })),
    );
    expect(listed.map((fill) => [fill.fillId, fill.quantity, fill.price])).toEqual([
      [`${mine.brokerOrderId}:4`, 4, 100],
      [`${mine.brokerOrderId}:10`, 6, 101.5],
    ]);
    for (const fill of listed) expect(fill).toMatchObject({ clientOrderId: "fills-mine", fee: 0 });
    const request = fake.requests.find((line) => line.startsWith("GET /v2/account/activities/"));
    expect(request).toMatch(/^GET \/v2\/account\/activities\/FILL\?/);
    expect(request).toMatch(/direction=asc/);
    expect(request).toMatch(/after=/);
    expect(request).toMatch(/until=/);

    const resting = await alpaca.submit(buy("fills-none", 1));
    expect(await alpaca.fillsOf(resting)).toEqual([]);
  });

  it("pages through a busy account's activities to an order's fills", async () => {
    const alpaca = broker();
    const mine = await alpaca.submit(buy("paged-mine", 2));
    const busy = await alpaca.submit(buy("paged-busy", 500));
    for (let k = 0; k < 130; k++) fake.fill(busy.brokerOrderId, 1, 100 + k / 100);
    fake.fill(mine.brokerOrderId, 2, 42);
    const order = (await alpaca.orderByClientId("paged-mine"))!;
    const mark = fake.requests.length;
    const listed = await alpaca.fillsOf(order);
    expect(listed.map((fill) => [fill.fillId, fill.quantity, fill.price])).toEqual([
      [`${mine.brokerOrderId}:2`, 2, 42],
    ]);
    const pages = fake.requests
      .slice(mark)
      .filter((line) => line.startsWith("GET /v2/account/activities/FILL"));
    expect(pages).toHaveLength(2);
    expect(pages[1]).toMatch(/page_token=/);
  });

  it("the fake's FILL activities follow the documented listing: newest first, paged by id", async () => {
    const alpaca = broker();
    const placed = await alpaca.submit(buy("listing", 3));
    for (let k = 0; k < 3; k++) fake.fill(placed.brokerOrderId, 1, 100 + k);
    const list = async (query: string) => {
      const response = await fetch(`${fake.url}/v2/account/activities/${query}`, {
        headers: { "APCA-API-KEY-ID": fake.keyId, "APCA-API-SECRET-KEY": fake.secret },
      });
      return { status: response.status, body: (await response.json()) as { cum_qty?: string }[] };
    };
    expect((await list("FILL")).body.map((activity) => activity.cum_qty)).toEqual(["3", "2", "1"]);
    const first = await list("FILL?direction=asc&page_size=2");
    expect(first.body.map((activity) => activity.cum_qty)).toEqual(["1", "2"]);
    const token = (first.body[1] as { id: string }).id;
    const next = await list(
      `FILL?direction=asc&page_size=2&page_token=${encodeURIComponent(token)}`,
    );
    expect(next.body.map((activity) => activity.cum_qty)).toEqual(["3"]);
    expect((await list("DIV")).body).toEqual([]);
    expect((await list("FILLS")).status).toBe(422);
    expect((await list("FILL?page_size=101")).status).toBe(422);
  });

  it("lists fewer fills while Alpaca's activities trail the order, then all of them", async () => {
    const alpaca = broker();
    const placed = await alpaca.submit(buy("trailing", 10));
    fake.fill(placed.brokerOrderId, 3, 100);
    fake.lagActivities();
    fake.fill(placed.brokerOrderId, 7, 100);
    const order = (await alpaca.orderByClientId("trailing"))!;
    expect(order).toMatchObject({ status: "filled", filledQuantity: 10 });
    expect((await alpaca.fillsOf(order)).map((fill) => fill.quantity)).toEqual([3]);
    fake.publishActivities();
    expect((await alpaca.fillsOf(order)).map((fill) => fill.quantity)).toEqual([3, 7]);
  });

  it("reports the stream down when it drops and up after it reconnects", async () => {
    fake.setPrice("AAPL", 150);
    const alpaca = broker();
    const { updates, states } = await listen(alpaca);
    fake.dropStream();
    await eventually(() => states.length >= 3);
    expect(states).toEqual(["up", "down", "up"]);
    await eventually(() => fake.listeningClients() === 1);
    await alpaca.submit(buy("after-drop"));
    await eventually(() => updates.some((update) => update.fill));
  });

  it("bad keys: a clear user error naming the variables to set, on REST and on the stream", async () => {
    const alpaca = broker({ secret: "wrong" } as Partial<AlpacaBrokerOptions>);
    await expect(alpaca.account()).rejects.toMatchObject({
      code: "broker_auth",
      nextStep: "user",
      message: expect.stringContaining("APCA_API_SECRET_KEY"),
    });
    await expect(alpaca.submit(buy("bad-keys"))).rejects.toMatchObject({ code: "broker_auth" });
    await expect(
      alpaca.tradeUpdates(
        () => {},
        () => {},
      ),
    ).rejects.toMatchObject({
      code: "broker_auth",
      message: expect.stringContaining("APCA_API_KEY_ID"),
    });
    expect(fake.orders).toHaveLength(0);
  });
});
