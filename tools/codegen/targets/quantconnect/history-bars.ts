import { indicatorCatalog, type IndicatorName } from "../../../../engine/indicators/catalog.ts";
import type { SeriesNode } from "../../expressions.ts";
import type { LoweredStrategy } from "../../lower-strategy.ts";

/**
 * Indicators whose value depends on every bar before it (an EMA, Wilder's smoothing), with the
 * parameters that set how long they remember their seed.
 */
const recursivePeriods: Partial<Record<IndicatorName, readonly string[]>> = {
  ema: ["period"],
  dema: ["period"],
  tema: ["period"],
  macd: ["slow", "signal"],
  rsi: ["period"],
  stochRsi: ["period"],
  atr: ["period"],
  natr: ["period"],
  adx: ["period"],
  plusDi: ["period"],
  minusDi: ["period"],
  keltner: ["period", "atrPeriod"],
};

/** Bars of memory per period: (1 - 1/period)^40·period is below 1e-17, beneath a double's precision. */
const memoryPerPeriod = 40;
/** A floor, and a ceiling that keeps recomputing the window on every bar affordable. */
const minimumHistoryBars = 300;
const maximumHistoryBars = 5000;

export interface HistoryBars {
  /** Bars before every series and rule can be defined (the longest chain of look-backs, +1 for a cross). */
  warmUpBars: number;
  /**
   * Bars a live program keeps per symbol and recomputes its rules over: the warm-up plus enough
   * for recursive indicators to forget their seed, so their values match a backtest over a
   * longer history.
   */
  historyBars: number;
}

/** How many recent bars a program that trades the strategy bar by bar needs. */
export function historyBarsOf(strategy: LoweredStrategy): HistoryBars {
  const lookbacks: number[] = [];
  let memory = 0;
  for (const node of strategy.series) {
    lookbacks.push(lookbackOf(node, lookbacks));
    if (node.kind === "indicator") {
      for (const parameter of recursivePeriods[node.name] ?? [])
        memory = Math.max(memory, node.parameters[parameter]!);
    }
  }
  const sizingLookback =
    strategy.sizing.kind === "volatilityTarget" ? strategy.sizing.lookbackBars : 0;
  const warmUpBars = Math.max(0, sizingLookback, ...lookbacks) + 1;
  const historyBars = Math.min(
    maximumHistoryBars,
    Math.max(minimumHistoryBars, warmUpBars + memoryPerPeriod * memory),
  );
  return { warmUpBars, historyBars: Math.max(historyBars, warmUpBars) };
}

/** Index of a series' first defined value on clean bars, from its inputs' (listed before it). */
function lookbackOf(node: SeriesNode, lookbacks: readonly number[]): number {
  switch (node.kind) {
    case "constant":
    case "price":
      return 0;
    case "arithmetic":
      return Math.max(lookbacks[node.left]!, lookbacks[node.right]!);
    case "abs":
      return lookbacks[node.of]!;
    case "lag":
      return lookbacks[node.of]! + node.bars;
    case "indicator": {
      const own = indicatorCatalog[node.name].lookback(node.parameters);
      return (node.source === null ? 0 : lookbacks[node.source]!) + own;
    }
  }
}
