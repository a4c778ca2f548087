import { z } from "zod";
import { finalBars } from "../../engine/calendar/final-bars.ts";
import type { BarSeries } from "../../engine/types.ts";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError, invalidInput } from "../errors.ts";
import type { MarketDataProvider } from "../ports/market-data.ts";
import {
  timeframeMs,
  timeframes,
  type Store,
  type SymbolSummary,
  type Timeframe,
} from "../ports/store.ts";
import { listed } from "../replies/format.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime, TimeInput } from "../time-input.ts";
import { QualityReportSchema, qualityReport } from "./quality.ts";
import { checkSeam } from "./seam.ts";

/** Errors about one symbol (unknown to the provider, a market it lacks, bad vendor rows). */
const symbolErrors = new Set(["provider_unsupported", "provider_error", "invalid_data"]);

export const fetchBars = defineTool({
  name: "fetch_bars",
  summary:
    "Fetch bars, splits and dividends from Alpaca or Polygon.io into the store, asking only for what the store lacks; with no symbols, bring every stored one up to date.",
  description:
    "Fetch bars (and splits and dividends) from the configured market-data provider into the store, asking only for what the store lacks before its first or after its last bar. Without `start`, only bars newer than the stored ones; without `symbols`, every symbol the store holds at the timeframe (`alphadesk worker` does that for each stored timeframe every evening), a symbol the provider does not serve skipped and said. A bar still forming is held back until it is final (a daily bar from 20:00 New York on its date, an intraday bar at its interval's end), so the store never keeps a partial bar as the day's.",
  input: z
    .object({
      symbols: z
        .array(SymbolSchema)
        .min(1)
        .max(1000)
        .refine((symbols) => new Set(symbols).size === symbols.length, "symbols lists a name twice")
        .optional()
        .describe(
          'Symbols to fetch, e.g. ["SPY", "EUR/USD", "BTC/USD"]; omitted: every symbol stored at this timeframe.',
        ),
      timeframe: z.enum(timeframes).default("1d").describe("Bar timeframe (default 1d)."),
      start: TimeInput("start")
        .optional()
        .describe(
          "First bar to fetch; omitted: only bars newer than the stored ones (the symbols must be stored).",
        ),
      end: TimeInput("end").optional().describe("End (inclusive; default now)."),
    })
    .strict(),
  output: z.object({
    provider: z.string(),
    symbols: z.array(
      z.object({
        symbol: z.string(),
        fetched: z.number().int().describe("New or replaced bars written."),
        heldBack: z
          .number()
          .int()
          .describe("Bars the provider sent that were still forming: fetched again once final."),
        requestedRanges: z
          .array(z.object({ start: z.string(), end: z.string() }))
          .describe("What was asked of the provider."),
        corporateActions: z.number().int(),
        skipped: z
          .string()
          .optional()
          .describe("Why this symbol was left as stored (bringing every symbol up to date only)."),
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
    const nowMs = context.clock.nowMs();
    const endMs = input.end ?? nowMs;
    const timeframe = input.timeframe as Timeframe;
    const stored = new Map(
      (await context.store.listSymbols(timeframe)).map((summary) => [summary.symbol, summary]),
    );
    const symbols = input.symbols ?? [...stored.keys()];
    const unstored = symbols.filter((symbol) => !stored.has(symbol));
    if (input.start === undefined && unstored.length > 0)
      throw invalidInput(
        `${listed(unstored)} ${unstored.length === 1 ? "has" : "have"} no stored ${timeframe} bars to bring up to date: give start, the first date to fetch (e.g. "2020-01-01")`,
        [{ path: ["start"], message: "required for symbols not stored yet" }],
      );
    const results = [];
    for (const [index, symbol] of symbols.entries()) {
      context.progress(index / symbols.length, `fetching ${symbol}`);
      const ranges = missingRanges(stored.get(symbol), timeframe, input.start, endMs);
      const result = {
        symbol,
        fetched: 0,
        heldBack: 0,
        requestedRanges: ranges.map(([from, to]) => ({ start: isoTime(from), end: isoTime(to) })),
        corporateActions: 0,
      };
      try {
        const done = await fetchSymbol(context.store, provider, {
          symbol,
          timeframe,
          summary: stored.get(symbol),
          ranges,
          actionsFrom: input.start ?? ranges[0]?.[0],
          endMs,
          nowMs,
        });
        results.push({ ...result, ...done });
      } catch (error) {
        // Bringing the whole store up to date goes on past a symbol the provider cannot serve.
        if (input.symbols || !symbolErrors.has((error as { code?: string }).code ?? ""))
          throw error;
        results.push({ ...result, skipped: (error as Error).message });
      }
    }
    context.progress(1, "checking against the calendar");
    // Checked over the whole requested span as stored, so gaps at the seams show too.
    const spans = await Promise.all(
      results
        .filter((result) => result.fetched > 0)
        .map((result) =>
          context.store.requestBars(result.symbol, timeframe, {
            startMs: input.start ?? Date.parse(result.requestedRanges[0]!.start),
            endMs,
          }),
        ),
    );
    const quality = qualityReport(
      spans.filter((bars): bars is BarSeries => bars !== undefined),
      timeframe,
    );
    return { provider: provider.name, symbols: results, quality };
  },
});

/**
 * The spans the store lacks: before its first bar (when `start` is earlier) and after its last.
 * Gaps inside the stored span are not refetched.
 */
function missingRanges(
  summary: SymbolSummary | undefined,
  timeframe: Timeframe,
  startMs: number | undefined,
  endMs: number,
): [number, number][] {
  if (!summary) return [[startMs!, endMs]];
  // Daily bars are dated 00:00 UTC, so the next one the store lacks starts a day later.
  const step = timeframe === "1d" ? timeframeMs["1d"] : 1;
  return [
    ...(startMs !== undefined && startMs < summary.firstMs
      ? [[startMs, summary.firstMs - 1] as [number, number]]
      : []),
    ...(endMs >= summary.lastMs + step ? [[summary.lastMs + step, endMs] as [number, number]] : []),
  ];
}

/**
 * One symbol's fetch: its splits and dividends over [actionsFrom, endMs] (none without a span),
 * the bars of each range the store lacks, final ones only, written with the actions once the new
 * bars are known to continue the stored ones (nothing is written otherwise).
 */
async function fetchSymbol(
  store: Pick<Store, "requestBars" | "writeBars" | "writeCorporateActions">,
  provider: MarketDataProvider,
  request: {
    symbol: string;
    timeframe: Timeframe;
    summary: SymbolSummary | undefined;
    ranges: readonly [number, number][];
    actionsFrom: number | undefined;
    endMs: number;
    nowMs: number;
  },
): Promise<{ fetched: number; heldBack: number; corporateActions: number }> {
  const { symbol, timeframe, summary, actionsFrom, endMs } = request;
  const actions =
    actionsFrom === undefined
      ? []
      : await provider.requestCorporateActions(symbol, actionsFrom, endMs);
  const fetched: BarSeries[] = [];
  let heldBack = 0;
  for (const [from, to] of request.ranges) {
    const bars = await provider.requestBars(symbol, timeframe, from, to);
    if (!bars) continue;
    const final = finalBars(bars, timeframeMs[timeframe], request.nowMs);
    heldBack += bars.timestampMs.length - final.timestampMs.length;
    if (final.timestampMs.length > 0) fetched.push(final);
  }
  if (summary) {
    // Both ends of the stored bars must meet the new ones: a backfill's last bar, a refresh's first.
    const stored = (atMs: number) =>
      store.requestBars(symbol, timeframe, { startMs: atMs, endMs: atMs });
    const before = fetched.find((bars) => bars.timestampMs.at(-1)! < summary.firstMs);
    const first = before && (await stored(summary.firstMs));
    if (before && first)
      checkSeam(
        symbol,
        {
          timeMs: before.timestampMs.at(-1)!,
          price: before.close.at(-1)!,
          whose: "the provider's",
        },
        { timeMs: summary.firstMs, price: first.open[0]!, whose: "the stored" },
        actions,
      );
    const after = fetched.find((bars) => bars.timestampMs[0]! > summary.lastMs);
    const last = after && (await stored(summary.lastMs));
    if (after && last)
      checkSeam(
        symbol,
        { timeMs: summary.lastMs, price: last.close.at(-1)!, whose: "the stored" },
        { timeMs: after.timestampMs[0]!, price: after.open[0]!, whose: "the provider's" },
        actions,
      );
  }
  let written = 0;
  for (const bars of fetched) written += (await store.writeBars(timeframe, [bars])).imported;
  await store.writeCorporateActions(actions.map((action) => ({ ...action, symbol })));
  return { fetched: written, heldBack, corporateActions: actions.length };
}
