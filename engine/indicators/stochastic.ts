import { rollingExtremeInto } from "./extremes.ts";
import { smaInto } from "./moving-averages.ts";
import type { StochasticOutput } from "./rsi.ts";
import { prepareOutput, requireInteger } from "./support.ts";

/** Raw %K (TA-Lib's fast-K loop): (close - lowest low) / ((highest high - lowest low) / 100), 0 on a flat window. */
function rawK(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  begin: number,
): Float64Array {
  const length = close.length;
  const highest = new Float64Array(length);
  const lowest = new Float64Array(length);
  rollingExtremeInto(high, period, 1, begin, highest, null);
  rollingExtremeInto(low, period, -1, begin, lowest, null);
  const k = new Float64Array(length).fill(NaN);
  for (let i = begin + period - 1; i < length; i++) {
    const range = (highest[i]! - lowest[i]!) / 100;
    k[i] = range !== 0 ? (close[i]! - lowest[i]!) / range : 0;
  }
  return k;
}

/**
 * Fast stochastic (TA-Lib STOCHF): raw %K and its SMA as %D; both lines start where %D does.
 * Used by StochRSI on an RSI series (high = low = close).
 */
export function stochasticFastInto(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  dPeriod: number,
  k: Float64Array,
  d: Float64Array,
  begin: number,
): void {
  const first = begin + kPeriod - 1 + dPeriod - 1;
  if (first >= close.length) return;
  const fastK = rawK(high, low, close, kPeriod, begin);
  smaInto(fastK, dPeriod, d, begin + kPeriod - 1);
  k.set(fastK.subarray(first), first);
}

/**
 * Slow stochastic (Lane; TA-Lib STOCH with SMA smoothing): %K = SMA(raw %K, kSmoothing),
 * %D = SMA(%K, dPeriod); both lines start at (kPeriod-1) + (kSmoothing-1) + (dPeriod-1).
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  kSmoothing: number,
  dPeriod: number,
  out?: Partial<StochasticOutput>,
): StochasticOutput {
  requireInteger("kPeriod", kPeriod, 1);
  requireInteger("kSmoothing", kSmoothing, 1);
  requireInteger("dPeriod", dPeriod, 1);
  const length = close.length;
  const k = prepareOutput(length, out?.k);
  const d = prepareOutput(length, out?.d);
  const first = kPeriod - 1 + kSmoothing - 1 + dPeriod - 1;
  if (first >= length) return { k, d };
  const fastK = rawK(high, low, close, kPeriod, 0);
  const slowK = new Float64Array(length).fill(NaN);
  smaInto(fastK, kSmoothing, slowK, kPeriod - 1);
  smaInto(slowK, dPeriod, d, kPeriod - 1 + kSmoothing - 1);
  k.set(slowK.subarray(first), first);
  return { k, d };
}

/** Williams %R (TA-Lib WILLR): (highest high - close) / ((highest high - lowest low) / -100), 0 on a flat window. */
export function williamsR(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  requireInteger("period", period, 2);
  const length = close.length;
  const result = prepareOutput(length, out);
  if (period > length) return result;
  const highest = new Float64Array(length);
  const lowest = new Float64Array(length);
  rollingExtremeInto(high, period, 1, 0, highest, null);
  rollingExtremeInto(low, period, -1, 0, lowest, null);
  for (let i = period - 1; i < length; i++) {
    const range = (highest[i]! - lowest[i]!) / -100;
    result[i] = range !== 0 ? (highest[i]! - close[i]!) / range : 0;
  }
  return result;
}
