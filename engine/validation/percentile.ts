/**
 * Percentile of ascending `sorted` values by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7, the default of R and numpy).
 */
export function percentileOfSorted(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  const low = sorted[below]!;
  const high = sorted[above]!;
  // Interpolating between equal infinities would give NaN.
  return fraction === 0 || low === high ? low : low + fraction * (high - low);
}
