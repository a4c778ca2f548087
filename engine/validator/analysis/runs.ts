import type { SymbolPlan } from "../../simulate/types.ts";
import { utcDay } from "./time.ts";

export interface DailySeries {
  /** Time of the last bar of the first UTC day: the close the first return starts from. */
  baseTimeMs: number;
  /** Time of the last bar of each UTC day after the first. */
  timestampMs: Float64Array;
  /** Close-to-close equity returns between consecutive UTC days. */
  returns: Float64Array;
}

/**
 * Daily returns of an equity curve exactly as engine/metrics samples them for Sharpe: equity at
 * the last bar of each UTC day, one return per day after the first.
 */
export function dailyReturns(timestampMs: Float64Array, equity: Float64Array): DailySeries {
  const times: number[] = [];
  const values: number[] = [];
  for (let index = 0; index < equity.length; index++) {
    const last = index + 1 === equity.length;
    if (!last && utcDay(timestampMs[index + 1]!) === utcDay(timestampMs[index]!)) continue;
    times.push(timestampMs[index]!);
    values.push(equity[index]!);
  }
  const count = Math.max(0, values.length - 1);
  const returns = new Float64Array(count);
  const stamps = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    returns[k] = values[k + 1]! / values[k]! - 1;
    stamps[k] = times[k + 1]!;
  }
  return { baseTimeMs: times[0] ?? NaN, timestampMs: stamps, returns };
}

/** Plans whose entries and exits act one bar later than they were signalled. */
export function delayedPlans(plans: readonly SymbolPlan[], bars = 1): SymbolPlan[] {
  const shift = (signals: Uint8Array): Uint8Array => {
    const out = new Uint8Array(signals.length);
    out.set(
      signals.subarray(0, Math.max(0, signals.length - bars)),
      Math.min(bars, signals.length),
    );
    return out;
  };
  return plans.map((plan) => ({
    ...plan,
    entry: shift(plan.entry),
    exit: plan.exit === null ? null : shift(plan.exit),
  }));
}
