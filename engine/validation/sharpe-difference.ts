import { neweyWestLag, twoSidedP } from "../scanner/statistics.ts";
import { requireInteger, requireSeries } from "./checks.ts";

/** Whether two strategies' Sharpe ratios differ by more than chance, over the same periods. */
export interface SharpeDifference {
  /** Per-period Sharpe ratio of `a` minus that of `b` (each mean over population std). */
  difference: number;
  standardError: number;
  /** `difference / standardError`. */
  z: number;
  /** Two-sided, against equal Sharpe ratios. */
  pValue: number;
  /** Autocovariance lags of the Bartlett (Newey-West) kernel; 0 treats the periods as independent. */
  lags: number;
  count: number;
}

/**
 * Ledoit & Wolf's (2008) HAC test of equal Sharpe ratios: the delta method on the four moments
 * (mean and mean square of each series), their long-run covariance estimated with the Bartlett
 * kernel (Newey & West 1987), so fat tails, correlation between the two and serial dependence
 * are allowed, unlike Jobson & Korkie's normal-theory test. `a[t]` and `b[t]` are the same
 * period's returns. Default lags: Newey & West's (1994) rule of thumb.
 */
export function sharpeDifferenceTest(
  a: Float64Array,
  b: Float64Array,
  lags: number = neweyWestLag(a.length),
): SharpeDifference {
  requireSeries("a", a, 3);
  requireSeries("b", b, 3);
  if (a.length !== b.length)
    throw new RangeError(
      `\`a\` and \`b\` must be the same periods (${a.length} and ${b.length} values)`,
    );
  const count = a.length;
  requireInteger("lags", lags, 0);
  if (lags >= count)
    throw new RangeError(`\`lags\` must be below the ${count} periods (was ${lags})`);

  // y[t] = (a, b, a², b²): its means are the moments the two Sharpe ratios are functions of.
  const columns = [a, b, a.map((value) => value * value), b.map((value) => value * value)];
  const means = columns.map((column) => column.reduce((sum, value) => sum + value, 0) / count);
  const varianceA = means[2]! - means[0]! ** 2;
  const varianceB = means[3]! - means[1]! ** 2;
  if (!(varianceA > 0) || !(varianceB > 0))
    throw new RangeError(
      `\`${varianceA > 0 ? "b" : "a"}\` has zero variance: its Sharpe ratio is undefined`,
    );
  // The gradient of a-mean/sd(a) - b-mean/sd(b) with respect to the four moments.
  const gradient = [
    means[2]! / varianceA ** 1.5,
    -means[3]! / varianceB ** 1.5,
    -means[0]! / (2 * varianceA ** 1.5),
    means[1]! / (2 * varianceB ** 1.5),
  ];
  // g'y[t], centred: the variance of its mean is g' Ψ g / T, Ψ the long-run covariance of y.
  const projected = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    let value = 0;
    for (let k = 0; k < 4; k++) value += gradient[k]! * (columns[k]![t]! - means[k]!);
    projected[t] = value;
  }
  let longRun = autocovariance(projected, 0);
  for (let lag = 1; lag <= lags; lag++)
    longRun += 2 * (1 - lag / (lags + 1)) * autocovariance(projected, lag);
  const difference = means[0]! / Math.sqrt(varianceA) - means[1]! / Math.sqrt(varianceB);
  const standardError = Math.sqrt(Math.max(longRun, 0) / count);
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : Infinity;
  return { difference, standardError, z, pValue: twoSidedP(z), lags, count };
}

/** Sum over t of x[t] x[t - lag], over the count (the series is centred). */
function autocovariance(values: Float64Array, lag: number): number {
  let sum = 0;
  for (let t = lag; t < values.length; t++) sum += values[t]! * values[t - lag]!;
  return sum / values.length;
}
