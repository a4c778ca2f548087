import { isZero, prepareOutput, requireInteger } from "./support.ts";
import { trueRange } from "./volatility.ts";

/** +DM of bar i (Wilder): the rise of the high when it beats the fall of the low, else 0. */
function plusMove(high: Float64Array, low: Float64Array, i: number): number {
  const up = high[i]! - high[i - 1]!;
  const down = low[i - 1]! - low[i]!;
  return up > 0 && up > down ? up : 0;
}

/** -DM of bar i (Wilder): the fall of the low when it beats the rise of the high, else 0. */
function minusMove(high: Float64Array, low: Float64Array, i: number): number {
  const up = high[i]! - high[i - 1]!;
  const down = low[i - 1]! - low[i]!;
  return down > 0 && up < down ? down : 0;
}

/**
 * +DI or -DI (Wilder 1978; TA-Lib PLUS_DI / MINUS_DI): Wilder-smoothed directional movement
 * over Wilder-smoothed true range, × 100. First value at index `period`.
 */
function directionalIndicator(directionalMove: typeof plusMove) {
  return (
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    period: number,
    out?: Float64Array,
  ): Float64Array => {
    // TA-Lib special-cases period 1 as an unsmoothed ratio without the × 100: not offered.
    requireInteger("period", period, 2);
    const length = close.length;
    const result = prepareOutput(length, out);
    if (period >= length) return result;
    let movement = 0;
    let range = 0;
    for (let i = 1; i < period; i++) {
      const move = directionalMove(high, low, i);
      if (move > 0) movement += move;
      range += trueRange(high, low, close, i);
    }
    for (let i = period; i < length; i++) {
      const move = directionalMove(high, low, i);
      movement = move > 0 ? movement - movement / period + move : movement - movement / period;
      range = range - range / period + trueRange(high, low, close, i);
      result[i] = isZero(range) ? 0 : 100 * (movement / range);
    }
    return result;
  };
}

export const plusDi = directionalIndicator(plusMove);
export const minusDi = directionalIndicator(minusMove);

/**
 * Average directional index (Wilder 1978; TA-Lib ADX): the mean of the first `period` DX
 * values, then Wilder smoothing of DX = 100 |+DI - -DI| / (+DI + -DI). First value at 2·period - 1.
 */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  requireInteger("period", period, 2);
  const length = close.length;
  const result = prepareOutput(length, out);
  if (2 * period - 1 >= length) return result;
  let plus = 0;
  let minus = 0;
  let range = 0;
  let today = 1;
  for (; today < period; today++) {
    const down = minusMove(high, low, today);
    const up = plusMove(high, low, today);
    if (down > 0) minus += down;
    else if (up > 0) plus += up;
    range += trueRange(high, low, close, today);
  }
  // TA-Lib's order of operations, kept so results match it to the last bit.
  const step = (i: number): number | undefined => {
    const down = minusMove(high, low, i);
    const up = plusMove(high, low, i);
    minus -= minus / period;
    plus -= plus / period;
    if (down > 0) minus += down;
    else if (up > 0) plus += up;
    range = range - range / period + trueRange(high, low, close, i);
    if (isZero(range)) return undefined;
    const minusIndicator = 100 * (minus / range);
    const plusIndicator = 100 * (plus / range);
    const sum = minusIndicator + plusIndicator;
    return isZero(sum) ? undefined : 100 * (Math.abs(minusIndicator - plusIndicator) / sum);
  };
  let sumDx = 0;
  for (const end = today + period; today < end; today++) sumDx += step(today) ?? 0;
  let average = sumDx / period;
  result[today - 1] = average;
  for (; today < length; today++) {
    const dx = step(today);
    if (dx !== undefined) average = (average * (period - 1) + dx) / period;
    result[today] = average;
  }
  return result;
}
