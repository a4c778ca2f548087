import { rollingExtremeInto } from "./extremes.ts";
import { ema } from "./moving-averages.ts";
import {
  firstValid,
  isZeroOrNegative,
  prepareOutput,
  prepareWarmup,
  requireInteger,
  requirePositive,
} from "./support.ts";
import { atr } from "./volatility.ts";

export interface BandsOutput {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

function prepareBands(length: number, out?: Partial<BandsOutput>): BandsOutput {
  return {
    upper: prepareOutput(length, out?.upper),
    middle: prepareOutput(length, out?.middle),
    lower: prepareOutput(length, out?.lower),
  };
}

/**
 * Bollinger Bands (Bollinger; TA-Lib BBANDS with an SMA): middle = SMA(period), bands at
 * ± stdDev × population standard deviation (TA-Lib's running mean of squares).
 */
export function bollinger(
  source: Float64Array,
  period: number,
  stdDev: number,
  out?: Partial<BandsOutput>,
): BandsOutput {
  requireInteger("period", period, 2);
  requirePositive("stdDev", stdDev);
  const length = source.length;
  const begin = firstValid(source);
  // Every element from the first output on is written below: only the warm-up is filled NaN.
  const firstOutput = begin + period - 1;
  const bands = {
    upper: prepareWarmup(length, firstOutput, out?.upper),
    middle: prepareWarmup(length, firstOutput, out?.middle),
    lower: prepareWarmup(length, firstOutput, out?.lower),
  };
  if (begin + period > length) return bands;
  const { upper, middle, lower } = bands;
  // One pass: TA-Lib's running SMA sum and running sum of squares, in its operation order.
  let total = 0;
  let squares = 0;
  for (let i = begin; i < firstOutput; i++) {
    const value = source[i]!;
    total += value;
    squares += value * value;
  }
  for (let i = firstOutput, trailing = begin; i < length; i++, trailing++) {
    const value = source[i]!;
    const old = source[trailing]!;
    total += value;
    const mean = total / period;
    total -= old;
    squares += value * value;
    const meanOfSquares = squares / period;
    squares -= old * old;
    const variance = meanOfSquares - mean * mean;
    const width = (isZeroOrNegative(variance) ? 0 : Math.sqrt(variance)) * stdDev;
    middle[i] = mean;
    upper[i] = mean + width;
    lower[i] = mean - width;
  }
  return bands;
}

/** Donchian channel (Donchian): highest high and lowest low of `period` bars, and their mean. */
export function donchian(
  high: Float64Array,
  low: Float64Array,
  period: number,
  out?: Partial<BandsOutput>,
): BandsOutput {
  requireInteger("period", period, 2);
  const bands = prepareBands(high.length, out);
  rollingExtremeInto(high, period, 1, 0, bands.upper, null);
  rollingExtremeInto(low, period, -1, 0, bands.lower, null);
  for (let i = period - 1; i < high.length; i++)
    bands.middle[i] = (bands.upper[i]! + bands.lower[i]!) / 2;
  return bands;
}

/** Keltner channel (Chester Keltner, ATR form): EMA(close, period) ± multiplier × ATR(atrPeriod). */
export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  multiplier: number,
  atrPeriod: number,
  out?: Partial<BandsOutput>,
): BandsOutput {
  requireInteger("period", period, 2);
  requirePositive("multiplier", multiplier);
  requireInteger("atrPeriod", atrPeriod, 1);
  const bands = prepareBands(close.length, out);
  ema(close, period, bands.middle);
  const range = atr(high, low, close, atrPeriod);
  for (let i = 0; i < close.length; i++) {
    const width = multiplier * range[i]!;
    bands.upper[i] = bands.middle[i]! + width;
    bands.lower[i] = bands.middle[i]! - width;
  }
  // Defined only where both the EMA and the ATR are.
  const first = Math.max(period - 1, atrPeriod);
  for (const line of [bands.upper, bands.middle, bands.lower])
    line.fill(NaN, 0, Math.min(first, close.length));
  return bands;
}
