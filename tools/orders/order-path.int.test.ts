import { describe, expect, it } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import type { Broker } from "../ports/broker.ts";
import { parseToolInput } from "../run-tool.ts";
import { getPositions } from "./get-positions.ts";
import { killSwitch } from "./kill-switch.ts";
import { listApprovals, listOrders } from "./list-orders.ts";
import { paramsHash } from "./params-hash.ts";
import { proposeOrder } from "./propose-order.ts";
import { describePositions } from "../replies/orders.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

async function setUp(options: Parameters<typeof orderHarness>[0] = {}) {
  return cleanup(await orderHarness(options));
}

const propose = (h: OrderHarness, input: Record<string, unknown>) =>
  proposeOrder.run(parseToolInput(proposeOrder, input) as never, h.context);

async function approve(h: OrderHarness, approvalId: string, actor = "U1") {
  const approval = (await h.store.requestApproval(approvalId))!;
  return h.store.decideApproval({
    approvalId,
    approve: true,
    actor,
    paramsHash: approval.paramsHash,
    nowMs: h.now(),
  });
}

describe("the order path on the paper broker", () => {
  it("proposes, waits for a human, submits once approved, fills, and leaves a verified audit trail", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    const proposed = await propose(h, { symbol: "aapl", side: "buy", quantity: 10 });
    expect(proposed.status).toBe("pending");
    if (proposed.status !== "pending") return;
    expect(proposed.order).toMatchObject({
      symbol: "AAPL",
      side: "buy",
      quantity: 10,
      state: "proposed",
      referencePrice: 200,
      notional: 2000,
      live: false,
      broker: "paper-sim",
    });
    expect(proposed.order.clientOrderId).toBe(proposed.order.intentId);
    expect(proposed.approval.approvers).toEqual(["U1"]);
    // The hash a human's click names is the hash of exactly these parameters.
    expect(proposed.approval.paramsHash).toBe(
      paramsHash({
        broker: "paper-sim",
        symbol: "AAPL",
        side: "buy",
        quantity: 10,
        type: "market",
        limitPrice: null,
        strategyId: null,
      }),
    );

    // Nothing reaches the broker before the click.
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0 });
    expect(await h.broker.openOrders()).toEqual([]);
    expect((await h.broker.positions()).length).toBe(0);
    const pending = await listApprovals.run({ state: "pending", limit: 10 }, h.context);
    expect(pending.approvals.map((a) => a.id)).toEqual([proposed.approval.id]);
    expect(pending.approvals[0]!.order.symbol).toBe("AAPL");

    expect(await approve(h, proposed.approval.id)).toMatchObject({ ok: true });
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 1 });
    await h.executor.settled();

    const orders = await listOrders.run({ limit: 10 }, h.context);
    expect(orders.orders).toHaveLength(1);
    expect(orders.orders[0]).toMatchObject({
      clientOrderId: proposed.order.intentId,
      state: "filled",
      filledQuantity: 10,
      averageFillPrice: 200,
    });
    const positions = await getPositions.run({}, h.context);
    expect(positions.positions).toEqual([
      { symbol: "AAPL", quantity: 10, averageEntryPrice: 200, marketValue: 2000, unrealizedPnl: 0 },
    ]);
    expect(positions.account.cash).toBeCloseTo(100_000 - 2000, 9);

    // A second pass sends nothing again: the outbox row is settled.
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0, waiting: 0 });
    expect(await h.store.pendingOutbox(10)).toEqual([]);

    const trail = await h.store.listAudit({ subject: proposed.order.intentId, limit: 50 });
    const actions = trail.map((entry) => entry.action).reverse();
    expect(actions.slice(0, 3)).toEqual(["order.proposed", "approval.decided", "order.submitting"]);
    expect(actions).toContain("fill");
    expect(actions.filter((action) => action === "fill")).toHaveLength(1);
    expect(await h.store.verifyAuditLog()).toMatchObject({ ok: true });

    const events = await h.store.readEvents({
      afterId: 0,
      topics: ["approval.pending", "order.updated"],
      limit: 50,
    });
    expect(events[0]).toMatchObject({
      topic: "approval.pending",
      payload: { approvalId: proposed.approval.id, symbol: "AAPL", quantity: 10 },
    });
    expect(events.at(-1)).toMatchObject({ topic: "order.updated", payload: { state: "filled" } });
  });

  it("sizes a notional order at the last trade and approves exactly that quantity", async () => {
    const h = await setUp();
    await h.setPrice("SPY", 400);
    const proposed = await propose(h, { symbol: "SPY", side: "buy", notional: 1000 });
    expect(proposed).toMatchObject({ status: "pending", order: { quantity: 2.5, notional: 1000 } });
  });

  it("denies with the check's code and numbers, creates no intent, and records the refusal", async () => {
    const h = await setUp({ limits: { maxOrderQuantity: 100 } });
    await h.setPrice("AAPL", 10);
    const denied = await propose(h, { symbol: "AAPL", side: "buy", quantity: 101 });
    expect(denied).toMatchObject({
      status: "denied",
      reason: { code: "MAX_ORDER_QUANTITY", limit: 100, actual: 101 },
    });
    const atLimit = await propose(h, { symbol: "AAPL", side: "buy", quantity: 100 });
    expect(atLimit.status).toBe("pending");
    expect(await h.store.listIntents({ limit: 10 })).toHaveLength(1);
    const [refusal] = await h.store
      .listAudit({ limit: 5 })
      .then((rows) => rows.filter((row) => row.action === "order.denied"));
    expect(refusal?.details).toMatchObject({ reason: { code: "MAX_ORDER_QUANTITY" } });
  });

  it("denies a short sale before anyone approves it unless the account may short and the broker lends", async () => {
    const cash = await setUp();
    await cash.setPrice("AAPL", 10);
    const naked = await propose(cash, { symbol: "AAPL", side: "sell", quantity: 5 });
    expect(naked).toMatchObject({ status: "denied", reason: { code: "SHORT_SALE", actual: 5 } });
    expect(naked.status === "denied" && naked.reason.message).toMatch(
      /account does not allow short selling/,
    );
    expect(await cash.store.listIntents({ limit: 10 })).toHaveLength(0);
    await cash.close();

    const margin = await setUp({ allowShort: true });
    await margin.setPrice("AAPL", 10);
    expect((await propose(margin, { symbol: "AAPL", side: "sell", quantity: 5 })).status).toBe(
      "pending",
    );
    await margin.close();

    const silent = await setUp({
      allowShort: true,
      wrap: (broker) =>
        Object.assign(Object.create(broker) as Broker, {
          shortable: () => Promise.reject(new Error("assets endpoint down")),
        }),
    });
    await silent.setPrice("AAPL", 10);
    const unknown = await propose(silent, { symbol: "AAPL", side: "sell", quantity: 5 });
    expect(unknown.status === "denied" && unknown.reason.message).toMatch(
      /^SHORT_SALE: .*did not say whether it can lend AAPL/,
    );
    expect((await propose(silent, { symbol: "AAPL", side: "buy", quantity: 5 })).status).toBe(
      "pending",
    );
  });

  it("refuses an order it cannot price, and bad input with the field at fault", async () => {
    const h = await setUp();
    expect(await propose(h, { symbol: "NOPRICE", side: "buy", quantity: 1 })).toMatchObject({
      status: "denied",
      reason: { code: "STALE_PRICE" },
    });
    const bad: [Record<string, unknown>, string][] = [
      [{ symbol: "AAPL", side: "buy" }, "quantity"],
      [{ symbol: "AAPL", side: "buy", quantity: 1, notional: 5 }, "quantity"],
      [{ symbol: "AAPL", side: "buy", quantity: -1 }, "quantity"],
      [{ symbol: "AAPL", side: "buy", quantity: "10" }, "quantity"],
      [{ symbol: "AAPL", side: "buy", quantity: 1, limitPrice: 5 }, "limitPrice"],
      [{ symbol: "AAPL", side: "buy", quantity: 1, type: "limit" }, "limitPrice"],
      [{ symbol: "AAPL", side: "hold", quantity: 1 }, "side"],
      [{ symbol: "AAPL", side: "buy", quantity: 1, account: "x" }, ""],
    ];
    for (const [input, field] of bad) {
      expect(() => parseToolInput(proposeOrder, input), JSON.stringify(input)).toThrow(
        expect.objectContaining({
          code: "invalid_input",
          issues: expect.arrayContaining([
            expect.objectContaining({ path: field ? [field] : expect.any(Array) }),
          ]),
        }),
      );
    }
    expect(await h.store.listIntents({ limit: 10 })).toEqual([]);
  });

  it("queues an order proposed while the market is closed and sends it when the session opens", async () => {
    // Saturday 2024-06-08: NYSE reopens Monday 2024-06-10 at 13:30 UTC.
    const h = await setUp({ nowMs: Date.UTC(2024, 5, 8, 15, 0) });
    await h.setPrice("AAPL", 100);
    const proposed = await propose(h, { symbol: "AAPL", side: "buy", quantity: 1 });
    expect(proposed).toMatchObject({
      status: "pending",
      queuedForSession: { opensAt: "2024-06-10T13:30:00.000Z" },
    });
    if (proposed.status !== "pending") return;
    await approve(h, proposed.approval.id);
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0, waiting: 1 });
    h.advance(Date.UTC(2024, 5, 10, 13, 31) - h.now());
    await h.setPrice("AAPL", 101);
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 1 });
    await h.executor.settled();
    expect((await h.store.requestIntent(proposed.order.intentId))?.state).toBe("filled");
  });

  it("re-checks risk at submission: an approved order that no longer passes is cancelled, not sent", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 100);
    const proposed = await propose(h, { symbol: "AAPL", side: "buy", quantity: 50 });
    if (proposed.status !== "pending") throw new Error("expected pending");
    await approve(h, proposed.approval.id);
    await h.store.setControls("account", { limits: { maxOrderQuantity: 10 } }, "risk-officer");
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0, cancelled: 1 });
    const intent = await h.store.requestIntent(proposed.order.intentId);
    expect(intent).toMatchObject({ state: "cancelled" });
    expect(intent?.rejectReason).toMatch(/risk re-check at submission: MAX_ORDER_QUANTITY/);
    expect(await h.broker.openOrders()).toEqual([]);
  });

  it("lets a paper strategy's explicit policy auto-approve, and nothing else", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 100);
    const [mom, other] = ["ab".repeat(32), "cd".repeat(32)];
    for (const id of [mom, other]) {
      await h.store.saveStrategy({ id, name: id.slice(0, 4), spec: {} });
      await h.store.setStage(id, "paper", {}, "U1", h.now());
    }
    await h.store.setControls(`strategy:${mom}`, { autoApprovePaper: true }, "U1");
    const auto = await propose(h, {
      symbol: "AAPL",
      side: "buy",
      quantity: 1,
      strategyId: mom,
    });
    expect(auto).toMatchObject({
      status: "approved",
      autoApproved: true,
      approval: { state: "approved", decidedBy: "policy:auto-approve-paper" },
    });
    expect(h.wakes()).toBe(1);
    const manual = await propose(h, {
      symbol: "AAPL",
      side: "buy",
      quantity: 2,
      strategyId: other,
    });
    expect(manual.status).toBe("pending");
  });

  it("never auto-approves for a live broker", async () => {
    const h = await setUp({
      wrap: (broker) => Object.assign(Object.create(broker), { live: true }),
    });
    await h.setPrice("AAPL", 100);
    const live = "cd".repeat(32);
    await h.store.saveStrategy({ id: live, name: "live one", spec: {} });
    await h.store.setStage(live, "full_live", {}, "test", h.now());
    await h.store.setControls(`strategy:${live}`, { autoApprovePaper: true }, "U1");
    const proposed = await propose(h, {
      symbol: "AAPL",
      side: "buy",
      quantity: 1,
      strategyId: live,
    });
    expect(proposed).toMatchObject({ status: "pending", order: { live: true } });
  });

  it("refuses expired, rejected, foreign and edited decisions; only a pending approval moves", async () => {
    const h = await setUp({ approvers: ["U1", "U2"] });
    await h.setPrice("AAPL", 100);
    const first = await propose(h, { symbol: "AAPL", side: "buy", quantity: 1 });
    const second = await propose(h, { symbol: "AAPL", side: "buy", quantity: 2 });
    if (first.status !== "pending" || second.status !== "pending") throw new Error("pending");
    expect(await approve(h, first.approval.id, "intruder")).toMatchObject({
      ok: false,
      reason: "not_allowed",
    });
    expect(
      await h.store.decideApproval({
        approvalId: first.approval.id,
        approve: true,
        actor: "U1",
        paramsHash: second.approval.paramsHash,
        nowMs: h.now(),
      }),
    ).toMatchObject({ ok: false, reason: "changed" });
    expect(
      await h.store.decideApproval({
        approvalId: first.approval.id,
        approve: false,
        actor: "U2",
        paramsHash: first.approval.paramsHash,
        nowMs: h.now(),
      }),
    ).toMatchObject({ ok: true, intent: { state: "declined" } });
    expect(await approve(h, first.approval.id)).toMatchObject({ ok: false, reason: "not_pending" });
    h.advance(15 * 60_000);
    expect(await approve(h, second.approval.id)).toMatchObject({ ok: false, reason: "expired" });
    expect((await h.store.requestIntent(second.order.intentId))?.state).toBe("expired");
    expect(await approve(h, second.approval.id)).toMatchObject({
      ok: false,
      reason: "not_pending",
    });
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0 });
  });

  it("the kill switch halts proposals and submissions and cancels open orders at the broker", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 100);
    // A resting limit order at the broker, and an approved order not yet sent.
    const resting = await propose(h, {
      symbol: "AAPL",
      side: "buy",
      quantity: 1,
      type: "limit",
      limitPrice: 98,
    });
    if (resting.status !== "pending") throw new Error("pending");
    await approve(h, resting.approval.id);
    await h.executor.runOnce();
    expect(await h.broker.openOrders()).toHaveLength(1);
    const waiting = await propose(h, { symbol: "AAPL", side: "buy", quantity: 2 });
    if (waiting.status !== "pending") throw new Error("pending");
    await approve(h, waiting.approval.id);

    const result = await killSwitch.run({ reason: "fat finger" }, h.context);
    expect(result.halted).toBe(true);
    expect(result.steps.every((step) => step.ok)).toBe(true);
    expect(await h.broker.openOrders()).toEqual([]);
    expect(await h.store.requestIntent(waiting.order.intentId)).toMatchObject({
      state: "cancelled",
      rejectReason: "kill switch: fat finger",
    });
    await h.executor.settled();
    expect((await h.store.requestIntent(resting.order.intentId))?.state).toBe("cancelled");
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0 });
    const denied = await propose(h, { symbol: "AAPL", side: "sell", quantity: 1 });
    expect(denied).toMatchObject({ status: "denied", reason: { code: "TRADING_HALTED" } });
    if (denied.status === "denied") expect(denied.reason.message).toMatch(/fat finger/);
    const actions = (await h.store.listAudit({ limit: 100 })).map((entry) => entry.action);
    expect(actions).toContain("kill_switch");
    expect(await h.store.verifyAuditLog()).toMatchObject({ ok: true });
  });

  it("the halt file alone stops submission, even when the database says active", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 100);
    const proposed = await propose(h, { symbol: "AAPL", side: "buy", quantity: 1 });
    if (proposed.status !== "pending") throw new Error("pending");
    await approve(h, proposed.approval.id);
    await h.halt.raise({ reason: "manual", actor: "ops", atMs: h.now() });
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0, cancelled: 1 });
    expect((await h.store.requestIntent(proposed.order.intentId))?.rejectReason).toBe(
      "kill switch: manual",
    );
  });

  it("counts a correlation cluster from the newest correlation snapshot in the cluster-exposure check", async () => {
    const h = await setUp({ limits: { maxOrderNotional: 50_000 } });
    for (const [symbol, price] of [
      ["SPY", 100],
      ["QQQ", 100],
      ["GLD", 100],
    ] as const)
      await h.setPrice(symbol, price);
    // SPY and QQQ move together (0.9); GLD with neither (0.1).
    await h.store.saveCorrelationSnapshot(
      {
        symbols: ["SPY", "QQQ", "GLD"],
        timeframe: "1d",
        windowBars: 60,
        asOfMs: h.now(),
        matrix: [1, 0.9, 0.1, 0.9, 1, 0.1, 0.1, 0.1, 1],
        averageCorrelation: 0.37,
        firstEigenShare: 0.6,
      },
      [],
    );
    const spy = await propose(h, { symbol: "SPY", side: "buy", quantity: 400 });
    if (spy.status !== "pending") throw new Error(JSON.stringify(spy));
    await approve(h, spy.approval.id);
    await h.executor.runOnce();
    await h.executor.settled();
    // 400 SPY = 40,000 held; 200 QQQ more makes the SPY/QQQ cluster 60,000 > 0.5 x 100,000.
    const qqq = await propose(h, { symbol: "QQQ", side: "buy", quantity: 200 });
    expect(qqq).toMatchObject({
      status: "denied",
      reason: { code: "CLUSTER_EXPOSURE", limit: 50_000, actual: 60_000 },
    });
    expect(qqq.status === "denied" && qqq.reason.message).toMatch(/cluster cluster:QQQ/);
    expect((await propose(h, { symbol: "GLD", side: "buy", quantity: 200 })).status).toBe(
      "pending",
    );
  });
});

