import type { PreparedSeries } from "./prepared.ts";

/**
 * The cheap screen in front of the two-symbol families: for every symbol, its `count` most
 * correlated peers by in-sample daily close-to-close log returns. Pairs trading screens the same
 * way (Gatev, Goetzmann & Rouwenhorst 2006 pre-select by price distance; correlation of returns is
 * the usual cheaper cousin), and lead-lag effects live between economically linked assets (Cohen &
 * Frazzini 2008), which move together. One pass of N^2/2 dot products over standardized returns
 * on a shared timeline (1000 symbols x 880 bars: ~4e8 multiply-adds), so all ~500k pairs are
 * looked at and only N x count go on to the expensive tests. Filtering on a statistic that is
 * nearly independent of the test's under the null keeps the later p-values valid (Bourgon,
 * Gentleman & Huber 2010, "Independent filtering increases detection power", PNAS 107).
 */
export function topCorrelatedPeers(series: readonly PreparedSeries[], count: number): Int32Array[] {
  const symbols = series.length;
  const timeline = sharedTimeline(series);
  const steps = timeline.length;
  const standardized = new Float64Array(symbols * steps);
  for (let s = 0; s < symbols; s++) fillStandardized(series[s]!, timeline, standardized, s * steps);
  const best = Array.from({ length: symbols }, () => new Int32Array(count).fill(-1));
  const bestValue = Array.from({ length: symbols }, () => new Float64Array(count).fill(-Infinity));
  for (let i = 0; i < symbols; i++) {
    const rowI = i * steps;
    for (let j = i + 1; j < symbols; j++) {
      const rowJ = j * steps;
      let dot = 0;
      for (let t = 0; t < steps; t++) dot += standardized[rowI + t]! * standardized[rowJ + t]!;
      insert(best[i]!, bestValue[i]!, j, dot);
      insert(best[j]!, bestValue[j]!, i, dot);
    }
  }
  return best.map((peers) => peers.filter((peer) => peer >= 0));
}

function insert(peers: Int32Array, values: Float64Array, peer: number, value: number): void {
  const last = values.length - 1;
  if (!(value > values[last]!)) return;
  let k = last;
  while (k > 0 && values[k - 1]! < value) {
    values[k] = values[k - 1]!;
    peers[k] = peers[k - 1]!;
    k--;
  }
  values[k] = value;
  peers[k] = peer;
}

/** Union of the in-sample bar times of every symbol, sorted. */
function sharedTimeline(series: readonly PreparedSeries[]): Float64Array {
  let total = 0;
  for (const s of series) total += s.split;
  const all = new Float64Array(total);
  let at = 0;
  for (const s of series) {
    all.set(s.bars.timestampMs.subarray(0, s.split), at);
    at += s.split;
  }
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++)
    if (i === 0 || all[i] !== all[unique - 1]) all[unique++] = all[i]!;
  return all.slice(0, unique);
}

/**
 * Daily log returns on the timeline, zero where the symbol has no bar, scaled to zero mean and
 * unit norm so a dot product is a correlation (approximately, where calendars differ).
 */
function fillStandardized(
  prepared: PreparedSeries,
  timeline: Float64Array,
  out: Float64Array,
  offset: number,
): void {
  const { timestampMs, close } = prepared.bars;
  let j = 0;
  let sum = 0;
  let filled = 0;
  for (let i = 1; i < prepared.split; i++) {
    const time = timestampMs[i]!;
    while (timeline[j]! < time) j++;
    const r = Math.log(close[i]! / close[i - 1]!);
    out[offset + j] = r;
    sum += r;
    filled++;
  }
  const mean = filled > 0 ? sum / filled : 0;
  let squares = 0;
  for (let t = 0; t < timeline.length; t++) {
    const index = offset + t;
    if (out[index] !== 0) out[index] = out[index]! - mean;
    squares += out[index]! * out[index]!;
  }
  const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  for (let t = 0; t < timeline.length; t++) out[offset + t] = out[offset + t]! * scale;
}
