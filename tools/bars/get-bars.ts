import { z } from "zod";
import { formatDay } from "../../engine/calendar/civil-date.ts";
import { barsInRange } from "./bars-in-range.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { timeframes } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime, orderedPeriod, TimeInput } from "../time-input.ts";

const maxRows = 20_000;

const GetBarsOutput = z.object({
  symbol: z.string(),
  timeframe: z.enum(timeframes),
  adjusted: z.boolean(),
  bars: z.array(
    z.object({
      time: z.string(),
      open: z.number(),
      high: z.number(),
      low: z.number(),
      close: z.number(),
      volume: z.number(),
    }),
  ),
  corporateActions: z
    .array(
      z.object({
        exDate: z.string().describe("YYYY-MM-DD"),
        kind: z.enum(["split", "dividend"]),
        ratio: z.number().optional(),
        amount: z.number().optional(),
      }),
    )
    .describe("The symbol's stored splits and dividends (applied when `adjusted`)."),
  rolls: z
    .array(
      z.object({
        date: z.string().describe("Roll day, YYYY-MM-DD: the first trade date of `to`."),
        from: z.string(),
        to: z.string(),
        gap: z.number().describe("Close of `to` minus close of `from` on the roll day."),
      }),
    )
    .describe("For a futures root (MES, MCL, ...): the contract rolls of its continuous series."),
});

export const getBars = defineTool({
  name: "get_bars",
  summary:
    "Stored bars of one symbol, back-adjusted for splits and dividends (or raw); a futures root gives its continuous series.",
  description: `Stored OHLCV bars of one symbol for a period, back-adjusted for splits and dividends unless \`adjusted\` is false; a futures root (MES, MNQ, M2K, MYM, MGC, MCL) gives the continuous back-adjusted series of its stored contracts; at most ${maxRows.toLocaleString("en")} bars per call.`,
  input: z
    .object({
      symbol: SymbolSchema,
      timeframe: z.enum(timeframes).default("1d").describe("Bar timeframe (default 1d)."),
      start: TimeInput("start").optional(),
      end: TimeInput("end").optional(),
      adjusted: z
        .boolean()
        .default(true)
        .describe("Back-adjust for splits and dividends (default true)."),
    })
    .strict()
    .refine(orderedPeriod.check, orderedPeriod.message),
  output: GetBarsOutput,
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const { bars, actions, rolls, from, count } = await barsInRange(context.store, input);
    if (count > maxRows) {
      throw invalidInput(
        `${count.toLocaleString("en")} bars match; ask for at most ${maxRows.toLocaleString("en")} at a time (narrow start and end)`,
        [{ path: ["start"], message: `the range holds ${count} bars` }],
      );
    }
    return {
      symbol: input.symbol,
      timeframe: input.timeframe,
      adjusted: input.adjusted,
      bars: Array.from({ length: count }, (_, k) => {
        const i = from + k;
        return {
          time: isoTime(bars.timestampMs[i]!),
          open: bars.open[i]!,
          high: bars.high[i]!,
          low: bars.low[i]!,
          close: bars.close[i]!,
          volume: bars.volume[i]!,
        };
      }),
      corporateActions: actions.map((action) => ({
        exDate: isoTime(action.exDateMs).slice(0, 10),
        kind: action.kind,
        ...(action.kind === "split" ? { ratio: action.ratio } : { amount: action.amount }),
      })),
      rolls: rolls.map((roll) => ({
        date: formatDay(roll.day),
        from: roll.fromCode,
        to: roll.toCode,
        gap: roll.adjustment,
      })),
    };
  },
});
