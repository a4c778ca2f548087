import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedMarket } from "../../engine/scanner/planted-market.ts";
import { runBacktest } from "../../engine/strategy/backtest.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { backtestStrategy } from "../backtest/backtest-strategy.ts";
import { runTool } from "../run-tool.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { InProcessQueue } from "../adapters/queue/in-process.ts";
import { optimizeStrategy, type OptimizeResult } from "./optimize-strategy.ts";
import { optimizeTrialsJob, optimizeTrialsJobName, type TrialsJobData } from "./trial-jobs.ts";

const market = plantedMarket({
  symbols: 12,
  bars: 1000,
  seed: 3,
  sectors: 2,
  momentum: 2,
  reversal: 2,
  pairs: 1,
  weekday: 2,
});
const symbol = market.bars[0]!.symbol;

const crossover = {
  name: "SMA crossover",
  universe: [symbol],
  params: { fast: { int: [5, 20], step: 5 }, slow: { int: [30, 60], step: 10 } },
  entry: {
    crossAbove: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  exit: {
    crossBelow: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  costs: { feeBps: 1, slippageBps: 1 },
};

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
}, 60_000);
afterAll(async () => {
  await store.close();
});

const optimize = (input: object, context = testContext(store)) =>
  runTool(optimizeStrategy, input, context) as Promise<OptimizeResult>;

