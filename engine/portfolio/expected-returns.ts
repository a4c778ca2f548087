import { cholesky, solveCholesky } from "./cholesky.ts";

export interface ShrunkMeans {
  means: Float64Array;
  /** The grand mean μ₀ the means were pulled toward. */
  grandMean: number;
  /** ŵ: the grand mean's share, in (0, 1]. */
  intensity: number;
}

/**
 * Bayes-Stein means (Jorion, "Bayes-Stein estimation for portfolio analysis", Journal of Financial
 * and Quantitative Analysis 21(3), 1986, eqs. 16-17): μ_BS = (1 − ŵ)μ̂ + ŵμ₀1, pulled toward the
 * grand mean μ₀ = 1ᵀΣ⁻¹μ̂ / 1ᵀΣ⁻¹1 (the minimum-variance portfolio's mean) with
 * ŵ = (n + 2) / ((n + 2) + T(μ̂ − μ₀1)ᵀΣ⁻¹(μ̂ − μ₀1)). Σ is the covariance estimate in use
 * (Jorion scales the sample covariance by (T − 1)/(T − n − 2), which is about 1 when T >> n and
 * undefined when T <= n + 2; a shrunk covariance needs no such correction). Per-period units.
 */
export function bayesSteinMeans(
  means: Float64Array,
  covariance: Float64Array,
  observations: number,
): ShrunkMeans {
  const n = means.length;
  const factor = new Float64Array(n * n);
  if (!cholesky(covariance, n, factor))
    throw new RangeError("the covariance is not positive definite: shrink it (ledoitWolf)");
  const inverseOnes = solveCholesky(factor, n, new Float64Array(n).fill(1), new Float64Array(n));
  let onesQuadratic = 0;
  let meanProjection = 0;
  for (let i = 0; i < n; i++) {
    onesQuadratic += inverseOnes[i]!;
    meanProjection += inverseOnes[i]! * means[i]!;
  }
  const grandMean = meanProjection / onesQuadratic;
  const gap = Float64Array.from(means, (mean) => mean - grandMean);
  const inverseGap = solveCholesky(factor, n, gap, new Float64Array(n));
  let distance = 0;
  for (let i = 0; i < n; i++) distance += gap[i]! * inverseGap[i]!;
  const intensity = (n + 2) / (n + 2 + observations * distance);
  return {
    means: Float64Array.from(means, (mean) => (1 - intensity) * mean + intensity * grandMean),
    grandMean,
    intensity,
  };
}
