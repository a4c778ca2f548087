import { lowerBound } from "../bars.ts";
import { sessionOn, type Market } from "./sessions.ts";

const dayMs = 86_400_000;

export interface SessionCoverage {
  /** Trading dates inside the bars' span that have no bar (day numbers). */
  missingDays: number[];
  /** Dates with a bar although the market was closed (day numbers). */
  closedDays: number[];
}

/**
 * Compares daily bars (one per trading date, dated by the UTC date of their timestamp) with a
 * market's sessions between the first and last bar.
 */
export function dailyCoverage(market: Market, timestampMs: Float64Array): SessionCoverage {
  const missingDays: number[] = [];
  const closedDays: number[] = [];
  if (timestampMs.length === 0) return { missingDays, closedDays };
  const barDays = new Set<number>();
  for (const time of timestampMs) barDays.add(Math.floor(time / dayMs));
  const first = Math.floor(timestampMs[0]! / dayMs);
  const last = Math.floor(timestampMs[timestampMs.length - 1]! / dayMs);
  for (let day = first; day <= last; day++) {
    const open = sessionOn(market, day) !== undefined;
    const hasBar = barDays.has(day);
    if (open && !hasBar) missingDays.push(day);
    else if (!open && hasBar) closedDays.push(day);
  }
  return { missingDays, closedDays };
}

export interface IntradayCoverage {
  /** Sessions inside the bars' span without a single bar (trading dates as day numbers). */
  missingDays: number[];
  /** Bars that start outside every session: after hours, or on a closed day. */
  barsOutsideSessions: number;
  /** Interval slots without a bar inside the sessions that do have bars (thin trading or gaps). */
  missingBars: number;
}

/**
 * Compares intraday bars, stamped at the start of their `stepMs` interval, with a market's
 * sessions over the span from the first to the last bar. Slots are counted from each session's
 * open; the first and last sessions count only the part inside the span.
 */
export function intradayCoverage(
  market: Market,
  timestampMs: Float64Array,
  stepMs: number,
): IntradayCoverage {
  const coverage: IntradayCoverage = { missingDays: [], barsOutsideSessions: 0, missingBars: 0 };
  const length = timestampMs.length;
  if (length === 0) return coverage;
  const first = timestampMs[0]!;
  const end = timestampMs[length - 1]! + stepMs;
  let inside = 0;
  // A session's trade date may be the day after its open (FX, CME), so look one day further.
  const firstDay = Math.floor(first / dayMs) - 1;
  const lastDay = Math.floor(end / dayMs) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    const session = sessionOn(market, day);
    if (!session) continue;
    const from = Math.max(session.openMs, first);
    const to = Math.min(session.closeMs, end);
    if (from >= to) continue;
    const bars = lowerBound(timestampMs, to) - lowerBound(timestampMs, from);
    inside += bars;
    const slots =
      Math.ceil((to - session.openMs) / stepMs) - Math.ceil((from - session.openMs) / stepMs);
    if (bars === 0) coverage.missingDays.push(day);
    else coverage.missingBars += Math.max(0, slots - bars);
  }
  coverage.barsOutsideSessions = length - inside;
  return coverage;
}
