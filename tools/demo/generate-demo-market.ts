import { z } from "zod";
import { generateMarket, syntheticSymbolProblem } from "../../engine/synthetic/index.ts";
import type { BarSeries } from "../../engine/types.ts";
import { defineTool } from "../define-tool.ts";
import { invalidData } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime } from "../time-input.ts";

const GenerateDemoMarketInput = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(42)
      .describe("Random seed: the same seed always gives the same market (default 42)."),
    symbols: z
      .array(SymbolSchema)
      .min(1)
      .max(2000)
      .refine((symbols) => new Set(symbols).size === symbols.length, "symbols lists a name twice")
      .superRefine((symbols, context) => {
        symbols.forEach((symbol, index) => {
          const problem = syntheticSymbolProblem(symbol);
          if (problem) context.addIssue({ code: "custom", message: problem, path: [index] });
        });
      })
      .optional()
      .describe(
        "Symbols to create (default: the built-in universes' ETFs, FX majors, crypto pairs and CME micros, plus SPY and a dozen made-up stocks). A futures root (MES) creates its contracts (MESH24, ...); an unknown ticker becomes a made-up stock.",
      ),
    years: z
      .number()
      .gt(0)
      .max(50)
      .default(5)
      .describe("Years of daily bars from 2020-01-02 (default 5)."),
  })
  .strict();

const GenerateDemoMarketOutput = z.object({
  imported: z.number().int().describe("Bars stored, contracts' included."),
  symbols: z.array(
    z.object({
      symbol: z.string(),
      assetClass: z.enum(["stock", "etf", "fx", "future", "crypto"]),
      market: z
        .enum(["NYSE", "CME", "FX", "CRYPTO"])
        .describe("The calendar whose trading dates carry its bars."),
      regime: z
        .enum(["trending", "meanReverting", "randomWalk"])
        .describe(
          "The made-up stocks' planted regime; the ETFs, FX, crypto and futures are factor-driven random walks.",
        ),
      annualDriftRatio: z.number(),
      annualVolatilityRatio: z.number(),
      contracts: z
        .object({ count: z.number().int(), first: z.string(), last: z.string() })
        .optional()
        .describe(
          "A futures root's stored contracts; get_bars on the root stitches them into a continuous series.",
        ),
    }),
  ),
  corporateActions: z
    .number()
    .int()
    .describe("Splits and dividends planted in the raw bars (and stored)."),
  firstTime: z.string(),
  lastTime: z.string(),
  note: z.string(),
});

export const generateDemoMarket = defineTool({
  name: "generate_demo_market",
  summary:
    "Seeded synthetic market: the built-in universes (ETFs, FX, crypto, CME micros) on their calendars, plus made-up names.",
  description:
    "Create a seeded synthetic market of daily bars and store it, so everything works without a data provider: the built-in universes (sector, index, commodity and bond ETFs, FX majors, crypto pairs, CME micro futures as contracts) driven by a factor model with plausible correlations, each on its own market's calendar, plus made-up stocks with trending, mean-reverting and random-walk regimes, a split and dividends.",
  input: GenerateDemoMarketInput,
  output: GenerateDemoMarketOutput,
  effect: "write",
  idempotent: true,
  async run(input, context) {
    context.progress(0, "generating");
    const market = generateMarket({
      seed: input.seed,
      years: input.years,
      ...(input.symbols ? { symbols: input.symbols } : {}),
    });
    await refuseIntradayStamps(context.store, market.bars);
    context.progress(0.2, `storing ${market.bars.length} symbols`);
    const { imported } = await context.store.writeBars("1d", market.bars);
    await context.store.writeCorporateActions(market.corporateActions);
    context.progress(1, "done");
    const firstMs = Math.min(...market.bars.map((bars) => bars.timestampMs[0]!));
    const lastMs = Math.max(...market.bars.map((bars) => bars.timestampMs.at(-1)!));
    return {
      imported,
      symbols: market.profiles.map(({ contracts, ...profile }) => ({
        ...profile,
        ...(contracts
          ? {
              contracts: { count: contracts.length, first: contracts[0]!, last: contracts.at(-1)! },
            }
          : {}),
      })),
      corporateActions: market.corporateActions.length,
      firstTime: isoTime(firstMs),
      lastTime: isoTime(lastMs),
      note: "Synthetic data for demos and tests: real tickers and made-up names, not real prices.",
    };
  },
});

const dayMs = 86_400_000;

/**
 * Earlier demo markets dated daily bars 21:00 UTC; these are dated 00:00 UTC, as vendor bars
 * and CSV imports are. Writing over such a store would leave two bars a day, so say so instead.
 */
async function refuseIntradayStamps(store: Store, bars: readonly BarSeries[]): Promise<void> {
  const writing = new Set(bars.map((series) => series.symbol));
  const stale = (await store.listSymbols("1d")).filter(
    (summary) =>
      writing.has(summary.symbol) &&
      (summary.firstMs % dayMs !== 0 || summary.lastMs % dayMs !== 0),
  );
  if (stale.length > 0)
    throw invalidData(
      `the store holds daily bars of ${stale
        .slice(0, 5)
        .map((summary) => summary.symbol)
        .join(
          ", ",
        )}${stale.length > 5 ? ", ..." : ""} stamped at another hour than 00:00 UTC (an older demo market); writing this one over them would leave two bars a day: use a fresh ALPHADESK_HOME or database`,
    );
}
