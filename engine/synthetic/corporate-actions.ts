import type { PlannedAction } from "../adjust/corporate-actions.ts";
import { fromDayNumber } from "../calendar/civil-date.ts";
import type { FactorAsset } from "./assets.ts";

const dayMs = 86_400_000;
const quarterEnds = new Set([3, 6, 9, 12]);

/**
 * Corporate actions of the made-up names, so adjustment is exercised offline: the first name
 * splits 4-for-1 halfway through its bars, the second pays quarterly dividends of 0.8% of the
 * price. Series shorter than about half a year get none.
 */
export function madeUpActions(timestampMs: Float64Array, madeUpIndex: number): PlannedAction[] {
  const length = timestampMs.length;
  if (length < 130) return [];
  if (madeUpIndex === 0) return [{ kind: "split", exDateMs: timestampMs[length >> 1]!, ratio: 4 }];
  if (madeUpIndex === 1) {
    const quarters: PlannedAction[] = [];
    for (let bar = 60; bar < length; bar += 63)
      quarters.push({ kind: "dividend", exDateMs: timestampMs[bar]!, yieldRatio: 0.008 });
    return quarters;
  }
  return [];
}

/**
 * An ETF's distributions: quarterly on the first bar from the 20th of March, June, September
 * and December (as SPY and the sector funds go ex), monthly on each month's first bar (as the
 * bond funds do). Bars are dated 00:00 UTC, so a bar's time is its ex-date.
 */
export function etfActions(timestampMs: Float64Array, asset: FactorAsset): PlannedAction[] {
  const { dividend } = asset;
  if (!dividend) return [];
  const actions: PlannedAction[] = [];
  const dateOf = (bar: number) => fromDayNumber(Math.floor(timestampMs[bar]! / dayMs));
  let paidMonth = -1;
  for (let bar = 1; bar < timestampMs.length; bar++) {
    const { month, day } = dateOf(bar);
    const due =
      dividend.every === "month"
        ? month !== dateOf(bar - 1).month
        : quarterEnds.has(month) && day >= 20 && month !== paidMonth;
    if (!due) continue;
    actions.push({
      kind: "dividend",
      exDateMs: timestampMs[bar]!,
      yieldRatio: dividend.yieldRatio,
    });
    paidMonth = month;
  }
  return actions;
}
