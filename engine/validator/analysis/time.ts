import { weekdayOf } from "../../calendar/civil-date.ts";
import { newYorkOffsetHours } from "../../calendar/new-york-time.ts";

export const dayMs = 86_400_000;
export const hourMs = 3_600_000;
export const minuteMs = 60_000;

/** Bar length of a timeframe such as "1m", "15m", "1h", "4h", "1d", "1w"; null when unknown. */
export function timeframeStepMs(timeframe: string): number | null {
  const match = /^(\d+)(m|h|d|w)$/.exec(timeframe);
  if (!match) return null;
  const unit = { m: minuteMs, h: hourMs, d: dayMs, w: 7 * dayMs }[
    match[2] as "m" | "h" | "d" | "w"
  ];
  return Number(match[1]) * unit;
}

/** Days since 1970-01-01 of the UTC date of `timeMs`. */
export function utcDay(timeMs: number): number {
  return Math.floor(timeMs / dayMs);
}

/** Minutes after midnight UTC. */
export function utcMinuteOfDay(timeMs: number): number {
  return Math.round((timeMs - utcDay(timeMs) * dayMs) / minuteMs);
}

/** Minutes after midnight New York wall-clock time, and the New York civil date. */
export function newYorkClock(timeMs: number): { day: number; minute: number; daylight: boolean } {
  const offsetHours = newYorkOffsetHours(timeMs);
  const local = timeMs + offsetHours * hourMs;
  const day = Math.floor(local / dayMs);
  return {
    day,
    minute: Math.round((local - day * dayMs) / minuteMs),
    daylight: offsetHours === -4,
  };
}

export function isWeekendDay(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

/** "2024-03-11 14:30 UTC" */
export function formatTime(timeMs: number): string {
  if (!Number.isFinite(timeMs)) return String(timeMs);
  const iso = new Date(timeMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "2024-03-11" */
export function formatDate(timeMs: number): string {
  return Number.isFinite(timeMs) ? new Date(timeMs).toISOString().slice(0, 10) : String(timeMs);
}

/** "09:30" */
export function formatClock(minute: number): string {
  const hours = Math.floor(minute / 60);
  return `${String(hours).padStart(2, "0")}:${String(minute - hours * 60).padStart(2, "0")}`;
}
