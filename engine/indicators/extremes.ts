import { firstValid, prepareOutput, requireInteger } from "./support.ts";

/**
 * Rolling extreme over `period` bars in TA-Lib's way (MAX/MIN/MAXINDEX/MININDEX): the extreme
 * is kept while it stays in the window, replaced by a newer value that equals or beats it, and
 * rescanned from the oldest bar when it leaves. That also fixes which bar wins a tie.
 * Writes values and/or indexes from `begin + period - 1`; `sign` 1 tracks the maximum, -1 the minimum.
 */
export function rollingExtremeInto(
  source: Float64Array,
  period: number,
  sign: 1 | -1,
  begin: number,
  values: Float64Array | null,
  indexes: Float64Array | null,
): void {
  const length = source.length;
  let extremeIndex = -1;
  let extreme = 0;
  for (let today = begin + period - 1, trailing = begin; today < length; today++, trailing++) {
    const value = source[today]!;
    if (extremeIndex < trailing) {
      extremeIndex = trailing;
      extreme = source[trailing]!;
      for (let i = trailing + 1; i <= today; i++) {
        const candidate = source[i]!;
        if (sign * (candidate - extreme) > 0) {
          extremeIndex = i;
          extreme = candidate;
        }
      }
    } else if (sign * (value - extreme) >= 0) {
      extremeIndex = today;
      extreme = value;
    }
    if (values) values[today] = extreme;
    if (indexes) indexes[today] = extremeIndex;
  }
}

function extremeIndicator(sign: 1 | -1, asBarsAgo: boolean) {
  return (source: Float64Array, period: number, out?: Float64Array): Float64Array => {
    requireInteger("period", period, 2);
    const result = prepareOutput(source.length, out);
    const begin = firstValid(source);
    if (asBarsAgo) {
      rollingExtremeInto(source, period, sign, begin, null, result);
      for (let i = begin + period - 1; i < result.length; i++) result[i] = i - result[i]!;
    } else rollingExtremeInto(source, period, sign, begin, result, null);
    return result;
  };
}

/** Highest value of the last `period` bars (TA-Lib MAX). */
export const rollingMax = extremeIndicator(1, false);
/** Lowest value of the last `period` bars (TA-Lib MIN). */
export const rollingMin = extremeIndicator(-1, false);
/** Bars since the highest value of the last `period` bars, 0 = this bar (from TA-Lib MAXINDEX). */
export const highestBars = extremeIndicator(1, true);
/** Bars since the lowest value of the last `period` bars, 0 = this bar (from TA-Lib MININDEX). */
export const lowestBars = extremeIndicator(-1, true);
