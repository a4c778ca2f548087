import { dayNumber, easterSunday, nthWeekday, parseDay, weekdayOf } from "./civil-date.ts";

const [SUNDAY, MONDAY, THURSDAY, SATURDAY] = [0, 1, 4, 6];

/**
 * Closures outside the rules: national days of mourning, weather and the like (NYSE notices).
 * Add a row here when the exchange announces one.
 */
export const nyseSpecialClosures: Readonly<Record<string, string>> = {
  "2001-09-11": "September 11 attacks",
  "2001-09-12": "September 11 attacks",
  "2001-09-13": "September 11 attacks",
  "2001-09-14": "September 11 attacks",
  "2004-06-11": "National day of mourning for President Reagan",
  "2007-01-02": "National day of mourning for President Ford",
  "2012-10-29": "Hurricane Sandy",
  "2012-10-30": "Hurricane Sandy",
  "2018-12-05": "National day of mourning for President George H. W. Bush",
  "2025-01-09": "National day of mourning for President Carter",
};

/** Early closes (13:00 New York) outside the rules; none known since the rules took their current form. */
export const nyseSpecialEarlyCloses: Readonly<Record<string, string>> = {};

/** A holiday falling on Saturday is observed on Friday, on Sunday on Monday. */
function observed(days: number): number {
  const weekday = weekdayOf(days);
  return weekday === SATURDAY ? days - 1 : weekday === SUNDAY ? days + 1 : days;
}

/** NYSE full-day holidays of a year by rule (NYSE Rule 7.2), plus special closures: day number -> name. */
export function nyseHolidays(year: number): Map<number, string> {
  const holidays = new Map<number, string>();
  const newYear = dayNumber(year, 1, 1);
  // A Saturday New Year's Day is not observed on the Friday before (that is another year's last trading day).
  if (weekdayOf(newYear) !== SATURDAY) holidays.set(observed(newYear), "New Year's Day");
  if (year >= 1998) holidays.set(nthWeekday(year, 1, MONDAY, 3), "Martin Luther King Jr. Day");
  holidays.set(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday");
  holidays.set(easterSunday(year) - 2, "Good Friday");
  holidays.set(nthWeekday(year, 5, MONDAY, -1), "Memorial Day");
  if (year >= 2022)
    holidays.set(observed(dayNumber(year, 6, 19)), "Juneteenth National Independence Day");
  holidays.set(observed(dayNumber(year, 7, 4)), "Independence Day");
  holidays.set(nthWeekday(year, 9, MONDAY, 1), "Labor Day");
  holidays.set(nthWeekday(year, 11, THURSDAY, 4), "Thanksgiving Day");
  holidays.set(observed(dayNumber(year, 12, 25)), "Christmas Day");
  for (const [date, name] of Object.entries(nyseSpecialClosures)) {
    if (date.startsWith(`${year}-`)) holidays.set(parseDay(date), name);
  }
  return holidays;
}

/**
 * NYSE early closes (13:00 New York) of a year: July 3 when it is Monday to Thursday, the day
 * after Thanksgiving, and December 24 when it is Monday to Thursday.
 */
export function nyseEarlyCloses(year: number): Map<number, string> {
  const early = new Map<number, string>();
  const july3 = dayNumber(year, 7, 3);
  if (weekdayOf(july3) >= MONDAY && weekdayOf(july3) <= THURSDAY)
    early.set(july3, "Independence Day eve");
  early.set(nthWeekday(year, 11, THURSDAY, 4) + 1, "Day after Thanksgiving");
  const christmasEve = dayNumber(year, 12, 24);
  if (weekdayOf(christmasEve) >= MONDAY && weekdayOf(christmasEve) <= THURSDAY)
    early.set(christmasEve, "Christmas Eve");
  for (const [date, name] of Object.entries(nyseSpecialEarlyCloses)) {
    if (date.startsWith(`${year}-`)) early.set(parseDay(date), name);
  }
  return early;
}

export function isWeekend(days: number): boolean {
  const weekday = weekdayOf(days);
  return weekday === SATURDAY || weekday === SUNDAY;
}
