import { z } from "zod";
import { Quadrant, sectorRotation as rotationAt } from "../../engine/correlation/index.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime } from "../time-input.ts";
import { loadAlignedCloses } from "./load-closes.ts";
import { asOfFields, refuseAtAndEnd, UniqueSymbols, universeSymbols } from "./symbol-sets.ts";

const quadrants = Object.values(Quadrant) as [Quadrant, ...Quadrant[]];

export const sectorRotation = defineTool({
  name: "sector_rotation",
  summary:
    "Sector ETFs ranked by strength against SPY over 1, 3 and 6 months, with rotation quadrants and signals.",
  description:
    "Relative strength of the sector ETFs against SPY over several horizons (default 1, 3 and 6 months), ranked per horizon, with each sector's rotation quadrant (leading, weakening, lagging, improving) and rotation signals: quadrant changes and rank jumps against a few bars earlier.",
  input: z
    .object({
      horizons: z
        .array(z.number().int().min(1).max(756))
        .min(1)
        .max(6)
        .refine(
          (horizons) => horizons.every((h, k) => k === 0 || h > horizons[k - 1]!),
          "horizons must be ascending, each once",
        )
        .default([21, 63, 126])
        .describe(
          "Horizons in daily bars, ascending (default [21, 63, 126]: about 1, 3 and 6 months). The shortest is the momentum, the longest the trend.",
        ),
      lookbackBars: z
        .number()
        .int()
        .min(1)
        .max(63)
        .default(5)
        .describe("Signals compare with this many bars earlier (default 5, a week)."),
      benchmark: SymbolSchema.default("SPY").describe("The benchmark (default SPY)."),
      sectors: UniqueSymbols(2, 100)
        .optional()
        .describe("The symbols to rank (default: the sector-etfs universe)."),
      ...asOfFields,
    })
    .strict()
    .refine(refuseAtAndEnd.check, refuseAtAndEnd.message)
    .refine((input) => !input.sectors?.includes(input.benchmark), {
      message: "the benchmark cannot also be one of `sectors`",
      path: ["sectors"],
    }),
  output: z.object({
    asOf: z.string(),
    benchmark: z.string(),
    horizons: z.array(
      z.object({
        horizonBars: z.number().int(),
        ranks: z
          .array(
            z.object({
              symbol: z.string(),
              relativeStrength: z
                .number()
                .describe("Log return minus the benchmark's over the horizon."),
              rank: z.number().int().describe("1 = strongest."),
              rankChange: z
                .number()
                .int()
                .describe("Places gained since `lookbackBars` ago (positive = moved up)."),
            }),
          )
          .describe("Strongest first."),
      }),
    ),
    quadrants: z.array(z.object({ symbol: z.string(), quadrant: z.enum(quadrants) })),
    signals: z.array(
      z.object({
        symbol: z.string(),
        kind: z.enum(["quadrant", "rank_jump"]),
        from: z.union([z.enum(quadrants), z.number().int()]),
        to: z.union([z.enum(quadrants), z.number().int()]),
        description: z.string(),
      }),
    ),
    method: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const sectors = input.sectors ?? (await universeSymbols(context.store, "sector-etfs"));
    const aligned = await loadAlignedCloses(
      context.store,
      [...sectors, input.benchmark],
      input.at ?? input.end,
    );
    const dates = aligned.dayMs.length;
    const longest = input.horizons.at(-1)!;
    if (dates < longest + input.lookbackBars + 1)
      throw invalidInput(
        `the sectors and ${input.benchmark} share only ${dates} dates; a ${longest}-bar horizon with a ${input.lookbackBars}-bar lookback needs ${longest + input.lookbackBars + 1}: shorten \`horizons\` or load more history`,
        [
          {
            path: ["horizons"],
            message: `needs ${longest + input.lookbackBars + 1} common dates, have ${dates}`,
          },
        ],
      );
    const closes = aligned.closes.slice(0, sectors.length);
    const benchmark = aligned.closes[sectors.length]!;
    const rotation = rotationAt(closes, benchmark, input.horizons, dates - 1, input.lookbackBars);
    return {
      asOf: isoTime(aligned.dayMs[dates - 1]!),
      benchmark: input.benchmark,
      horizons: rotation.horizons.map((horizon) => ({
        horizonBars: horizon.horizonBars,
        ranks: sectors
          .map((symbol, s) => ({
            symbol,
            relativeStrength: horizon.strength[s]!,
            rank: horizon.rank[s]!,
            rankChange: horizon.previousRank[s]! - horizon.rank[s]!,
          }))
          .sort((a, b) => a.rank - b.rank),
      })),
      quadrants: sectors.map((symbol, s) => ({ symbol, quadrant: rotation.quadrant[s]! })),
      signals: rotation.signals.map((signal) => ({
        symbol: sectors[signal.sector]!,
        kind: signal.kind,
        from: signal.from,
        to: signal.to,
        description:
          signal.kind === "quadrant"
            ? `${sectors[signal.sector]} moved from ${signal.from} to ${signal.to} over the last ${input.lookbackBars} bars`
            : `${sectors[signal.sector]} went from rank ${signal.from} to ${signal.to} on the ${input.horizons[0]}-bar horizon over the last ${input.lookbackBars} bars`,
      })),
      method:
        "Relative strength = log return of the sector minus the benchmark's over each horizon, on the dates all share. Quadrant from the longest horizon's strength (trend) and the shortest's (momentum): leading (both > 0), weakening (trend > 0, momentum < 0), lagging (both < 0), improving (trend < 0, momentum > 0). Signals: a quadrant change since `lookbackBars` ago (a zero crossing of momentum or trend), and a move of 3 or more places in the shortest horizon's rank.",
    };
  },
});
