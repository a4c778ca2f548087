import { blank } from "./text.ts";

/**
 * Dates in a normalized message: "since 2020", "since March 2021", "from 2020-01-01 to
 * 2023-12-31", "in 2023", "until June 2022", "as of 2024-06-28", "last 3 years", "ytd".
 * Dates come out as the tools read them: `YYYY-MM-DD` (a date-only end covers its whole day) or
 * the ISO date-time the user wrote. Relative dates need the caller's clock (`nowMs`); without it
 * they are reported, never guessed.
 */

export interface Period {
  start?: string;
  end?: string;
  /** An instant or day asked about ("as of", "on", "at"). */
  at?: string;
  /** Whether `at` names a whole day (`YYYY-MM-DD`) rather than an instant. */
  atIsDay?: boolean;
}

export interface PeriodExtraction {
  period: Period;
  /** The text with every date phrase blanked out, so its numbers are not read again. */
  rest: string;
  /** What could not be placed, e.g. a relative date without a clock. */
  problem?: string;
}

interface CivilDate {
  year: number;
  month?: number;
  day?: number;
  /** Set when the user wrote an instant: the ISO text as the tools take it. */
  instant?: string;
}

const monthNames: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const month = `(?:${Object.keys(monthNames)
  .sort((a, b) => b.length - a.length)
  .join("|")})`;
const ordinal = "(?:st|nd|rd|th)?";

/** One date, in any of the written forms; groups are read by `readDate`. */
const datePattern = [
  String.raw`\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?`,
  String.raw`\d{4}/\d{1,2}/\d{1,2}`,
  String.raw`${month}\.? \d{1,2}${ordinal},? \d{4}`,
  String.raw`\d{1,2}${ordinal} (?:of )?${month},? \d{4}`,
  String.raw`${month},? \d{4}`,
  String.raw`\d{4}-\d{2}(?![\d-])`,
  String.raw`(?:19|20)\d{2}(?!\d|/|-\d{2}(?!\d))`,
  String.raw`today|yesterday`,
].join("|");
const dateGroup = `(${datePattern})`;

const pad = (value: number) => String(value).padStart(2, "0");
const daysInMonth = (year: number, monthNumber: number) =>
  new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
const dayString = (year: number, monthNumber: number, day: number) =>
  `${year}-${pad(monthNumber)}-${pad(day)}`;

function fromMs(ms: number): CivilDate {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Reads one date phrase; `undefined` when it needs a clock that was not given or is not a date. */
function readDate(text: string, nowMs: number | undefined): CivilDate | "needs-clock" | undefined {
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](.+))?$/.exec(text))) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    if (!validDay(date.year, date.month, date.day)) return undefined;
    if (match[4] === undefined) return date;
    return { ...date, instant: `${match[1]}-${match[2]}-${match[3]}T${match[4].toUpperCase()}` };
  }
  if ((match = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text))) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    return validDay(date.year, date.month, date.day) ? date : undefined;
  }
  if ((match = new RegExp(`^(${month})\\.? (\\d{1,2})${ordinal},? (\\d{4})$`).exec(text))) {
    const date = { year: Number(match[3]), month: monthNames[match[1]!]!, day: Number(match[2]) };
    return validDay(date.year, date.month, date.day) ? date : undefined;
  }
  if ((match = new RegExp(`^(\\d{1,2})${ordinal} (?:of )?(${month}),? (\\d{4})$`).exec(text))) {
    const date = { year: Number(match[3]), month: monthNames[match[2]!]!, day: Number(match[1]) };
    return validDay(date.year, date.month, date.day) ? date : undefined;
  }
  if ((match = new RegExp(`^(${month}),? (\\d{4})$`).exec(text)))
    return { year: Number(match[2]), month: monthNames[match[1]!]! };
  if ((match = /^(\d{4})-(\d{2})$/.exec(text))) {
    const monthNumber = Number(match[2]);
    return monthNumber >= 1 && monthNumber <= 12
      ? { year: Number(match[1]), month: monthNumber }
      : undefined;
  }
  if (/^\d{4}$/.test(text)) return { year: Number(text) };
  if (text === "today" || text === "yesterday") {
    if (nowMs === undefined) return "needs-clock";
    return fromMs(nowMs - (text === "yesterday" ? 86_400_000 : 0));
  }
  return undefined;
}

