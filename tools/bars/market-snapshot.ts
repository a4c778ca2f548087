import { z } from "zod";
import { betaAgainst } from "../../engine/metrics/beta.ts";
import { snapshotOf } from "../../engine/metrics/snapshot.ts";
import { universeSymbols } from "../correlation/symbol-sets.ts";
import { defineTool } from "../define-tool.ts";
import { UpperSymbolList } from "../strategy/spec-schema.ts";
import { notFound } from "../errors.ts";
import { isoTime } from "../time-input.ts";
import { isFuturesRoot } from "./continuous-futures.ts";
import { requestAdjustedBars } from "./load-bars.ts";

/** Calendar days loaded before a symbol's last bar: a year of sessions and the year's start. */
const windowDays = 400;
const dayMs = 86_400_000;
/** What betas are measured against. */
const betaBenchmark = "SPY";
/** A symbol whose last bar is this many days older than the newest is not ranked with the rest. */
const staleDays = 7;

const sortKeys = [
  "day",
  "week",
  "month",
  "quarter",
  "year",
  "yearToDate",
  "fromHigh",
  "relativeVolume",
  "volatility",
  "beta",
] as const;
type SortKey = (typeof sortKeys)[number];

const Change = z.number().nullable();

const SymbolSnapshot = z.object({
  symbol: z.string(),
  lastTime: z.string().describe("The last stored daily bar: every number is as of its close."),
  close: z.number(),
  change: z
    .object({
      day: Change,
      week: Change.describe("Over 5 sessions."),
      month: Change.describe("Over 21 sessions."),
      quarter: Change.describe("Over 63 sessions."),
      year: Change.describe("Over 252 sessions."),
      yearToDate: Change.describe("Against the last close of the previous year."),
    })
    .describe("Simple returns of the close; null with too few bars."),
  high52w: z.number().describe("Highest high of the last 252 sessions."),
  low52w: z.number(),
  fromHigh: z.number().describe("close / high52w - 1."),
  fromLow: z.number().describe("close / low52w - 1."),
  averageVolume: z.number().nullable().describe("Mean volume of the 20 sessions before the last."),
  relativeVolume: z.number().nullable().describe("The last session's volume over that mean."),
  volatility: z.number().nullable().describe("Of the last 20 daily returns, annualized (√252)."),
  beta: z
    .number()
    .nullable()
    .describe(
      "Against SPY: cov / var of daily returns over the last 252 dates both have closes (null without SPY bars or 60 shared returns).",
    ),
  correlation: z.number().nullable().describe("Of those daily returns with SPY's."),
});

