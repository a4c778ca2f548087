import { describe, expect, it } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
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
import { AlphadeskError } from "../errors.ts";
import { runTool } from "../run-tool.ts";
import { promoteStrategy } from "./promote-strategy.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

interface Check {
  name: string;
  passed: boolean;
  required: string;
  actual: string;
}
interface Promotion {
  strategyId: string;
  from: string;
  to: string;
  promoted: boolean;
  checks: Check[];
}

const capital = 100_000;
const cleanup = closedAfterEach<OrderHarness>();

async function setUp() {
  return cleanup(await orderHarness({ nowMs: stageStartMs }));
}

const promote = async (h: OrderHarness, input: Record<string, unknown>) =>
  (await runTool(promoteStrategy, { strategyId: cycleId, ...input }, h.context)) as Promotion;

const check = (result: Promotion, name: string) => {
  const found = result.checks.find((item) => item.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(result.checks)}`);
  return found;
};

const stageRows = async (h: OrderHarness) =>
  (await h.store.listAudit({ subject: cycleId, limit: 50 })).filter(
    (entry) => entry.action === "strategy.stage",
  );

/** Moves the harness clock to `ms`. */
const setClock = (h: OrderHarness, ms: number) => h.advance(ms - h.now());

/** Bars from a month before the stage to `toMs`, stored; the paper stage began at `stageStartMs`. */
async function atPaperWithBars(h: OrderHarness, toMs: number) {
  await storeCycleStrategy(h.store, "pass");
  const bars = cycleBars(Date.UTC(2024, 1, 1), toMs);
  await h.store.writeBars("1d", [bars]);
  expect(await promote(h, {})).toMatchObject({ promoted: true, to: "paper" });
  expect((await h.store.requestStage(cycleId))?.sinceMs).toBe(stageStartMs);
  return bars;
}

describe("promote_strategy to paper", () => {
  it("refuses without a validator pass and names the verdict it found", async () => {
    const h = await setUp();
    await storeCycleStrategy(h.store);
    const never = await promote(h, {});
    expect(never).toMatchObject({ from: "backtest", to: "paper", promoted: false });
    expect(check(never, "validator")).toMatchObject({ passed: false, actual: "never validated" });

    await h.store.saveValidationReport({ strategyId: cycleId, verdict: "warn", report: {} });
    const warned = await promote(h, { to: "paper" });
    expect(warned.promoted).toBe(false);
    expect(check(warned, "validator")).toMatchObject({ passed: false, actual: "version 1: warn" });

    // The latest report decides: a pass followed by a fail is a fail.
    await h.store.saveValidationReport({ strategyId: cycleId, verdict: "pass", report: {} });
    await h.store.saveValidationReport({ strategyId: cycleId, verdict: "fail", report: {} });
    expect(check(await promote(h, {}), "validator")).toMatchObject({
      passed: false,
      actual: "version 3: fail",
    });

    expect((await h.store.requestStage(cycleId))?.stage).toBe("backtest");
    expect(await stageRows(h)).toEqual([]);
  });

  it("promotes with a pass: the stage is stored with its time and the evidence is audited", async () => {
    const h = await setUp();
    await storeCycleStrategy(h.store, "pass");
    const result = await promote(h, {});
    expect(result).toEqual({
      strategyId: cycleId,
      from: "backtest",
      to: "paper",
      promoted: true,
      checks: [
        {
          name: "validator",
          passed: true,
          required: "the latest validate_strategy verdict is pass",
          actual: "version 1: pass",
        },
      ],
    });
    expect(await h.store.requestStage(cycleId)).toMatchObject({
      stage: "paper",
      sinceMs: stageStartMs,
      updatedBy: "U1",
      evidence: { from: "backtest", capital },
    });
    const rows = await stageRows(h);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: "U1",
      details: { stage: "paper", evidence: { from: "backtest", capital, checks: result.checks } },
    });
    expect(await h.store.verifyAuditLog()).toMatchObject({ ok: true });
  });
});

describe("promote_strategy from paper to small_live", () => {
  it("refuses right after the paper promotion: one session, no fills, no bars to compare", async () => {
    const h = await setUp();
    await storeCycleStrategy(h.store, "pass");
    await promote(h, {});
    setClock(h, stageStartMs + 2 * 3_600_000);
    const result = await promote(h, {});
    expect(result).toMatchObject({ from: "paper", to: "small_live", promoted: false });
    expect(check(result, "validator").passed).toBe(true);
    expect(check(result, "trading state")).toMatchObject({ passed: true, actual: "active" });
    expect(check(result, "sessions")).toMatchObject({
      passed: false,
      required: "at least 20 sessions at paper",
      actual: "1",
    });
    expect(check(result, "trades")).toMatchObject({
      passed: false,
      required: "at least 10 filled orders at paper",
      actual: "0",
    });
    const tracking = check(result, "tracking error");
    expect(tracking.passed).toBe(false);
    expect(tracking.required).toBe("at most 5% a year against the backtest of the same bars");
    // Nothing stored at all: the check says which bars are missing and how to get them.
    expect(tracking.actual).toMatch(/^no 1d bars for AAPL up to 2024-03-04T17:00:00.000Z/);
    expect(tracking.actual).toMatch(/import_bars/);
    expect((await h.store.requestStage(cycleId))?.stage).toBe("paper");
  });

  it("explains a missing comparison when the stored bars end before the stage began", async () => {
    const h = await setUp();
    // Bars up to the day before the paper stage only.
    await atPaperWithBars(h, stageStartMs - 86_400_000);
    setClock(h, twentySessionsLaterMs);
    const result = await promote(h, {});
    expect(result.promoted).toBe(false);
    expect(check(result, "sessions")).toMatchObject({ passed: true, actual: "20" });
    expect(check(result, "tracking error")).toMatchObject({
      passed: false,
      actual:
        "only 0 stored 1d bars since the stage began: fetch recent bars (fetch_bars) to compare with the backtest",
    });
  });

  it("refuses at 19 sessions even when every fill tracks the backtest", async () => {
    const h = await setUp();
    // Friday 2024-03-29 is Good Friday: Thursday 03-28 ends the 19th session (5 + 5 + 5 + 4).
    const nineteenSessionsMs = Date.UTC(2024, 2, 28, 21, 0);
    const bars = await atPaperWithBars(h, nineteenSessionsMs);
    const run = cycleBacktest(bars, capital, stageStartMs, nineteenSessionsMs);
    const fills = mirrorFills(run);
    expect(fills.length).toBeGreaterThanOrEqual(10);
    await recordFilledOrders(h.store, fills, {
      strategyId: cycleId,
      live: false,
      broker: "paper-sim",
    });
    setClock(h, nineteenSessionsMs);
    const result = await promote(h, {});
    expect(result.promoted).toBe(false);
    expect(check(result, "sessions")).toMatchObject({ passed: false, actual: "19" });
    expect(check(result, "trades")).toMatchObject({ passed: true, actual: `${fills.length}` });
    expect(check(result, "tracking error").passed).toBe(true);
  });

  it("promotes after 20 sessions whose paper fills are exactly the backtest's trades", async () => {
    const h = await setUp();
    const bars = await atPaperWithBars(h, twentySessionsLaterMs);
    // The reference: the spec's own backtest over the stage's bars, run here.
    const run = cycleBacktest(bars, capital, stageStartMs, twentySessionsLaterMs);
    const fills = mirrorFills(run);
    expect(fills.length).toBeGreaterThanOrEqual(10);
    await recordFilledOrders(h.store, fills, {
      strategyId: cycleId,
      live: false,
      broker: "paper-sim",
    });
    // Live fills of the same strategy are not paper evidence.
    await recordFilledOrders(h.store, fills.slice(0, 1), {
      strategyId: cycleId,
      live: true,
      broker: "alpaca-live",
    });
    setClock(h, twentySessionsLaterMs);
    // Each fill is on record at the broker's time of the fill, not when its row was written.
    const recorded = await h.store.strategyFills(cycleId, { live: false, sinceMs: stageStartMs });
    expect(recorded.map((fill) => [fill.atMs, fill.quantity, fill.price, fill.fee])).toEqual(
      fills.map((fill) => [
        fill.atMs,
        fill.side === "buy" ? fill.quantity : -fill.quantity,
        fill.price,
        fill.fee,
      ]),
    );

    const result = await promote(h, {});
    expect(result.checks.filter((item) => !item.passed)).toEqual([]);
    expect(result).toMatchObject({ from: "paper", to: "small_live", promoted: true });
    expect(check(result, "sessions").actual).toBe("20");
    expect(check(result, "trades").actual).toBe(`${fills.length}`);
    // Same fills, same marks: no tracking error at all, over every bar of the backtest.
    expect(check(result, "tracking error").actual).toBe(
      `0.00% over ${run.simulation.timestampMs.length} bars`,
    );
    expect(await h.store.requestStage(cycleId)).toMatchObject({
      stage: "small_live",
      sinceMs: twentySessionsLaterMs,
      evidence: { from: "paper", capital },
    });
    expect((await stageRows(h)).map((row) => (row.details as { stage: string }).stage)).toEqual([
      "small_live",
      "paper",
    ]);
  });

  it("refuses when the paper fills were twice the backtest's size, with the tracking error", async () => {
    const h = await setUp();
    const bars = await atPaperWithBars(h, twentySessionsLaterMs);
    const run = cycleBacktest(bars, capital, stageStartMs, twentySessionsLaterMs);
    await recordFilledOrders(h.store, mirrorFills(run, 2), {
      strategyId: cycleId,
      live: false,
      broker: "paper-sim",
    });
    setClock(h, twentySessionsLaterMs);

    // By hand: every cash flow and position doubles, so the paper equity is 2E - C where E is
    // the backtest's equity and C the capital. Tracking error is the annualized (252 sessions)
    // sample standard deviation of the daily return differences.
    const expected = run.simulation.equity;
    const actual = expected.map((value) => 2 * value - capital);
    const differences: number[] = [];
    for (let i = 1; i < expected.length; i++)
      differences.push(actual[i]! / actual[i - 1]! - expected[i]! / expected[i - 1]!);
    const mean = differences.reduce((sum, value) => sum + value, 0) / differences.length;
    const variance =
      differences.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (differences.length - 1);
    const trackingError = Math.sqrt(variance * 252);
    expect(trackingError).toBeGreaterThan(0.05);

    const result = await promote(h, {});
    expect(result.promoted).toBe(false);
    expect(check(result, "sessions").passed).toBe(true);
    expect(check(result, "trades").passed).toBe(true);
    expect(check(result, "tracking error")).toMatchObject({
      passed: false,
      actual: `${(trackingError * 100).toFixed(2)}% over ${expected.length} bars`,
    });
    expect((await h.store.requestStage(cycleId))?.stage).toBe("paper");
  });

  it("refuses while the strategy is reducing or halted, naming why", async () => {
    const h = await setUp();
    const bars = await atPaperWithBars(h, twentySessionsLaterMs);
    const run = cycleBacktest(bars, capital, stageStartMs, twentySessionsLaterMs);
    await recordFilledOrders(h.store, mirrorFills(run), {
      strategyId: cycleId,
      live: false,
      broker: "paper-sim",
    });
    setClock(h, twentySessionsLaterMs);
    await h.store.setControls(
      `strategy:${cycleId}`,
      { state: "halted", reason: "reconciliation mismatch" },
      "U1",
    );
    const result = await promote(h, {});
    expect(result.promoted).toBe(false);
    expect(result.checks.filter((item) => !item.passed).map((item) => item.name)).toEqual([
      "trading state",
    ]);
    expect(check(result, "trading state").actual).toBe("halted: reconciliation mismatch");
  });
});

describe("promote_strategy backwards, sideways and astray", () => {
  it("demotes without checks, even with no validator pass and trading halted", async () => {
    const h = await setUp();
    await storeCycleStrategy(h.store, "fail");
    await h.store.setStage(cycleId, "full_live", { capital }, "U1", stageStartMs);
    await h.store.setControls(`strategy:${cycleId}`, { state: "halted", reason: "drift" }, "U1");
    setClock(h, stageStartMs + 3_600_000);
    expect(await promote(h, { to: "small_live" })).toEqual({
      strategyId: cycleId,
      from: "full_live",
      to: "small_live",
      promoted: true,
      checks: [],
    });
    // Back more than one stage at once is allowed too.
    expect(await promote(h, { to: "backtest" })).toMatchObject({
      from: "small_live",
      to: "backtest",
      promoted: true,
    });
    expect(await h.store.requestStage(cycleId)).toMatchObject({
      stage: "backtest",
      sinceMs: stageStartMs + 3_600_000,
    });
    expect((await stageRows(h)).map((row) => (row.details as { stage: string }).stage)).toEqual([
      "backtest",
      "small_live",
      "full_live",
    ]);
  });

  it("refuses to skip a stage, to stay put, or to go past the last, with a clear error", async () => {
    const h = await setUp();
    await storeCycleStrategy(h.store, "pass");
    const skip = await promote(h, { to: "small_live" }).catch((error: unknown) => error);
    expect(skip).toBeInstanceOf(AlphadeskError);
    expect(skip).toMatchObject({
      code: "invalid_input",
      message: "one stage at a time: from backtest the next is paper, not small_live",
      issues: [{ path: ["to"], message: "skips a stage" }],
    });
    await expect(promote(h, { to: "backtest" })).rejects.toMatchObject({
      code: "invalid_input",
      message: "the strategy is already at backtest",
    });
    await h.store.setStage(cycleId, "full_live", { capital }, "U1", stageStartMs);
    await expect(promote(h, {})).rejects.toMatchObject({
      code: "invalid_input",
      message: "the strategy is already at full_live, the last stage",
    });
    expect((await h.store.requestStage(cycleId))?.stage).toBe("full_live");
  });

  it("answers not_found for a strategy that was never stored", async () => {
    const h = await setUp();
    const unknown = "cd".repeat(32);
    await expect(promote(h, { strategyId: unknown })).rejects.toMatchObject({
      code: "not_found",
      message: `no stored strategy ${unknown}: backtest_strategy stores it`,
    });
    // Not a strategy id at all: the schema says what one looks like.
    await expect(promote(h, { strategyId: "momentum" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
