/**
 * Standard normal CDF by the complementary error function of W. J. Cody's rational
 * approximation as given in Numerical Recipes (3rd ed., 6.2, erfc via Chebyshev fit), relative
 * error below 1.2e-7 everywhere: enough for p-values down to ~1e-300 since it works in the tail.
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of an asymptotically standard normal statistic. */
export function twoSidedP(statistic: number): number {
  if (!Number.isFinite(statistic)) return Number.isNaN(statistic) ? 1 : 0;
  return Math.min(1, 2 * normalCdf(-Math.abs(statistic)));
}

/** Newey-West's automatic lag, floor(4 (n/100)^(2/9)) (Newey & West 1994's plug-in rule of thumb). */
export function neweyWestLag(count: number): number {
  return Math.floor(4 * Math.pow(count / 100, 2 / 9));
}

/**
 * t statistic of the mean of `values[begin..end)` with a Newey-West (1987) HAC standard error:
 * Bartlett weights 1 - l/(L+1) on the autocovariances up to lag L, so overlapping holdings and
 * GARCH-style heteroskedasticity do not overstate significance. NaN when there is no variance.
 */
export function hacMeanT(values: Float64Array, begin: number, end: number, lag: number): number {
  const count = end - begin;
  if (count < 2) return NaN;
  let sum = 0;
  for (let t = begin; t < end; t++) sum += values[t]!;
  const mean = sum / count;
  let variance = 0;
  for (let t = begin; t < end; t++) {
    const d = values[t]! - mean;
    variance += d * d;
  }
  let longRun = variance;
  for (let l = 1; l <= lag && l < count; l++) {
    let covariance = 0;
    for (let t = begin + l; t < end; t++)
      covariance += (values[t]! - mean) * (values[t - l]! - mean);
    longRun += 2 * (1 - l / (lag + 1)) * covariance;
  }
  // Bartlett weights keep the long-run variance non-negative; guard rounding anyway.
  const standardError = Math.sqrt(Math.max(longRun, 0) / count / count);
  return standardError > 0 ? mean / standardError : NaN;
}

/**
 * Benjamini-Hochberg (1995) adjusted p-values ("q-values" in the step-up sense):
 * q_(i) = min over j >= i of p_(j) m / j, capped at 1. Rejecting q <= alpha is the BH procedure
 * at level alpha, which controls the false discovery rate for independent or positively
 * dependent tests (Benjamini & Yekutieli 2001).
 */
export function benjaminiHochberg(pValues: Float64Array): Float64Array {
  const count = pValues.length;
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => pValues[a]! - pValues[b]!);
  const q = new Float64Array(count);
  let running = 1;
  for (let rank = count; rank >= 1; rank--) {
    const index = order[rank - 1]!;
    running = Math.min(running, (pValues[index]! * count) / rank);
    q[index] = running;
  }
  return q;
}
