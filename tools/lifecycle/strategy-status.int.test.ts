import { afterEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import {
  cycleBacktest,
  cycleBars,
  cycleId,
  cycleSpec,
  mirrorFills,
  recordFilledOrders,
  stageStartMs,
  storeCycleStrategy,
  twentySessionsLaterMs,
} from "../../test/support/stage-fixtures.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { parseStrategySpec, strategyId } from "../strategy/spec-schema.ts";
import { AlphadeskError } from "../errors.ts";
import { describeResult } from "../replies/describe-result.ts";
import { figure } from "../replies/format.ts";
import { describeStrategyStatus } from "../replies/lifecycle.ts";
import { runTool } from "../run-tool.ts";
import { strategyStatus } from "./strategy-status.ts";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe("strategy_status", () => {
  it("shows a live strategy's stage, days, trades and P&L, equal to its backtest when its fills mirror it", async () => {
    store = await createTestStore();
    await storeCycleStrategy(store, "pass");
    await store.setStage(cycleId, "full_live", { capital: 100_000 }, "U1", stageStartMs);
    const bars = cycleBars(Date.UTC(2024, 1, 1), twentySessionsLaterMs);
    await store.writeBars("1d", [bars]);
    const run = cycleBacktest(bars, 100_000, stageStartMs, twentySessionsLaterMs);
    const fills = mirrorFills(run);
    await recordFilledOrders(store, fills, { strategyId: cycleId, live: true, broker: "alpaca" });
    await store.setControls(`strategy:${cycleId}`, { state: "reducing", reason: "test" }, "U1");

    const context = { ...testContext(store), clock: { nowMs: () => twentySessionsLaterMs } };
    const status = (await runTool(strategyStatus, {}, context)) as {
      strategies: Record<string, unknown>[];
    };
    // The backtest of the same bars, run here, is what the mirrored fills must have earned.
    const equity = run.simulation.equity;
    expect(status.strategies).toHaveLength(1);
    expect(status.strategies[0]).toMatchObject({
      strategyId: cycleId,
      stage: "full_live",
      daysInStage: 28,
      state: "reducing",
      stateReason: "test",
      trades: fills.length,
      capital: 100_000,
    });
    expect(status.strategies[0]!.pnl as number).toBeCloseTo(
      equity[equity.length - 1]! - 100_000,
      6,
    );
    expect(status.strategies[0]!.gapToBacktest as number).toBeCloseTo(0, 9);
    expect(status.strategies[0]!.correlationToPortfolio).toBeNull(); // nothing to compare with
    // What the fills hold is the backtest's open position: each closed trade's buy and sell net out.
    expect(status.strategies[0]!.holdings).toEqual(
      run.simulation.openPositions.map((open) => ({ symbol: "AAPL", quantity: open.quantity })),
    );
    expect(run.simulation.openPositions).toHaveLength(1);
    expect(describeResult("strategy_status", status)).toContain(
      `; holds ${figure(run.simulation.openPositions[0]!.quantity)} AAPL`,
    );
    expect(
      ((await runTool(strategyStatus, { stage: "paper" }, context)) as { strategies: unknown[] })
        .strategies,
    ).toEqual([]);
  });

  it("correlates each strategy's daily returns with the rest of the portfolio", async () => {
    store = await createTestStore();
    await storeCycleStrategy(store, "pass");
    // The same rules under another name: its own id, its own (paper) fills, the same returns.
    const twin = parseStrategySpec({ ...cycleSpec, name: "Three-bar cycle twin" });
    await store.saveStrategy({ id: strategyId(twin), name: twin.name, spec: twin });
    await store.setStage(cycleId, "full_live", { capital: 100_000 }, "U1", stageStartMs);
    await store.setStage(strategyId(twin), "paper", { capital: 100_000 }, "U1", stageStartMs);
    const bars = cycleBars(Date.UTC(2024, 1, 1), twentySessionsLaterMs);
    await store.writeBars("1d", [bars]);
    const fills = mirrorFills(cycleBacktest(bars, 100_000, stageStartMs, twentySessionsLaterMs));
    await recordFilledOrders(store, fills, { strategyId: cycleId, live: true, broker: "alpaca" });
    await recordFilledOrders(store, fills, {
      strategyId: strategyId(twin),
      live: false,
      broker: "paper-sim",
    });

    const context = { ...testContext(store), clock: { nowMs: () => twentySessionsLaterMs } };
    const { strategies } = (await runTool(strategyStatus, {}, context)) as {
      strategies: { correlationToPortfolio: number | null }[];
    };
    // Identical return streams: by definition a correlation of exactly 1.
    expect(strategies).toHaveLength(2);
    for (const row of strategies) expect(row.correlationToPortfolio).toBeCloseTo(1, 9);

    // One strategy asked for: its row alone, still correlated with the one left out.
    const one = (await runTool(strategyStatus, { strategyId: strategyId(twin) }, context)) as {
      strategies: { strategyId: string; stage: string; correlationToPortfolio: number | null }[];
      notPromoted?: unknown;
    };
    expect(one.strategies.map((row) => [row.strategyId, row.stage])).toEqual([
      [strategyId(twin), "paper"],
    ]);
    expect(one.strategies[0]!.correlationToPortfolio).toBeCloseTo(1, 9);
    expect(one.notPromoted).toBeUndefined();
  });

  it("says a strategy asked for is still at backtest, and names what is wrong with bad input", async () => {
    store = await createTestStore();
    await storeCycleStrategy(store, "pass");
    const context = testContext(store);
    const status = (await runTool(strategyStatus, { strategyId: cycleId }, context)) as Parameters<
      typeof describeStrategyStatus
    >[0];
    expect(status.strategies).toEqual([]);
    expect(status.notPromoted).toEqual({ strategyId: cycleId, name: cycleSpec.name });
    expect(describeStrategyStatus(status)).toBe(
      `${cycleSpec.name} (${cycleId.slice(0, 12)}…) is still at backtest: it trades nowhere yet, so it has no fills or P&L. Promote it to paper ("paper trade it") once it passes validation.`,
    );

    const unknown = "f".repeat(64);
    const cases: [unknown, string, string][] = [
      [{ strategyId: "momentum" }, "invalid_input", "64-hex-digit id"],
      [{ stage: "paper", strategyId: cycleId }, "invalid_input", "give stage or strategyId"],
      [{ stage: "live" }, "invalid_input", "stage"],
      [{ strategyId: unknown }, "not_found", `no stored strategy ${unknown}`],
    ];
    for (const [input, code, message] of cases) {
      const error = await runTool(strategyStatus, input, context).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(AlphadeskError);
      expect((error as AlphadeskError).code, JSON.stringify(input)).toBe(code);
      expect((error as AlphadeskError).message, JSON.stringify(input)).toContain(message);
    }
    // Nothing was written by the refusals.
    expect(await store.listStages()).toEqual([]);
  });
});