function validDay(year: number, monthNumber: number, day: number): boolean {
  return monthNumber >= 1 && monthNumber <= 12 && day >= 1 && day <= daysInMonth(year, monthNumber);
}

function firstDay(date: CivilDate): string {
  if (date.instant) return date.instant;
  return dayString(date.year, date.month ?? 1, date.day ?? 1);
}

function lastDay(date: CivilDate): string {
  if (date.instant) return date.instant;
  const monthNumber = date.month ?? 12;
  return dayString(date.year, monthNumber, date.day ?? daysInMonth(date.year, monthNumber));
}

/** The day before a date's first day: "before 2022" ends on 2021-12-31. */
function dayBefore(date: CivilDate): string {
  const ms = Date.UTC(date.year, (date.month ?? 1) - 1, date.day ?? 1) - 86_400_000;
  const civil = fromMs(ms);
  return dayString(civil.year, civil.month!, civil.day!);
}

const fixedHolidays: [string, string][] = [
  ["christmas(?: day)?|xmas", "12-25"],
  ["christmas eve", "12-24"],
  ["new year'?s(?: day)?", "01-01"],
  ["new year'?s eve", "12-31"],
  ["independence day|the fourth of july|fourth of july|july 4th", "07-04"],
  ["juneteenth", "06-19"],
];

const unitPattern = "(years?|yrs?|months?|weeks?|days?)";

/** "since january", "since the start of march": a whole month name without a year after it. */
const sinceMonth =
  /\bsince (?:the (?:start|beginning) of )?(january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\.? ?\d)/;

/** The calendar day `count` units before now, as `YYYY-MM-DD` (month ends clamp: Mar 31 - 1 month = Feb 28). */
export function daysAgo(nowMs: number, count: number, unit: string): string {
  const now = fromMs(nowMs);
  if (unit.startsWith("y") || unit.startsWith("m")) {
    const months = unit.startsWith("y") ? count * 12 : count;
    const index = now.year * 12 + (now.month! - 1) - months;
    const year = Math.floor(index / 12);
    const monthNumber = (index % 12) + 1;
    return dayString(year, monthNumber, Math.min(now.day!, daysInMonth(year, monthNumber)));
  }
  const days = unit.startsWith("w") ? count * 7 : count;
  const civil = fromMs(nowMs - days * 86_400_000);
  return dayString(civil.year, civil.month!, civil.day!);
}

/**
 * Finds the period a message names and blanks its phrases out. Each kind of phrase is read once;
 * a relative phrase without `nowMs` is reported as a problem.
 */
