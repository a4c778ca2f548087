import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { backtestStrategy, type BacktestResult } from "./backtest-strategy.ts";
import { describeBacktest } from "../replies/backtest.ts";

type Result = BacktestResult;

let store: Store;
const market = generateMarket({ symbols: ["GOOG", "QQQ"], years: 5, seed: 11 });

beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
});
afterAll(() => store.close());

const run = async (input: unknown) =>
  (await runTool(backtestStrategy, input, testContext(store))) as Result;

describe("backtest_strategy with changes: a variant of a stored strategy", () => {
  it("runs what the changed spec written out in full runs, and the original beside it", async () => {
    const original = await run({ spec: issueExampleSpec, start: "2021-06-01" });
    const variant = await run({
      strategyId: original.strategyId,
      changes: { universe: ["QQQ"], stopLoss: { percent: 4 }, costs: { slippageBps: 5 } },
      start: "2021-06-01",
    });
    // The same variant written by hand, as a caller without `changes` would send it.
    const byHand = await run({
      spec: {
        ...issueExampleSpec,
        name: "SMA 20/50 crossover, on QQQ, 4% stop loss, slippage 5 bps",
        universe: ["QQQ"],
        stopLoss: { percent: 4 },
        costs: { feeBps: 1, slippageBps: 5 },
      },
      start: "2021-06-01",
    });
    expect(variant.strategyId).toBe(byHand.strategyId);
    expect(variant.name).toBe(byHand.name);
    expect(variant.metrics).toEqual(byHand.metrics);
    expect(variant.variantOf).toMatchObject({
      strategyId: original.strategyId,
      name: "SMA 20/50 crossover",
      changes: ["on QQQ", "4% stop loss", "slippage 5 bps"],
      metrics: original.metrics,
    });
    // Its curve, thinned for charts, ends where the original's run ended.
    expect(variant.variantOf!.equity.at(-1)).toEqual(original.equity.at(-1));
    expect(describeBacktest(variant)).toContain(
      `Before the changes (on QQQ, 4% stop loss, slippage 5 bps), "SMA 20/50 crossover" over the same period: total return`,
    );
    // The variant is stored: it can be run again by its own id.
    const again = await run({ strategyId: variant.strategyId, start: "2021-06-01" });
    expect(again.metrics).toEqual(variant.metrics);
    expect(again.variantOf).toBeUndefined();
  });

  it("says so when the changes leave the strategy as it was", async () => {
    const original = await run({ spec: issueExampleSpec });
    const same = await run({
      strategyId: original.strategyId,
      changes: { universe: ["GOOG"], side: "long" },
    });
    expect(same.strategyId).toBe(original.strategyId);
    expect(same.variantOf).toBeUndefined();
    expect(same.warnings).toContain(
      'The changes leave "SMA 20/50 crossover" as it was: this is a run of it again.',
    );
  });

  it.each([
    [
      { spec: issueExampleSpec, changes: { side: "short" } },
      /`changes` apply to a stored strategy/,
    ],
    [{ strategyId: "a".repeat(64), changes: {} }, /changes nothing/],
    [{ strategyId: "a".repeat(64), changes: { stopLoss: { percent: 0 } } }, /changes\.stopLoss/],
    [{ strategyId: "a".repeat(64), changes: { universe: [] } }, /changes\.universe/],
    [{ strategyId: "a".repeat(64), changes: { colour: "red" } }, /changes/],
  ])("refuses bad changes, naming them (%#)", async (input, problem) => {
    await expect(run(input)).rejects.toMatchObject({ code: "invalid_input", message: problem });
  });

  it("refuses changes to a strategy that is not stored", async () => {
    await expect(
      run({ strategyId: "b".repeat(64), changes: { side: "short" } }),
    ).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/^no strategy b{64}/),
    });
  });
});
