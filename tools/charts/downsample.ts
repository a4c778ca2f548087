import type { ChartPoint } from "../ports/chart-renderer.ts";

/** Enough for a 900-pixel-wide chart: two points per pixel column keep every spike visible. */
export const maxChartPoints = 1000;

/**
 * At most `maxPoints` points of a line, in time order: the first and the last, and the lowest
 * and highest point of each of equal-width buckets in between (min-max decimation), so peaks,
 * troughs and therefore the series' extremes survive. Shorter series come back unchanged.
 */
export function downsample(
  points: readonly ChartPoint[],
  maxPoints: number = maxChartPoints,
): readonly ChartPoint[] {
  if (points.length <= maxPoints) return points;
  if (maxPoints < 4) throw new RangeError(`maxPoints must be at least 4 (was ${maxPoints})`);
  const interior = points.length - 2;
  const buckets = Math.floor((maxPoints - 2) / 2);
  const kept: ChartPoint[] = [points[0]!];
  for (let bucket = 0; bucket < buckets; bucket++) {
    const from = 1 + Math.floor((bucket * interior) / buckets);
    const to = 1 + Math.floor(((bucket + 1) * interior) / buckets);
    let low = from;
    let high = from;
    for (let index = from + 1; index < to; index++) {
      const value = points[index]!.value;
      if (value < points[low]!.value) low = index;
      if (value > points[high]!.value) high = index;
    }
    if (from >= to) continue;
    if (low === high) kept.push(points[low]!);
    else kept.push(points[Math.min(low, high)]!, points[Math.max(low, high)]!);
  }
  kept.push(points[points.length - 1]!);
  return kept;
}
