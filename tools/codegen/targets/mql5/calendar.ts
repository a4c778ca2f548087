import { mql5Function } from "./library.ts";

/**
 * Calendar fields of each bar's date (engine/indicators/calendar.ts), with the proleptic
 * Gregorian arithmetic of Howard Hinnant's algorithms on whole days since 1970-01-01.
 */
export const calendarFunctions = [
  mql5Function(
    "FloorDiv",
    [],
    String.raw`
// a / b rounded down (MQL5's integer division truncates toward zero).
long FloorDiv(long a, long b)
  {
   long quotient = a / b;
   return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient;
  }
`,
  ),
  mql5Function(
    "DaysFromCivil",
    ["FloorDiv"],
    String.raw`
// Days since 1970-01-01 of a proleptic Gregorian date.
long DaysFromCivil(long year, long month, long day)
  {
   year -= month <= 2 ? 1 : 0;
   long era = FloorDiv(year, 400);
   long yearOfEra = year - era * 400;
   long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
   long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
   return era * 146097 + dayOfEra - 719468;
  }
`,
  ),
  mql5Function(
    "CivilFromDays",
    ["FloorDiv"],
    String.raw`
// The proleptic Gregorian date of a count of days since 1970-01-01.
void CivilFromDays(long days, long &year, long &month, long &day)
  {
   days += 719468;
   long era = FloorDiv(days, 146097);
   long dayOfEra = days - era * 146097;
   long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
   long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
   long shiftedMonth = (5 * dayOfYear + 2) / 153;
   day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
   month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
   year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  }
`,
  ),
  mql5Function(
    "DayOfWeek",
    ["NewSeries", "FloorDiv"],
    String.raw`
// Weekday of the bar's date: 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
void DayOfWeek(const BarSeries &bars, double &out[])
  {
   int length = ArraySize(bars.time);
   NewSeries(length, out);
   for(int i = 0; i < length; i++)
      out[i] = (double)((FloorDiv(bars.time[i], 86400) + 4) % 7);
  }
`,
  ),
  mql5Function(
    "DayOfMonth",
    ["NewSeries", "CivilFromDays", "FloorDiv"],
    String.raw`
// Day of the month of the bar's date, 1-31.
void DayOfMonth(const BarSeries &bars, double &out[])
  {
   int length = ArraySize(bars.time);
   NewSeries(length, out);
   long year, month, day;
   for(int i = 0; i < length; i++)
     {
      CivilFromDays(FloorDiv(bars.time[i], 86400), year, month, day);
      out[i] = (double)day;
     }
  }
`,
  ),
  mql5Function(
    "DaysToMonthEnd",
    ["NewSeries", "CivilFromDays", "DaysFromCivil", "FloorDiv"],
    String.raw`
// Calendar days from the bar's date to the last day of its month (0 on the last day).
void DaysToMonthEnd(const BarSeries &bars, double &out[])
  {
   int length = ArraySize(bars.time);
   NewSeries(length, out);
   long year, month, day;
   for(int i = 0; i < length; i++)
     {
      CivilFromDays(FloorDiv(bars.time[i], 86400), year, month, day);
      long next = month == 12 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, month + 1, 1);
      out[i] = (double)(next - DaysFromCivil(year, month, 1) - day);
     }
  }
`,
  ),
];
