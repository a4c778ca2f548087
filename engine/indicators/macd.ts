import { emaInto } from "./moving-averages.ts";
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
  if (start + signal - 1 >= length) return { macd: line, signal: signalLine, histogram };
  const slowEma = new Float64Array(length);
  emaInto(source, slow, slowEma, begin);
  emaInto(source, fast, line, begin, start);
  for (let i = start; i < length; i++) line[i] = line[i]! - slowEma[i]!;
  emaInto(line, signal, signalLine, start);
  const first = start + signal - 1;
  line.fill(NaN, 0, first);
  for (let i = first; i < length; i++) histogram[i] = line[i]! - signalLine[i]!;
  return { macd: line, signal: signalLine, histogram };
}