export const marketSnapshot = defineTool({
  name: "market_snapshot",
  summary:
    "Where symbols stand at their last stored close: moves over a day to a year, the 52-week range, volume against its average, volatility; ranked (top gainers, losers, movers).",
  description:
    "From stored daily bars (back-adjusted for splits and dividends), per symbol at its last close: the change over a day, a week (5 sessions), a month (21), a quarter (63), a year (252) and year to date; the 52-week high and low and the distance from each; the mean volume of the 20 sessions before and the last one's against it; the annualized volatility of the last 20 returns; beta and correlation against SPY over the last year (when SPY is stored). Ranked by any of them: the top gainers (day, desc), the losers (asc), the most unusual volume (relativeVolume), the farthest from their high (fromHigh, asc). Symbols (a futures root by name, MES, is its continuous series), a universe, or every stored symbol.",
  input: z
    .object({
      symbols: UpperSymbolList(1, 500).optional().describe("Symbols to look at (1 to 500)."),
      universe: z
        .string()
        .min(1)
        .optional()
        .describe("A built-in or user-defined universe instead (see list_universes)."),
      sortBy: z
        .enum(sortKeys)
        .default("day")
        .describe(
          "Rank by this change (day ... yearToDate), fromHigh, relativeVolume or volatility.",
        ),
      order: z.enum(["desc", "asc"]).default("desc").describe("desc: largest first (gainers)."),
      limit: z.number().int().min(1).max(500).default(20),
    })
    .strict()
    .refine((input) => !(input.symbols && input.universe), {
      message: "give `symbols` or `universe`, not both",
      path: ["symbols"],
    }),
  output: z.object({
    sortBy: z.enum(sortKeys),
    order: z.enum(["desc", "asc"]),
    total: z.number().int().describe("Symbols looked at."),
    symbols: z.array(SymbolSnapshot).describe("Ranked; those without the ranked number last."),
    missing: z
      .array(z.string())
      .describe("Symbols of the universe with no stored daily bars, left out."),
    stale: z
      .array(z.string())
      .describe(
        "Symbols of the universe (or store) whose last bar is over a week older than the newest, left out.",
      ),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const stored = new Map(
      (await context.store.listSymbols("1d")).map((summary) => [summary.symbol, summary.lastMs]),
    );
    const wanted = input.symbols
      ? input.symbols
      : input.universe
        ? await universeSymbols(context.store, input.universe)
        : [...stored.keys()].sort();
    // A futures root asked for by name (MES) is its continuous series of stored contracts.
    const has = (symbol: string) =>
      stored.has(symbol) || (input.symbols !== undefined && isFuturesRoot(symbol));
    const missing = wanted.filter((symbol) => !has(symbol));
    if (input.symbols && missing.length > 0)
      throw notFound(
        `no daily bars are stored for ${missing.join(", ")}; import them with import_bars or fetch them with fetch_bars`,
      );
    // Of a universe or the whole store, symbols whose bars stopped a week before the newest (an
    // expired contract, a delisted name) would rank old moves beside today's: left out.
    const newestMs = Math.max(...wanted.map((symbol) => stored.get(symbol) ?? -Infinity));
    const isStale = (symbol: string) =>
      !input.symbols && stored.get(symbol)! < newestMs - staleDays * dayMs;
    const stale = wanted.filter((symbol) => has(symbol) && isStale(symbol));
    const present = wanted.filter((symbol) => has(symbol) && !isStale(symbol));
    if (present.length === 0)
      throw notFound(
        input.universe
          ? `none of universe "${input.universe}"'s symbols has stored daily bars; fetch_bars brings them`
          : "no daily bars are stored yet; generate_demo_market, import_bars or fetch_bars store some",
      );
    const recentBars = async (symbol: string) => {
      const lastMs = stored.get(symbol);
      const range =
        lastMs === undefined ? {} : { startMs: lastMs - windowDays * dayMs, endMs: lastMs };
      const loaded = await requestAdjustedBars(context.store, symbol, "1d", range);
      return loaded?.bars;
    };
    const market = stored.has(betaBenchmark) ? await recentBars(betaBenchmark) : undefined;
    const rows: Row[] = [];
    for (const [index, symbol] of present.entries()) {
      context.progress(index / present.length, `reading ${symbol}`);
      const bars = symbol === betaBenchmark ? market : await recentBars(symbol);
      const snapshot = bars && snapshotOf(bars);
      if (!snapshot && !stored.has(symbol))
        throw notFound(
          `no daily bars are stored for ${symbol} or its contracts; fetch_bars or import_bars store them`,
        );
      if (!snapshot) continue;
      const against = market && betaAgainst(bars, market);
      const { lastTimeMs, ...numbers } = snapshot;
      rows.push({
        symbol,
        lastTime: isoTime(lastTimeMs),
        ...numbers,
        beta: against?.beta ?? null,
        correlation: against?.correlation ?? null,
      });
    }
    const key = (row: Row) => rankedValue(row, input.sortBy);
    const sign = input.order === "desc" ? -1 : 1;
    rows.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      if (x === null || y === null)
        return x === y ? a.symbol.localeCompare(b.symbol) : x === null ? 1 : -1;
      return sign * (x - y) || a.symbol.localeCompare(b.symbol);
    });
    return {
      sortBy: input.sortBy,
      order: input.order,
      total: rows.length,
      symbols: rows.slice(0, input.limit),
      missing,
      stale,
    };
  },
});

type Row = z.output<typeof SymbolSnapshot>;

/** The number a row is ranked by: one of its changes, or one of its other measures. */
function rankedValue(row: Row, key: SortKey): number | null {
  return key in row.change
    ? row.change[key as keyof Row["change"]]
    : row[key as Exclude<SortKey, keyof Row["change"]>];
}
