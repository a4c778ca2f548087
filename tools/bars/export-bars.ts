import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { timeframes, type Timeframe } from "../ports/store.ts";
import { UpperSymbolList } from "../strategy/spec-schema.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { storedSpec } from "../strategy/stored-spec.ts";
import { isoTime, orderedPeriod, TimeInput } from "../time-input.ts";
import { barsInRange, type BarsInRange } from "./bars-in-range.ts";
import { barColumns } from "./read-bars-csv.ts";

/** Rows in one file: about 15 MB of CSV. */
const maxRows = 200_000;

const ExportBarsInput = z
  .object({
    symbols: UpperSymbolList(1, 100).optional().describe("Symbols to export (1 to 100)."),
    strategyId: StrategyIdInput.optional().describe(
      "A stored strategy instead: its universe on its timeframe, the bars its backtest and its generated program read.",
    ),
    timeframe: z
      .enum(timeframes)
      .optional()
      .describe("Bar timeframe (default 1d; a strategy's own)."),
    start: TimeInput("start").optional(),
    end: TimeInput("end").optional(),
    adjusted: z
      .boolean()
      .default(true)
      .describe("Back-adjusted for splits and dividends as backtests use them (default true)."),
  })
  .strict()
  .refine((input) => (input.symbols === undefined) !== (input.strategyId === undefined), {
    message: "give `symbols` or `strategyId`, one of them",
    path: ["symbols"],
  })
  .refine(orderedPeriod.check, orderedPeriod.message);

const ExportBarsOutput = z.object({
  filename: z.string().describe("A file name for the CSV, e.g. SPY-1d-bars.csv."),
  timeframe: z.enum(timeframes),
  adjusted: z.boolean(),
  rows: z.number().int(),
  symbols: z.array(
    z.object({
      symbol: z.string(),
      bars: z.number().int(),
      first: z.string().describe("The first bar's time, ISO-8601 UTC."),
      last: z.string(),
    }),
  ),
  csv: z
    .string()
    .describe(
      `The bars as import_bars reads them: ${barColumns.join(",")}, ISO-8601 UTC timestamps, symbol by symbol.`,
    ),
});

export const exportBars = defineTool({
  name: "export_bars",
  summary:
    "Stored bars of symbols or a strategy's universe as one CSV in import_bars' format: to replay a generated program or open in a spreadsheet.",
  description: `Stored OHLCV bars of up to 100 symbols, or of a stored strategy's universe on its timeframe, as one CSV file with import_bars' columns (${barColumns.join(",")}), back-adjusted for splits and dividends as backtests read them unless \`adjusted\` is false. A generated program's replay reads this file and reproduces the backtest's trades; import_bars reads it back unchanged. At most ${maxRows.toLocaleString("en")} rows.`,
  input: ExportBarsInput,
  output: ExportBarsOutput,
  effect: "read",
  idempotent: true,
  brief: {
    output: ExportBarsOutput.omit({ csv: true }),
    from: ({ csv: _csv, ...rest }) => rest,
  },
  async run(input, context) {
    const spec = input.strategyId ? await storedSpec(context.store, input.strategyId) : undefined;
    const symbols = spec?.universe ?? input.symbols!;
    const timeframe = input.timeframe ?? ((spec?.timeframe ?? "1d") as Timeframe);
    const series: (BarsInRange & { symbol: string })[] = [];
    let rows = 0;
    for (const [index, symbol] of symbols.entries()) {
      context.progress(index / symbols.length, `reading ${symbol}`);
      const range = await barsInRange(context.store, { ...input, symbol, timeframe });
      rows += range.count;
      if (rows > maxRows)
        throw invalidInput(
          `more than ${maxRows.toLocaleString("en")} bars match; export fewer symbols or a shorter period (start, end)`,
          [{ path: ["start"], message: `over ${maxRows} rows` }],
        );
      series.push({ ...range, symbol });
    }
    context.progress(0.9, `writing ${rows.toLocaleString("en")} rows`);
    return {
      filename: fileName(symbols, timeframe),
      timeframe,
      adjusted: input.adjusted,
      rows,
      symbols: series.map(({ symbol, bars, from, count }) => ({
        symbol,
        bars: count,
        first: isoTime(bars.timestampMs[from]!),
        last: isoTime(bars.timestampMs[from + count - 1]!),
      })),
      csv: [barColumns.join(","), ...series.flatMap(csvRows)].join("\n") + "\n",
    };
  },
});

/** One line per bar; numbers as JavaScript prints them, which read back to the same doubles. */
function csvRows({ symbol, bars, from, count }: BarsInRange & { symbol: string }): string[] {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++)
    lines.push(
      `${symbol},${isoTime(bars.timestampMs[i]!)},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`,
    );
  return lines;
}

/** "SPY-1d-bars.csv", "BTC-USD_ETH-USD-1h-bars.csv", "SPY_QQQ_TLT_and_5_more-1d-bars.csv". */
function fileName(symbols: readonly string[], timeframe: string): string {
  const named = symbols.slice(0, 3).map((symbol) => symbol.replace(/[^A-Za-z0-9.=^_-]/g, "-"));
  const more = symbols.length > 3 ? `_and_${symbols.length - 3}_more` : "";
  return `${named.join("_")}${more}-${timeframe}-bars.csv`;
}
