import { pythonFunction } from "../library.ts";

/** Calendar fields of each bar's UTC date (engine/indicators/calendar.ts); the date arithmetic is in bars-runtime.ts. */
export const calendarFunctions = [
  pythonFunction(
    "day_of_week",
    [],
    String.raw`
def day_of_week(bars):
    """Weekday of the bar's UTC date: 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday)."""
    return [float((time // DAY_MS + 4) % 7) for time in bars.time]
`,
  ),
  pythonFunction(
    "day_of_month",
    [],
    String.raw`
def day_of_month(bars):
    """Day of the month of the bar's UTC date, 1-31."""
    return [float(civil_from_days(time // DAY_MS)[2]) for time in bars.time]
`,
  ),
  pythonFunction(
    "days_to_month_end",
    [],
    String.raw`
def days_to_month_end(bars):
    """Calendar days from the bar's UTC date to the last day of its month (0 on the last day)."""
    out = []
    for time in bars.time:
        year, month, day = civil_from_days(time // DAY_MS)
        out.append(float(days_in_month(year, month) - day))
    return out
`,
  ),
];
