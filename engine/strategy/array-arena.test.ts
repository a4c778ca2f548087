import { describe, expect, it } from "vitest";
import { sliceBars } from "../bars.ts";
import { generateMarket } from "../synthetic/index.ts";
import type { BarSeries } from "../types.ts";
import { ArrayArena } from "./array-arena.ts";
import { runBacktest } from "./backtest.ts";
import { ExpressionEvaluator } from "./expressions.ts";
import type { NumericExpression, Rule, StrategySpec } from "./spec.ts";

const market = generateMarket({ symbols: ["AAA", "BBB", "CCC"], years: 3, seed: 5 }).bars;
const options = { initialCash: 100_000, startMs: null, endMs: null };

const first = (symbol: string, length: number): BarSeries =>
  sliceBars(
    market.find((series) => series.symbol === symbol)!,
    0,
    length,
  );

function spec(symbol: string, entry: Rule, exit?: Rule, filters: Rule[] = []): StrategySpec {
  return {
    name: "recycled",
    universe: [symbol],
    timeframe: "1d",
    side: "long",
    entry,
    exit,
    filters,
    sizing: { fractionOfEquity: 1 },
    costs: { feeBps: 1, slippageBps: 2 },
  };
}

const sma = (period: number): NumericExpression => ({ sma: { period } });
const ema = (period: number): NumericExpression => ({ ema: { period } });
const histogram = { macd: { fast: 12, slow: 26, signal: 9, output: "histogram" } };
const lowerBand = { bollinger: { period: 20, stdDev: 2, output: "lower" } };

describe("backtests with indicator arrays recycled through an arena", () => {
  it("give exactly the results of fresh arrays, run after run", () => {
    const aaa = first("AAA", 700);
    const bbb = first("BBB", 700);
    // A longer run before shorter ones, the same length on another symbol, an evaluator reused
    // after release (an entry cross leaves its reverse behind), multi-output lines, constants.
    const steps: { bars: BarSeries; spec: StrategySpec; sameEvaluator?: boolean }[] = [
      { bars: aaa, spec: spec("AAA", { crossAbove: [sma(10), sma(30)] }) },
      { bars: aaa, spec: spec("AAA", { crossAbove: [sma(5), sma(30)] }), sameEvaluator: true },
      {
        bars: bbb,
        spec: spec(
          "BBB",
          { and: [{ crossAbove: [ema(12), ema(26)] }, { gt: [{ rsi: { period: 14 } }, 50] }] },
          { lt: [ema(12), ema(26)] },
          [{ gt: [histogram, 0] }],
        ),
      },
      {
        bars: first("CCC", 400),
        spec: spec("CCC", { lt: ["close", lowerBand] }, { gt: ["close", sma(20)] }),
      },
      {
        bars: first("AAA", 400),
        spec: spec("AAA", { crossAbove: [sma(20), sma(50)] }, { crossBelow: [sma(20), sma(50)] }),
      },
      {
        bars: bbb,
        spec: spec("BBB", { lt: [{ rsi: { period: 7 } }, 30] }, { crossAbove: [sma(5), sma(40)] }),
      },
    ];

    const arena = new ArrayArena();
    const handedOut = new Set<Float64Array>();
    let recycled = 0;
    const take = arena.take.bind(arena);
    arena.take = (length) => {
      const array = take(length);
      if (handedOut.has(array)) recycled++;
      handedOut.add(array);
      return array;
    };
    const buffers = { equity: new Float64Array(700), grossExposure: new Float64Array(700) };
    let evaluator: ExpressionEvaluator | undefined;
    let trades = 0;
    for (const step of steps) {
      if (!step.sameEvaluator || !evaluator) evaluator = new ExpressionEvaluator(step.bars, arena);
      const fresh = runBacktest(step.spec, [step.bars], options);
      const reused = runBacktest(step.spec, [step.bars], options, [evaluator], buffers);
      expect(reused.metrics).toStrictEqual(fresh.metrics);
      expect(reused.simulation.trades).toStrictEqual(fresh.simulation.trades);
      expect(reused.simulation.openPositions).toStrictEqual(fresh.simulation.openPositions);
      expect(Array.from(reused.simulation.equity)).toStrictEqual(
        Array.from(fresh.simulation.equity),
      );
      expect(Array.from(reused.simulation.grossExposure)).toStrictEqual(
        Array.from(fresh.simulation.grossExposure),
      );
      trades += fresh.simulation.trades.length;
      evaluator.release();
    }
    expect(trades).toBeGreaterThan(20);
    expect(recycled).toBeGreaterThan(5);
  });
});

describe("ArrayArena", () => {
  it("hands back only arrays of the length asked for, and keeps a few lengths", () => {
    const arena = new ArrayArena();
    const arrays = Array.from({ length: 12 }, (_, k) => new Float64Array(k + 1));
    arena.give(arrays);
    expect(arena.take(12)).toBe(arrays[11]);
    expect(arena.take(12)).not.toBe(arrays[11]);
    expect(arena.take(5)).toBe(arrays[4]);
    // The lengths returned first were dropped.
    expect(arena.take(1)).not.toBe(arrays[0]);
  });
});
