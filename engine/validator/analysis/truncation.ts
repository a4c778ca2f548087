import { lowerBound, sliceBars } from "../../bars.ts";
import type { SymbolPlan } from "../../simulate/types.ts";
import type { BarSeries } from "../../types.ts";

export interface TruncationComparison {
  /** Share of each series kept, e.g. 0.7. */
  fraction: number;
  /** Bars compared (before the cut, over every symbol). */
  comparedBars: number;
  /** Bars whose entry or exit signal differs between the truncated and the full run. */
  changedSignals: number;
  /** Bars whose volatility-target size or ATR stop distance differs. */
  changedLevels: number;
  /** The first bar that differs, if any. */
  first: { symbol: string; timeMs: number; field: string } | null;
  /** Signal bars on which anything was compared that were 1 (a leak can only show where signals exist). */
  signalBars: number;
}

/**
 * Recomputes every symbol's plan on the bars before `cutTimeMs` and compares it, bar by bar,
 * with the plan computed on all bars: a strategy that uses only the past gives identical
 * signals, sizes and stop distances on the overlap (the no-look-ahead property of STYLE.md).
 */
export function compareTruncated(
  full: readonly SymbolPlan[],
  planOf: (bars: BarSeries, symbolIndex: number) => SymbolPlan,
  cutTimeMs: number,
  fraction: number,
): TruncationComparison {
  const comparison: TruncationComparison = {
    fraction,
    comparedBars: 0,
    changedSignals: 0,
    changedLevels: 0,
    first: null,
    signalBars: 0,
  };
  full.forEach((plan, symbolIndex) => {
    const cut = lowerBound(plan.bars.timestampMs, cutTimeMs);
    if (cut < 2) return;
    const past = planOf(sliceBars(plan.bars, 0, cut), symbolIndex);
    const note = (row: number, field: string) => {
      if (comparison.first === null || plan.bars.timestampMs[row]! < comparison.first.timeMs)
        comparison.first = { symbol: plan.bars.symbol, timeMs: plan.bars.timestampMs[row]!, field };
    };
    for (let row = 0; row < cut; row++) {
      comparison.comparedBars++;
      const entryChanged = past.entry[row] !== plan.entry[row];
      const exitChanged = (past.exit?.[row] ?? 0) !== (plan.exit?.[row] ?? 0);
      if (plan.entry[row] === 1 || plan.exit?.[row] === 1) comparison.signalBars++;
      if (entryChanged || exitChanged) {
        comparison.changedSignals++;
        note(row, entryChanged ? "entry" : "exit");
      }
      const levels: [string, Float64Array | null | undefined, Float64Array | null | undefined][] = [
        ["size", plan.sizeFraction, past.sizeFraction],
        ["stopLoss", atrOf(plan.stopLoss), atrOf(past.stopLoss)],
        ["takeProfit", atrOf(plan.takeProfit), atrOf(past.takeProfit)],
        ["trailingStop", atrOf(plan.trailingStop), atrOf(past.trailingStop)],
      ];
      for (const [field, whole, part] of levels) {
        if (!whole || !part) continue;
        if (!sameNumber(whole[row]!, part[row]!)) {
          comparison.changedLevels++;
          note(row, field);
          break;
        }
      }
    }
  });
  return comparison;
}

function atrOf(distance: SymbolPlan["stopLoss"]): Float64Array | null {
  return distance?.kind === "atr" ? distance.atr : null;
}

/** Equal, both NaN, or within rounding of a recursive indicator restarted on fewer bars. */
function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
