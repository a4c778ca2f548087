import { z } from "zod";
import { formatDay } from "../../engine/calendar/civil-date.ts";
import { dailyCoverage, intradayCoverage } from "../../engine/calendar/coverage.ts";
import type { Market } from "../../engine/calendar/sessions.ts";
import type { BarSeries } from "../../engine/types.ts";
import { timeframeMs, type Timeframe } from "../ports/store.ts";
import { marketOf } from "./market-of.ts";

export const QualitySchema = z.object({
  symbol: z.string(),
  market: z.string(),
  missingSessions: z
    .number()
    .int()
    .describe("Trading dates between the first and last bar with no bar."),
  barsOutsideSessions: z
    .number()
    .int()
    .describe("Bars on days the market was closed, or (intraday) outside its trading hours."),
  missingBars: z
    .number()
    .int()
    .describe("Intraday only: interval slots without a bar inside sessions that have bars."),
  examples: z
    .array(z.string())
    .describe(
      "Up to 10 dates, YYYY-MM-DD: sessions without a bar first, then closed days with bars.",
    ),
});

export const QualityReportSchema = z
  .array(QualitySchema)
  .describe(
    "Bars checked against the market calendar; only symbols with gaps or bars outside sessions are listed.",
  );

/**
 * The calendar check every load reports (the hard checks, such as duplicates and OHLC
 * consistency, already refused bad data): sessions without bars, bars outside sessions and,
 * for intraday bars, missing slots. `market` overrides the calendar guessed from each symbol.
 */
export function qualityReport(
  series: readonly BarSeries[],
  timeframe: Timeframe,
  market?: Market,
): z.input<typeof QualitySchema>[] {
  const report: z.input<typeof QualitySchema>[] = [];
  for (const bars of series) {
    const calendar = market ?? marketOf(bars.symbol);
    const { missingDays, outside, missingBars, exampleDays } =
      timeframe === "1d"
        ? daily(calendar, bars.timestampMs)
        : intraday(calendar, bars.timestampMs, timeframeMs[timeframe]);
    if (missingDays.length === 0 && outside === 0 && missingBars === 0) continue;
    report.push({
      symbol: bars.symbol,
      market: calendar,
      missingSessions: missingDays.length,
      barsOutsideSessions: outside,
      missingBars,
      examples: exampleDays.slice(0, 10).map(formatDay),
    });
  }
  return report;
}

function daily(calendar: Market, timestampMs: Float64Array) {
  const { missingDays, closedDays } = dailyCoverage(calendar, timestampMs);
  return {
    missingDays,
    outside: closedDays.length,
    missingBars: 0,
    exampleDays: [...missingDays, ...closedDays],
  };
}

function intraday(calendar: Market, timestampMs: Float64Array, step: number) {
  const { missingDays, barsOutsideSessions, missingBars } = intradayCoverage(
    calendar,
    timestampMs,
    step,
  );
  return { missingDays, outside: barsOutsideSessions, missingBars, exampleDays: missingDays };
}
