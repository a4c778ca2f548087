import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complexityLadder, type SpecTemplate } from "../../engine/optimizer/index.ts";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { backtestStrategy } from "../../tools/backtest/backtest-strategy.ts";
import { chartsForResult } from "../../tools/charts/charts-for-result.ts";
import type { TimeChartSpec } from "../../tools/ports/chart-renderer.ts";
import type { Store } from "../../tools/ports/store.ts";
import { runTool } from "../../tools/run-tool.ts";
import { parseStrategySpec, strategyId } from "../../tools/strategy/spec-schema.ts";
import { bindTemplate } from "../../tools/strategy/template-schema.ts";
import { readWinRate } from "./metric-readings.ts";
import { performanceContext } from "./performance-context.ts";

interface Column {
  key: string;
  name: string;
  metrics: Record<string, number | string | null> & { totalReturn: number };
  readings: string[];
  equity: { time: string; value: number }[];
}
interface Result {
  strategyId: string;
  period: { start: string; end: string };
  strategy: Column;
  benchmarks: Record<string, Column | undefined>;
  unavailable: { name: string; reason: string }[];
  comparisons: string[];
  market: { symbol: string; beta: number; correlation: number; returns: number } | null;
  regimes: {
    reference: string;
    splits: { regime: string; results: { key: string; days: number }[]; reading: string }[];
  };
  complexity: {
    available: boolean;
    summary: string;
    strategyLevel?: number;
    chosenLevel?: number;
    paid?: boolean;
  };
  notes: string[];
}

const market = generateMarket({ symbols: ["GOOG", "SPY", "QQQ"], years: 4, seed: 7 });
const [goog, spy, qqq] = market.bars as [
  (typeof market.bars)[0],
  (typeof market.bars)[0],
  (typeof market.bars)[0],
];
const iso = (ms: number) => new Date(ms).toISOString();

const spec = {
  name: "SMA 20/50 crossover",
  universe: ["GOOG"],
  entry: { crossAbove: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
  exit: { crossBelow: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
};
const start = iso(goog.timestampMs[300]!);
const end = iso(goog.timestampMs[800]!);

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", [goog, spy]);
});
afterAll(async () => {
  await store.close();
});

const run = async (input: unknown, on: Store = store) =>
  (await runTool(performanceContext, input, testContext(on))) as Result;

