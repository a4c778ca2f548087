import { describe, expect, it } from "vitest";
import { orderHarness, silentLog, type OrderHarness } from "../../test/support/order-harness.ts";
import { OrderExecutor } from "./order-executor.ts";
import { Reconciler } from "./reconciler.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

/** Strategy ids are content hashes. */
const s1 = "ab".repeat(32);
const cleanup = closedAfterEach<OrderHarness>();

/** Buys `quantity` AAPL through the whole path for strategy `strategyId`. */
async function buyThroughAlphadesk(h: OrderHarness, quantity: number, strategyId?: string) {
  await h.proposeApproved({
    symbol: "AAPL",
    side: "buy",
    quantity,
    ...(strategyId ? { strategyId } : {}),
  });
  await h.executor.runOnce();
  await h.executor.settled();
}

describe("reconciliation with the broker", () => {
  it("baselines holdings it did not trade, then halts the strategy whose symbol drifts, after a second look", async () => {
    const h = cleanup(await orderHarness());
    await h.setPrice("AAPL", 100);
    await h.setPrice("MSFT", 50);
    // Held before Alphadesk: 7 MSFT.
    await h.paper.submit({
      clientOrderId: "before-alphadesk",
      symbol: "MSFT",
      side: "buy",
      quantity: 7,
      type: "market",
      timeInForce: "day",
    });
    const reconciler = new Reconciler({ store: h.store, execution: h.execution, log: silentLog });
    expect(await reconciler.check()).toMatchObject({ ok: true, baselineTaken: true });
    expect(await h.store.reconciliationBaseline("paper-sim")).toEqual([
      { symbol: "MSFT", quantity: 7 },
    ]);

    await h.store.saveStrategy({ id: s1, name: "s1", spec: {} });
    await h.store.setStage(s1, "paper", {}, "test", h.now());
    await buyThroughAlphadesk(h, 3, s1);
    expect(await reconciler.check()).toMatchObject({ ok: true, mismatches: [] });

    // Someone trades AAPL at the broker behind Alphadesk's back.
    await h.paper.submit({
      clientOrderId: "elsewhere",
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
      type: "market",
      timeInForce: "day",
    });
    const first = await reconciler.check();
    expect(first.mismatches).toEqual([
      { symbol: "AAPL", broker: 2, expected: 3, strategyIds: [s1], seen: 1, handled: false },
    ]);
    expect((await h.store.requestControls(`strategy:${s1}`)).state).toBe("active");
    const second = await reconciler.check();
    expect(second.mismatches[0]).toMatchObject({
      seen: 2,
      handled: true,
      halted: [`strategy:${s1}`],
    });
    expect((await reconciler.check()).mismatches[0]).toMatchObject({ handled: true, halted: [] });
    const controls = await h.store.requestControls(`strategy:${s1}`);
    expect(controls).toMatchObject({ state: "halted" });
    expect(controls.reason).toMatch(/holds 2 AAPL, Alphadesk expects 3/);
    // The account itself trades on; only the strategy stopped.
    expect((await h.store.requestControls("account")).state).toBe("active");
    const actions = (await h.store.listAudit({ limit: 20 })).map((entry) => entry.action);
    expect(actions).toContain("reconciliation.mismatch");
    const events = await h.store.readEvents({ afterId: 0, topics: ["trading.state"], limit: 10 });
    expect(events.at(-1)).toMatchObject({ payload: { scope: `strategy:${s1}`, state: "halted" } });

    // A human accepts the broker's positions: the new baseline explains the difference.
    await h.store.saveReconciliationBaseline(
      "paper-sim",
      [
        { symbol: "MSFT", quantity: 7 },
        { symbol: "AAPL", quantity: -1 },
      ],
      "U1",
    );
    expect(await reconciler.check()).toMatchObject({ ok: true });
  });

  it("halts the account when the drifting symbol was traded by no strategy", async () => {
    const h = cleanup(await orderHarness());
    await h.setPrice("AAPL", 100);
    const reconciler = new Reconciler({
      store: h.store,
      execution: h.execution,
      log: silentLog,
      confirmations: 1,
    });
    await reconciler.check();
    await buyThroughAlphadesk(h, 2);
    await h.paper.submit({
      clientOrderId: "elsewhere",
      symbol: "AAPL",
      side: "buy",
      quantity: 1,
      type: "market",
      timeInForce: "day",
    });
    expect((await reconciler.check()).mismatches[0]).toMatchObject({ halted: ["account"] });
    expect((await h.store.requestControls("account")).state).toBe("halted");
  });

  it("keeps a starting executor from sending while positions differ, until the difference is acted on", async () => {
    const h = cleanup(await orderHarness());
    await h.setPrice("AAPL", 100);
    await h.store.saveStrategy({ id: s1, name: "s1", spec: {} });
    await h.store.setStage(s1, "paper", {}, "test", h.now());
    const reconciler = new Reconciler({ store: h.store, execution: h.execution, log: silentLog });
    await reconciler.check();
    await buyThroughAlphadesk(h, 3, s1);
    await h.paper.submit({
      clientOrderId: "elsewhere",
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
      type: "market",
      timeInForce: "day",
    });
    // A manual order waits, approved, while a restarted executor checks the positions.
    await h.proposeApproved({ symbol: "AAPL", side: "buy", quantity: 1 });
    const restarted = new OrderExecutor({
      store: h.store,
      execution: h.execution,
      clock: { nowMs: h.now },
      log: silentLog,
      reconciler,
    });
    await restarted.start();
    try {
      const first = await restarted.runOnce();
      expect(first.submitted).toBe(0);
      expect(first.blocked).toMatch(
        /positions differ from paper-sim on AAPL \(broker 2, expected 3\)/,
      );
      // The second look confirms it, halts the strategy that traded AAPL, and sending resumes.
      const second = await restarted.runOnce();
      expect(second).toMatchObject({ submitted: 1 });
      expect(second.blocked).toBeUndefined();
      expect((await h.store.requestControls(`strategy:${s1}`)).state).toBe("halted");
    } finally {
      await restarted.close();
    }
  });
});
