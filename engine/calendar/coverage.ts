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
