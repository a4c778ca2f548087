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
  const fit = returnsBeta(x, y);
  return fit && { ...fit, returns: n };
}

/**
 * Beta and correlation of one series of returns against another over the same periods:
 * cov(asset, market) / var(market); undefined when either never moved.
 */
export function returnsBeta(
  asset: Float64Array,
  market: Float64Array,
): { beta: number; correlation: number } | undefined {
  const n = asset.length;
  const mean = (values: Float64Array) => values.reduce((sum, v) => sum + v, 0) / n;
  const [xMean, yMean] = [mean(asset), mean(market)];
  let covariance = 0;
  let xSquares = 0;
  let ySquares = 0;
  for (let k = 0; k < n; k++) {
    covariance += (asset[k]! - xMean) * (market[k]! - yMean);
    xSquares += (asset[k]! - xMean) ** 2;
    ySquares += (market[k]! - yMean) ** 2;
  }
  if (!(ySquares > 0) || !(xSquares > 0)) return undefined;
  return { beta: covariance / ySquares, correlation: covariance / Math.sqrt(xSquares * ySquares) };
}
