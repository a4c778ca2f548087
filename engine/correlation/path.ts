import { EngineDataError } from "../types.ts";
import { firstEigen } from "./eigen.ts";
import {
  averagePairs,
  fillMatrix,
  inverseDeviations,
  rebuildSums,
  updateCross,
  updateSymbols,
} from "./rolling.ts";

/** Per bar of returns: the window's average pairwise correlation and first-eigenvalue share. */
export interface CorrelationPath {
  /** NaN until the window has filled. */
  averageCorrelation: Float64Array;
  /** λ₁/n of the window's correlation matrix; NaN until the window has filled. */
  firstEigenShare: Float64Array;
  /** The correlation matrix of the last window, row-major n×n (empty if it never filled). */
  lastMatrix: Float64Array;
}

/**
 * Walks aligned return columns (one per symbol, equal lengths) bar by bar with the O(1)
 * updates of `RollingCorrelation` (running sums, rebuilt exactly every `recomputeEveryBars`,
 * default 16 windows), recording the average correlation and, unless `eigen` is false, the
 * first eigenvalue's share at each bar. The eigenvector of one bar warm-starts the next.
 */
export function correlationPath(
  returns: readonly Float64Array[],
  windowBars: number,
  options: { eigen?: boolean; recomputeEveryBars?: number } = {},
): CorrelationPath {
  const n = returns.length;
  const length = returns[0]?.length ?? 0;
  for (const column of returns)
    if (column.length !== length)
      throw new RangeError(
        `return columns must have equal lengths (${column.length} vs ${length})`,
      );
  if (!Number.isInteger(n) || n < 2)
    throw new RangeError(`need at least 2 return columns (was ${n})`);
  if (!Number.isInteger(windowBars) || windowBars < 3)
    throw new RangeError(`windowBars must be an integer of at least 3 (was ${windowBars})`);
  const recomputeEveryBars = options.recomputeEveryBars ?? 16 * windowBars;
  // RollingCorrelation's state as locals (see the note in rolling.ts on why not an instance).
  const ring = new Float64Array(windowBars * n);
  const incoming = new Float64Array(n);
  const sum = new Float64Array(n);
  const sumSquares = new Float64Array(n);
  const cross = new Float64Array((n * (n - 1)) / 2);
  const inverse = new Float64Array(n);
  const averageCorrelation = new Float64Array(length).fill(NaN);
  const firstEigenShare = new Float64Array(length).fill(NaN);
  const row = new Float64Array(n);
  const matrix = new Float64Array(n * n);
  let vector: Float64Array | undefined;
  for (let t = 0, head = 0, sinceRecompute = 0; t < length; t++) {
    for (let i = 0; i < n; i++) row[i] = returns[i]![t]!;
    const base = head * n;
    const bad = updateSymbols(row, incoming, ring, base, sum, sumSquares);
    if (bad >= 0)
      throw new EngineDataError(`return of series ${bad} is not a finite number (bar ${t})`, {
        row: t,
        field: "return",
      });
    updateCross(cross, incoming, ring, base, n);
    ring.set(incoming, base);
    head = head + 1 === windowBars ? 0 : head + 1;
    if (++sinceRecompute >= recomputeEveryBars) {
      rebuildSums(ring, n, sum, sumSquares, cross);
      sinceRecompute = 0;
    }
    if (t < windowBars - 1) continue;
    inverseDeviations(sum, sumSquares, windowBars, inverse);
    // Rounding can step just past the bounds (1.0000000000000002); the statistics cannot.
    averageCorrelation[t] = Math.min(
      1,
      Math.max(-1, averagePairs(sum, cross, inverse, windowBars, n)),
    );
    if (options.eigen === false) continue;
    fillMatrix(sum, cross, inverse, windowBars, n, matrix);
    const eigen = firstEigen(matrix, n, vector);
    vector = eigen.vector;
    firstEigenShare[t] = Math.min(1, Math.max(0, eigen.value / n));
  }
  if (length >= windowBars) fillMatrix(sum, cross, inverse, windowBars, n, matrix);
  return {
    averageCorrelation,
    firstEigenShare,
    lastMatrix: length >= windowBars ? matrix : new Float64Array(0),
  };
}
