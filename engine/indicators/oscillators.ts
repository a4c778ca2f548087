import { firstValid, prepareOutput, requireInteger } from "./support.ts";

/** Rate of change in percent (TA-Lib ROC): (x / x[t-period] - 1) × 100; 0 where the old value is 0. */
export function roc(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 1);
  const result = prepareOutput(source.length, out);
  for (let i = firstValid(source) + period; i < source.length; i++) {
    const old = source[i - period]!;
    result[i] = old !== 0 ? (source[i]! / old - 1) * 100 : 0;
  }
  return result;
}

/** Momentum (TA-Lib MOM): x - x[t-period]. */
export function momentum(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 1);
  const result = prepareOutput(source.length, out);
  for (let i = firstValid(source) + period; i < source.length; i++)
    result[i] = source[i]! - source[i - period]!;
  return result;
}

/**
 * Commodity Channel Index (Lambert 1980; TA-Lib CCI): (typical price - its SMA) / (0.015 × mean
 * absolute deviation), 0 when either is 0. Sums run over TA-Lib's circular buffer order.
 */
export function cci(
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
  const window = new Float64Array(period);
  let slot = 0;
  for (let i = 0; i < period - 1; i++) {
    window[slot++] = (high[i]! + low[i]! + close[i]!) / 3;
  }
  for (let today = period - 1; today < length; today++) {
    const typical = (high[today]! + low[today]! + close[today]!) / 3;
    window[slot] = typical;
    let average = 0;
    for (let j = 0; j < period; j++) average += window[j]!;
    average /= period;
    let deviation = 0;
    for (let j = 0; j < period; j++) deviation += Math.abs(window[j]! - average);
    const distance = typical - average;
    result[today] =
      distance !== 0 && deviation !== 0 ? distance / (0.015 * (deviation / period)) : 0;
    slot = slot + 1 === period ? 0 : slot + 1;
  }
  return result;
}

/**
 * Money Flow Index (TA-Lib MFI): 100 × positive money flow / total money flow over `period`
 * bars, typical price × volume signed by the change of typical price; 0 when the total is below 1.
 */
export function mfi(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  requireInteger("period", period, 2);
  const length = close.length;
  const result = prepareOutput(length, out);
  if (period >= length) return result;
  const positive = new Float64Array(period);
  const negative = new Float64Array(period);
  let slot = 0;
  let positiveSum = 0;
  let negativeSum = 0;
  let previous = (high[0]! + low[0]! + close[0]!) / 3;
  const flowOf = (today: number) => {
    const typical = (high[today]! + low[today]! + close[today]!) / 3;
    const change = typical - previous;
    previous = typical;
    const flow = typical * volume[today]!;
    positive[slot] = change > 0 ? flow : 0;
    negative[slot] = change < 0 ? flow : 0;
    if (change > 0) positiveSum += flow;
    else if (change < 0) negativeSum += flow;
  };
  const index = () => {
    const total = positiveSum + negativeSum;
    return total < 1 ? 0 : 100 * (positiveSum / total);
  };
  for (let today = 1; today <= period; today++) {
    flowOf(today);
    slot = slot + 1 === period ? 0 : slot + 1;
  }
  result[period] = index();
  for (let today = period + 1; today < length; today++) {
    positiveSum -= positive[slot]!;
    negativeSum -= negative[slot]!;
    flowOf(today);
    result[today] = index();
    slot = slot + 1 === period ? 0 : slot + 1;
  }
  return result;
}
