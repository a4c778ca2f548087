/** wᵀμ. */
export function portfolioMean(weights: ArrayLike<number>, means: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]! * means[i]!;
  return sum;
}

/** wᵀΣw for a row-major n x n covariance. */
export function portfolioVariance(weights: ArrayLike<number>, covariance: Float64Array): number {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const wi = weights[i]!;
    if (wi === 0) continue;
    let row = 0;
    for (let j = 0; j < n; j++) row += covariance[i * n + j]! * weights[j]!;
    sum += wi * row;
  }
  return sum;
}

/**
 * Each asset's share of the portfolio's variance, w_i (Σw)_i / wᵀΣw (Euler's decomposition:
 * the shares sum to 1). All zero for a riskless portfolio.
 */
export function riskContributions(
  weights: ArrayLike<number>,
  covariance: Float64Array,
): Float64Array {
  const n = weights.length;
  const shares = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += covariance[i * n + j]! * weights[j]!;
    shares[i] = weights[i]! * row;
    total += shares[i]!;
  }
  if (!(total > 0)) return shares.fill(0);
  for (let i = 0; i < n; i++) shares[i]! /= total;
  return shares;
}
