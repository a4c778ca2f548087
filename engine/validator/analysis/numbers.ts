import { percentileOfSorted } from "../../validation/percentile.ts";
/** Small statistics on plain arrays; each returns null where the statistic is undefined. */

export const tradingDaysPerYear = 252;

export function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index]!;
  return sum / values.length;
}

/** Sample standard deviation (n − 1). */
export function standardDeviation(values: ArrayLike<number>): number | null {
  const count = values.length;
  const center = mean(values);
  if (center === null || count < 2) return null;
  let squares = 0;
  for (let index = 0; index < count; index++) squares += (values[index]! - center) ** 2;
  return Math.sqrt(squares / (count - 1));
}

/** Annualized Sharpe ratio of daily returns, mean / sample std × √252, as engine/metrics computes it. */
export function annualizedSharpe(returns: ArrayLike<number>): number | null {
  const center = mean(returns);
  const spread = standardDeviation(returns);
  if (center === null || spread === null || !(spread > 1e-15)) return null;
  return (center / spread) * Math.sqrt(tradingDaysPerYear);
}

/** Pearson correlation; null with fewer than 3 pairs or no variance on a side. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const count = Math.min(a.length, b.length);
  if (count < 3) return null;
  let sumA = 0;
  let sumB = 0;
  for (let index = 0; index < count; index++) {
    sumA += a[index]!;
    sumB += b[index]!;
  }
  const meanA = sumA / count;
  const meanB = sumB / count;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let index = 0; index < count; index++) {
    const da = a[index]! - meanA;
    const db = b[index]! - meanB;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  }
  if (!(varianceA > 0 && varianceB > 0)) return null;
  return covariance / Math.sqrt(varianceA * varianceB);
}

/** Least-squares slope of b on a (the beta of b to a); null without variance in a. */
export function slope(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const count = Math.min(a.length, b.length);
  if (count < 3) return null;
  const meanA = mean(Array.from({ length: count }, (_, index) => a[index]!))!;
  const meanB = mean(Array.from({ length: count }, (_, index) => b[index]!))!;
  let covariance = 0;
  let varianceA = 0;
  for (let index = 0; index < count; index++) {
    covariance += (a[index]! - meanA) * (b[index]! - meanB);
    varianceA += (a[index]! - meanA) ** 2;
  }
  return varianceA > 0 ? covariance / varianceA : null;
}

/** Type-7 quantile (R, numpy default) of unsorted values; null when empty. */
export function quantile(values: ArrayLike<number>, probability: number): number | null {
  if (values.length === 0) return null;
  return percentileOfSorted(Float64Array.from(values).sort(), probability);
}

export function median(values: ArrayLike<number>): number | null {
  return quantile(values, 0.5);
}

/** Compounded total return. */
export function totalReturnOf(returns: ArrayLike<number>): number {
  let growth = 1;
  for (let index = 0; index < returns.length; index++) growth *= 1 + returns[index]!;
  return growth - 1;
}

/** First-order autocorrelation; null with fewer than 10 values or no variance. */
export function autocorrelation(values: ArrayLike<number>): number | null {
  if (values.length < 10) return null;
  const head = Array.from({ length: values.length - 1 }, (_, index) => values[index]!);
  const tail = Array.from({ length: values.length - 1 }, (_, index) => values[index + 1]!);
  return correlation(head, tail);
}
