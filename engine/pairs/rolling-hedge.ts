/** The spread of a pair at each bar, from the last `lookback` bars only (no look-ahead). */
export interface RollingHedge {
  /** OLS slope of ln A on ln B over the window ending at the bar; NaN during warm-up. */
  hedgeRatio: Float64Array;
  intercept: Float64Array;
  /** The window's residual standard deviation, sqrt(SSR / (n - 2)). */
  residualStd: Float64Array;
  /** The bar's residual over the window's standard deviation; NaN during warm-up or for a flat spread. */
  zScore: Float64Array;
}

/** A residual deviation below this (in log price) is rounding, not a spread. */
const flatSpread = 1e-9;

/**
 * Rolling OLS of y = ln(close A) on x = ln(close B) over the `lookback` bars ending at each bar:
 * y = a + b x + e, and the z-score of the bar's own residual e / sd(e). Each window is fitted on
 * its own, centred on its means (O(n x lookback)): sliding raw sums would cancel catastrophically
 * on log prices, leaving rounding where a flat spread has none.
 */
export function rollingHedge(
  closeA: Float64Array,
  closeB: Float64Array,
  lookback: number,
): RollingHedge {
  const length = closeA.length;
  if (closeB.length !== length)
    throw new RangeError(`the two legs must be as long (${length} and ${closeB.length} closes)`);
  if (!Number.isInteger(lookback) || lookback < 10)
    throw new RangeError(
      `the lookback must be a whole number of at least 10 bars (was ${lookback})`,
    );
  const y = closeA.map(Math.log);
  const x = closeB.map(Math.log);
  const out: RollingHedge = {
    hedgeRatio: new Float64Array(length).fill(NaN),
    intercept: new Float64Array(length).fill(NaN),
    residualStd: new Float64Array(length).fill(NaN),
    zScore: new Float64Array(length).fill(NaN),
  };
  for (let t = lookback - 1; t < length; t++) {
    const start = t - lookback + 1;
    let meanX = 0;
    let meanY = 0;
    for (let k = start; k <= t; k++) {
      meanX += x[k]!;
      meanY += y[k]!;
    }
    meanX /= lookback;
    meanY /= lookback;
    let sxx = 0;
    let sxy = 0;
    for (let k = start; k <= t; k++) {
      const dx = x[k]! - meanX;
      sxx += dx * dx;
      sxy += dx * (y[k]! - meanY);
    }
    if (!(sxx > 0)) continue;
    const b = sxy / sxx;
    const a = meanY - b * meanX;
    let ssr = 0;
    for (let k = start; k <= t; k++) {
      const e = y[k]! - a - b * x[k]!;
      ssr += e * e;
    }
    const sd = Math.sqrt(ssr / (lookback - 2));
    out.hedgeRatio[t] = b;
    out.intercept[t] = a;
    out.residualStd[t] = sd;
    // A spread that does not move (the legs in lockstep) has no z: its rounding would be noise.
    if (sd > flatSpread) out.zScore[t] = (y[t]! - a - b * x[t]!) / sd;
  }
  return out;
}
