import type { CenteredReturns } from "./covariance.ts";

export const ShrinkageTarget = {
  constantCorrelation: "constantCorrelation",
  scaledIdentity: "scaledIdentity",
} as const;
export type ShrinkageTarget = (typeof ShrinkageTarget)[keyof typeof ShrinkageTarget];

export interface ShrunkCovariance {
  covariance: Float64Array;
  /** δ: the target's share, in [0, 1]. */
  intensity: number;
  target: ShrinkageTarget;
}

/**
 * Ledoit-Wolf shrinkage Σ̂ = δF + (1 − δ)S of the sample covariance S (divisor T, as in both
 * papers) toward a structured target F with the intensity δ that minimizes the expected
 * Frobenius loss, estimated from the data.
 *
 * - `constantCorrelation` (the default here): F keeps every variance and sets every correlation
 *   to the average r̄ (Ledoit & Wolf, "Honey, I shrunk the sample covariance matrix", Journal of
 *   Portfolio Management 30(4), 2004): δ = max(0, min(1, κ/T)), κ = (π − ρ)/γ with
 *   π = Σ_ij AsyVar(√T s_ij) = Σ_ij [(1/T)Σ_t y_ti² y_tj² − s_ij²],
 *   ρ = Σ_i π_ii + Σ_{i≠j} (r̄/2)(√(s_jj/s_ii) ϑ_ii,ij + √(s_ii/s_jj) ϑ_jj,ij),
 *   ϑ_ii,ij = (1/T)Σ_t (y_ti² − s_ii)(y_ti y_tj − s_ij) = (1/T)Σ_t y_ti³ y_tj − s_ii s_ij,
 *   γ = Σ_ij (f_ij − s_ij)². Strategies' volatilities differ by their leverage, so a target that
 *   keeps each variance distorts risk-based weights less than one that pulls them together.
 * - `scaledIdentity`: F = mI, m = tr(S)/n (Ledoit & Wolf, "A well-conditioned estimator for
 *   large-dimensional covariance matrices", Journal of Multivariate Analysis 88, 2004, Lemma 3.3
 *   and Theorem 3.4; what scikit-learn's `ledoit_wolf` computes): with ‖A‖² = tr(AAᵀ)/n,
 *   d² = ‖S − mI‖², b̄² = (1/T²)Σ_t ‖y_t y_tᵀ − S‖², b² = min(b̄², d²), δ = b²/d².
 *
 * The sums over t are rearranged so that only S costs O(Tn²): Σ_t Σ_ij y_ti² y_tj² = Σ_t (‖y_t‖²)²,
 * Σ_t y_tᵀSy_t = T‖S‖²_F, and Σ_j √s_jj Σ_t y_ti³ y_tj = Σ_t y_ti³ (Σ_j √s_jj y_tj).
 */
export function ledoitWolf(
  centered: CenteredReturns,
  /** S: `crossProducts(centered, T)`, left unchanged. */
  sampleByT: Float64Array,
  target: ShrinkageTarget = ShrinkageTarget.constantCorrelation,
): ShrunkCovariance {
  const sample = Float64Array.from(sampleByT);
  const intensity =
    target === ShrinkageTarget.constantCorrelation
      ? shrinkToConstantCorrelation(centered, sample)
      : shrinkToScaledIdentity(centered, sample);
  return { covariance: sample, intensity, target };
}

/** Replaces `sample` by the shrunk estimate and returns δ. */
function shrinkToConstantCorrelation(centered: CenteredReturns, sample: Float64Array): number {
  const { rows, observations: t } = centered;
  const n = centered.means.length;
  const deviation = new Float64Array(n);
  for (let i = 0; i < n; i++) deviation[i] = Math.sqrt(sample[i * n + i]!);
  let correlationSum = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j) correlationSum += sample[i * n + j]! / (deviation[i]! * deviation[j]!);
  const averageCorrelation = n > 1 ? correlationSum / (n * (n - 1)) : 0;

  let fourthMoments = 0;
  // Σ_t y_ti⁴ (π_ii) and Σ_t y_ti³ Σ_{j≠i} √s_jj y_tj (the ϑ sums), per asset.
  const fourth = new Float64Array(n);
  const thirdCross = new Float64Array(n);
  for (let s = 0; s < t; s++) {
    const offset = s * n;
    let squares = 0;
    let weighted = 0;
    for (let i = 0; i < n; i++) {
      const y = rows[offset + i]!;
      squares += y * y;
      weighted += deviation[i]! * y;
    }
    fourthMoments += squares * squares;
    for (let i = 0; i < n; i++) {
      const y = rows[offset + i]!;
      const cube = y * y * y;
      fourth[i]! += cube * y;
      thirdCross[i]! += cube * (weighted - deviation[i]! * y);
    }
  }
  let sampleSquares = 0;
  for (let k = 0; k < n * n; k++) sampleSquares += sample[k]! * sample[k]!;
  const pi = fourthMoments / t - sampleSquares;
  let rho = 0;
  let gamma = 0;
  for (let i = 0; i < n; i++) {
    const variance = sample[i * n + i]!;
    rho += fourth[i]! / t - variance * variance;
    let crossCovariances = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const covariance = sample[i * n + j]!;
      crossCovariances += deviation[j]! * covariance;
      const gap = averageCorrelation * deviation[i]! * deviation[j]! - covariance;
      gamma += gap * gap;
    }
    // Σ_{j≠i} √(s_jj/s_ii) ϑ_ii,ij; the pair's two terms are the same sum read both ways.
    rho +=
      (averageCorrelation * (thirdCross[i]! / t - variance * crossCovariances)) / deviation[i]!;
  }
  const intensity = gamma > 0 ? Math.max(0, Math.min(1, (pi - rho) / gamma / t)) : 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const k = i * n + j;
      sample[k] =
        intensity * averageCorrelation * deviation[i]! * deviation[j]! +
        (1 - intensity) * sample[k]!;
    }
  return intensity;
}

/** Replaces `sample` by the shrunk estimate and returns δ. */
function shrinkToScaledIdentity(centered: CenteredReturns, sample: Float64Array): number {
  const { rows, observations: t } = centered;
  const n = centered.means.length;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += sample[i * n + i]!;
  const mean = trace / n;
  let sampleSquares = 0;
  let dispersion = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const value = sample[i * n + j]!;
      sampleSquares += value * value;
      const gap = i === j ? value - mean : value;
      dispersion += gap * gap;
    }
  let fourthMoments = 0;
  for (let s = 0; s < t; s++) {
    let squares = 0;
    for (let i = 0; i < n; i++) squares += rows[s * n + i]! ** 2;
    fourthMoments += squares * squares;
  }
  const d2 = dispersion / n;
  const b2bar = (fourthMoments - t * sampleSquares) / (n * t * t);
  const b2 = Math.min(b2bar, d2);
  const intensity = d2 > 0 ? b2 / d2 : 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      sample[k] = (1 - intensity) * sample[k]! + (i === j ? intensity * mean : 0);
    }
  return intensity;
}
