import { firstValid, prepareOutput, requireInteger } from "./support.ts";

export interface MacdOutput {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

/**
 * MACD (Appel; TA-Lib MACD): EMA(fast) - EMA(slow), its EMA(signal), and their difference.
 * As in TA-Lib, the fast EMA starts where the slow one does (seeded with the SMA of the `fast`
 * values ending there), and all three lines start at (slow - 1) + (signal - 1).
 */
export function macd(
  source: Float64Array,
  fast: number,
  slow: number,
  signal: number,
  out?: Partial<MacdOutput>,
): MacdOutput {
  requireInteger("fast", fast, 2);
  requireInteger("slow", slow, 2);
  // TA-Lib's EMA needs a period of 2 or more; its MACD returns garbage for signal 1.
  requireInteger("signal", signal, 2);
  if (fast >= slow)
    throw new RangeError(`\`fast\` must be smaller than \`slow\` (was ${fast} and ${slow})`);
  const length = source.length;
  const line = prepareOutput(length, out?.macd);
  const signalLine = prepareOutput(length, out?.signal);
  const histogram = prepareOutput(length, out?.histogram);
  const begin = firstValid(source);
  const start = begin + slow - 1;
  const first = start + signal - 1;
  if (first >= length) return { macd: line, signal: signalLine, histogram };
  // One fused pass, with TA-Lib's seeds and operation order: SMA-seeded EMAs, the fast one
  // starting with the slow one, the signal EMA seeded with the mean of its first `signal` values.
  let slowSum = 0;
  for (let i = begin; i <= start; i++) slowSum += source[i]!;
  let fastSum = 0;
  for (let i = start - fast + 1; i <= start; i++) fastSum += source[i]!;
  const kSlow = 2 / (slow + 1);
  const kFast = 2 / (fast + 1);
  const kSignal = 2 / (signal + 1);
  let slowEma = slowSum / slow;
  let fastEma = fastSum / fast;
  let signalEma = fastEma - slowEma;
  for (let i = start + 1; i <= first; i++) {
    const value = source[i]!;
    slowEma = (value - slowEma) * kSlow + slowEma;
    fastEma = (value - fastEma) * kFast + fastEma;
    signalEma += fastEma - slowEma;
  }
  signalEma /= signal;
  const firstLine = fastEma - slowEma;
  line[first] = firstLine;
  signalLine[first] = signalEma;
  histogram[first] = firstLine - signalEma;
  for (let i = first + 1; i < length; i++) {
    const value = source[i]!;
    slowEma = (value - slowEma) * kSlow + slowEma;
    fastEma = (value - fastEma) * kFast + fastEma;
    const macdValue = fastEma - slowEma;
    signalEma = (macdValue - signalEma) * kSignal + signalEma;
    line[i] = macdValue;
    signalLine[i] = signalEma;
    histogram[i] = macdValue - signalEma;
  }
  return { macd: line, signal: signalLine, histogram };
}
