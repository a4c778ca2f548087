import type { BarSeries } from "../types.ts";

/** Bars back for each change: a week, a month, three months and a year of daily sessions. */
export const snapshotLookbacks = { week: 5, month: 21, quarter: 63, year: 252 } as const;
/** Sessions of the average volume and of the recent volatility. */
const recentBars = 20;
const tradingDaysPerYear = 252;

/**
 * Where a symbol stands at its last daily bar. Changes are simple returns of the close over the
 * close `n` bars earlier (null with fewer bars); the year-to-date one is against the last close
 * of the previous UTC year. Ratios are fractions (0.05 = 5%).
 */
export interface Snapshot {
  lastTimeMs: number;
  close: number;
  change: {
    day: number | null;
    week: number | null;
    month: number | null;
    quarter: number | null;
    year: number | null;
    yearToDate: number | null;
  };
  /** Highest high and lowest low of the last 252 bars (or all of them, when fewer). */
  high52w: number;
  low52w: number;
  /** close / high52w − 1: at most 0. */
  fromHigh: number;
  /** close / low52w − 1: at least 0. */
  fromLow: number;
  /** Mean volume of the 20 bars before the last (null with fewer than 21 bars). */
  averageVolume: number | null;
  /** The last bar's volume over that mean (null without a mean or with a zero mean). */
  relativeVolume: number | null;
  /** Sample standard deviation of the last 20 daily returns × √252 (null with fewer than 21 bars). */
  volatility: number | null;
}

/** The snapshot of one symbol's daily bars, oldest first; undefined for no bars. */
export function snapshotOf(bars: BarSeries): Snapshot | undefined {
  const { close, high, low, volume, timestampMs } = bars;
  const last = close.length - 1;
  if (last < 0) return undefined;
  const changeOver = (n: number) => (last - n >= 0 ? close[last]! / close[last - n]! - 1 : null);

  const yearStart = Date.UTC(new Date(timestampMs[last]!).getUTCFullYear(), 0, 1);
  let beforeYear = last;
  while (beforeYear >= 0 && timestampMs[beforeYear]! >= yearStart) beforeYear--;

  let high52w = -Infinity;
  let low52w = Infinity;
  for (let i = Math.max(0, last - snapshotLookbacks.year + 1); i <= last; i++) {
    high52w = Math.max(high52w, high[i]!);
    low52w = Math.min(low52w, low[i]!);
  }

  let averageVolume: number | null = null;
  let volatility: number | null = null;
  if (last >= recentBars) {
    let volumeSum = 0;
    for (let i = last - recentBars; i < last; i++) volumeSum += volume[i]!;
    averageVolume = volumeSum / recentBars;
    const returns = Array.from({ length: recentBars }, (_, k) => {
      const i = last - recentBars + 1 + k;
      return close[i]! / close[i - 1]! - 1;
    });
    const mean = returns.reduce((sum, r) => sum + r, 0) / recentBars;
    const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (recentBars - 1);
    volatility = Math.sqrt(variance * tradingDaysPerYear);
  }

  return {
    lastTimeMs: timestampMs[last]!,
    close: close[last]!,
    change: {
      day: changeOver(1),
      week: changeOver(snapshotLookbacks.week),
      month: changeOver(snapshotLookbacks.month),
      quarter: changeOver(snapshotLookbacks.quarter),
      year: changeOver(snapshotLookbacks.year),
      yearToDate: beforeYear >= 0 ? close[last]! / close[beforeYear]! - 1 : null,
    },
    high52w,
    low52w,
    fromHigh: close[last]! / high52w - 1,
    fromLow: close[last]! / low52w - 1,
    averageVolume,
    relativeVolume: averageVolume ? volume[last]! / averageVolume : null,
    volatility,
  };
}
