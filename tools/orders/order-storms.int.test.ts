import { afterEach, describe, expect, it } from "vitest";
import { FakeAlpacaTrading } from "../../test/fakes/alpaca-trading-server.ts";
import { intercept, orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import type { AlpacaBrokerOptions } from "../adapters/alpaca/broker.ts";
import { alpacaBrokerAt } from "../../test/support/fake-alpaca-broker.ts";
import type { BrokerOrderRequest, TradeUpdate } from "../ports/broker.ts";
import type { OrderIntent } from "../ports/orders.ts";
import { eventually } from "../../test/support/eventually.ts";

/**
 * The order path against the fake of Alpaca's Trading API through the real adapter, the real
 * store (PGlite) and hand-set fresh prices, under storms: 429s, answers lost after the order was
 * taken (504, reset, hang), duplicate and reordered fill events, a dropped trade-updates stream.
 * Whatever the storm, each intent becomes exactly one order at Alpaca (the fake answers 422 to a
 * reused client_order_id, and counts every POST).
 */

const maxRateLimitRetries = 3;

let fake: FakeAlpacaTrading | undefined;
let harness: OrderHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await fake?.stop();
  harness = undefined;
  fake = undefined;
});

/**
 * The harness with an AlpacaBroker against a fresh fake in place of the paper broker. The broker
 * is seen through a thin proxy: `beforeSubmit` faults are armed just as an order request leaves
 * (so a storm lands on the POST, not on the risk gate's reads), and the stream's up/down states
 * are recorded as the executor hears them.
 */
async function setUp(options: Partial<AlpacaBrokerOptions> = {}) {
  const server = await new FakeAlpacaTrading().start();
  fake = server;
  // Only the hang test waits a request's timeout out (with its own).
  const alpaca = alpacaBrokerAt(server, { maxRateLimitRetries, ...options });
  const states: string[] = [];
  const beforeSubmit: (() => void)[] = [];
  const submits = new Map<string, number>();
  const updates: TradeUpdate[] = [];
  const broker = intercept(alpaca, {
    submit: (real, args) => {
      const { clientOrderId } = args[0] as BrokerOrderRequest;
      submits.set(clientOrderId, (submits.get(clientOrderId) ?? 0) + 1);
      beforeSubmit.shift()?.();
      return real(...args);
    },
    tradeUpdates: (real, [onUpdate, onState]) =>
      real(
        (update: TradeUpdate) => {
          updates.push(update);
          (onUpdate as (update: TradeUpdate) => void)(update);
        },
        (state: "up" | "down") => {
          states.push(state);
          (onState as (state: "up" | "down") => void)(state);
        },
      ),
  });
  const h = await orderHarness({ wrap: () => broker });
  harness = h;
  await eventually(() => states.at(-1) === "up");
  return {
    h,
    fake: server,
    states,
    updates,
    beforeSubmit,
    submits,
    /** A fresh last trade for the risk gate, and the fake's fill price for market orders. */
    async price(symbol: string, price: number, fillsAtFake = true) {
      await h.setPrice(symbol, price);
      if (fillsAtFake) server.setPrice(symbol, price);
    },
    posts: () => server.requests.filter((request) => request === "POST /v2/orders").length,
    ordersFor: (id: string) => server.orders.filter((order) => order.client_order_id === id),
    lookupsFor: (id: string) =>
      server.requests.filter(
        (request) =>
          request.startsWith("GET /v2/orders:by_client_order_id") && request.includes(id),
      ).length,
  };
}

async function intentsOf(h: OrderHarness, intents: readonly OrderIntent[]) {
  return Promise.all(intents.map(async (intent) => (await h.store.requestIntent(intent.id))!));
}

async function fillRows(h: OrderHarness, intentId: string) {
  return h.client.query<{ fill_id: string; quantity: number; price: number }>(
    "SELECT fill_id, quantity, price FROM order_fills WHERE intent_id = $1::uuid ORDER BY quantity",
    [intentId],
  );
}

