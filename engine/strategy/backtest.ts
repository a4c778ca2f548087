import { computePerformance, type PerformanceMetrics } from "../metrics/performance.ts";
import { simulatePortfolio } from "../simulate/portfolio.ts";
import type {
  SimulationBuffers,
  SimulationConfig,
  SimulationResult,
  SymbolPlan,
} from "../simulate/types.ts";
import type { BarSeries } from "../types.ts";
import { compileSymbolPlan, simulationConfig } from "./compile.ts";
import { ExpressionEvaluator } from "./expressions.ts";
import type { StrategySpec } from "./spec.ts";

export interface BacktestOptions {
  initialCash: number;
  startMs: number | null;
  endMs: number | null;
}

export interface BacktestRun {
  simulation: SimulationResult;
  metrics: PerformanceMetrics;
}

/** Runs a validated spec over bars given in universe order (bars before `startMs` only warm up indicators). */
export function runBacktest(
  spec: StrategySpec,
  bars: readonly BarSeries[],
  options: BacktestOptions,
  evaluators: readonly ExpressionEvaluator[] = bars.map(
    (series) => new ExpressionEvaluator(series),
  ),
  buffers?: SimulationBuffers,
): BacktestRun {
  const plans = bars.map((series, index) => compileSymbolPlan(spec, series, evaluators[index]));
  return runPlans(plans, simulationConfig(spec, options), buffers);
}

/** What runBacktest does after compiling: simulate the plans, then measure the equity curve. */
export function runPlans(
  plans: readonly SymbolPlan[],
  config: SimulationConfig,
  buffers?: SimulationBuffers,
): BacktestRun {
  const simulation = simulatePortfolio(plans, config, buffers);
  const metrics = computePerformance({
    initialCash: config.initialCash,
    timestampMs: simulation.timestampMs,
    equity: simulation.equity,
    grossExposure: simulation.grossExposure,
    tradePnl: simulation.trades.map((trade) => trade.pnl),
    tradedNotional: simulation.tradedNotional,
  });
  return { simulation, metrics };
}

/**
 * Metrics of many specs over the same bars (a parameter grid, say): each distinct indicator is
 * computed once per symbol and the simulation's buffers are reused from run to run.
 */
export function runBacktestBatch(
  specs: readonly StrategySpec[],
  bars: readonly BarSeries[],
  options: BacktestOptions,
  evaluators: readonly ExpressionEvaluator[] = bars.map(
    (series) => new ExpressionEvaluator(series),
  ),
): PerformanceMetrics[] {
  const longest = bars.reduce((sum, series) => sum + series.close.length, 0);
  const buffers = { equity: new Float64Array(longest), grossExposure: new Float64Array(longest) };
  return specs.map((spec) => runBacktest(spec, bars, options, evaluators, buffers).metrics);
}

/** Buy on the first bar's signal and hold, equal weight across the universe, with the strategy's costs. */
export function buyAndHoldSpec(
  universe: string[],
  spec: Pick<StrategySpec, "timeframe" | "costs">,
): StrategySpec {
  return {
    name: "Buy and hold",
    universe,
    timeframe: spec.timeframe,
    side: "long",
    entry: true,
    filters: [],
    sizing: { fractionOfEquity: 1 / universe.length },
    costs: spec.costs,
  };
}

/** The classic trend benchmark: long while SMA50 is above SMA200, equal weight. */
export function smaTrendSpec(
  universe: string[],
  spec: Pick<StrategySpec, "timeframe" | "costs">,
): StrategySpec {
  const fast = { sma: { period: 50 } };
  const slow = { sma: { period: 200 } };
  return {
    name: "SMA 50/200 trend",
    universe,
    timeframe: spec.timeframe,
    side: "long",
    entry: { gt: [fast, slow] },
    exit: { lt: [fast, slow] },
    filters: [],
    sizing: { fractionOfEquity: 1 / universe.length },
    costs: spec.costs,
  };
}
