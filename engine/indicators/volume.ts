import { prepareOutput, requireInteger } from "./support.ts";

/** On-balance volume (Granville; TA-Lib OBV): starts at the first bar's volume. */
export function obv(close: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  const result = prepareOutput(close.length, out);
  if (close.length === 0) return result;
  let total = volume[0]!;
  let previous = close[0]!;
  for (let i = 0; i < close.length; i++) {
    const price = close[i]!;
    if (price > previous) total += volume[i]!;
    else if (price < previous) total -= volume[i]!;
    result[i] = total;
    previous = price;
  }
  return result;
}

/**
 * Volume-weighted average price of the typical price (H+L+C)/3: cumulative from the first bar
 * when `period` is 0, else over the last `period` bars. NaN while the volume summed is 0.
 */
export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  period = 0,
  out?: Float64Array,
): Float64Array {
  if (period !== 0) requireInteger("period", period, 1);
  const result = prepareOutput(close.length, out);
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < close.length; i++) {
    weighted += ((high[i]! + low[i]! + close[i]!) / 3) * volume[i]!;
    total += volume[i]!;
    if (period !== 0 && i >= period) {
      const old = i - period;
      weighted -= ((high[old]! + low[old]! + close[old]!) / 3) * volume[old]!;
      total -= volume[old]!;
    }
    if ((period === 0 || i >= period - 1) && total > 0) result[i] = weighted / total;
  }
  return result;
}