describe("the orders a position view lists", () => {
  it("lists orders not yet settled until they fill, and drops an approval past its time", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    const waiting = await propose(h, { symbol: "AAPL", side: "buy", quantity: 10 });
    if (waiting.status !== "pending") throw new Error(`not proposed: ${waiting.status}`);
    const shown = await getPositions.run({}, h.context);
    expect(shown.ordersUnsettled).toEqual([
      {
        id: waiting.order.intentId,
        symbol: "AAPL",
        side: "buy",
        quantity: 10,
        filledQuantity: 0,
        state: "proposed",
      },
    ]);
    expect(describePositions(shown)).toContain(
      "No positions.\nOrders not yet settled: buy 10 AAPL (waiting for approval).",
    );
    await approve(h, waiting.approval.id);
    await h.executor.runOnce();
    await h.executor.settled();
    const filled = await getPositions.run({}, h.context);
    expect(filled.positions.map((p) => [p.symbol, p.quantity])).toEqual([["AAPL", 10]]);
    expect(filled.ordersUnsettled).toEqual([]);

    const late = await propose(h, { symbol: "AAPL", side: "sell", quantity: 4 });
    expect(late.status).toBe("pending");
    h.advance(h.execution.approvalTtlMs + 1);
    expect((await getPositions.run({}, h.context)).ordersUnsettled).toEqual([]);
  });
});

