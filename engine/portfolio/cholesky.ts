/**
 * Cholesky factor of a symmetric positive-definite n x n matrix (row-major) into `lower`:
 * A = L Lᵀ, L in the lower triangle (the upper triangle is zeroed). Returns false when a pivot
 * is not positive (the matrix is not positive definite, e.g. two identical return series).
 */
export function cholesky(matrix: Float64Array, n: number, lower: Float64Array): boolean {
  lower.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * n + k]! * lower[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return false;
        lower[i * n + i] = Math.sqrt(sum);
      } else lower[i * n + j] = sum / lower[j * n + j]!;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b for x (into `out`, which may be `b`) with the factor from `cholesky`. */
export function solveCholesky(
  lower: Float64Array,
  n: number,
  b: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i * n + k]! * out[k]!;
    out[i] = sum / lower[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = out[i]!;
    for (let k = i + 1; k < n; k++) sum -= lower[k * n + i]! * out[k]!;
    out[i] = sum / lower[i * n + i]!;
  }
  return out;
}
