import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { timeframes } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime } from "../time-input.ts";

const SymbolRow = z.object({
  symbol: z.string(),
  timeframe: z.enum(timeframes),
  bars: z.number().int(),
  first: z.string().describe("The first bar's time, ISO-8601 UTC."),
  last: z.string().describe("The last bar's time."),
});

export const listSymbols = defineTool({
  name: "list_symbols",
  summary:
    "What bars are stored: each symbol and timeframe with its bar count, first and last bar.",
  description:
    "The stored bars, by symbol and timeframe: how many, from when to when. Give `symbols` to ask about some (those with no bars are listed as missing) or `timeframe` for one timeframe.",
  input: z
    .object({
      symbols: z
        .array(SymbolSchema)
        .min(1)
        .max(200)
        .optional()
        .describe("Only these symbols; default every stored one."),
      timeframe: z.enum(timeframes).optional().describe("Only this timeframe."),
    })
    .strict(),
  output: z.object({
    symbols: z.array(SymbolRow).describe("In symbol order, then timeframe."),
    missing: z.array(z.string()).describe("Symbols asked for that have no bars stored."),
    asOf: z.string().describe("Now, ISO-8601 UTC: how old the last bars are is measured from it."),
  }),
  effect: "read",
  idempotent: true,
  async run({ symbols, timeframe }, { store, clock }) {
    const stored = await store.listSymbols(timeframe);
    const wanted = symbols ? new Set(symbols) : undefined;
    const rows = stored
      .filter((row) => !wanted || wanted.has(row.symbol))
      .map((row) => ({
        symbol: row.symbol,
        timeframe: row.timeframe,
        bars: row.bars,
        first: isoTime(row.firstMs),
        last: isoTime(row.lastMs),
      }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.timeframe.localeCompare(b.timeframe));
    const found = new Set(rows.map((row) => row.symbol));
    return {
      symbols: rows,
      missing: (symbols ?? []).filter((symbol) => !found.has(symbol)),
      asOf: isoTime(clock.nowMs()),
    };
  },
});