describe("today's profit and loss", () => {
  it("counts from the broker's previous close, where the daily loss limit counts it too", async () => {
    // The account closed yesterday at 110,000 and opens today at 100,000: a 9.1% loss overnight.
    const h = await setUp({
      wrap: (paper) =>
        Object.assign(Object.create(paper) as Broker, {
          account: async () => ({ ...(await paper.account()), lastEquity: 110_000 }),
        }),
    });
    await h.setPrice("AAPL", 200);
    const shown = await getPositions.run({}, h.context);
    expect(shown.today).toEqual({
      day: "2024-06-04",
      startEquity: 110_000,
      change: -10_000,
      changeFraction: 100_000 / 110_000 - 1,
      since: "previousClose",
      // 2% (the default) of 110,000 is 2,200; 10,000 lost leaves 2,200 - 10,000.
      lossLimit: { fraction: 0.02, amount: 2200, loss: 10_000, left: -7800 },
    });
    expect(describePositions(shown)).toContain(
      "Daily loss limit 2.0% = 2200 reached (lost 10000): only orders that reduce exposure pass",
    );
    // 10,000 lost is past the default 2% of 110,000: nothing opens, though the desk saw no loss.
    const proposed = await propose(h, { symbol: "AAPL", side: "buy", quantity: 1 });
    expect(proposed).toMatchObject({ status: "denied", reason: { code: "DAILY_LOSS_LIMIT" } });
  });

  it("counts from the desk's first look of the day when the broker reports no close", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    expect((await getPositions.run({}, h.context)).today).toMatchObject({
      startEquity: 100_000,
      change: 0,
      since: "firstSeen",
    });
    const proposed = await propose(h, { symbol: "AAPL", side: "buy", quantity: 10 });
    if (proposed.status !== "pending") throw new Error(`not proposed: ${proposed.status}`);
    await approve(h, proposed.approval.id);
    await h.executor.runOnce();
    await h.executor.settled();
    await h.setPrice("AAPL", 190);
    // 10 AAPL bought at 200 now worth 1,900: 100 down on the day's first 100,000.
    const later = await getPositions.run({}, h.context);
    expect(later.today.startEquity).toBe(100_000);
    expect(later.today.change).toBeCloseTo(-100, 9);
    expect(later.today.changeFraction).toBeCloseTo(-0.001, 12);
    expect(describePositions(later)).toContain(
      "Today: -100.00 (-0.10%) since the desk's first look today",
    );
    // 2% of 100,000 is 2,000, and 100 of it is lost.
    expect(later.today.lossLimit?.left).toBeCloseTo(1900, 9);
    expect(describePositions(later)).toContain(
      "Daily loss limit 2.0% = 2000: 1900 left (lost 100).",
    );
  });

  it("counts against the limit in force: the environment's, tightened by the account's controls", async () => {
    const h = await setUp({ limits: { dailyLossLimit: 0.05 } });
    expect((await getPositions.run({}, h.context)).today.lossLimit).toEqual({
      fraction: 0.05,
      amount: 5000,
      loss: 0,
      left: 5000,
    });
    await h.store.setControls("account", { limits: { dailyLossLimit: 0.01 } }, "U1");
    expect((await getPositions.run({}, h.context)).today.lossLimit).toMatchObject({
      fraction: 0.01,
      amount: 1000,
    });
  });
});
