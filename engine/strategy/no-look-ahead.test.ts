import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateMarket } from "../synthetic/index.ts";
import type { BarSeries } from "../types.ts";
import { runBacktest } from "./backtest.ts";
import { compileSymbolPlan } from "./compile.ts";
import type { StrategySpec } from "./spec.ts";

const bars = generateMarket({ symbols: ["AAA"], years: 3, seed: 21 }).bars[0]!;
const cut = (series: BarSeries, length: number): BarSeries => ({
  symbol: series.symbol,
  timestampMs: series.timestampMs.slice(0, length),
  open: series.open.slice(0, length),
  high: series.high.slice(0, length),
  low: series.low.slice(0, length),
  close: series.close.slice(0, length),
  volume: series.volume.slice(0, length),
});

const base: Omit<StrategySpec, "entry" | "exit"> = {
  name: "property",
  universe: ["AAA"],
  timeframe: "1d",
  side: "long",
  filters: [{ gt: [{ adx: { period: 14 } }, 15] }],
  sizing: {
    volatilityTarget: { annualVolatilityPercent: 20, lookbackBars: 20, maxFractionOfEquity: 1 },
  },
  stopLoss: { atrMultiple: 2, atrPeriod: 14 },
  trailingStop: { percent: 8 },
  costs: { feeBps: 2, slippageBps: 3 },
};

const strategies: StrategySpec[] = [
  {
    ...base,
    entry: {
      crossAbove: [
        { macd: { fast: 12, slow: 26, signal: 9, output: "macd" } },
        { macd: { fast: 12, slow: 26, signal: 9, output: "signal" } },
      ],
    },
    exit: { lt: [{ rsi: { period: 14 } }, 40] },
  },
  {
    ...base,
    side: "short",
    entry: {
      and: [
        { gt: [{ zScore: { period: 20 } }, 1] },
        { not: { gt: ["close", { lag: { of: { ema: { period: 50 } }, bars: 1 } }] } },
      ],
    },
    exit: { lt: [{ zScore: { period: 20 } }, 0] },
    timeExit: { bars: 10 },
  },
];

describe("no look-ahead: cutting off the future never changes the past", () => {
  it.each(strategies.map((spec, k) => [k, spec] as const))("signals of strategy %i", (_, spec) => {
    const full = compileSymbolPlan(spec, bars);
    fc.assert(
      fc.property(fc.integer({ min: 30, max: bars.close.length - 1 }), (length) => {
        const past = compileSymbolPlan(spec, cut(bars, length));
        for (let t = 0; t < length; t++) {
          if (past.entry[t] !== full.entry[t] || past.exit![t] !== full.exit![t]) return false;
        }
        return true;
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it.each(strategies.map((spec, k) => [k, spec] as const))(
    "trades and equity of strategy %i",
    (_, spec) => {
      const options = { initialCash: 100_000, startMs: null, endMs: null };
      const full = runBacktest(spec, [bars], options).simulation;
      expect(full.trades.length).toBeGreaterThan(3);
      fc.assert(
        fc.property(fc.integer({ min: 30, max: bars.close.length - 1 }), (length) => {
          const past = runBacktest(spec, [cut(bars, length)], options).simulation;
          const lastTime = bars.timestampMs[length - 1]!;
          const closedBefore = full.trades.filter((trade) => trade.exitTimeMs <= lastTime);
          expect(past.trades).toEqual(closedBefore);
          expect(Array.from(past.equity)).toEqual(Array.from(full.equity.subarray(0, length)));
        }),
        { numRuns: 25, seed: 11 },
      );
    },
  );
});
