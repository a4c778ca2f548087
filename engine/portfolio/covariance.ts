import { EngineDataError } from "../types.ts";

/** Fewest observations (returns per asset) a portfolio is estimated from. */
export const minimumObservations = 20;

/** Returns as a T x n row-major matrix with each column's mean removed, and the means. */
export interface CenteredReturns {
  names: readonly string[];
  observations: number;
  rows: Float64Array;
  means: Float64Array;
}

/**
 * Checks equal lengths, enough observations, finite values and non-constant series, and centres
 * the columns. Corrupt input fails fast naming the asset, row and field.
 */
export function centerReturns(
  names: readonly string[],
  columns: readonly Float64Array[],
): CenteredReturns {
  const n = columns.length;
  if (n === 0 || names.length !== n)
    throw new RangeError(
      `need one name per return series (got ${names.length} names, ${n} series)`,
    );
  const observations = columns[0]!.length;
  columns.forEach((column, i) => {
    if (column.length !== observations)
      throw new EngineDataError(
        `${names[i]}: ${column.length} returns where ${names[0]} has ${observations}; every series needs the same length`,
        { symbol: names[i]!, field: "returns" },
      );
  });
  if (observations < minimumObservations)
    throw new EngineDataError(
      `${observations} returns per series, need at least ${minimumObservations}`,
      { field: "returns" },
    );
  const rows = new Float64Array(observations * n);
  const means = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const column = columns[i]!;
    let sum = 0;
    for (let t = 0; t < observations; t++) {
      const value = column[t]!;
      if (!Number.isFinite(value))
        throw new EngineDataError(`${names[i]}: return ${t} is ${value}, must be a finite number`, {
          symbol: names[i]!,
          row: t,
          field: "returns",
        });
      sum += value;
    }
    const mean = sum / observations;
    means[i] = mean;
    let spread = 0;
    for (let t = 0; t < observations; t++) {
      const centered = column[t]! - mean;
      rows[t * n + i] = centered;
      spread += centered * centered;
    }
    if (!(spread > 0))
      throw new EngineDataError(`${names[i]}: every return is the same, so it has no variance`, {
        symbol: names[i]!,
        field: "returns",
      });
  }
  return { names, observations, rows, means };
}

/** Σ_t y_t y_tᵀ / divisor over the centred rows (symmetric, row-major n x n). */
export function crossProducts(centered: CenteredReturns, divisor: number): Float64Array {
  const { rows, observations } = centered;
  const n = centered.means.length;
  const product = new Float64Array(n * n);
  for (let t = 0; t < observations; t++) {
    const offset = t * n;
    for (let i = 0; i < n; i++) {
      const yi = rows[offset + i]!;
      const base = i * n;
      for (let j = i; j < n; j++) product[base + j]! += yi * rows[offset + j]!;
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const value = product[i * n + j]! / divisor;
      product[i * n + j] = value;
      product[j * n + i] = value;
    }
  return product;
}

/** The unbiased sample covariance (divisor T − 1). */
export function sampleCovariance(centered: CenteredReturns): Float64Array {
  return crossProducts(centered, centered.observations - 1);
}

/** Correlations from a covariance (row-major n x n). */
export function correlationOf(covariance: Float64Array, n: number): Float64Array {
  const correlation = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      correlation[i * n + j] =
        i === j
          ? 1
          : covariance[i * n + j]! / Math.sqrt(covariance[i * n + i]! * covariance[j * n + j]!);
  return correlation;
}

/** Simple returns of a positive series (equity, prices): element k is v[k+1] / v[k] − 1. */
export function simpleReturns(values: Float64Array): Float64Array {
  const returns = new Float64Array(Math.max(0, values.length - 1));
  for (let k = 0; k < returns.length; k++) returns[k] = values[k + 1]! / values[k]! - 1;
  return returns;
}
