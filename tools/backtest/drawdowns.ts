import { z } from "zod";
import { lowerBound } from "../../engine/bars.ts";
import { drawdownEpisodes, underwater } from "../../engine/metrics/drawdowns.ts";
import { barsInRange } from "../bars/bars-in-range.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import type { Store } from "../ports/store.ts";
import { isoTime, orderedPeriod, TimeInput } from "../time-input.ts";
import { backtestAt } from "./get-backtest.ts";
import { chartCurve, TimedValueSchema } from "./result-schema.ts";

const dayMs = 86_400_000;

const Point = z.object({ time: z.string(), value: z.number() });

const Episode = z.object({
  peak: Point.describe("The high it fell from."),
  trough: Point.describe("Its lowest point."),
  recovered: z
    .string()
    .nullable()
    .describe("When it was first back at or above the peak; null while it is not."),
  depth: z.number().describe("1 - trough / peak."),
  fallDays: z.number().int().describe("Calendar days from peak to trough."),
  recoveryDays: z
    .number()
    .int()
    .nullable()
    .describe("Calendar days from trough back to the peak's level."),
  totalDays: z
    .number()
    .int()
    .describe("Calendar days from peak to recovery, or to the last value while under water."),
});

export const drawdowns = defineTool({
  name: "drawdowns",
  summary:
    "The worst falls of a symbol or a stored backtest: each drawdown's peak, low, depth and how long it took to recover, and the underwater curve.",
  description:
    "Every drawdown of a symbol's stored daily closes (back-adjusted) or of a stored backtest's equity (from its starting cash, as its max drawdown counts): a fall below the highest value so far, from that peak to its lowest point and back to the peak's level (equal counts as recovered). The deepest `top` are listed deepest first, with calendar days falling, recovering and in all; the last may still be under water. Also the current drawdown, the share of the time spent below a high, and the underwater curve (the fall below the running high at each point) for charts.",
  input: z
    .object({
      symbol: SymbolSchema.transform((symbol) => symbol.toUpperCase())
        .optional()
        .describe("A symbol's stored daily closes."),
      backtestId: z
        .string()
        .uuid("a backtest id is the id backtest_strategy returned (list_backtests shows them)")
        .optional()
        .describe("Or a stored backtest's equity; with neither, the backtest run last."),
      start: TimeInput("start").optional(),
      end: TimeInput("end").optional(),
      fallingFrom: TimeInput("start")
        .optional()
        .describe(
          "List only drawdowns still falling at or after this time (their low is not before it): with fallingTo, a crash of one year whose peak may come earlier.",
        ),
      fallingTo: TimeInput("end")
        .optional()
        .describe("List only drawdowns already falling by this time (their peak is not after it)."),
      top: z
        .number()
        .int()
        .min(1)
        .max(50)
        .default(5)
        .describe("How many of the deepest drawdowns to list."),
    })
    .strict()
    .refine(orderedPeriod.check, orderedPeriod.message)
    .refine(
      ({ fallingFrom, fallingTo }) =>
        fallingFrom === undefined || fallingTo === undefined || fallingFrom <= fallingTo,
      { message: "`fallingFrom` must not be after `fallingTo`", path: ["fallingFrom"] },
    )
    .refine((input) => input.symbol === undefined || input.backtestId === undefined, {
      message: "give a symbol or a backtestId, not both",
      path: ["backtestId"],
    }),
  output: z.object({
    of: z.string().describe('What was measured: "SPY" or "backtest <id> of <strategy>".'),
    symbol: z.string().nullable(),
    backtestId: z.string().nullable(),
    start: z.string(),
    end: z.string(),
    count: z.number().int().describe("Drawdowns in the period, shallow ones included."),
    maxDrawdown: z.number().describe("The deepest, 0 when it never fell."),
    current: z
      .object({ depth: z.number(), peak: Point, days: z.number().int() })
      .nullable()
      .describe("The drawdown under way at the last value; null at a high."),
    underwaterShare: z.number().describe("Share of the values below the highest before them."),
    falling: z
      .object({ from: z.string().nullable(), to: z.string().nullable() })
      .nullable()
      .describe("The span the listed drawdowns were falling in, when one was asked for."),
    episodes: z.array(Episode).describe("The deepest first."),
    curve: z
      .array(TimedValueSchema)
      .describe(
        "The fall below the running high at each point (0 or negative), thinned for charts.",
      ),
  }),
  effect: "read",
  idempotent: true,
  async run(input, { store }) {
    const series = input.symbol
      ? await symbolSeries(store, input.symbol, input.start, input.end)
      : await backtestSeries(store, input.backtestId, input.start, input.end);
    const { timesMs, values } = series;
    const time = (index: number) => isoTime(timesMs[index]!);
    const point = (index: number) => ({ time: time(index), value: values[index]! });
    const days = (from: number, to: number) => Math.round((timesMs[to]! - timesMs[from]!) / dayMs);
    const last = values.length - 1;
    const all = drawdownEpisodes(values);
    const { fallingFrom = -Infinity, fallingTo = Infinity } = input;
    const falling = all.filter(
      ({ peakIndex, troughIndex }) =>
        timesMs[peakIndex]! <= fallingTo && timesMs[troughIndex]! >= fallingFrom,
    );
    const deepest = falling.sort((a, b) => b.depth - a.depth).slice(0, input.top);
    const falls = underwater(values);
    const open = all.at(-1)?.recoveryIndex === null ? all.at(-1) : undefined;
    return {
      of: series.of,
      symbol: input.symbol ?? null,
      backtestId: series.backtestId,
      start: time(0),
      end: time(last),
      count: all.length,
      maxDrawdown: all.reduce((max, episode) => Math.max(max, episode.depth), 0),
      current: open
        ? { depth: falls[last]!, peak: point(open.peakIndex), days: days(open.peakIndex, last) }
        : null,
      underwaterShare: falls.reduce((under, fall) => under + (fall > 0 ? 1 : 0), 0) / values.length,
      falling:
        input.fallingFrom === undefined && input.fallingTo === undefined
          ? null
          : {
              from: input.fallingFrom === undefined ? null : isoTime(input.fallingFrom),
              to: input.fallingTo === undefined ? null : isoTime(input.fallingTo),
            },
      episodes: deepest.map((episode) => ({
        peak: point(episode.peakIndex),
        trough: point(episode.troughIndex),
        recovered: episode.recoveryIndex === null ? null : time(episode.recoveryIndex),
        depth: episode.depth,
        fallDays: days(episode.peakIndex, episode.troughIndex),
        recoveryDays:
          episode.recoveryIndex === null ? null : days(episode.troughIndex, episode.recoveryIndex),
        totalDays: days(episode.peakIndex, episode.recoveryIndex ?? last),
      })),
      curve: chartCurve(
        Array.from(falls, (fall, index) => ({ timeMs: timesMs[index]!, value: -fall })),
      ),
    };
  },
});

