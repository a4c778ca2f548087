/**
 * What holding fixed weights would have done over the returns they were built from, rebalanced
 * to the weights every period (cash, the weights' shortfall from 1, earns nothing). Losses are
 * positive fractions.
 */
export interface PortfolioHistory {
  /** The portfolio's simple return each period, Σ wᵢ rᵢ. */
  returns: Float64Array;
  /** The value of 1 invested at the start, after each period. */
  value: Float64Array;
  totalReturn: number;
  /** The largest fall of value from a peak, a fraction of the peak (0 when it never fell). */
  maxDrawdown: number;
  /** The period after which that peak stood (-1: the start, before the first period). */
  peakIndex: number;
  /** The period that ended at the drawdown's bottom (-1 when it never fell). */
  troughIndex: number;
  /** The first period that ended back at the peak's value (-1: not yet, or it never fell). */
  recoveryIndex: number;
  /** The period of the worst return (the earliest of equal ones). */
  worstIndex: number;
  /** Periods in the tail: ⌈tail · n⌉, at least 1. */
  tailPeriods: number;
  /**
   * Historical value at risk: the loss of the `tailPeriods`-th worst period, so that on that many
   * periods (a `tail` share of them) the portfolio lost this much or more.
   */
  valueAtRisk: number;
  /** Expected shortfall (conditional value at risk): the mean loss over those worst periods. */
  expectedShortfall: number;
}

/**
 * The history of `weights` over return columns of equal length (one per asset). `tail` is the
 * share of periods the value at risk looks at: 0.05 for 95%.
 */
export function portfolioHistory(
  columns: readonly Float64Array[],
  weights: ArrayLike<number>,
  tail = 0.05,
): PortfolioHistory {
  if (columns.length !== weights.length)
    throw new RangeError(`${weights.length} weights for ${columns.length} return columns`);
  if (!(tail > 0 && tail < 1)) throw new RangeError(`the tail share ${tail} is not in (0, 1)`);
  const periods = columns[0]?.length ?? 0;
  if (periods === 0) throw new RangeError("no returns to hold the weights over");
  const returns = new Float64Array(periods);
  columns.forEach((column, asset) => {
    if (column.length !== periods)
      throw new RangeError(`return column ${asset} has ${column.length} periods, not ${periods}`);
    const weight = weights[asset]!;
    for (let t = 0; t < periods; t++) returns[t]! += weight * column[t]!;
  });

  const value = new Float64Array(periods);
  let level = 1;
  let peak = 1;
  let peakIndex = -1;
  let drawdown = { depth: 0, peakIndex: -1, troughIndex: -1, peakLevel: 1 };
  let worstIndex = 0;
  for (let t = 0; t < periods; t++) {
    level *= 1 + returns[t]!;
    value[t] = level;
    if (returns[t]! < returns[worstIndex]!) worstIndex = t;
    if (level >= peak) {
      peak = level;
      peakIndex = t;
    } else if (1 - level / peak > drawdown.depth)
      drawdown = { depth: 1 - level / peak, peakIndex, troughIndex: t, peakLevel: peak };
  }
  let recoveryIndex = -1;
  if (drawdown.troughIndex >= 0)
    for (let t = drawdown.troughIndex + 1; t < periods && recoveryIndex < 0; t++)
      if (value[t]! >= drawdown.peakLevel) recoveryIndex = t;

  // Less a hair: 0.07 · 100 is 7.000000000000001 in binary floating point.
  const tailPeriods = Math.max(1, Math.ceil(tail * periods - 1e-9));
  const worstFirst = Float64Array.from(returns).sort();
  let tailSum = 0;
  for (let k = 0; k < tailPeriods; k++) tailSum += worstFirst[k]!;
  return {
    returns,
    value,
    totalReturn: level - 1,
    maxDrawdown: drawdown.depth,
    peakIndex: drawdown.troughIndex >= 0 ? drawdown.peakIndex : -1,
    troughIndex: drawdown.troughIndex,
    recoveryIndex,
    worstIndex,
    tailPeriods,
    valueAtRisk: -worstFirst[tailPeriods - 1]!,
    expectedShortfall: -tailSum / tailPeriods,
  };
}
