import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { validateBars } from "../../engine/bars.ts";
import { Market } from "../../engine/calendar/sessions.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { timeframes } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";
import { QualityReportSchema, qualityReport } from "./quality.ts";
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
        "Calendar to check the bars against (default: NYSE for tickers, CME for futures, FX for EUR/USD-style pairs, CRYPTO for BTC/USD-style pairs).",
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

const ImportBarsOutput = z.object({
  imported: z.number().int().describe("Rows written (new or replaced)."),
  symbols: z.array(z.string()).describe("Symbols in the file."),
  timeframe: z.enum(timeframes),
  firstTime: z.string().describe("Earliest bar imported, ISO-8601 UTC."),
  lastTime: z.string().describe("Latest bar imported, ISO-8601 UTC."),
  quality: QualityReportSchema,
});

export const importBars = defineTool({
  name: "import_bars",
  summary:
    "Import OHLCV bars from a CSV file or text. All or nothing: a bad row rejects the whole file, naming its line.",
  description:
    "Import OHLCV bars from a CSV file or text (symbol,timestamp,open,high,low,close,volume). All or nothing: one bad row rejects the whole file with its line number. Rows for an existing symbol and time replace the stored ones. Bars are checked against the market calendar (missing sessions, bars outside sessions, intraday gaps).",
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
      quality: qualityReport(series, input.timeframe, input.market),
    };
  },
});