interface Series {
  of: string;
  backtestId: string | null;
  timesMs: Float64Array;
  values: Float64Array;
}

/** A symbol's back-adjusted daily closes in the period. */
async function symbolSeries(
  store: Store,
  symbol: string,
  start: number | undefined,
  end: number | undefined,
): Promise<Series> {
  const { bars, from } = await barsInRange(store, {
    symbol,
    timeframe: "1d",
    start,
    end,
    adjusted: true,
  });
  return {
    of: symbol,
    backtestId: null,
    timesMs: bars.timestampMs.subarray(from),
    values: bars.close.subarray(from),
  };
}

/**
 * A stored backtest's equity in the period; from the start, its starting cash comes first (at
 * the first close's time), as the backtest's own max drawdown counts from it.
 */
async function backtestSeries(
  store: Store,
  id: string | undefined,
  start: number | undefined,
  end: number | undefined,
): Promise<Series> {
  const record = await backtestAt(store, id);
  const strategy = await store.requestStrategy(record.strategyId);
  const equity = z.array(TimedValueSchema).parse(record.equity);
  const allTimes = Float64Array.from(equity, ({ time }) => Date.parse(time));
  const from = start === undefined ? 0 : lowerBound(allTimes, start);
  const to = end === undefined ? allTimes.length : lowerBound(allTimes, end + 1);
  if (to - from < 1)
    throw invalidInput(
      `backtest ${record.id} has no equity in the period: it runs from ${equity[0]?.time.slice(0, 10) ?? "nothing"} to ${equity.at(-1)?.time.slice(0, 10) ?? "nothing"}`,
      [{ path: ["start"], message: "outside the backtest's period" }],
    );
  const fromStart = from === 0;
  const times = allTimes.subarray(from, to);
  const values = Float64Array.from(equity.slice(from, to), ({ value }) => value);
  return {
    of: `backtest ${record.id} of ${strategy?.name ?? record.strategyId.slice(0, 12)}`,
    backtestId: record.id,
    timesMs: fromStart ? Float64Array.of(times[0]!, ...times) : times,
    values: fromStart ? Float64Array.of(record.initialCash, ...values) : values,
  };
}
