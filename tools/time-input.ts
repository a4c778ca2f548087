import { z } from "zod";

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = 86_400_000;
/** Epoch ms below this (3 March 1973) are almost certainly epoch seconds. */
const smallestPlausibleMs = 1e11;

/**
 * Parses an ISO-8601 date or date-time (UTC unless it carries an offset) or epoch milliseconds.
 * Returns the epoch ms or an error message naming the problem.
 */
export function parseTimestamp(value: string | number): number | string {
  if (typeof value === "number" || /^-?\d+(\.\d+)?$/.test(value)) {
    const ms = Number(value);
    if (!Number.isFinite(ms) || !Number.isInteger(ms))
      return `"${value}" is not a whole number of epoch milliseconds`;
    if (Math.abs(ms) < smallestPlausibleMs)
      return `${value} looks like epoch seconds; use epoch milliseconds or ISO-8601`;
    return ms;
  }
  const text = value.trim();
  const match = isoPattern.exec(text);
  if (!match)
    return `"${value}" is not ISO-8601 (e.g. 2024-03-01 or 2024-03-01T14:30:00Z) or epoch milliseconds`;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return `"${value}" is not a valid date`;
  }
  const zone = match[7];
  const normalized =
    zone || dateOnly.test(text) ? text.replace(" ", "T") : `${text.replace(" ", "T")}Z`;
  return Date.parse(normalized);
}

/** A point in time in tool input; a date-only `end` covers that whole UTC day. */
export const TimeInput = (role: "start" | "end") =>
  z
    .union([z.string(), z.number()])
    .transform((value, context) => {
      const ms = parseTimestamp(value);
      if (typeof ms === "string") {
        context.addIssue({ code: "custom", message: ms });
        return z.NEVER;
      }
      return role === "end" && typeof value === "string" && dateOnly.test(value.trim())
        ? ms + dayMs - 1
        : ms;
    })
    .describe(
      role === "start"
        ? "Start (inclusive): ISO-8601 date or date-time (UTC unless an offset is given) or epoch ms."
        : "End (inclusive; a date alone covers that whole day): ISO-8601 or epoch ms.",
    );

export const isoTime = (ms: number) => new Date(ms).toISOString();

/** A period's order, for `.refine(orderedPeriod.check, orderedPeriod.message)`. */
export const orderedPeriod = {
  check: (input: { start?: number | undefined; end?: number | undefined }) =>
    input.start === undefined || input.end === undefined || input.start <= input.end,
  message: { message: "`start` must not be after `end`", path: ["start"] },
};
