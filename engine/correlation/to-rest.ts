import { alignCloses, logReturns, type CloseSeries } from "./align.ts";

/** Fewer shared daily returns than this leave a correlation undefined. */
const minReturns = 3;

/**
 * Each equity curve's correlation with the rest of the portfolio: the Pearson correlation of its
 * daily log returns with those of the sum of all the other curves, on the dates every curve
 * shares (`alignCloses`). Leaving the curve itself out of the rest keeps a large strategy from
 * looking correlated with its own weight. Null with fewer than two curves, fewer than three
 * shared returns, or a flat curve.
 */
export function correlationToRest(curves: readonly CloseSeries[]): (number | null)[] {
  if (curves.length < 2) return curves.map(() => null);
  const aligned = alignCloses(curves);
  const days = aligned.dayMs.length;
  if (days - 1 < minReturns) return curves.map(() => null);
  const total = new Float64Array(days);
  for (const column of aligned.closes) for (let d = 0; d < days; d++) total[d]! += column[d]!;
  return aligned.closes.map((column) => {
    const rest = total.map((sum, d) => sum - column[d]!);
    return pearson(logReturns(column), logReturns(rest));
  });
}

function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  let [mx, my] = [0, 0];
  for (let i = 0; i < n; i++) {
    mx += x[i]! / n;
    my += y[i]! / n;
  }
  let [xy, xx, yy] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    xy += (x[i]! - mx) * (y[i]! - my);
    xx += (x[i]! - mx) ** 2;
    yy += (y[i]! - my) ** 2;
  }
  const correlation = xy / Math.sqrt(xx * yy);
  return Number.isFinite(correlation) ? correlation : null;
}
