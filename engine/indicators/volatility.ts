import { isZero, prepareOutput, requireInteger } from "./support.ts";

/** True range of bar i >= 1 (Wilder; TA-Lib TRANGE). */
function trueRange(high: Float64Array, low: Float64Array, close: Float64Array, i: number): number {
  const previousClose = close[i - 1]!;
  let range = high[i]! - low[i]!;
  const fromHigh = Math.abs(previousClose - high[i]!);
  if (fromHigh > range) range = fromHigh;
  const fromLow = Math.abs(previousClose - low[i]!);
  if (fromLow > range) range = fromLow;
  return range;
}

/**
 * Average true range (Wilder 1978; TA-Lib ATR): the mean of the first `period` true ranges
 * (bars 1..period), then Wilder smoothing. First value at index `period`.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  requireInteger("period", period, 1);
  const length = close.length;
  const result = prepareOutput(length, out);
  if (period >= length) return result;
  let total = 0;
  for (let i = 1; i <= period; i++) total += trueRange(high, low, close, i);
  let average = total / period;
  result[period] = average;
  const keep = period - 1;
  for (let i = period + 1; i < length; i++) {
    average *= keep;
    average += trueRange(high, low, close, i);
    average /= period;
    result[i] = average;
  }
  return result;
}

/** Normalized ATR (TA-Lib NATR): ATR / close × 100. */
export function natr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  // TA-Lib's NATR(1) returns the raw true range, not a percentage: not offered.
  requireInteger("period", period, 2);
  const result = atr(high, low, close, period, out);
  for (let i = period; i < result.length; i++) {
    const price = close[i]!;
    result[i] = isZero(price) ? 0 : (result[i]! / price) * 100;
  }
  return result;
}

export { trueRange };