export function extractPeriod(text: string, nowMs?: number): PeriodExtraction {
  const period: Period = {};
  let rest = text;
  // Holidays on fixed dates, written by name: "christmas 2025" is 2025-12-25. Lengths may change:
  // every later index is into this rewritten text.
  for (const [pattern, day] of fixedHolidays)
    rest = rest.replace(new RegExp(`\\b(?:${pattern}),? (\\d{4})\\b`, "g"), `$1-${day}`);
  let problem: string | undefined;
  const needsClock = (phrase: string) => {
    problem ??= `"${phrase.trim()}" is relative to today, and I was not given today's date`;
  };

  const apply = (
    pattern: RegExp,
    onMatch: (match: RegExpExecArray, dates: (CivilDate | "needs-clock" | undefined)[]) => boolean,
    dateGroups: number[],
  ) => {
    const match = pattern.exec(rest);
    if (!match) return;
    const dates = dateGroups.map((group) => readDate(match[group]!, nowMs));
    if (dates.includes("needs-clock")) {
      needsClock(match[0]);
      rest = blank(rest, match.index, match.index + match[0].length);
      return;
    }
    if (dates.includes(undefined)) return;
    if (onMatch(match, dates)) rest = blank(rest, match.index, match.index + match[0].length);
  };

  apply(
    new RegExp(
      `\\b(?:(?:from|between)\\s+)?${dateGroup}\\s*(?:to|and|until|till|through|thru|-)\\s*${dateGroup}(?![\\w/-])`,
    ),
    (_, [from, to]) => {
      period.start = firstDay(from as CivilDate);
      period.end = lastDay(to as CivilDate);
      return true;
    },
    [1, 2],
  );
  // "Since january": a month named without its year is its latest start at or before today.
  if (period.start === undefined) {
    const since = sinceMonth.exec(rest);
    if (since) {
      if (nowMs === undefined) needsClock(since[0]);
      else {
        const now = fromMs(nowMs);
        const monthNumber = monthNames[since[1]!]!;
        period.start = dayString(
          monthNumber <= now.month! ? now.year : now.year - 1,
          monthNumber,
          1,
        );
      }
      rest = blank(rest, since.index, since.index + since[0].length);
    }
  }
  if (period.start === undefined)
    apply(
      new RegExp(
        `\\b(?:since|from|starting(?: from| in| on| at)?|beginning(?: in| on)?|begin(?:ning)? of)\\s+${dateGroup}(?![\\w/-])`,
      ),
      (_, [from]) => {
        period.start = firstDay(from as CivilDate);
        return true;
      },
      [1],
    );
  if (period.end === undefined)
    apply(
      new RegExp(
        `\\b(until|till|through|thru|to|up to|ending(?: in| on)?|end of|before)\\s+${dateGroup}(?![\\w/-])`,
      ),
      (match, [to]) => {
        period.end = match[1] === "before" ? dayBefore(to as CivilDate) : lastDay(to as CivilDate);
        return true;
      },
      [2],
    );
  if (period.start === undefined && period.end === undefined)
    apply(
      new RegExp(
        `\\b(?:in|during|for|throughout|over|of)\\s+(?:the year\\s+)?${dateGroup}(?![\\w/-])`,
      ),
      (_, [date]) => {
        const civil = date as CivilDate;
        if (civil.day !== undefined || civil.instant) return false;
        period.start = firstDay(civil);
        period.end = lastDay(civil);
        return true;
      },
      [1],
    );
  apply(
    new RegExp(`\\b(?:as of|as at|at|on)\\s+${dateGroup}(?![\\w/-])`),
    (_, [date]) => {
      const civil = date as CivilDate;
      if (civil.instant) {
        period.at = civil.instant;
        period.atIsDay = false;
      } else if (civil.day !== undefined) {
        period.at = firstDay(civil);
        period.atIsDay = true;
      } else return false;
      return true;
    },
    [1],
  );

  const relative = new RegExp(
    `\\b(?:(?:over|in|for|during|within)\\s+)?(?:the\\s+)?(?:last|past|previous|trailing|recent)\\s+(\\d+)?\\s*${unitPattern}\\b`,
  ).exec(rest);
  if (relative && period.start === undefined) {
    rest = blank(rest, relative.index, relative.index + relative[0].length);
    if (nowMs === undefined) needsClock(relative[0]);
    else period.start = daysAgo(nowMs, Number(relative[1] ?? 1), relative[2]!);
  }
  const toDate = /\b(?:ytd|year[- ]to[- ]date|this year|so far this year)\b/.exec(rest);
  if (toDate && period.start === undefined) {
    rest = blank(rest, toDate.index, toDate.index + toDate[0].length);
    if (nowMs === undefined) needsClock(toDate[0]);
    else period.start = `${fromMs(nowMs).year}-01-01`;
  }
  const thisMonth = /\b(?:this month|month[- ]to[- ]date|mtd)\b/.exec(rest);
  if (thisMonth && period.start === undefined) {
    rest = blank(rest, thisMonth.index, thisMonth.index + thisMonth[0].length);
    if (nowMs === undefined) needsClock(thisMonth[0]);
    else {
      const now = fromMs(nowMs);
      period.start = dayString(now.year, now.month!, 1);
    }
  }
  const thisWeek = /\b(?:this week|week[- ]to[- ]date|wtd)\b/.exec(rest);
  if (thisWeek && period.start === undefined) {
    rest = blank(rest, thisWeek.index, thisWeek.index + thisWeek[0].length);
    if (nowMs === undefined) needsClock(thisWeek[0]);
    else {
      // Since Monday.
      const weekday = (new Date(nowMs).getUTCDay() + 6) % 7;
      const monday = fromMs(nowMs - weekday * 86_400_000);
      period.start = dayString(monday.year, monday.month!, monday.day!);
    }
  }
  return problem === undefined ? { period, rest } : { period, rest, problem };
}

/** The year a message is about ("holidays this year", "in 2025"), for whole-year ranges. */
export function currentYear(nowMs: number): number {
  return fromMs(nowMs).year;
}

/** An ISO date-time for a `YYYY-MM-DD` day's first instant (UTC), for fields that take only date-times. */
export function startOfDayIso(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day;
}
