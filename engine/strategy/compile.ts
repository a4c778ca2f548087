import { indicatorCatalog } from "../indicators/catalog.ts";
import type {
  ExitDistance as PlanExitDistance,
  SimulationConfig,
  SizingRule,
  SymbolPlan,
} from "../simulate/types.ts";
import type { BarSeries } from "../types.ts";
import { ExpressionEvaluator } from "./expressions.ts";
import { evaluateRule, TRUE } from "./rules.ts";
import type { ExitDistance, StrategySpec } from "./spec.ts";

/** Bars per year by timeframe, for annualizing volatility targets (US equity sessions of 6.5 hours). */
export const barsPerYear: Readonly<Record<string, number>> = {
  "1m": 252 * 390,
  "5m": 252 * 78,
  "15m": 252 * 26,
  "1h": 252 * 7,
  "1d": 252,
};

/**
 * Evaluates a spec's rules on one symbol's bars (entry already combined with the filters).
 * Pass the same evaluator for many specs on the same bars to compute each indicator once.
 */
export function compileSymbolPlan(
  spec: StrategySpec,
  bars: BarSeries,
  expressions: ExpressionEvaluator = new ExpressionEvaluator(bars),
): SymbolPlan {
  const entry = evaluateRule(spec.entry, expressions);
  for (const filter of spec.filters) {
    const allowed = evaluateRule(filter, expressions);
    for (let i = 0; i < entry.length; i++) if (allowed[i] !== TRUE) entry[i] = 0;
  }
  return {
    bars,
    entry,
    exit: spec.exit === undefined ? null : evaluateRule(spec.exit, expressions),
    sizeFraction:
      "volatilityTarget" in spec.sizing
        ? volatilityTargetFraction(bars.close, spec.sizing.volatilityTarget, spec.timeframe)
        : null,
    stopLoss: exitDistance(spec.stopLoss, bars),
    takeProfit: exitDistance(spec.takeProfit, bars),
    trailingStop: exitDistance(spec.trailingStop, bars),
  };
}

export function simulationConfig(
  spec: StrategySpec,
  options: { initialCash: number; startMs: number | null; endMs: number | null },
): SimulationConfig {
  const sizing: SizingRule =
    "fractionOfEquity" in spec.sizing
      ? { kind: "fraction", fraction: spec.sizing.fractionOfEquity }
      : "fixedNotional" in spec.sizing
        ? { kind: "notional", notional: spec.sizing.fixedNotional }
        : { kind: "perBar" };
  return {
    initialCash: options.initialCash,
    direction: spec.side === "short" ? -1 : 1,
    sizing,
    feeRate: spec.costs.feeBps / 1e4,
    slippageRate: spec.costs.slippageBps / 1e4,
    timeExitBars: spec.timeExit?.bars ?? null,
    startMs: options.startMs,
    endMs: options.endMs,
  };
}

function exitDistance(
  distance: ExitDistance | undefined,
  bars: BarSeries,
): PlanExitDistance | null {
  if (distance === undefined) return null;
  if ("percent" in distance) return { kind: "percent", percent: distance.percent };
  const atr = indicatorCatalog.atr.compute(bars, bars.close, {
    period: distance.atrPeriod,
  }) as Float64Array;
  return { kind: "atr", multiple: distance.atrMultiple, atr };
}

/**
 * Fraction of equity that targets an annual volatility: target / realized, capped. Realized
 * volatility is the sample std of the last `lookbackBars` log returns, annualized.
 */
export function volatilityTargetFraction(
  close: Float64Array,
  target: { annualVolatilityPercent: number; lookbackBars: number; maxFractionOfEquity: number },
  timeframe: string,
): Float64Array {
  const { annualVolatilityPercent, lookbackBars, maxFractionOfEquity } = target;
  const annualization = Math.sqrt(barsPerYear[timeframe] ?? 252);
  const out = new Float64Array(close.length).fill(NaN);
  let sum = 0;
  let squares = 0;
  for (let i = 1; i < close.length; i++) {
    const r = Math.log(close[i]! / close[i - 1]!);
    sum += r;
    squares += r * r;
    if (i > lookbackBars) {
      const old = Math.log(close[i - lookbackBars]! / close[i - lookbackBars - 1]!);
      sum -= old;
      squares -= old * old;
    }
    if (i >= lookbackBars) {
      const variance = Math.max(0, (squares - (sum * sum) / lookbackBars) / (lookbackBars - 1));
      const realized = Math.sqrt(variance) * annualization;
      out[i] =
        realized > 0
          ? Math.min(maxFractionOfEquity, annualVolatilityPercent / 100 / realized)
          : maxFractionOfEquity;
    }
  }
  return out;
}