describe("performance_context", () => {
  it("puts the strategy beside buy and hold, SPY and the SMA trend, with numbers checked by hand", async () => {
    const result = await run({ spec, start, end });
    expect(result.period).toEqual({ start, end });
    expect(Object.keys(result.benchmarks)).toEqual(["buyAndHold", "spy", "smaTrend"]);
    // Buy and hold: the signal on the first bar of the period, bar 300, fills at bar 301's open
    // with all the cash (no costs), and is marked at the last bar's close.
    const byHand = (bars: typeof goog) => bars.close[800]! / bars.open[301]! - 1;
    expect(result.benchmarks.buyAndHold!.metrics.totalReturn).toBeCloseTo(byHand(goog), 12);
    expect(result.benchmarks.spy!.metrics.totalReturn).toBeCloseTo(byHand(spy), 12);
    // The strategy's own numbers are backtest_strategy's.
    const backtest = (await runTool(
      backtestStrategy,
      { spec, start, end },
      testContext(store),
    )) as {
      metrics: Record<string, unknown>;
      benchmarks: { sma50_200: { metrics: Record<string, unknown> } };
    };
    expect(result.strategy.metrics).toEqual(backtest.metrics);
    expect(result.benchmarks.smaTrend!.metrics).toEqual(backtest.benchmarks.sma50_200.metrics);
    expect(result.strategyId).toBe(strategyId(parseStrategySpec(spec)));
  });

  it("measures how the strategy moves with SPY: holding SPY itself moves one for one", async () => {
    const holdSpy = { name: "Hold SPY", universe: ["SPY"], entry: true };
    const held = await run({ spec: holdSpy, start, end });
    // Fully invested from bar 301's open: every daily return from then on is SPY's own (no
    // costs), so beta and correlation are 1 over the 499 returns after the first invested day;
    // the flat day before (and the fill day's open-to-close) pull them a hair off.
    expect(held.market).toMatchObject({ symbol: "SPY", returns: 500 });
    expect(held.market!.beta).toBeCloseTo(1, 2);
    expect(held.market!.correlation).toBeCloseTo(1, 2);
    // The crossover trades GOOG, a different synthetic name: far from one for one.
    const crossover = await run({ spec, start, end });
    expect(Math.abs(crossover.market!.correlation)).toBeLessThan(0.5);
  });

  it("says plainly when QQQ is not stored, and compares it when it is", async () => {
    const result = await run({ spec, start, end });
    expect(result.benchmarks.qqq).toBeUndefined();
    expect(result.unavailable).toEqual([
      {
        name: "Buy and hold QQQ",
        reason:
          "QQQ is not compared: no 1d QQQ bars are stored for this period (import them with import_bars to add it)",
      },
    ]);
    const withQqq = await createTestStore();
    await withQqq.writeBars("1d", [goog, spy, qqq]);
    const full = await run({ spec, start, end }, withQqq);
    expect(full.unavailable).toEqual([]);
    expect(full.benchmarks.qqq!.metrics.totalReturn).toBeCloseTo(
      qqq.close[800]! / qqq.open[301]! - 1,
      12,
    );
    await withQqq.close();
  });

  it("gives each number a one-line meaning that follows it, and compares in words", async () => {
    const result = await run({ spec, start, end });
    const { metrics, readings } = result.strategy;
    expect(readings).toHaveLength(10);
    expect(readings).toContain(readWinRate(metrics.winRate as number | null));
    const total = metrics.totalReturn;
    expect(readings[0]).toContain(total > 0 ? "made money" : "lost money");
    const own = result.strategy.metrics.totalReturn;
    const other = result.benchmarks.buyAndHold!.metrics.totalReturn;
    expect(result.comparisons[0]).toContain(
      `${Math.abs((own - other) * 100).toFixed(1)} percentage points ${own > other ? "ahead" : "behind"}`,
    );
    expect(result.comparisons[0]).toMatch(/^Against buy and hold \(equal weight\): total return/);
  });

  it("splits the results by SPY's regime, each regime for every column", async () => {
    const result = await run({ spec, start, end });
    expect(result.regimes.reference).toBe("SPY");
    expect(result.regimes.splits.map((split) => split.regime)).toEqual([
      "bull",
      "bear",
      "highVolatility",
      "lowVolatility",
    ]);
    const days = (regime: string) =>
      result.regimes.splits.find((split) => split.regime === regime)!.results[0]!.days;
    // The period's 501 bars give 500 daily returns; the 200-bar average exists for all of them.
    expect(days("bull") + days("bear")).toBe(500);
    expect(days("highVolatility") + days("lowVolatility")).toBe(500);
    for (const split of result.regimes.splits)
      expect(split.results.map((entry) => entry.key)).toEqual([
        "strategy",
        "buyAndHold",
        "spy",
        "smaTrend",
      ]);
  });

  it("charts equity against the benchmarks", async () => {
    const result = await run({ spec, start, end });
    const [equity, drawdown] = chartsForResult("performance_context", result) as TimeChartSpec[];
    expect(equity!.series.map((series) => series.name)).toEqual([
      "Strategy",
      "Buy and hold (equal weight)",
      "Buy and hold SPY",
      "SMA 50/200 trend (equal weight)",
    ]);
    expect(equity!.title).toBe(
      `Equity against benchmarks, ${start.slice(0, 10)} to ${end.slice(0, 10)}`,
    );
    expect(equity!.series[0]!.points.at(-1)!.value).toBe(result.strategy.metrics.finalEquity);
    expect(drawdown!.yAxisLabel).toBe("Drawdown (%)");
  });

  it("gives a brief without the curves", async () => {
    const result = await run({ spec, start, end });
    const brief = performanceContext.brief!.output.parse(
      performanceContext.brief!.from(result as never),
    );
    expect(JSON.stringify(brief)).not.toContain('"equity"');
    expect(brief).toMatchObject({ strategyId: result.strategyId, comparisons: result.comparisons });
  });

  it("says whether added complexity paid, from the stored ladder, or that there is none", async () => {
    const none = await run({ spec, start, end });
    expect(none.complexity).toEqual({
      available: false,
      summary:
        "No complexity ladder is stored for this strategy, so whether added rules pay is not measured: run optimize_strategy on its template with `ladder` to find out.",
    });

    const template: SpecTemplate = {
      ...spec,
      name: "SMA cross template",
      params: { fast: { int: [10, 30], step: 5 } },
      entry: { crossAbove: [{ sma: { period: { param: "fast" } } }, { sma: { period: 50 } }] },
      exit: undefined,
    };
    delete template.exit;
    const levels = complexityLadder(template);
    const levelSpec = bindTemplate(levels[2]!.template, { fast: 20, trendPeriod: 200 });
    const ladderStore = await createTestStore();
    await ladderStore.writeBars("1d", [goog, spy]);
    const { optimization } = await ladderStore.openOptimization({
      key: "k",
      template,
      settings: {},
    });
    await ladderStore.finishOptimization(optimization.id, "completed", {
      best: { spec: bindTemplate(template, { fast: 20 }), params: { fast: 20 } },
      ladder: {
        levels: levels.slice(0, 3).map((level, index) => ({
          level: level.level,
          name: level.name,
          added: level.added,
          complexity: level.complexity,
          interpretability: level.interpretability,
          params: index === 2 ? { fast: 20, trendPeriod: 200 } : { fast: 20 },
          inSample: [0.5, 0.8, 1.1][index],
          outOfSample: [0.6, 0.62, 0.3][index],
        })),
        chosen: {
          level: 0,
          reason:
            "level 0 is the simplest within 0.062 (10% of the best) of the best, 0.62 at level 1",
        },
      },
    });
    const base = await run({ spec: bindTemplate(template, { fast: 20 }), start, end }, ladderStore);
    expect(base.complexity).toMatchObject({
      available: true,
      strategyLevel: 0,
      chosenLevel: 0,
      paid: false,
    });
    expect(base.complexity.summary).toBe(
      "Added complexity did not pay: of the 3 levels of the optimizer's complexity ladder, none beat the base strategy out of sample by enough to justify its extra rules. This strategy has the rules of level 0, the level the ladder picks. The ladder's reasoning: level 0 is the simplest within 0.062 (10% of the best) of the best, 0.62 at level 1.",
    );
    const complex = await run({ spec: levelSpec, start, end }, ladderStore);
    expect(complex.complexity).toMatchObject({ strategyLevel: 2, chosenLevel: 0 });
    expect(complex.complexity.summary).toContain(
      "This strategy has the rules of level 2: more complexity than pays out of sample.",
    );
    expect((await run({ spec, start, end }, ladderStore)).complexity.available).toBe(false);
    await ladderStore.close();
  });
});

