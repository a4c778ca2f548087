import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computePerformance } from "../metrics/performance.ts";
import { simulateEventLoop } from "../simulate/portfolio.ts";
import { generateMarket } from "../synthetic/index.ts";
import { runBacktest, runBacktestBatch } from "./backtest.ts";
import { compileSymbolPlan, simulationConfig } from "./compile.ts";
import type { NumericExpression, Rule, StrategySpec } from "./spec.ts";

// Specs compiled from random rules on synthetic bars must give the same trades, equity and
// metrics through runBacktest (the single-symbol fast path) as through the general event loop.

const market = generateMarket({ symbols: ["AAA", "BBB"], years: 4, seed: 8 }).bars;
const initialCash = 100_000;

const line: fc.Arbitrary<NumericExpression> = fc.oneof(
  fc.integer({ min: 2, max: 60 }).map((period) => ({ sma: { period } })),
  fc.integer({ min: 2, max: 60 }).map((period) => ({ ema: { period } })),
  fc.constantFrom<NumericExpression>("close", "open", "hl2"),
);
const oscillator = fc.integer({ min: 2, max: 30 }).map((period) => ({ rsi: { period } }));
const rule: fc.Arbitrary<Rule> = fc.oneof(
  fc.tuple(line, line).map(([a, b]) => ({ crossAbove: [a, b] }) as Rule),
  fc.tuple(line, line).map(([a, b]) => ({ crossBelow: [a, b] }) as Rule),
  fc.tuple(oscillator, fc.integer({ min: 20, max: 80 })).map(([a, b]) => ({ lt: [a, b] }) as Rule),
  fc.tuple(oscillator, fc.integer({ min: 20, max: 80 })).map(([a, b]) => ({ gt: [a, b] }) as Rule),
  fc.tuple(line, line).map(([a, b]) => ({ or: [{ crossAbove: [a, b] }, { gte: [a, b] }] }) as Rule),
);

const spec = fc.record({
  symbol: fc.constantFrom("AAA", "BBB"),
  side: fc.constantFrom("long" as const, "short" as const),
  entry: rule,
  exit: fc.option(rule, { nil: undefined }),
  filters: fc.array(rule, { maxLength: 1 }),
  sizing: fc.oneof(
    fc.double({ min: 0.05, max: 1, noNaN: true }).map((fractionOfEquity) => ({ fractionOfEquity })),
    fc.integer({ min: 100, max: 200_000 }).map((fixedNotional) => ({ fixedNotional })),
    fc.integer({ min: 5, max: 40 }).map((lookbackBars) => ({
      volatilityTarget: { annualVolatilityPercent: 15, lookbackBars, maxFractionOfEquity: 1 },
    })),
  ),
  timeExit: fc.option(
    fc.integer({ min: 1, max: 30 }).map((bars) => ({ bars })),
    { nil: undefined },
  ),
  feeBps: fc.constantFrom(0, 1, 10, 35.5),
  slippageBps: fc.constantFrom(0, 2, 25),
  startAt: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
  endAt: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
});

describe("runBacktest on one symbol", () => {
  it("matches the general event loop on random specs", () => {
    let trades = 0;
    fc.assert(
      fc.property(spec, (drawn) => {
        const bars = market.find((series) => series.symbol === drawn.symbol)!;
        const strategy: StrategySpec = {
          name: "random",
          universe: [drawn.symbol],
          timeframe: "1d",
          side: drawn.side,
          entry: drawn.entry,
          exit: drawn.exit,
          filters: drawn.filters,
          sizing: drawn.sizing,
          timeExit: drawn.timeExit,
          costs: { feeBps: drawn.feeBps, slippageBps: drawn.slippageBps },
        };
        const at = (index: number | null) => (index === null ? null : bars.timestampMs[index]!);
        const options = { initialCash, startMs: at(drawn.startAt), endMs: at(drawn.endAt) };
        const fast = runBacktest(strategy, [bars], options);
        const general = simulateEventLoop(
          [compileSymbolPlan(strategy, bars)],
          simulationConfig(strategy, options),
        );
        expect(fast.simulation.trades).toStrictEqual(general.trades);
        expect(fast.simulation.openPositions).toStrictEqual(general.openPositions);
        expect(Array.from(fast.simulation.equity)).toStrictEqual(Array.from(general.equity));
        expect(fast.metrics).toStrictEqual(
          computePerformance({
            initialCash,
            timestampMs: general.timestampMs,
            equity: general.equity,
            grossExposure: general.grossExposure,
            tradePnl: general.trades.map((trade) => trade.pnl),
            tradedNotional: general.tradedNotional,
          }),
        );
        // The batch (reused buffers, shared indicators) agrees too.
        expect(runBacktestBatch([strategy, strategy], [bars], options)).toStrictEqual([
          fast.metrics,
          fast.metrics,
        ]);
        trades += fast.simulation.trades.length;
      }),
      { numRuns: 150, seed: 1202 },
    );
    expect(trades).toBeGreaterThan(1500);
  });
});
