import { z } from "zod";
import { periodReturns } from "../../engine/metrics/period-returns.ts";

export const ReturnsByInput = z
  .enum(["month", "year"])
  .describe(
    'The return of each calendar month ("month": each year\'s too) or year, from the equity at its last close.',
  );
export type ReturnsBy = z.output<typeof ReturnsByInput>;

const PeriodReturnSchema = z.object({
  period: z.string().describe('"2024-03" for a month, "2024" for a year (UTC).'),
  return: z.number(),
});

export const PeriodReturnsSchema = z.object({
  months: z.array(PeriodReturnSchema),
  years: z.array(PeriodReturnSchema),
});
export type PeriodReturns = z.output<typeof PeriodReturnsSchema>;

/** Each month's and year's return ("month"), or each year's ("year"), over the whole curve. */
export function returnsOf(
  timestampMs: ArrayLike<number>,
  equity: ArrayLike<number>,
  initialCash: number,
  by: ReturnsBy,
): PeriodReturns {
  return {
    months: by === "month" ? periodReturns(timestampMs, equity, initialCash, "month") : [],
    years: periodReturns(timestampMs, equity, initialCash, "year"),
  };
}
