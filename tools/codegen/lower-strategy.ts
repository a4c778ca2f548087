import { barsPerYear, compileSymbolPlan, simulationConfig } from "../../engine/strategy/compile.ts";
import type { ExitDistance, StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { SeriesGraph, type RuleNode, type SeriesId, type SeriesNode } from "./expressions.ts";

/** A stop, target or trailing distance; an ATR distance reads its ATR series on the signal bar. */
export type LoweredExit =
  { kind: "percent"; percent: number } | { kind: "atr"; multiple: number; atr: SeriesId };

export type LoweredSizing =
  | { kind: "fraction"; fraction: number }
  | { kind: "notional"; notional: number }
  | {
      kind: "volatilityTarget";
      annualVolatilityPercent: number;
      lookbackBars: number;
      maxFractionOfEquity: number;
      /** Annualizes realized volatility: sqrt(barsPerYear). */
      barsPerYear: number;
    };

/** Everything a target renders: the series graph, the rules over it, and the simulation's settings. */
export interface LoweredStrategy {
  /** The canonical (parsed, defaulted) spec. */
  spec: StrategySpec;
  series: readonly SeriesNode[];
  entry: RuleNode;
  /** Each must hold (be TRUE, not UNKNOWN) for an entry signal to count. */
  filters: readonly RuleNode[];
  exit: RuleNode | null;
  sizing: LoweredSizing;
  stopLoss: LoweredExit | null;
  takeProfit: LoweredExit | null;
  trailingStop: LoweredExit | null;
  /** 1 long, -1 short. */
  direction: 1 | -1;
  /** Fractions of notional, exactly as the engine derives them from basis points. */
  feeRate: number;
  slippageRate: number;
  timeExitBars: number | null;
}

/** Lowers a canonical spec for the targets; throws a RangeError where the engine would refuse it. */
export function lowerStrategy(spec: StrategySpec): LoweredStrategy {
  assertEngineAccepts(spec);
  const graph = new SeriesGraph();
  const entry = graph.rule(spec.entry);
  const filters = spec.filters.map((filter) => graph.rule(filter));
  const exit = spec.exit === undefined ? null : graph.rule(spec.exit);
  const lowerExit = (distance: ExitDistance | undefined): LoweredExit | null => {
    if (distance === undefined) return null;
    if ("percent" in distance) return { kind: "percent", percent: distance.percent };
    const atr = graph.series({ atr: { period: distance.atrPeriod } });
    return { kind: "atr", multiple: distance.atrMultiple, atr };
  };
  const stopLoss = lowerExit(spec.stopLoss);
  const takeProfit = lowerExit(spec.takeProfit);
  const trailingStop = lowerExit(spec.trailingStop);
  const config = simulationConfig(spec, { initialCash: 1, startMs: null, endMs: null });
  return {
    spec,
    series: graph.nodes,
    entry,
    filters,
    exit,
    sizing: lowerSizing(spec),
    stopLoss,
    takeProfit,
    trailingStop,
    direction: config.direction,
    feeRate: config.feeRate,
    slippageRate: config.slippageRate,
    timeExitBars: config.timeExitBars,
  };
}

function lowerSizing(spec: StrategySpec): LoweredSizing {
  const { sizing } = spec;
  if ("fractionOfEquity" in sizing) return { kind: "fraction", fraction: sizing.fractionOfEquity };
  if ("fixedNotional" in sizing) return { kind: "notional", notional: sizing.fixedNotional };
  return {
    kind: "volatilityTarget",
    ...sizing.volatilityTarget,
    barsPerYear: barsPerYear[spec.timeframe] ?? 252,
  };
}

const probeBars: BarSeries = {
  symbol: "PROBE",
  timestampMs: Float64Array.of(0, 86_400_000),
  open: Float64Array.of(1, 1),
  high: Float64Array.of(1, 1),
  low: Float64Array.of(1, 1),
  close: Float64Array.of(1, 1),
  volume: Float64Array.of(1, 1),
};

/**
 * The schema checks each parameter alone; the engine checks relations between them (MACD's
 * `fast` below `slow`) when it computes. Compiling two bars refuses what a backtest would refuse.
 */
function assertEngineAccepts(spec: StrategySpec): void {
  compileSymbolPlan(spec, probeBars);
}
