import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { validateBars } from "../../engine/bars.ts";
import { formatDay } from "../../engine/calendar/civil-date.ts";
import { dailyCoverage } from "../../engine/calendar/coverage.ts";
import { Market } from "../../engine/calendar/sessions.ts";
import type { BarSeries } from "../../engine/types.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { timeframes } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";
import { marketOf } from "./market-of.ts";
import { barColumns, readBarsCsv } from "./read-bars-csv.ts";

const ImportBarsInput = z
  .object({
    path: z
      .string()
      .min(1)
      .optional()
      .describe("Path of a CSV file to import (relative to the working directory)."),
    csv: z.string().min(1).optional().describe("CSV text to import, header included."),
    timeframe: z
      .enum(timeframes)
      .default("1d")
      .describe("Timeframe of the bars in the file (default 1d)."),
    market: z
      .enum(Object.values(Market) as [Market, ...Market[]])
      .optional()
      .describe(
        "Calendar to check daily bars against (default: NYSE for tickers, FX for EUR/USD-style pairs, CRYPTO for BTC/USD-style pairs).",
      ),
  })
  .strict()
  .refine((input) => (input.path === undefined) !== (input.csv === undefined), {
    message: "give exactly one of `path` or `csv`",
    path: ["path"],
  })
  .describe(
    `Bars as CSV with the columns ${barColumns.join(",")}; timestamps ISO-8601 (UTC unless offset) or epoch ms.`,
  );

const QualitySchema = z.object({
  symbol: z.string(),
  market: z.string(),
  missingSessions: z
    .number()
    .int()
    .describe("Trading dates between the first and last bar with no bar."),
  barsOnClosedDays: z.number().int().describe("Bars dated on days the market was closed."),
  examples: z.array(z.string()).describe("Up to 10 of those dates, missing ones first."),
});

const ImportBarsOutput = z.object({
  imported: z.number().int().describe("Rows written (new or replaced)."),
  symbols: z.array(z.string()).describe("Symbols in the file."),
  timeframe: z.enum(timeframes),
  firstTime: z.string().describe("Earliest bar imported, ISO-8601 UTC."),
  lastTime: z.string().describe("Latest bar imported, ISO-8601 UTC."),
  quality: z
    .array(QualitySchema)
    .describe(
      "Daily bars checked against the market calendar: only symbols with gaps or bars on closed days are listed.",
    ),
});

export const importBars = defineTool({
  name: "import_bars",
  description:
    "Import OHLCV bars from a CSV file or text (symbol,timestamp,open,high,low,close,volume). All or nothing: one bad row rejects the whole file with its line number. Rows for an existing symbol and time replace the stored ones. Daily bars are checked against the market calendar (missing sessions, bars on closed days).",
  input: ImportBarsInput,
  output: ImportBarsOutput,
  effect: "write",
  idempotent: true,
  async run(input, context) {
    let source: string | ReturnType<typeof createReadStream>;
    if (input.path !== undefined) {
      const path = resolve(input.path);
      try {
        await access(path);
      } catch {
        throw invalidInput(`no readable file at ${path}`, [
          { path: ["path"], message: `no readable file at ${path}` },
        ]);
      }
      source = createReadStream(path);
    } else source = input.csv!;
    context.progress(0, "reading CSV");
    const series = await readBarsCsv(source);
    series.forEach(validateBars);
    context.progress(0.5, `writing ${series.length} symbols`);
    const { imported, symbols } = await context.store.writeBars(input.timeframe, series);
    context.progress(1, "imported");
    let first = Infinity;
    let last = -Infinity;
    for (const bars of series) {
      first = Math.min(first, bars.timestampMs[0]!);
      last = Math.max(last, bars.timestampMs[bars.timestampMs.length - 1]!);
    }
    return {
      imported,
      symbols,
      timeframe: input.timeframe,
      firstTime: isoTime(first),
      lastTime: isoTime(last),
      quality: input.timeframe === "1d" ? calendarQuality(series, input.market) : [],
    };
  },
});

function calendarQuality(
  series: readonly BarSeries[],
  market: Market | undefined,
): z.input<typeof QualitySchema>[] {
  const report: z.input<typeof QualitySchema>[] = [];
  for (const bars of series) {
    const calendar = market ?? marketOf(bars.symbol);
    const { missingDays, closedDays } = dailyCoverage(calendar, bars.timestampMs);
    if (missingDays.length === 0 && closedDays.length === 0) continue;
    report.push({
      symbol: bars.symbol,
      market: calendar,
      missingSessions: missingDays.length,
      barsOnClosedDays: closedDays.length,
      examples: [...missingDays, ...closedDays].slice(0, 10).map(formatDay),
    });
  }
  return report;
}
