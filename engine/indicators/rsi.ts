import { stochasticFastInto } from "./stochastic.ts";
import { firstValid, isZero, prepareOutput, requireInteger } from "./support.ts";

/**
 * Relative Strength Index (Wilder 1978; TA-Lib RSI): the first average gain and loss are simple
 * means of `period` changes, then Wilder smoothing. First value at index `period`.
 */
export function rsi(source: Float64Array, period: number, out?: Float64Array): Float64Array {
  requireInteger("period", period, 2);
  const result = prepareOutput(source.length, out);
  rsiInto(source, period, result, firstValid(source));
  return result;
}

function rsiInto(source: Float64Array, period: number, out: Float64Array, begin: number): void {
  const length = source.length;
  if (begin + period >= length) return;
  let previous = source[begin]!;
  let gain = 0;
  let loss = 0;
  let today = begin + 1;
  for (let i = period; i > 0; i--) {
    const value = source[today++]!;
    const change = value - previous;
    previous = value;
    if (change < 0) loss -= change;
    else gain += change;
  }
  loss /= period;
  gain /= period;
  let total = gain + loss;
  out[today - 1] = isZero(total) ? 0 : 100 * (gain / total);
  const keep = period - 1;
  for (; today < length; today++) {
    const value = source[today]!;
    const change = value - previous;
    previous = value;
    loss *= keep;
    gain *= keep;
    // Branch-free split of the change into gain and loss.
    const up = change > 0 ? change : 0;
    loss -= change - up;
    gain += up;
    loss /= period;
    gain /= period;
    total = gain + loss;
    out[today] = isZero(total) ? 0 : 100 * (gain / total);
  }
}

export interface StochasticOutput {
  k: Float64Array;
  d: Float64Array;
}

/** Stochastic RSI (TA-Lib STOCHRSI): a fast stochastic over RSI(period) with `stochPeriod` and an SMA(`dPeriod`) %D. */
export function stochRsi(
  source: Float64Array,
  period: number,
  stochPeriod: number,
  dPeriod: number,
  out?: Partial<StochasticOutput>,
): StochasticOutput {
  requireInteger("period", period, 2);
  requireInteger("stochPeriod", stochPeriod, 1);
  requireInteger("dPeriod", dPeriod, 1);
  const k = prepareOutput(source.length, out?.k);
  const d = prepareOutput(source.length, out?.d);
  const strength = rsi(source, period);
  stochasticFastInto(
    strength,
    strength,
    strength,
    stochPeriod,
    dPeriod,
    k,
    d,
    firstValid(strength),
  );
  return { k, d };
}
