/**
 * CME Globex sessions for the micro futures (MES, MNQ, M2K, MYM, MGC, MCL), as a rule-based model.
 *
 * Chicago time is New York time minus one hour all year (both follow the US daylight-saving
 * dates), so every CT time here is converted with newYorkToUtc(day, hour + 1).
 * - Trade date D runs from 17:00 CT on D-1 to 16:00 CT on D (18:00-17:00 New York); the hour
 *   in between is the daily maintenance break. Sunday evening opens Monday's trade date.
 * - Full closures: New Year's Day, Good Friday and Christmas Day, on the dates NYSE observes
 *   them (a Sunday holiday is observed on Monday, a Saturday New Year's Day not at all).
 * - The other US exchange holidays (NYSE's rule list: MLK, Presidents, Memorial, Juneteenth,
 *   Independence, Labor, Thanksgiving) keep the overnight session but halt at 12:00 CT.
 * - NYSE's early-close days (July 3, the day after Thanksgiving, Christmas Eve) halt at
 *   12:15 CT, the equity-index time.
 * Simplifications: CME publishes a schedule per holiday and per product group, and it changes
 * over the years. Energy and metals (MCL, MGC) sometimes halt at other times on early-close
 * days (e.g. 12:45 CT), Good Friday has sometimes had a short session when payrolls were
 * released, and one-off closures or halts (2001-09-11, national days of mourning) are not
 * modelled. Activity on a holiday-halt day is booked by CME to the next trade date (no
 * settlement that day); here it is a session of its own with earlyClose set, but
 * cmeIsBusinessDay excludes it.
 */
import { formatDay, fromDayNumber } from "./civil-date.ts";
import { newYorkDay, newYorkToUtc } from "./new-york-time.ts";
import { isWeekend, nyseEarlyCloses, nyseHolidays, nyseSpecialClosures } from "./nyse.ts";
import type { Session } from "./sessions.ts";

/** The daily maintenance break, in Chicago wall-clock time. */
export const cmeMaintenanceBreak = { startCt: "16:00", endCt: "17:00" } as const;

const fullClosures = new Set(["New Year's Day", "Good Friday", "Christmas Day"]);

/** The UTC instant of a Chicago wall-clock time on a civil date. */
function chicagoToUtc(day: number, hour: number, minute = 0): number {
  return newYorkToUtc(day, hour + 1, minute);
}

/** NYSE's rule-based holiday on `day`, if any; one-off NYSE closures do not close CME. */
function exchangeHoliday(day: number): string | undefined {
  if (nyseSpecialClosures[formatDay(day)] !== undefined) return undefined;
  return nyseHolidays(fromDayNumber(day).year).get(day);
}

/** The Globex session of trade date `day`, or undefined when Globex is closed for that date. */
export function cmeSessionOn(day: number): Session | undefined {
  if (isWeekend(day)) return undefined;
  const holiday = exchangeHoliday(day);
  if (holiday !== undefined && fullClosures.has(holiday)) return undefined;
  const openMs = chicagoToUtc(day - 1, 17);
  if (holiday !== undefined)
    return { day, openMs, closeMs: chicagoToUtc(day, 12), earlyClose: true };
  if (nyseEarlyCloses(fromDayNumber(day).year).has(day))
    return { day, openMs, closeMs: chicagoToUtc(day, 12, 15), earlyClose: true };
  return { day, openMs, closeMs: chicagoToUtc(day, 16), earlyClose: false };
}

/**
 * Whether `day` is a CME business day (a trade date with a settlement): a weekday that is not
 * a US exchange holiday. Contract expiries count these.
 */
export function cmeIsBusinessDay(day: number): boolean {
  return !isWeekend(day) && exchangeHoliday(day) === undefined;
}

/** Whether Globex trades at `atMs`: false in the daily break, at weekends and in holiday halts. */
export function cmeIsTrading(atMs: number): boolean {
  // The session in progress belongs to today's New York date or, after 18:00, to tomorrow's.
  const today = newYorkDay(atMs);
  for (const day of [today, today + 1]) {
    const session = cmeSessionOn(day);
    if (session && session.openMs <= atMs && atMs < session.closeMs) return true;
  }
  return false;
}
