import { isWeekend } from "../../engine/calendar/nyse.ts";
import {
  newYorkDay,
  newYorkOffsetHours,
  newYorkToUtc,
} from "../../engine/calendar/new-york-time.ts";
import { invalidInput } from "../../tools/errors.ts";
import { isoTime } from "../../tools/time-input.ts";

/** The morning digest's hour, New York time (tools/jobs/schedules.ts runs it then). */
export const digestHourNewYork = 7;
/** The longest window a digest reads: a month of news, scans and events. */
export const maxWindowDays = 31;

const dayMs = 86_400_000;
const hourMs = 3_600_000;

/** A digest's half-open window [sinceMs, untilMs): consecutive digests never share an item. */
export interface DigestWindow {
  sinceMs: number;
  untilMs: number;
}

/**
 * 07:00 New York on the last weekday before `untilMs`'s New York date: when the previous
 * morning digest ran (Friday's for a Monday), so scheduled digests cover the days between them.
 */
export function previousDigestMs(untilMs: number): number {
  let day = newYorkDay(untilMs) - 1;
  while (isWeekend(day)) day--;
  return newYorkToUtc(day, digestHourNewYork);
}

/** The window asked for, `until` defaulting to now and `since` to the previous digest. */
export function resolveWindow(
  input: { since?: number; until?: number },
  nowMs: number,
): DigestWindow {
  const untilMs = input.until ?? nowMs;
  const sinceMs = input.since ?? previousDigestMs(untilMs);
  if (sinceMs >= untilMs) {
    const until = input.until === undefined ? "now" : "`until`";
    throw invalidInput(
      `\`since\` must be before ${until} (was ${isoTime(sinceMs)} and ${isoTime(untilMs)})`,
      [{ path: ["since"], message: `must be before ${until} (${isoTime(untilMs)})` }],
    );
  }
  if (untilMs - sinceMs > maxWindowDays * dayMs) {
    throw invalidInput(
      `\`since\` must be at most ${maxWindowDays} days before \`until\` (was ${isoTime(sinceMs)} and ${isoTime(untilMs)}): ask for a shorter window`,
      [{ path: ["since"], message: `must be at most ${maxWindowDays} days before until` }],
    );
  }
  return { sinceMs, untilMs };
}

/** New York wall-clock time, e.g. "2024-07-08 07:00 New York". */
export function newYorkTime(utcMs: number): string {
  const local = new Date(utcMs + newYorkOffsetHours(utcMs) * hourMs).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} New York`;
}
