import { firstValid, prepareOutput, prepareWarmup, requireInteger } from "./support.ts";

/** Simple moving average (TA-Lib SMA): running sum, first value at index period-1. */
export function sma(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const begin = firstValid(source);
  // Every element from the first output on is written: only the warm-up is filled NaN.
  const result = prepareWarmup(source.length, begin + period - 1, out);
  smaInto(source, period, result, begin);
  return result;
}

/** SMA over source[begin..] written to out[begin + period - 1 ..]; period 1 copies. */
export function smaInto(
  source: Float64Array,
  period: number,
  out: Float64Array,
  begin: number,
): void {
  const length = source.length;
  if (begin + period > length) return;
  let total = 0;
  let i = begin;
  const firstOutput = begin + period - 1;
  while (i < firstOutput) total += source[i++]!;
  let trailing = begin;
  for (; i < length; i++) {
    total += source[i]!;
    const value = total;
    total -= source[trailing++]!;
    out[i] = value / period;
  }
}

/** Exponential moving average (TA-Lib EMA, default compatibility): seeded with the SMA of the first `period` values, k = 2/(period+1). */
export function ema(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const begin = firstValid(source);
  // As in sma: only the warm-up is filled NaN.
  const result = prepareWarmup(source.length, begin + period - 1, out);
  emaInto(source, period, result, begin);
  return result;
}

/**
 * EMA with its first output at `firstOutput` (>= begin + period - 1), seeded with the SMA of
 * the `period` values ending there. MACD starts its fast EMA late this way, as TA-Lib does.
 */
function emaInto(
  source: Float64Array,
  period: number,
  out: Float64Array,
  begin: number,
  firstOutput = begin + period - 1,
): void {
  const length = source.length;
  if (firstOutput >= length) return;
  const k = 2 / (period + 1);
  let total = 0;
  for (let i = firstOutput - period + 1; i <= firstOutput; i++) total += source[i]!;
  let previous = total / period;
  out[firstOutput] = previous;
  for (let i = firstOutput + 1; i < length; i++) {
    previous = (source[i]! - previous) * k + previous;
    out[i] = previous;
  }
}

/** Weighted moving average (TA-Lib WMA): weights 1..period, newest heaviest. */
export function wma(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const begin = firstValid(source);
  // As in sma: only the warm-up is filled NaN.
  const result = prepareWarmup(source.length, begin + period - 1, out);
  const length = source.length;
  if (begin + period > length) return result;
  const divider = (period * (period + 1)) / 2;
  let periodSum = 0;
  let periodSub = 0;
  let i = begin;
  const firstOutput = begin + period - 1;
  for (let weight = 1; i < firstOutput; weight++) {
    const value = source[i++]!;
    periodSub += value;
    periodSum += value * weight;
  }
  let trailing = begin;
  let trailingValue = 0;
  for (; i < length; i++) {
    const value = source[i]!;
    periodSub += value;
    periodSub -= trailingValue;
    periodSum += value * period;
    trailingValue = source[trailing++]!;
    result[i] = periodSum / divider;
    periodSum -= periodSub;
  }
  return result;
}

/** Double EMA (TA-Lib DEMA): 2 EMA - EMA(EMA); first value at 2(period-1). */
export function dema(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const result = prepareOutput(source.length, out);
  const first = ema(source, period);
  const second = ema(first, period);
  for (let i = 0; i < result.length; i++) result[i] = 2 * first[i]! - second[i]!;
  return result;
}

/** Triple EMA (TA-Lib TEMA): 3 EMA - 3 EMA(EMA) + EMA(EMA(EMA)); first value at 3(period-1). */
export function tema(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const result = prepareOutput(source.length, out);
  const first = ema(source, period);
  const second = ema(first, period);
  const third = ema(second, period);
  for (let i = 0; i < result.length; i++) result[i] = 3 * first[i]! - 3 * second[i]! + third[i]!;
  return result;
}
