import { z } from "zod";
import {
  currencies,
  currencyStrength as strengthScores,
  rankDescending,
  usdMajors,
} from "../../engine/correlation/index.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { isoTime } from "../time-input.ts";
import { loadAlignedCloses } from "./load-closes.ts";
import { asOfFields, refuseAtAndEnd } from "./symbol-sets.ts";

const ScoreSchema = z.object({
  currency: z.enum(currencies),
  score: z
    .number()
    .describe(
      "Log return against the equal-weighted basket of all eight over the horizon (0.01 ≈ 1%).",
    ),
  rank: z.number().int().describe("1 = strongest."),
});

export const currencyStrength = defineTool({
  name: "currency_strength",
  summary:
    "USD, EUR, GBP, JPY, CHF, AUD, CAD and NZD ranked by strength against an equal-weighted basket, from the FX majors.",
  description:
    "Strength of USD, EUR, GBP, JPY, CHF, AUD, CAD and NZD from the seven USD majors over a horizon, ranked strongest first: each currency's log return against an equal-weighted basket of all eight, with the ranking's recent history; stores the snapshot.",
  input: z
    .object({
      horizon: z
        .number()
        .int()
        .min(1)
        .max(520)
        .default(20)
        .describe(
          "Horizon in daily bars the returns are cumulated over (default 20, about a month).",
        ),
      historyBars: z
        .number()
        .int()
        .min(0)
        .max(260)
        .default(10)
        .describe("How many earlier bars' rankings to return as history (default 10)."),
      ...asOfFields,
    })
    .strict()
    .refine(refuseAtAndEnd.check, refuseAtAndEnd.message),
  output: z.object({
    asOf: z.string(),
    horizon: z.number().int(),
    ranking: z.array(ScoreSchema).describe("Strongest first."),
    history: z
      .array(
        z.object({
          time: z.string(),
          order: z.array(z.enum(currencies)).describe("Strongest first."),
        }),
      )
      .describe("Rankings at earlier bars, newest first."),
    snapshotId: z.string(),
    method: z.string(),
  }),
  effect: "write",
  async run(input, context) {
    const aligned = await loadAlignedCloses(
      context.store,
      usdMajors.map((pair) => pair.symbol),
      input.at ?? input.end,
    );
    const dates = aligned.dayMs.length;
    const needed = input.horizon + 1 + input.historyBars;
    if (dates < needed)
      throw invalidInput(
        `the FX majors share only ${dates} dates; a ${input.horizon}-bar horizon with ${input.historyBars} bars of history needs ${needed}: lower \`horizon\` or \`historyBars\`, or load more history`,
        [{ path: ["horizon"], message: `needs ${needed} common dates, have ${dates}` }],
      );
    const scores = strengthScores(aligned.closes, input.horizon);
    const rankingAt = (t: number) => {
      const values = scores.map((column) => column[t]!);
      const ranks = rankDescending(values);
      return currencies
        .map((currency, c) => ({ currency, score: values[c]!, rank: ranks[c]! }))
        .sort((a, b) => a.rank - b.rank);
    };
    const last = dates - 1;
    const ranking = rankingAt(last);
    const snapshot = await context.store.saveCurrencyStrength({
      asOfMs: aligned.dayMs[last]!,
      horizonBars: input.horizon,
      scores: ranking,
    });
    return {
      asOf: isoTime(aligned.dayMs[last]!),
      horizon: input.horizon,
      ranking,
      history: Array.from({ length: input.historyBars }, (_, k) => last - 1 - k).map((t) => ({
        time: isoTime(aligned.dayMs[t]!),
        order: rankingAt(t).map((score) => score.currency),
      })),
      snapshotId: snapshot.id,
      method:
        "Closes of EUR/USD, GBP/USD, USD/JPY, USD/CHF, AUD/USD, USD/CAD, NZD/USD on their shared dates. Each currency's log return against USD over the horizon (negated for USD/XXX pairs; USD's own is 0), minus the mean of all eight: the return against an equal-weighted basket. Scores sum to zero; score(A) − score(B) is the A/B cross rate's log return.",
    };
  },
});
