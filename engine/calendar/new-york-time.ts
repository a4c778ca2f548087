import { nthWeekday } from "./civil-date.ts";

const dayMs = 86_400_000;
const hourMs = 3_600_000;

/**
 * UTC offset of America/New_York in hours (-4 in daylight time, -5 otherwise), by the US rules:
 * since 2007 daylight time runs from the second Sunday of March to the first Sunday of
 * November; 1987-2006 from the first Sunday of April to the last Sunday of October; both switch
 * at 2:00 local time.
 */
export function newYorkOffsetHours(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const [startDay, endDay] =
    year >= 2007
      ? [nthWeekday(year, 3, 0, 2), nthWeekday(year, 11, 0, 1)]
      : [nthWeekday(year, 4, 0, 1), nthWeekday(year, 10, 0, -1)];
  // 2:00 EST = 7:00 UTC when daylight time starts; 2:00 EDT = 6:00 UTC when it ends.
  const startsMs = startDay * dayMs + 7 * hourMs;
  const endsMs = endDay * dayMs + 6 * hourMs;
  return utcMs >= startsMs && utcMs < endsMs ? -4 : -5;
}

/** The UTC instant of a New York wall-clock time on a civil date (times here never fall in a DST gap). */
export function newYorkToUtc(days: number, hour: number, minute = 0): number {
  const naiveMs = days * dayMs + hour * hourMs + minute * 60_000;
  // The offset at the naive instant can only be wrong within hours of a switch at 2:00;
  // exchange hours (9:30, 16:00, 17:00, 18:00) are far from it, so one correction suffices.
  const offset = newYorkOffsetHours(naiveMs - -5 * hourMs);
  return naiveMs - offset * hourMs;
}

export function newYorkDay(utcMs: number): number {
  return Math.floor((utcMs + newYorkOffsetHours(utcMs) * hourMs) / dayMs);
}
