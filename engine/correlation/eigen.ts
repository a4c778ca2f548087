/** The largest eigenvalue of a symmetric positive semi-definite matrix and its unit eigenvector. */
export interface FirstEigen {
  value: number;
  vector: Float64Array;
  iterations: number;
}

/**
 * Power iteration (Golub & Van Loan, Matrix Computations, 4th ed., §8.2.1) on a row-major n×n
 * symmetric PSD matrix such as a correlation matrix, whose largest eigenvalue is also the one
 * of largest magnitude. `start` warm-starts from a previous answer (a rolling matrix changes
 * little from bar to bar). A start exactly orthogonal to the top eigenvector never finds it:
 * the all-ones vector is orthogonal to that of two anti-correlated series, and a warm start
 * from (1, 1) meets one when two series flip from +1 to −1. So the default start is uneven and
 * a warm start gets 1% of it mixed in; iteration removes that tilt within a few steps.
 */
export function firstEigen(
  matrix: Float64Array,
  n: number,
  start?: Float64Array,
  tolerance = 1e-10,
  maxIterations = 1000,
): FirstEigen {
  if (matrix.length !== n * n)
    throw new RangeError(`matrix must hold n*n = ${n * n} values (was ${matrix.length})`);
  const uneven = (i: number) => 1 + 0.5 * Math.sin(i + 1);
  let vector = start
    ? Float64Array.from(start, (value, i) => value + 0.01 * uneven(i))
    : Float64Array.from({ length: n }, (_, i) => uneven(i));
  normalize(vector);
  let next = new Float64Array(n);
  let value = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    for (let i = 0; i < n; i++) {
      let total = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) total += matrix[row + j]! * vector[j]!;
      next[i] = total;
    }
    // Rayleigh quotient v·Av of the unit vector v: the eigenvalue estimate.
    let rayleigh = 0;
    for (let i = 0; i < n; i++) rayleigh += vector[i]! * next[i]!;
    const length = normalize(next);
    if (length === 0) return { value: 0, vector, iterations: iteration };
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(next[i]! - vector[i]!));
    [vector, next] = [next, vector];
    value = rayleigh;
    if (change <= tolerance) return { value, vector, iterations: iteration };
  }
  return { value, vector, iterations: maxIterations };
}

function normalize(vector: Float64Array): number {
  let squares = 0;
  for (let i = 0; i < vector.length; i++) squares += vector[i]! * vector[i]!;
  const length = Math.sqrt(squares);
  if (length > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= length;
  return length;
}

/** λ₁ / n: the share of total variance along the first principal component (a correlation matrix's trace is n). */
export function firstEigenShare(
  matrix: Float64Array,
  n: number,
  start?: Float64Array,
): FirstEigen & { share: number } {
  const eigen = firstEigen(matrix, n, start);
  return { ...eigen, share: eigen.value / n };
}
