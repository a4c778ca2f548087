import { z } from "zod";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { defineTool } from "../define-tool.ts";
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
      .optional()
      .describe("Symbols to create (default: a dozen demo names plus SPY)."),
    years: z.number().gt(0).max(50).default(5).describe("Years of daily bars (default 5)."),
  })
  .strict();

const GenerateDemoMarketOutput = z.object({
  imported: z.number().int(),
  symbols: z.array(
    z.object({
      symbol: z.string(),
      regime: z.enum(["trending", "meanReverting", "randomWalk"]),
      annualDriftRatio: z.number(),
      annualVolatilityRatio: z.number(),
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
  description:
    "Create a seeded synthetic market of daily bars (trending, mean-reverting and random-walk names with realistic volatility and fat tails, a split and dividends) and store it, so everything works without a data provider.",
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
    context.progress(0.5, `storing ${market.bars.length} symbols`);
    const { imported } = await context.store.writeBars("1d", market.bars);
    await context.store.writeCorporateActions(market.corporateActions);
    context.progress(1, "done");
    const first = market.bars[0]!.timestampMs;
    return {
      imported,
      symbols: market.profiles,
      corporateActions: market.corporateActions.length,
      firstTime: isoTime(first[0]!),
      lastTime: isoTime(first[first.length - 1]!),
      note: "Synthetic data for demos and tests: not real prices.",
    };
  },
});
