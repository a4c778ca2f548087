import { z } from "zod";
import { lowerBound } from "../../engine/bars.ts";
import { formatDay } from "../../engine/calendar/civil-date.ts";
import { requestAdjustedBars } from "./load-bars.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import { timeframes, type Store, type Timeframe } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime, TimeInput } from "../time-input.ts";

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
    .refine(
      (input) => input.start === undefined || input.end === undefined || input.start <= input.end,
      {
        message: "`start` must not be after `end`",
        path: ["start"],
      },
    ),
  output: GetBarsOutput,
  effect: "read",
  idempotent: true,
  async run(input, context) {
    // Adjusted as of the last bar served: load up to `end`, adjust, then cut at `start`.
    const loaded = await requestAdjustedBars(
      context.store,
      input.symbol,
      input.timeframe,
      input.end === undefined ? {} : { endMs: input.end },
      input.adjusted,
    );
    if (!loaded) throw notFound(await nothingInRange(context.store, input));
    if (!input.adjusted && loaded.rolls.length > 0)
      throw invalidInput(
        `${input.symbol} is a continuous futures series and is always back-adjusted; ask for one contract (e.g. ${loaded.rolls[0]!.toCode}) for prices as traded`,
        [{ path: ["adjusted"], message: "must be true for a futures root" }],
      );
    const { bars, actions } = loaded;
    const from = input.start === undefined ? 0 : lowerBound(bars.timestampMs, input.start);
    const count = bars.timestampMs.length - from;
    if (count === 0) throw notFound(await nothingInRange(context.store, input));
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
      rolls: loaded.rolls.map((roll) => ({
        date: formatDay(roll.day),
        from: roll.fromCode,
        to: roll.toCode,
        gap: roll.adjustment,
      })),
    };
  },
});

/** Why nothing was served: no bars of the symbol at all, or none in the range (with the stored one). */
async function nothingInRange(
  store: Store,
  input: { symbol: string; timeframe: Timeframe; start?: number; end?: number },
): Promise<string> {
  const { symbol, timeframe, start, end } = input;
  const stored = (await store.listSymbols(timeframe)).find((summary) => summary.symbol === symbol);
  if (!stored)
    return `no ${timeframe} bars stored for ${symbol}; import them with import_bars or fetch them with fetch_bars`;
  const day = (ms: number) => isoTime(ms).slice(0, 10);
  const asked = `${start === undefined ? "its first bar" : day(start)} to ${end === undefined ? "its last" : day(end)}`;
  return `no ${timeframe} bars of ${symbol} from ${asked}: the stored ones run from ${day(stored.firstMs)} to ${day(stored.lastMs)}`;
}