describe("optimize_strategy", () => {
  it("searches a space the budget covers whole by default, each point once; a larger one by TPE", async () => {
    // 4 fast x 4 slow = 16 combinations within 100 trials: the grid, never a repeat.
    const whole = await optimize({ spec: crossover, prune: false });
    expect(whole).toMatchObject({ sampler: "grid", trialsRun: 16 });
    // Fewer trials than combinations: a sampler chooses which to try.
    const sampled = await optimize({ spec: crossover, trials: 10, prune: false });
    expect(sampled).toMatchObject({ sampler: "tpe", trialsRun: 10 });
  });

  it("finds by grid the parameters a direct backtest of every combination ranks best", async () => {
    const result = await optimize({ spec: crossover, sampler: "grid", trials: 100, prune: false });
    expect(result.trialsRun).toBe(16);
    // The independent answer: every combination backtested directly with the engine.
    let best = { sharpe: -Infinity, fast: 0, slow: 0 };
    for (const fast of [5, 10, 15, 20])
      for (const slow of [30, 40, 50, 60]) {
        const { params: _free, ...fixed } = crossover;
        const spec = parseStrategySpec({
          ...fixed,
          entry: { crossAbove: [{ sma: { period: fast } }, { sma: { period: slow } }] },
          exit: { crossBelow: [{ sma: { period: fast } }, { sma: { period: slow } }] },
        });
        const { sharpe } = runBacktest(spec, [market.bars[0]!], {
          initialCash: 100_000,
          startMs: null,
          endMs: null,
        }).metrics;
        if (sharpe !== null && sharpe > best.sharpe) best = { sharpe, fast, slow };
      }
    expect(result.best.params).toEqual({ fast: best.fast, slow: best.slow });
    expect(result.best.objective).toBeCloseTo(best.sharpe, 12);
    expect(result.best.spec.entry).toEqual({
      crossAbove: [{ sma: { period: best.fast } }, { sma: { period: best.slow } }],
    });
    expect(result.top[0]!.value).toBe(result.best.objective);
    // The best is stored, named for its values, as the strategy a backtest of that spec finds.
    const bestName = `SMA crossover (fast ${best.fast}, slow ${best.slow})`;
    expect(result.best.spec.name).toBe(bestName);
    expect((await store.requestStrategy(result.best.strategyId))?.name).toBe(bestName);
    const backtest = (await runTool(
      backtestStrategy,
      {
        spec: {
          name: bestName,
          universe: [symbol],
          entry: {
            crossAbove: [{ sma: { period: best.fast } }, { sma: { period: best.slow } }],
          },
          exit: { crossBelow: [{ sma: { period: best.fast } }, { sma: { period: best.slow } }] },
          costs: { feeBps: 1, slippageBps: 1 },
        },
      },
      testContext(store),
    )) as { strategyId: string };
    expect(result.best.strategyId).toBe(backtest.strategyId);
  });

  it("returns a finished optimization at once when asked again", async () => {
    const input = { spec: crossover, sampler: "grid", prune: false };
    const first = await optimize(input);
    const context = testContext(store);
    const again = await optimize(input, context);
    // Every trial counts as stored: nothing ran again.
    expect(again).toEqual({ ...first, resumed: first.trialsRun });
    expect(context.reports.some(([, message]) => message?.includes("trial"))).toBe(false);
  });

  it("resumes an interrupted run from its stored trials, ending as an uninterrupted one", async () => {
    const input = {
      spec: { ...crossover, params: { fast: { int: [3, 30] }, slow: { int: [31, 120] } } },
      sampler: "tpe",
      trials: 40,
      seed: 9,
    };
    const controller = new AbortController();
    const context = { ...testContext(store), signal: controller.signal };
    const progress = context.progress;
    context.progress = (fraction, message) => {
      progress(fraction, message);
      if (message?.includes("trial 13/")) controller.abort();
    };
    await expect(optimize(input, context)).rejects.toMatchObject({ code: "cancelled" });
    const resumed = await optimize(input);
    expect(resumed.resumed).toBeGreaterThanOrEqual(13);
    expect(resumed.trialsRun).toBe(40);
    const fresh = await createTestStore();
    await fresh.writeBars("1d", market.bars);
    const uninterrupted = (await runTool(
      optimizeStrategy,
      input,
      testContext(fresh),
    )) as OptimizeResult;
    await fresh.close();
    expect(resumed.best).toEqual(uninterrupted.best);
    expect(resumed.top).toEqual(uninterrupted.top);
  });

  it("prunes trials whose first half trails the median of completed ones", async () => {
    const result = await optimize({
      spec: { ...crossover, params: { fast: { int: [2, 40] }, slow: { int: [41, 200] } } },
      sampler: "random",
      trials: 60,
    });
    expect(result.pruned).toBeGreaterThan(5);
    expect(result.pruned + result.failed).toBeLessThan(60);
    // The chart's surface: every trial that did not fail, a pruned one without a value, each
    // scored one as the stored trials hold it.
    const trials = await store.listTrials(result.id, "main");
    const kept = trials.filter((trial) => trial.state !== "failed");
    expect(result.surface).toEqual(
      kept.map((trial) => ({
        params: trial.params,
        value: trial.state === "complete" ? trial.value : null,
      })),
    );
    expect(result.surface!.filter((trial) => trial.value === null)).toHaveLength(result.pruned);
    expect(Math.max(...result.surface!.map((trial) => trial.value ?? -Infinity))).toBe(
      result.best.objective,
    );
  });

  it("walks forward: each window optimized on its own, test periods chained out of sample", async () => {
    const result = await optimize({
      spec: crossover,
      sampler: "grid",
      prune: false,
      walkForward: { mode: "anchored", windows: 3, trialsPerWindow: 16 },
    });
    const walk = result.walkForward!;
    expect(walk.windows).toHaveLength(3);
    for (const [k, window] of walk.windows.entries()) {
      expect(window.train.start).toBe(walk.windows[0]!.train.start);
      if (k > 0) expect(window.test.start > walk.windows[k - 1]!.test.end).toBe(true);
      // The window's choice is the best of its own stored trials.
      const trials = await store.listTrials(result.id, `walk-forward:${k}`);
      const best = trials.reduce((a, b) =>
        (b.value ?? -Infinity) > (a.value ?? -Infinity) ? b : a,
      );
      expect(window.params).toEqual(best.params);
    }
    // Chained by hand: each test period's return compounds on the previous ones.
    const chained =
      walk.windows.reduce((value, w) => value * (1 + w.outOfSample.totalReturn), 1) - 1;
    expect(walk.outOfSampleReturn).toBeCloseTo(chained, 10);
    expect(walk.stitchedEquity.at(-1)!.value / 100_000 - 1).toBeCloseTo(chained, 10);
    expect(Object.keys(walk.drift).sort()).toEqual(["fast", "slow"]);
  });

  it("climbs the complexity ladder and names where complexity stops paying", async () => {
    const result = await optimize({
      spec: crossover,
      sampler: "random",
      trials: 8,
      ladder: { trialsPerLevel: 6 },
    });
    const { levels, chosen } = result.ladder!;
    expect(levels.length).toBeGreaterThanOrEqual(10);
    const scores = levels.map((level) => level.complexity.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(new Set(scores).size).toBe(scores.length);
    const outOfSample = levels.flatMap((level) =>
      level.outOfSample === null ? [] : [level.outOfSample],
    );
    const bestOut = Math.max(...outOfSample);
    const picked = levels.find((level) => level.level === chosen.level)!;
    expect(picked.outOfSample!).toBeGreaterThanOrEqual(bestOut - 0.1 * Math.abs(bestOut) - 1e-12);
    // Nothing simpler would have done as well.
    for (const level of levels)
      if (level.complexity.score < picked.complexity.score && level.outOfSample !== null)
        expect(level.outOfSample).toBeLessThan(bestOut - 0.1 * Math.abs(bestOut));
    expect(chosen.reason).toContain(`level ${chosen.level}`);
  });

  it("runs trials in batches on the workers when there are some, finding what one process finds", async () => {
    const queue = new InProcessQueue();
    const batches: number[] = [];
    const run = optimizeTrialsJob(store);
    queue.handle<TrialsJobData, unknown>(optimizeTrialsJobName, (data, job) => {
      batches.push(data.params.length);
      return run(data, job);
    });
    await queue.start();
    const input = { spec: crossover, sampler: "grid", prune: false, seed: 77 };
    const fanned = await optimize(input, { ...testContext(store), fanOut: queue });
    await queue.close();
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(16);
    // Another seed makes another request (a grid ignores it), run in this process alone.
    const alone = await optimize({ ...input, seed: 78 });
    expect(fanned.best).toEqual(alone.best);
    expect(fanned.top).toEqual(alone.top);
  });

  it("says why trials failed, and refuses a search none of whose trials completed", async () => {
    // RSI never falls below 0: that level never trades, so it has no Sharpe ratio.
    const dips = {
      name: "RSI below {level}",
      universe: [symbol],
      params: { level: { int: [0, 40], step: 40 } },
      entry: { lt: [{ rsi: { period: 14 } }, { param: "level" }] },
      exit: { gt: [{ rsi: { period: 14 } }, 60] },
    };
    const result = await optimize({ spec: dips, prune: false });
    expect(result).toMatchObject({
      sampler: "grid",
      trialsRun: 2,
      failed: 1,
      failures: [{ reason: "made no trades, so the objective is undefined", trials: 1 }],
      best: { params: { level: 40 }, spec: { name: "RSI below 40" } },
    });
    await expect(
      optimize({ spec: { ...dips, params: { level: { int: [0, 0] } } }, prune: false }),
    ).rejects.toMatchObject({
      code: "no_result",
      message: "none of the 1 trials completed: 1 made no trades, so the objective is undefined",
    });
  });

  it("refuses templates that cannot be bound, naming the problem", async () => {
    await expect(
      optimize({ spec: crossover, end: "2019-02-01", walkForward: { windows: 30 }, trials: 2 }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("walkForward"),
    });
    await expect(
      optimize({ spec: { ...crossover, params: { fast: { int: [5, 20] } } } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("does not declare slow"),
    });
    await expect(
      optimize({
        spec: { ...crossover, params: { fast: { int: [0, 20] }, slow: { int: [30, 60] } } },
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/parameters at their low ends .*"fast":0/),
    });
    await expect(
      optimize({
        spec: { ...crossover, params: { fast: { int: [20, 5] }, slow: { int: [30, 60] } } },
      }),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("fast") });
    await expect(optimize({ spec: crossover, sampler: "annealing" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("sampler"),
    });
  });
});
