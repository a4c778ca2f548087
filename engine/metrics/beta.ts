import { alignCloses, type CloseSeries } from "../correlation/align.ts";

export interface Beta {
  /** cov(asset, market) / var(market) of their daily simple returns. */
  beta: number;
  correlation: number;
  /** Returns it rests on: the last `window` of those the two share. */
  returns: number;
}

/**
 * An asset's beta and correlation against a market (SPY), from daily simple returns on the UTC
 * dates both have closes, the last `window` of them; undefined with fewer than `minimum` shared
 * returns or a market that never moved.
 */
export function betaAgainst(
  asset: CloseSeries,
  market: CloseSeries,
  window = 252,
  minimum = 60,
): Beta | undefined {
  const { closes } = alignCloses([asset, market]);
  const [a, m] = closes as [Float64Array, Float64Array];
  const first = Math.max(1, a.length - window);
  const n = a.length - first;
  if (n < minimum) return undefined;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const t = first + k;
    x[k] = a[t]! / a[t - 1]! - 1;
    y[k] = m[t]! / m[t - 1]! - 1;
  }
  const mean = (values: Float64Array) => values.reduce((sum, v) => sum + v, 0) / n;
  const [xMean, yMean] = [mean(x), mean(y)];
  let covariance = 0;
  let xSquares = 0;
  let ySquares = 0;
  for (let k = 0; k < n; k++) {
    covariance += (x[k]! - xMean) * (y[k]! - yMean);
    xSquares += (x[k]! - xMean) ** 2;
    ySquares += (y[k]! - yMean) ** 2;
  }
  if (!(ySquares > 0) || !(xSquares > 0)) return undefined;
  return {
    beta: covariance / ySquares,
    correlation: covariance / Math.sqrt(xSquares * ySquares),
    returns: n,
  };
}
