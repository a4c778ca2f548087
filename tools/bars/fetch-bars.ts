import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import { timeframes, type Timeframe } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime, TimeInput } from "../time-input.ts";
import { QualityReportSchema, qualityReport } from "./quality.ts";

const dayMs = 86_400_000;

export const fetchBars = defineTool({
  name: "fetch_bars",
  summary:
    "Fetch bars, splits and dividends from Alpaca or Polygon.io into the store, asking only for what the store lacks.",
  description:
    "Fetch bars (and splits and dividends) from the configured market-data provider into the store, asking only for what the store lacks before its first or after its last bar.",
  input: z
    .object({
      symbols: z
        .array(SymbolSchema)
        .min(1)
        .max(1000)
        .refine((symbols) => new Set(symbols).size === symbols.length, "symbols lists a name twice")
        .describe('Symbols to fetch, e.g. ["SPY", "EUR/USD", "BTC/USD"].'),
      timeframe: z.enum(timeframes).default("1d").describe("Bar timeframe (default 1d)."),
      start: TimeInput("start"),
      end: TimeInput("end").optional().describe("End (inclusive; default now)."),
    })
    .strict(),
  output: z.object({
    provider: z.string(),
    symbols: z.array(
      z.object({
        symbol: z.string(),
        fetched: z.number().int().describe("New or replaced bars written."),
        requestedRanges: z
          .array(z.object({ start: z.string(), end: z.string() }))
          .describe("What was asked of the provider."),
        corporateActions: z.number().int(),
      }),
    ),
    quality: QualityReportSchema,
  }),
  effect: "write",
  idempotent: true,
  openWorld: true,
  async run(input, context) {
    const provider = context.marketData;
    if (!provider) {
      throw new AlphadeskError(
        "provider_missing",
        "no market-data provider is configured: set APCA_API_KEY_ID and APCA_API_SECRET_KEY to fetch from Alpaca, or POLYGON_API_KEY to fetch from Polygon.io; meanwhile import CSV files with import_bars or use generate_demo_market",
        "user",
      );
    }
    const endMs = input.end ?? context.clock.nowMs();
    const timeframe = input.timeframe as Timeframe;
    const stored = new Map(
      (await context.store.listSymbols(timeframe)).map((summary) => [summary.symbol, summary]),
    );
    const results = [];
    for (const [index, symbol] of input.symbols.entries()) {
      context.progress(index / input.symbols.length, `fetching ${symbol}`);
      const summary = stored.get(symbol);
      // Daily bars are dated 00:00 UTC, so the next one the store lacks starts a day later.
      const step = timeframe === "1d" ? dayMs : 1;
      // Only the ends the store lacks; gaps inside the stored span are not refetched.
      const ranges: [number, number][] = summary
        ? [
            ...(input.start < summary.firstMs
              ? [[input.start, summary.firstMs - 1] as [number, number]]
              : []),
            ...(endMs >= summary.lastMs + step
              ? [[summary.lastMs + step, endMs] as [number, number]]
              : []),
          ]
        : [[input.start, endMs]];
      let fetched = 0;
      for (const [from, to] of ranges) {
        const bars = await provider.requestBars(symbol, timeframe, from, to);
        if (bars) fetched += (await context.store.writeBars(timeframe, [bars])).imported;
      }
      const actions = await provider.requestCorporateActions(symbol, input.start, endMs);
      await context.store.writeCorporateActions(actions.map((action) => ({ ...action, symbol })));
      results.push({
        symbol,
        fetched,
        requestedRanges: ranges.map(([from, to]) => ({ start: isoTime(from), end: isoTime(to) })),
        corporateActions: actions.length,
      });
    }
    context.progress(1, "checking against the calendar");
    // Checked over the whole requested span as stored, so gaps at the seams show too.
    const spans = await Promise.all(
      results
        .filter((result) => result.fetched > 0)
        .map((result) =>
          context.store.requestBars(result.symbol, timeframe, { startMs: input.start, endMs }),
        ),
    );
    const quality = qualityReport(
      spans.filter((bars) => bars !== undefined),
      timeframe,
    );
    return { provider: provider.name, symbols: results, quality };
  },
});
