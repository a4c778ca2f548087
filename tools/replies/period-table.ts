import { signed } from "./format.ts";

interface PeriodReturn {
  period: string;
  return: number;
}

export interface PeriodReturns {
  months: PeriodReturn[];
  years: PeriodReturn[];
}

const monthNames = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
/** A return in percent to one decimal, signed; a month without a change (or none) blank-free "0.0". */
function cell(value: number | undefined): string {
  if (value === undefined) return "".padStart(6);
  const shown = (value * 100).toFixed(1);
  return (/^-?0\.0$/.test(shown) ? "0.0" : value > 0 ? `+${shown}` : shown).padStart(6);
}

/** "Best month: 2020-07 +5.0%; worst: 2020-12 -4.3%." (picked from the tool's returns). */
function extremes(unit: string, periods: PeriodReturn[]): string[] {
  if (periods.length < 2) return [];
  const ranked = periods.toSorted((a, b) => b.return - a.return);
  const [best, worst] = [ranked[0]!, ranked.at(-1)!];
  return [
    `Best ${unit}: ${best.period} ${signed(best.return, 1)}; worst: ${worst.period} ${signed(worst.return, 1)}.`,
  ];
}

/** Months as a grid, a year a row with its own return last; years alone as one line. */
export function periodTable({ months, years }: PeriodReturns): string[] {
  if (months.length === 0)
    return [
      `Returns by year: ${years.map((year) => `${year.period} ${signed(year.return, 1)}`).join(", ")}.`,
      ...extremes("year", years),
    ];
  const byMonth = new Map(months.map((month) => [month.period, month.return]));
  return [
    ...extremes("month", months),
    "Returns by month and year (%):",
    `    ${monthNames.map((name) => name.padStart(6)).join("")}  Year`,
    ...years.map(
      (year) =>
        `${year.period}${monthNames.map((_, k) => cell(byMonth.get(`${year.period}-${String(k + 1).padStart(2, "0")}`))).join("")}${cell(year.return)}`,
    ),
  ];
}
