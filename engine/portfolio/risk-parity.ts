/**
 * Equal risk contribution weights (summing to 1): every asset's w_i (Σw)_i equal. Solved as
 * the strictly convex problem min ½xᵀΣx − Σ b_i ln x_i with b_i = 1/n, whose minimizer, scaled
 * to sum 1, is the risk-parity portfolio (Maillard, Roncalli & Teïletche, "The properties of
 * equally weighted risk contribution portfolios", 2010), by cyclical coordinate descent
 * (Griveau-Billion, Richard & Roncalli, "A fast algorithm for computing high-dimensional risk
 * parity portfolios", 2013): each coordinate's exact minimizer is the positive root
 * x_i = (−c_i + √(c_i² + 4σ_ii b_i)) / (2σ_ii), c_i = Σ_{j≠i} σ_ij x_j. Converges for any
 * positive-definite Σ; Σx is updated in O(n) per coordinate, O(n²) a sweep, with no allocation.
 * Stops when every risk contribution is within `tolerance` (relative) of 1/n.
 */
export function riskParity(
  covariance: Float64Array,
  n: number,
  options: { tolerance?: number; maxSweeps?: number } = {},
): { weights: Float64Array; sweeps: number; converged: boolean } {
  const tolerance = options.tolerance ?? 1e-10;
  const maxSweeps = options.maxSweeps ?? 10_000;
  const budget = 1 / n;
  const x = new Float64Array(n);
  const product = new Float64Array(n);
  // Start from inverse volatility, the exact answer when correlations are equal.
  for (let i = 0; i < n; i++) x[i] = 1 / Math.sqrt(covariance[i * n + i]!);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += covariance[i * n + j]! * x[j]!;
    product[i] = sum;
  }
  let sweeps = 0;
  let converged = false;
  while (!converged && sweeps < maxSweeps) {
    sweeps++;
    for (let i = 0; i < n; i++) {
      const variance = covariance[i * n + i]!;
      const others = product[i]! - variance * x[i]!;
      const next = (-others + Math.sqrt(others * others + 4 * variance * budget)) / (2 * variance);
      const change = next - x[i]!;
      if (change === 0) continue;
      x[i] = next;
      // Σ is symmetric: row i is column i, read contiguously.
      for (let j = 0; j < n; j++) product[j]! += covariance[i * n + j]! * change;
    }
    let total = 0;
    for (let i = 0; i < n; i++) total += x[i]! * product[i]!;
    let worst = 0;
    for (let i = 0; i < n; i++)
      worst = Math.max(worst, Math.abs((x[i]! * product[i]! * n) / total - 1));
    converged = worst <= tolerance;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  for (let i = 0; i < n; i++) x[i]! /= sum;
  return { weights: x, sweeps, converged };
}
