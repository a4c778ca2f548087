import type { BarSeries } from "../../types.ts";
import { median } from "./numbers.ts";

/** Price ratios a split or reverse split leaves in unadjusted prices (2-for-1 ... 1-for-10). */
export const splitRatios = [2, 3, 4, 5, 10, 1.5, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 10];
/** How close to a split ratio a jump must be to look like one (3%, wider than a day's noise at those sizes). */
export const splitTolerance = 0.03;
/** MAD-to-sigma factor for normal data (Rousseeuw & Croux 1993). */
const madToSigma = 1.4826;

export interface BarScan {
  symbol: string;
  bars: number;
  /** Longest run of consecutive bars with the same close, and where it starts. */
  longestStaleRun: number;
  staleRunStartMs: number | null;
  zeroVolumeBars: number;
  longestZeroVolumeRun: number;
  /** Bars whose high equals their low. */
  flatBars: number;
  /** Largest robust z-score of a close-to-close log return (median / MAD scale). */
  largestReturnZ: number;
  largestReturnTimeMs: number | null;
  largestReturn: number;
  /** Returns beyond the outlier threshold. */
  outlierReturns: number;
  /** Median time between consecutive bars. */
  medianSpacingMs: number | null;
  /** Longest time between consecutive bars, and where it ends. */
  longestGapMs: number;
  longestGapEndMs: number | null;
  /** Close-to-next-open jumps within 3% of a split ratio. */
  splitLikeJumps: { timeMs: number; ratio: number }[];
  /** Close-to-next-open moves (absolute, as fractions), largest first is not kept: just the count over 20%. */
  largeGaps: number;
  /** Bars whose wick beyond the body is more than 10 times the median wick and over 5% of the close. */
  badTicks: number;
  lowestClose: number;
}

/** Threshold of a robust z-score that counts as an outlier: 10 sigma is beyond anything a fat-tailed day explains routinely. */
export const outlierZ = 10;

export function scanBars(bars: BarSeries): BarScan {
  const { timestampMs, open, high, low, close, volume } = bars;
  const length = close.length;
  const scan: BarScan = {
    symbol: bars.symbol,
    bars: length,
    longestStaleRun: 0,
    staleRunStartMs: null,
    zeroVolumeBars: 0,
    longestZeroVolumeRun: 0,
    flatBars: 0,
    largestReturnZ: 0,
    largestReturnTimeMs: null,
    largestReturn: 0,
    outlierReturns: 0,
    medianSpacingMs: null,
    longestGapMs: 0,
    longestGapEndMs: null,
    splitLikeJumps: [],
    largeGaps: 0,
    badTicks: 0,
    lowestClose: Infinity,
  };
  let staleRun = 1;
  let zeroRun = 0;
  const spacings: number[] = [];
  const returns = new Float64Array(Math.max(0, length - 1));
  const wicks: number[] = [];
  for (let i = 0; i < length; i++) {
    scan.lowestClose = Math.min(scan.lowestClose, close[i]!);
    if (high[i] === low[i]) scan.flatBars++;
    if (volume[i] === 0) {
      scan.zeroVolumeBars++;
      zeroRun++;
      scan.longestZeroVolumeRun = Math.max(scan.longestZeroVolumeRun, zeroRun);
    } else zeroRun = 0;
    const top = Math.max(open[i]!, close[i]!);
    const bottom = Math.min(open[i]!, close[i]!);
    wicks.push(Math.max(high[i]! - top, bottom - low[i]!) / close[i]!);
    if (i === 0) continue;
    if (close[i] === close[i - 1]) {
      staleRun++;
      if (staleRun > scan.longestStaleRun) {
        scan.longestStaleRun = staleRun;
        scan.staleRunStartMs = timestampMs[i - staleRun + 1]!;
      }
    } else staleRun = 1;
    const spacing = timestampMs[i]! - timestampMs[i - 1]!;
    spacings.push(spacing);
    if (spacing > scan.longestGapMs) {
      scan.longestGapMs = spacing;
      scan.longestGapEndMs = timestampMs[i]!;
    }
    returns[i - 1] = Math.log(close[i]! / close[i - 1]!);
    const jump = open[i]! / close[i - 1]!;
    if (Math.abs(jump - 1) > 0.2) scan.largeGaps++;
    for (const ratio of splitRatios) {
      // Unadjusted prices fall to 1/ratio of their level on a split's ex-date.
      if (Math.abs(jump * ratio - 1) <= splitTolerance) {
        scan.splitLikeJumps.push({ timeMs: timestampMs[i]!, ratio });
        break;
      }
    }
  }
  if (scan.longestStaleRun === 0 && length > 0) scan.longestStaleRun = 1;
  scan.medianSpacingMs = median(spacings);
  const center = median(returns);
  if (center !== null) {
    const deviations = returns.map((value) => Math.abs(value - center));
    const scale = (median(deviations) ?? 0) * madToSigma;
    if (scale > 0) {
      for (let k = 0; k < returns.length; k++) {
        const z = Math.abs(returns[k]! - center) / scale;
        if (z > outlierZ) scan.outlierReturns++;
        if (z > scan.largestReturnZ) {
          scan.largestReturnZ = z;
          scan.largestReturnTimeMs = timestampMs[k + 1]!;
          scan.largestReturn = Math.exp(returns[k]!) - 1;
        }
      }
    }
  }
  const typicalWick = median(wicks) ?? 0;
  for (const wick of wicks) if (wick > 0.05 && wick > 10 * typicalWick) scan.badTicks++;
  return scan;
}
