import type { BarSeries } from "../types.ts";

/**
 * One symbol's bars with what every family reads, computed once. Signals are taken on bar t's
 * close and, as in the engine's bar model, fill at bar t+1's open: a position decided at t earns
 * the open-to-open log return forward[t] = ln(open[t+2] / open[t+1]) (NaN on the last two bars).
 * Bars before `split` are in-sample; the rest confirm out of sample.
 */
export interface PreparedSeries {
  bars: BarSeries;
  length: number;
  split: number;
  forward: Float64Array;
  /** In-sample mean of `forward`: the drift a candidate must beat, so trend is not mistaken for skill. */
  drift: number;
  /** The bars' timeframe, carried into the findings' specs. */
  timeframe: string;
  /**
   * sqrt(bars per year) as the series itself shows it (bars over the years its timestamps
   * span), so a Sharpe is annualized right for any market's calendar and any timeframe.
   */
  annualization: number;
}

/** Below this many bars a symbol is reported as insufficient: a 30% hold-out would be too short to confirm anything. */
export const minimumBars = 250;

const yearMs = 365.25 * 86_400_000;

export function prepareSeries(
  bars: BarSeries,
  inSampleRatio: number,
  timeframe: string,
): PreparedSeries {
  const length = bars.close.length;
  const forward = new Float64Array(length).fill(NaN);
  const open = bars.open;
  for (let t = 0; t + 2 < length; t++) forward[t] = Math.log(open[t + 2]! / open[t + 1]!);
  const split = Math.floor(length * inSampleRatio);
  let sum = 0;
  for (let t = 0; t < split; t++) sum += forward[t]!;
  const spanYears = (bars.timestampMs[length - 1]! - bars.timestampMs[0]!) / yearMs;
  const annualization = Math.sqrt(spanYears > 0 ? (length - 1) / spanYears : 252);
  return { bars, length, split, forward, drift: sum / split, timeframe, annualization };
}
