/**
 * One fall from a high and the climb back: the peak it fell from, its lowest point, and the
 * first value back at or above the peak (null while it has not come back).
 */
export interface DrawdownEpisode {
  peakIndex: number;
  troughIndex: number;
  recoveryIndex: number | null;
  /** 1 - trough / peak. */
  depth: number;
}

/**
 * Every drawdown of a series of values (prices or equity), in time order: an episode starts
 * when a value falls below the highest so far and ends at the first value back at or above
 * it (equal counts as recovered, as in the backtest metrics). The last one may be unrecovered.
 */
export function drawdownEpisodes(values: ArrayLike<number>): DrawdownEpisode[] {
  const episodes: DrawdownEpisode[] = [];
  let open: DrawdownEpisode | undefined;
  let peakIndex = 0;
  for (let i = 1; i < values.length; i++) {
    const value = values[i]!;
    const peak = values[peakIndex]!;
    if (value >= peak) {
      if (open) open.recoveryIndex = i;
      open = undefined;
      peakIndex = i;
      continue;
    }
    if (!open) {
      open = { peakIndex, troughIndex: i, recoveryIndex: null, depth: 1 - value / peak };
      episodes.push(open);
    } else if (value < values[open.troughIndex]!) {
      open.troughIndex = i;
      open.depth = 1 - value / peak;
    }
  }
  return episodes;
}

/** Each value's fall below the highest value up to it, as a fraction (0 at a high). */
export function underwater(values: ArrayLike<number>, out = new Float64Array(values.length)) {
  let peak = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value > peak) peak = value;
    out[i] = 1 - value / peak;
  }
  return out;
}
