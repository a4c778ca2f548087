import { smaInto } from "./moving-averages.ts";
import { firstValid, isZeroOrNegative, prepareOutput, requireInteger } from "./support.ts";

/**
 * Rolling population standard deviation (TA-Lib STDDEV with nbDev 1): sqrt(mean of squares -
 * square of mean) from running sums; variances below 1e-8 count as 0, as in TA-Lib.
 */
export function rollingStd(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const result = prepareOutput(source.length, out);
  rollingStdInto(source, period, result, firstValid(source));
  return result;
}

function rollingStdInto(
  source: Float64Array,
  period: number,
  out: Float64Array,
  begin: number,
): void {
  const length = source.length;
  if (begin + period > length) return;
  let sum = 0;
  let squares = 0;
  let i = begin;
  const firstOutput = begin + period - 1;
  for (; i < firstOutput; i++) {
    const value = source[i]!;
    sum += value;
    squares += value * value;
  }
  let trailing = begin;
  for (; i < length; i++) {
    const value = source[i]!;
    sum += value;
    squares += value * value;
    const mean = sum / period;
    const meanOfSquares = squares / period;
    const old = source[trailing++]!;
    sum -= old;
    squares -= old * old;
    const variance = meanOfSquares - mean * mean;
    out[i] = isZeroOrNegative(variance) ? 0 : Math.sqrt(variance);
  }
}

/** (x - SMA) / population std over `period` bars; NaN where the window is flat. */
export function zScore(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const result = prepareOutput(source.length, out);
  const begin = firstValid(source);
  const mean = new Float64Array(source.length).fill(NaN);
  smaInto(source, period, mean, begin);
  rollingStdInto(source, period, result, begin);
  for (let i = begin + period - 1; i < result.length; i++) {
    const deviation = result[i]!;
    result[i] = deviation > 0 ? (source[i]! - mean[i]!) / deviation : NaN;
  }
  return result;
}

/** Slope of the least-squares line through the last `period` values, per bar (TA-Lib LINEARREG_SLOPE). */
export function linRegSlope(
  source: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  requireInteger("period", period, 2);
  const result = prepareOutput(source.length, out);
  const begin = firstValid(source);
  const sumX = period * (period - 1) * 0.5;
  const sumXSquared = (period * (period - 1) * (2 * period - 1)) / 6;
  const divisor = sumX * sumX - period * sumXSquared;
  for (let today = begin + period - 1; today < source.length; today++) {
    let sumXY = 0;
    let sumY = 0;
    // x counts bars back from today, as in TA-Lib; the negative divisor turns the slope forward.
    for (let x = period; x-- !== 0;) {
      const value = source[today - x]!;
      sumY += value;
      sumXY += x * value;
    }
    result[today] = (period * sumXY - sumX * sumY) / divisor;
  }
  return result;
}
