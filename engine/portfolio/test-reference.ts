import { mulberry32, normalSource } from "../random.ts";

// Reference computations for the portfolio tests, written plainly and independently of the code
// under test (no Cholesky, no active sets): golden values come from here or from hand work.

/** The inverse of a small dense matrix (row-major n x n) by Gauss-Jordan with partial pivoting. */
export function invert(matrix: readonly number[], n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => [
    ...matrix.slice(i * n, i * n + n),
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++)
      if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    const scale = a[column]![column]!;
    a[column] = a[column]!.map((value) => value / scale);
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = a[row]![column]!;
      a[row] = a[row]!.map((value, k) => value - factor * a[column]![k]!);
    }
  }
  return a.flatMap((row) => row.slice(n));
}

/** A covariance from volatilities and a correlation matrix (both row-major). */
export function covarianceFrom(volatilities: readonly number[], correlation: readonly number[]) {
  const n = volatilities.length;
  return Float64Array.from(
    correlation,
    (rho, k) => rho * volatilities[Math.floor(k / n)]! * volatilities[k % n]!,
  );
}

/**
 * Seeded daily-like returns with a common factor: column i has drift `drift(i)`, loading
 * 0.2..0.6 on the factor and its own noise, so correlations are positive and varied.
 */
export function factorReturns(
  assets: number,
  observations: number,
  seed: number,
  drift: (asset: number) => number = (asset) => 0.0002 * (asset % 7),
): Float64Array[] {
  const normal = normalSource(mulberry32(seed));
  const factor = Float64Array.from({ length: observations }, () => normal());
  return Array.from({ length: assets }, (_, i) =>
    Float64Array.from(
      factor,
      (f) => drift(i) + 0.01 * ((0.2 + (i % 5) / 10) * f + (0.5 + (i % 3) / 2) * normal()),
    ),
  );
}

/**
 * Projected gradient descent for min wᵀΣw over {1ᵀw = budget, lower <= w <= upper}: a
 * first-order method with no active set, as a second opinion on the QP solver. The projection
 * onto the box-and-budget set is clip(v − τ) with τ found by bisection.
 */
export function projectedGradientMinimumVariance(
  covariance: Float64Array,
  bounds: { lower: number[]; upper: number[]; budget: number },
  iterations = 20_000,
): number[] {
  const n = bounds.lower.length;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += covariance[i * n + i]!;
  const step = 1 / (2 * trace); // 2λ_max <= 2 tr(Σ): a safe step.
  const project = (v: number[]) => {
    let low = -10;
    let high = 10;
    for (let k = 0; k < 200; k++) {
      const tau = (low + high) / 2;
      const sum = v.reduce(
        (total, value, i) =>
          total + Math.min(bounds.upper[i]!, Math.max(bounds.lower[i]!, value - tau)),
        0,
      );
      if (sum > bounds.budget) low = tau;
      else high = tau;
    }
    const tau = (low + high) / 2;
    return v.map((value, i) => Math.min(bounds.upper[i]!, Math.max(bounds.lower[i]!, value - tau)));
  };
  let w = project(Array.from({ length: n }, () => bounds.budget / n));
  for (let k = 0; k < iterations; k++) {
    const gradient = w.map((_, i) =>
      w.reduce((total, wj, j) => total + 2 * covariance[i * n + j]! * wj, 0),
    );
    w = project(w.map((value, i) => value - step * gradient[i]!));
  }
  return w;
}

/** Every point of the simplex {w >= 0, Σw = budget} in three assets on a grid of `step`. */
export function* simplexGrid(budget: number, step: number): Generator<[number, number, number]> {
  const count = Math.round(budget / step);
  for (let a = 0; a <= count; a++)
    for (let b = 0; a + b <= count; b++) yield [a * step, b * step, budget - (a + b) * step];
}

export const quadratic = (w: readonly number[], covariance: Float64Array) => {
  const n = w.length;
  let sum = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) sum += w[i]! * covariance[i * n + j]! * w[j]!;
  return sum;
};
