import { afterEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import {
  cycleBacktest,
  cycleBars,
  cycleId,
  mirrorFills,
  recordFilledOrders,
  stageStartMs,
  storeCycleStrategy,
  twentySessionsLaterMs,
} from "../../test/support/stage-fixtures.ts";
import type { Store } from "../ports/store.ts";
import type { StrategyStage } from "../ports/trading.ts";
import { checkDivergence } from "./divergence-monitor.ts";

const capital = 100_000;
const scope = `strategy:${cycleId}` as const;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/**
 * A live strategy whose stage began at `stageStartMs` with `capital`, the bars up to twenty
 * sessions later, and the backtest of those bars at the stage's size (a tenth for small_live).
 */
async function liveStrategy(stage: StrategyStage) {
  store = await createTestStore();
  await storeCycleStrategy(store, "pass");
  await store.setStage(cycleId, stage, { from: "paper", capital }, "U1", stageStartMs);
  const bars = cycleBars(Date.UTC(2024, 1, 1), twentySessionsLaterMs);
  await store.writeBars("1d", [bars]);
  const stageCapital = stage === "small_live" ? capital / 10 : capital;
  const run = cycleBacktest(bars, stageCapital, stageStartMs, twentySessionsLaterMs);
  return { store, run, stageCapital };
}

const divergenceRows = async (on: Store) =>
  (await on.listAudit({ limit: 100 })).filter((entry) => entry.action === "strategy.divergence");
const stateEvents = (on: Store) =>
  on.readEvents({ afterId: 0, topics: ["trading.state"], limit: 10 });

describe("checkDivergence", () => {
  it("leaves a full_live strategy whose live fills are the backtest's trades active", async () => {
    const { store, run } = await liveStrategy("full_live");
    const fills = mirrorFills(run);
    await recordFilledOrders(store, fills, { strategyId: cycleId, live: true, broker: "alpaca" });
    // Paper fills of the same strategy, far off the backtest, are not the live record.
    await recordFilledOrders(store, mirrorFills(run, 3), {
      strategyId: cycleId,
      live: false,
      broker: "paper-sim",
    });

    const reports = await checkDivergence(store, twentySessionsLaterMs);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      strategyId: cycleId,
      stage: "full_live",
      reduced: false,
      evidence: { sessions: 20, trades: fills.length, capital },
    });
    const comparison = reports[0]!.evidence.comparison!;
    expect(comparison.bars).toBe(run.simulation.timestampMs.length);
    expect(comparison.maxGap).toBeLessThan(1e-9);
    expect((await store.requestControls(scope)).state).toBe("active");
    expect(await divergenceRows(store)).toEqual([]);
    expect(await stateEvents(store)).toEqual([]);
  });

  it("compares a small_live strategy at a tenth of its capital", async () => {
    const { store, run, stageCapital } = await liveStrategy("small_live");
    expect(stageCapital).toBe(10_000);
    await recordFilledOrders(store, mirrorFills(run), {
      strategyId: cycleId,
      live: true,
      broker: "alpaca",
    });
    const [report] = await checkDivergence(store, twentySessionsLaterMs);
    expect(report).toMatchObject({
      stage: "small_live",
      reduced: false,
      evidence: { capital: 10_000 },
    });
    expect(report!.evidence.comparison!.maxGap).toBeLessThan(1e-9);
  });

  it("moves a strategy whose live fills stray to reducing, once, with the numbers on record", async () => {
    const { store, run } = await liveStrategy("full_live");
    await recordFilledOrders(store, mirrorFills(run, 2), {
      strategyId: cycleId,
      live: true,
      broker: "alpaca",
    });
    // By hand: at twice the size every cash flow and position doubles, so live equity is 2E - C
    // (E the backtest's equity, C the capital) and the gap at each close is |E - C|.
    let largest = 0;
    for (const value of run.simulation.equity)
      largest = Math.max(largest, Math.abs(value - capital));
    const equity = run.simulation.equity;
    // The monitor acts on the gap now: at the last close.
    const gap = Math.abs(equity[equity.length - 1]! - capital) / capital;
    expect(gap).toBeGreaterThan(0.05);

    const [first] = await checkDivergence(store, twentySessionsLaterMs);
    expect(first).toMatchObject({ strategyId: cycleId, stage: "full_live", reduced: true });
    expect(first!.evidence.comparison!.maxGap).toBeCloseTo(largest / capital, 9);
    expect(Math.abs(first!.evidence.comparison!.finalGap)).toBeCloseTo(gap, 9);

    const controls = await store.requestControls(scope);
    expect(controls).toMatchObject({ state: "reducing", updatedBy: "divergence-monitor" });
    expect(controls.reason).toBe(
      `divergence: live equity is ${(gap * 100).toFixed(1)}% of its capital 100000 away from the backtest of the same bars (limit 5%); only reducing orders pass until a human looks (resume, or promote_strategy back to paper)`,
    );
    const rows = await divergenceRows(store);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: "divergence-monitor",
      subject: cycleId,
      details: { stage: "full_live", capital, sessions: 20, comparison: { bars: 20 } },
    });
    const events = await stateEvents(store);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: "trading.state",
      payload: { scope, state: "reducing", reason: controls.reason, actor: "divergence-monitor" },
    });

    // The next check sees the same gap but the strategy is already reducing: no second move.
    const [second] = await checkDivergence(store, twentySessionsLaterMs);
    expect(second).toMatchObject({ reduced: false });
    expect(second!.evidence.comparison!.maxGap).toBeCloseTo(gap, 9);
    expect(await divergenceRows(store)).toHaveLength(1);
    expect(await stateEvents(store)).toHaveLength(1);
    expect(await store.requestControls(scope)).toMatchObject({ state: "reducing" });
    expect(await store.verifyAuditLog()).toMatchObject({ ok: true });
  });

  it("leaves strategies at backtest and paper alone", async () => {
    store = await createTestStore();
    await storeCycleStrategy(store, "pass");
    expect(await checkDivergence(store, twentySessionsLaterMs)).toEqual([]);
    await store.setStage(cycleId, "paper", { capital }, "U1", stageStartMs);
    expect(await checkDivergence(store, twentySessionsLaterMs)).toEqual([]);
  });
});