/** Nothing left to send or to look up, and the audit chain intact. */
async function expectSettled(h: OrderHarness) {
  expect(await h.store.pendingOutbox(50)).toEqual([]);
  expect(await h.store.listIntents({ states: ["submitting", "unknown"], limit: 50 })).toEqual([]);
  expect(await h.store.verifyAuditLog()).toMatchObject({ ok: true });
}

describe("the order path against Alpaca's fake under storms", () => {
  it("a 429 storm longer than the adapter's retries: not sent, then sent exactly once", async () => {
    const s = await setUp();
    await s.price("AAPL", 100);
    const intent = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    // Every attempt of the first request is refused, and the storm runs on into the next ones.
    const storm = maxRateLimitRetries + 3;
    s.beforeSubmit.push(() => s.fake.rateLimitNext(storm, 0));

    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0, waiting: 1 });
    expect(s.posts()).toBe(maxRateLimitRetries + 1);
    expect(s.fake.orders).toEqual([]);
    expect(await s.h.store.requestIntent(intent.id)).toMatchObject({ state: "unknown" });

    // The next pass looks it up first (through the storm's tail), finds nothing, and sends it.
    expect(await s.h.executor.runOnce()).toMatchObject({ resolved: 1, submitted: 1 });
    await eventually(async () => (await s.h.store.requestIntent(intent.id))?.state === "filled");
    await s.h.executor.settled();
    expect(s.ordersFor(intent.id)).toHaveLength(1);
    expect(s.fake.orders).toHaveLength(1);
    expect(s.posts()).toBe(maxRateLimitRetries + 2);
    expect(s.lookupsFor(intent.id)).toBeGreaterThanOrEqual(1);
    expect(await s.h.store.requestIntent(intent.id)).toMatchObject({
      state: "filled",
      filledQuantity: 10,
      averageFillPrice: 100,
      brokerOrderId: s.fake.orders[0]!.id,
    });
    expect(await fillRows(s.h, intent.id)).toHaveLength(1);
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0, resolved: 0, waiting: 0 });
    await expectSettled(s.h);
  });

  it("a storm that also hits the risk gate's reads: failed passes, still exactly one order", async () => {
    const s = await setUp();
    await s.price("AAPL", 100);
    const intent = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    s.fake.rateLimitNext(12, 0);
    for (let pass = 0; pass < 8; pass++) {
      await s.h.executor.runOnce().catch(() => undefined);
      await s.h.executor.settled();
      if ((await s.h.store.requestIntent(intent.id))?.state === "filled") break;
    }
    await eventually(async () => (await s.h.store.requestIntent(intent.id))?.state === "filled");
    expect(s.ordersFor(intent.id)).toHaveLength(1);
    await expectSettled(s.h);
  });

  it("504 after accept on several orders: unknown, found by lookup, never posted twice", async () => {
    const s = await setUp();
    const symbols = { AAPL: 100, MSFT: 200, NVDA: 300 } as const;
    for (const [symbol, price] of Object.entries(symbols)) await s.price(symbol, price);
    const intents = [];
    for (const symbol of Object.keys(symbols))
      intents.push(await s.h.approveOrder({ symbol, side: "buy", quantity: 5 }));
    // Held events: only the lookup can tell the executor what became of the orders.
    s.fake.holdEvents();
    intents.forEach(() => s.fake.failAfterAccept(504));

    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0, waiting: 3 });
    expect((await intentsOf(s.h, intents)).map((intent) => intent.state)).toEqual([
      "unknown",
      "unknown",
      "unknown",
    ]);
    expect(s.posts()).toBe(3);
    await eventually(() => s.fake.orders.every((order) => order.status === "filled"));

    expect(await s.h.executor.runOnce()).toMatchObject({ resolved: 3, submitted: 0 });
    for (const intent of intents) {
      expect(s.lookupsFor(intent.id)).toBe(1);
      expect(s.ordersFor(intent.id)).toHaveLength(1);
      expect(s.submits.get(intent.id)).toBe(1);
    }
    expect(s.posts()).toBe(3);
    const resolved = await intentsOf(s.h, intents);
    expect(resolved.map((intent) => [intent.state, intent.filledQuantity])).toEqual([
      ["filled", 5],
      ["filled", 5],
      ["filled", 5],
    ]);
    expect(resolved.map((intent) => intent.brokerOrderId)).toEqual(
      intents.map((intent) => s.ordersFor(intent.id)[0]!.id),
    );

    // The late events change no state and record each fill once.
    s.fake.releaseEvents();
    for (const intent of intents)
      await eventually(async () => (await fillRows(s.h, intent.id)).length === 1);
    await s.h.executor.settled();
    expect((await intentsOf(s.h, intents)).map((intent) => intent.state)).toEqual([
      "filled",
      "filled",
      "filled",
    ]);
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0 });
    expect(s.posts()).toBe(3);
    await expectSettled(s.h);
  });

  it("a reset connection and a hung request: unknown, found by lookup, never posted twice", async () => {
    const s = await setUp({ timeoutMs: 1_000 });
    await s.price("AAPL", 100);
    await s.price("MSFT", 200);
    const reset = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 3 });
    const hung = await s.h.approveOrder({ symbol: "MSFT", side: "buy", quantity: 2 });
    s.fake.holdEvents();
    s.beforeSubmit.push(
      () => s.fake.resetNext(),
      () => s.fake.hangNext(),
    );

    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0, waiting: 2 });
    const unclear = await intentsOf(s.h, [reset, hung]);
    expect(unclear.map((intent) => intent.state)).toEqual(["unknown", "unknown"]);
    expect(await s.h.store.listAudit({ subject: reset.id, limit: 1 })).toMatchObject([
      { details: { event: "outcome_unclear", code: "broker_outcome_unknown" } },
    ]);
    expect(s.posts()).toBe(2);
    // Both requests took effect at Alpaca although neither answer arrived.
    expect(s.fake.orders.map((order) => order.client_order_id).sort()).toEqual(
      [reset.id, hung.id].sort(),
    );

    expect(await s.h.executor.runOnce()).toMatchObject({ resolved: 2, submitted: 0 });
    s.fake.releaseEvents();
    await eventually(async () =>
      (await intentsOf(s.h, [reset, hung])).every((intent) => intent.state === "filled"),
    );
    for (const intent of [reset, hung]) {
      expect(s.ordersFor(intent.id)).toHaveLength(1);
      expect(s.submits.get(intent.id)).toBe(1);
      await eventually(async () => (await fillRows(s.h, intent.id)).length === 1);
    }
    await s.h.executor.settled();
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0 });
    expect(s.posts()).toBe(2);
    await expectSettled(s.h);
  });

  it("duplicate and out-of-order fill events: one row per execution, the right quantity and state", async () => {
    const s = await setUp();
    // A price for the risk gate but none at the fake: the market order rests until filled by hand.
    await s.price("AAPL", 100, false);
    const intent = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    s.fake.duplicateFills = true;
    s.fake.holdEvents();
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 1 });
    const order = s.fake.orders[0]!;
    s.fake.fill(order.id, 4, 100);
    s.fake.fill(order.id, 6, 101);
    // Newest first, each fill twice, and the order's `new` event last of all.
    s.fake.releaseEvents({ reverse: true });
    // Two fills twice each, and `new`: every event has arrived, then every one is recorded.
    await eventually(() => s.updates.length === 5);
    await s.h.executor.settled();

    const fills = await fillRows(s.h, intent.id);
    expect(fills.map((fill) => [fill.quantity, fill.price])).toEqual([
      [4, 100],
      [6, 101],
    ]);
    expect(new Set(fills.map((fill) => fill.fill_id)).size).toBe(2);
    const settled = await s.h.store.requestIntent(intent.id);
    expect(settled).toMatchObject({ state: "filled", filledQuantity: 10 });
    expect(settled!.averageFillPrice).toBeCloseTo(100.6, 9);
    const trail = await s.h.store.listAudit({ subject: intent.id, limit: 50 });
    expect(trail.filter((entry) => entry.action === "fill")).toHaveLength(2);
    // The stale events moved nothing backwards: filled is the last state ever written.
    const states = (
      await s.h.store.readEvents({ afterId: 0, topics: ["order.updated"], limit: 50 })
    )
      .map((event) => event.payload as { intentId: string; state: string })
      .filter((payload) => payload.intentId === intent.id)
      .map((payload) => payload.state);
    expect(states.at(-1)).toBe("filled");
    expect(states.indexOf("filled")).toBe(states.length - 1);
    expect(s.ordersFor(intent.id)).toHaveLength(1);
    await expectSettled(s.h);
  });

  it("stream down: blocked and nothing sent; back up: open intents looked up before new orders", async () => {
    const s = await setUp();
    await s.price("AAPL", 100, false);
    await s.price("MSFT", 200);
    const resting = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 1 });
    await eventually(() => s.fake.orders.length === 1);

    s.fake.dropStream({ keepDown: true });
    await eventually(() => s.states.at(-1) === "down");
    // It fills while no one listens: only a lookup can tell.
    s.fake.fill(s.fake.orders[0]!.id, 10, 100);
    const fresh = await s.h.approveOrder({ symbol: "MSFT", side: "buy", quantity: 5 });
    const postsBefore = s.posts();
    const blocked = await s.h.executor.runOnce();
    expect(blocked).toMatchObject({
      submitted: 0,
      waiting: 1,
      blocked: expect.stringMatching(/trade-updates stream is down/),
    });
    expect(s.posts()).toBe(postsBefore);
    expect(await s.h.store.requestIntent(fresh.id)).toMatchObject({ state: "approved" });
    expect(s.states.at(-1)).toBe("down");

    s.fake.restoreStream();
    await eventually(() => s.states.at(-1) === "up");
    const mark = s.fake.requests.length;
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 1 });
    const after = s.fake.requests.slice(mark);
    const lookup = after.findIndex(
      (request) =>
        request.startsWith("GET /v2/orders:by_client_order_id") && request.includes(resting.id),
    );
    const post = after.indexOf("POST /v2/orders");
    expect(lookup).toBeGreaterThanOrEqual(0);
    expect(post).toBeGreaterThan(lookup);
    expect(await s.h.store.requestIntent(resting.id)).toMatchObject({
      state: "filled",
      filledQuantity: 10,
      averageFillPrice: 100,
    });
    await eventually(async () => (await s.h.store.requestIntent(fresh.id))?.state === "filled");
    await s.h.executor.settled();
    expect(s.ordersFor(fresh.id)).toHaveLength(1);
    await expectSettled(s.h);
  });

  it("fills while the stream is down: their rows appear after reconciliation, each once", async () => {
    const s = await setUp();
    await s.price("AAPL", 100, false);
    const intent = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 1 });
    await eventually(() => s.fake.orders.length === 1);
    const order = s.fake.orders[0]!;

    s.fake.dropStream({ keepDown: true });
    await eventually(() => s.states.at(-1) === "down");
    // Two executions no one hears of: only the order's FILL activities name them.
    s.fake.fill(order.id, 4, 100);
    s.fake.fill(order.id, 6, 101);
    expect(await s.h.executor.runOnce()).toMatchObject({
      blocked: expect.stringMatching(/trade-updates stream is down/),
    });
    expect(await fillRows(s.h, intent.id)).toEqual([]);

    s.fake.restoreStream();
    await eventually(() => s.states.at(-1) === "up");
    await s.h.executor.runOnce();
    const settled = await s.h.store.requestIntent(intent.id);
    expect(settled).toMatchObject({ state: "filled", filledQuantity: 10 });
    expect(settled!.averageFillPrice).toBeCloseTo(100.6, 9);
    // Under the ids the stream would have carried: the order and its filled quantity after each.
    expect(await fillRows(s.h, intent.id)).toEqual([
      { fill_id: `${order.id}:4`, quantity: 4, price: 100 },
      { fill_id: `${order.id}:10`, quantity: 6, price: 101 },
    ]);
    const fillAudit = async () =>
      (await s.h.store.listAudit({ subject: intent.id, limit: 50 })).filter(
        (entry) => entry.action === "fill",
      );
    expect(await fillAudit()).toHaveLength(2);
    expect(s.fake.requests.some((line) => line.startsWith("GET /v2/account/activities/FILL"))).toBe(
      true,
    );

    // Later passes find nothing missing and ask Alpaca for no more activities.
    const activityReads = () =>
      s.fake.requests.filter((line) => line.startsWith("GET /v2/account/activities/")).length;
    const reads = activityReads();
    await s.h.executor.runOnce();
    await s.h.executor.settled();
    expect(activityReads()).toBe(reads);
    expect(await fillRows(s.h, intent.id)).toHaveLength(2);
    expect(await fillAudit()).toHaveLength(2);
    await expectSettled(s.h);
  });

  it("fills Alpaca lists late: the intent moves at once, its rows come on a later pass", async () => {
    const s = await setUp();
    await s.price("AAPL", 100, false);
    const intent = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 1 });
    await eventually(() => s.fake.orders.length === 1);
    const order = s.fake.orders[0]!;

    s.fake.dropStream({ keepDown: true });
    await eventually(() => s.states.at(-1) === "down");
    s.fake.lagActivities();
    s.fake.fill(order.id, 10, 100);
    s.fake.restoreStream();
    await eventually(() => s.states.at(-1) === "up");
    await s.h.executor.runOnce();
    // The order says filled before its FILL is listed: the intent is settled, the row owed.
    expect(await s.h.store.requestIntent(intent.id)).toMatchObject({
      state: "filled",
      filledQuantity: 10,
    });
    expect(await fillRows(s.h, intent.id)).toEqual([]);
    await s.h.executor.runOnce();
    expect(await fillRows(s.h, intent.id)).toEqual([]);

    s.fake.publishActivities();
    await s.h.executor.runOnce();
    expect(await fillRows(s.h, intent.id)).toEqual([
      { fill_id: `${order.id}:10`, quantity: 10, price: 100 },
    ]);
    await s.h.executor.runOnce();
    expect(await fillRows(s.h, intent.id)).toHaveLength(1);
    await expectSettled(s.h);
  });

  it("back up but the reconciling lookup fails: still blocked, and reconciled on the next pass", async () => {
    const s = await setUp();
    await s.price("AAPL", 100, false);
    await s.price("MSFT", 200);
    const resting = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 1 });
    await eventually(() => s.fake.orders.length === 1);

    s.fake.dropStream({ keepDown: true });
    await eventually(() => s.states.at(-1) === "down");
    s.fake.fill(s.fake.orders[0]!.id, 10, 100);
    s.fake.restoreStream();
    await eventually(() => s.states.at(-1) === "up");
    const fresh = await s.h.approveOrder({ symbol: "MSFT", side: "buy", quantity: 5 });
    // Every attempt of the reconciling lookup (the pass's first request) is refused.
    s.fake.rateLimitNext(3, 0);
    const postsBefore = s.posts();
    expect(await s.h.executor.runOnce()).toMatchObject({
      submitted: 0,
      blocked: expect.stringMatching(/reconcile/),
    });
    expect(s.posts()).toBe(postsBefore);
    expect(await s.h.store.requestIntent(fresh.id)).toMatchObject({ state: "approved" });

    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 1 });
    expect(await s.h.store.requestIntent(resting.id)).toMatchObject({ state: "filled" });
    await eventually(async () => (await s.h.store.requestIntent(fresh.id))?.state === "filled");
    await s.h.executor.settled();
    await expectSettled(s.h);
  });
});