describe("performance_context refuses bad input, naming the field", () => {
  const refusal = async (input: unknown) => {
    const error = await run(input).then(
      () => undefined,
      (caught: unknown) =>
        caught as { code: string; message: string; issues?: { path: unknown[] }[] },
    );
    expect(error).toBeDefined();
    return error!;
  };

  it("wants exactly one of spec and strategyId", async () => {
    const both = await refusal({ spec, strategyId: "a".repeat(64) });
    expect(both).toMatchObject({ code: "invalid_input", issues: [{ path: ["spec"] }] });
    expect(both.message).toContain("give exactly one of `spec` or `strategyId`");
    expect(await refusal({ start })).toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["spec"] }],
    });
    expect(await refusal({ strategyId: "not-an-id" })).toMatchObject({
      issues: [{ path: ["strategyId"] }],
    });
  });

  it("names an unknown strategy id", async () => {
    const unknown = await refusal({ strategyId: "b".repeat(64) });
    expect(unknown.code).toBe("not_found");
    expect(unknown.message).toContain(`\`strategyId\`: no stored strategy ${"b".repeat(64)}`);
  });

  it("names bad dates, a start after the end, and a period without bars", async () => {
    expect(await refusal({ spec, start: "2024-13-01" })).toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["start"] }],
    });
    const reversed = await refusal({ spec, start: end, end: start });
    expect(reversed).toMatchObject({ issues: [{ path: ["start"] }] });
    expect(reversed.message).toContain("`start` must not be after `end`");
    const empty = await refusal({ spec, start: "2090-01-01" });
    expect(empty).toMatchObject({ code: "invalid_input", issues: [{ path: ["start"] }] });
    const [first, last] = [goog.timestampMs[0]!, goog.timestampMs.at(-1)!].map((ms) =>
      new Date(ms).toISOString().slice(0, 10),
    );
    expect(empty.message).toBe(
      `no 1d bars of GOOG from 2090-01-01 to the last bar: the stored ones run from ${first} to ${last}`,
    );
  });

  it("reads a stored strategy by its id", async () => {
    const id = strategyId(parseStrategySpec(spec));
    await store.saveStrategy({ id, name: spec.name, spec: parseStrategySpec(spec) });
    const byId = await run({ strategyId: id, start, end });
    const bySpec = await run({ spec, start, end });
    expect(byId).toEqual(bySpec);
  });
});
