import { sliceBars } from "../bars.ts";
import type { BarSeries } from "../types.ts";
import { newYorkToUtc } from "./new-york-time.ts";
import { sessionOn, type Market } from "./sessions.ts";

const dayMs = 86_400_000;

/**
 * When a bar stamped `timeMs` stops changing. An intraday bar (`stepMs` under a day) is stamped
 * at its interval's start and is final at its end. A daily bar is dated 00:00 UTC of its trading
 * date and is final from 20:00 New York that date: after US stocks' after-hours trading (which
 * some vendors' daily bars count), at or after the end of the UTC day that crypto and FX vendors'
 * daily bars cover, and after every session close of the markets modelled here.
 */
export function barFinalFromMs(timeMs: number, stepMs: number): number {
  return stepMs < dayMs ? timeMs + stepMs : newYorkToUtc(Math.floor(timeMs / dayMs), 20);
}

/** The bars already final at `nowMs`: a vendor's newest bar may still be forming. */
export function finalBars(bars: BarSeries, stepMs: number, nowMs: number): BarSeries {
  let kept = bars.timestampMs.length;
  while (kept > 0 && barFinalFromMs(bars.timestampMs[kept - 1]!, stepMs) > nowMs) kept--;
  return kept === bars.timestampMs.length ? bars : sliceBars(bars, 0, kept);
}

/**
 * The trading date (day number) of `market`'s newest daily bar that is final at `nowMs`: its
 * latest session whose bar is final by then. Daily bars dated before it are not the latest.
 */
export function newestFinalSessionDay(market: Market, nowMs: number): number {
  let day = Math.floor(nowMs / dayMs);
  while (!sessionOn(market, day) || barFinalFromMs(day * dayMs, dayMs) > nowMs) day--;
  return day;
}
