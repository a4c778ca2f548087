import { z } from "zod";
import {
  correlationPath,
  detectRegimeShifts,
  logReturns,
  type RegimeEvent,
} from "../../engine/correlation/index.ts";
import { defineTool } from "../define-tool.ts";
import { chartPoints } from "../backtest/result-schema.ts";
import { downsample } from "../charts/downsample.ts";
import { invalidInput } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime, TimeInput } from "../time-input.ts";
import { fromStart, loadAlignedCloses } from "./load-closes.ts";
import {
  asOfFields,
  crossAssetSymbols,
  refuseAtAndEnd,
  UniqueSymbols,
  universeSymbols,
} from "./symbol-sets.ts";

const ComputeCorrelationsInput = z
  .object({
    universe: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A built-in or user-defined universe (see list_universes). Default: the cross-asset set, every built-in universe's symbols (sector, index, commodity and bond ETFs, FX majors, CME micros, crypto).",
      ),
    symbols: UniqueSymbols(2, 500)
      .optional()
      .describe("Symbols to correlate instead of a universe (2 to 500)."),
    focus: SymbolSchema.optional().describe(
      'One symbol to rank every other against ("what moves with SPY?"); added to the set when it is not in it.',
    ),
    window: z
      .number()
      .int()
      .min(3)
      .max(1000)
      .default(60)
      .describe("Rolling window in bars of daily returns (default 60)."),
    timeframe: z
      .literal("1d")
      .default("1d")
      .describe("Bar timeframe: daily only (series of different markets are joined on dates)."),
    start: TimeInput("start").optional(),
    ...asOfFields,
    baselineBars: z
      .number()
      .int()
      .min(5)
      .max(2520)
      .default(250)
      .describe(
        "Bars of the trailing baseline a regime change is measured against (default 250, about a year).",
      ),
    averageCorrelationThreshold: z
      .number()
      .gt(0)
      .max(2)
      .default(0.15)
      .describe(
        "A shift of the average correlation from its baseline at least this large is a regime change (default 0.15).",
      ),
    eigenShareThreshold: z
      .number()
      .gt(0)
      .max(1)
      .default(0.1)
      .describe(
        "A shift of the first eigenvalue's share from its baseline at least this large is a regime change (default 0.10).",
      ),
  })
  .strict()
  .refine((input) => !(input.universe && input.symbols), {
    message: "give `universe` or `symbols`, not both",
    path: ["symbols"],
  })
  .refine(refuseAtAndEnd.check, refuseAtAndEnd.message);

const EventSchema = z.object({
  time: z.string(),
  metric: z.enum(["averageCorrelation", "firstEigenShare"]),
  direction: z.enum(["rise", "fall"]),
  value: z.number(),
  baseline: z.number(),
  shift: z.number(),
});

const PairSchema = z.object({ a: z.string(), b: z.string(), correlation: z.number() });

const ComputeCorrelationsOutput = z.object({
  symbols: z.array(z.string()),
  window: z.number().int(),
  asOf: z.string().describe("Date of the last bar in the window."),
  matrix: z
    .array(z.array(z.number()))
    .describe(
      "Pearson correlations of daily log returns over the window; rows and columns in `symbols` order.",
    ),
  averageCorrelation: z.number().describe("Mean of the pairwise correlations (off-diagonal)."),
  firstEigenShare: z
    .number()
    .describe(
      "Largest eigenvalue of the matrix over the number of symbols: the share of variance one common factor explains.",
    ),
  baseline: z
    .object({ averageCorrelation: z.number().nullable(), firstEigenShare: z.number().nullable() })
    .describe(
      "Means over the trailing baseline (ending one window before asOf); null without enough history.",
    ),
  strongestPairs: z.object({ positive: z.array(PairSchema), negative: z.array(PairSchema) }),
  focus: z
    .object({
      symbol: z.string(),
      correlations: z
        .array(z.object({ symbol: z.string(), correlation: z.number() }))
        .describe("Every other symbol's correlation with it over the window, highest first."),
    })
    .nullable(),
  history: z
    .array(
      z.object({ time: z.string(), averageCorrelation: z.number(), firstEigenShare: z.number() }),
    )
    .describe(
      `The rolling average correlation (for two symbols, their correlation) and first eigenvalue's share over the history, thinned to at most ${chartPoints} points for charts.`,
    ),
  events: z
    .array(EventSchema)
    .describe("The most recent regime changes over the history, newest first (at most 10)."),
  newEvents: z.number().int().describe("Events not stored by an earlier run."),
  snapshotId: z.string(),
  alignment: z
    .object({ commonDates: z.number().int(), first: z.string(), last: z.string() })
    .describe(
      "Dates every symbol has a bar on (inner join); returns come from closes on these dates.",
    ),
  method: z.string(),
});

const method =
  "Daily log returns from back-adjusted closes on the dates all symbols share (inner join on UTC dates: a 24/7 market's weekend folds into Monday's return). Rolling Pearson correlation over `window` bars with O(1) updates of running sums, rebuilt exactly every 16 windows. Regime change: the average correlation or the first eigenvalue's share moves from its mean over `baselineBars` bars ending one window earlier by at least its threshold; one event per excursion (re-armed within half the threshold).";

export const computeCorrelations = defineTool({
  name: "compute_correlations",
  summary:
    "Rolling correlations across assets (default: every built-in universe), average, first eigenvalue's share, regime events.",
  description:
    "Rolling correlation matrix of daily returns across a universe (default: the cross-asset set of ETFs, FX majors, CME micros and crypto) as of a date, with the average correlation, the first eigenvalue's share and regime-change events (a shift of either against its trailing baseline); stores the snapshot and events as history.",
  input: ComputeCorrelationsInput,
  output: ComputeCorrelationsOutput,
  effect: "write",
  async run(input, context) {
    const chosen = input.symbols
      ? input.symbols
      : input.universe
        ? await universeSymbols(context.store, input.universe)
        : crossAssetSymbols;
    const symbols =
      input.focus === undefined || chosen.includes(input.focus) ? chosen : [...chosen, input.focus];
    if (symbols.length < 2)
      throw invalidInput(`universe "${input.universe}" holds fewer than 2 symbols`, [
        { path: ["universe"], message: "needs at least 2 symbols" },
      ]);
    context.progress(0, `loading ${symbols.length} symbols`);
    const aligned = fromStart(
      await loadAlignedCloses(context.store, symbols, input.at ?? input.end),
      input.start,
    );
    const dates = aligned.dayMs.length;
    if (dates < input.window + 1)
      throw invalidInput(
        `the symbols share only ${dates} dates${input.start === undefined ? "" : " from `start`"} (inner join); a ${input.window}-bar window needs at least ${input.window + 1}: lower \`window\`, move \`start\` earlier, or load more history`,
        [{ path: ["window"], message: `needs ${input.window + 1} common dates, have ${dates}` }],
      );
    context.progress(0.3, `correlating ${symbols.length} symbols over ${dates} dates`);
    const returns = aligned.closes.map(logReturns);
    const path = correlationPath(returns, input.window);
    const rule = { baselineBars: input.baselineBars, gapBars: input.window };
    const events = [
      ...detectRegimeShifts(path.averageCorrelation, "averageCorrelation", {
        ...rule,
        threshold: input.averageCorrelationThreshold,
      }),
      ...detectRegimeShifts(path.firstEigenShare, "firstEigenShare", {
        ...rule,
        threshold: input.eigenShareThreshold,
      }),
    ].sort((a, b) => b.bar - a.bar || a.metric.localeCompare(b.metric));
    // Return k ends on aligned date k + 1.
    const timeOf = (bar: number) => aligned.dayMs[bar + 1]!;
    const last = returns[0]!.length - 1;
    const n = symbols.length;
    const averageCorrelation = path.averageCorrelation[last]!;
    const firstEigenShare = path.firstEigenShare[last]!;
    context.progress(0.8, "storing the snapshot");
    const { snapshot, newEvents } = await context.store.saveCorrelationSnapshot(
      {
        symbols: [...symbols],
        timeframe: "1d",
        windowBars: input.window,
        asOfMs: timeOf(last),
        matrix: Array.from(path.lastMatrix),
        averageCorrelation,
        firstEigenShare,
      },
      events.map((event) => toStored(event, timeOf(event.bar))),
    );
    context.progress(1, "done");
    return {
      symbols: [...symbols],
      window: input.window,
      asOf: isoTime(timeOf(last)),
      matrix: Array.from({ length: n }, (_, i) =>
        Array.from(path.lastMatrix.subarray(i * n, i * n + n)),
      ),
      averageCorrelation,
      firstEigenShare,
      baseline: {
        averageCorrelation: baselineMean(path.averageCorrelation, last, rule),
        firstEigenShare: baselineMean(path.firstEigenShare, last, rule),
      },
      strongestPairs: strongestPairs(symbols, path.lastMatrix, 5),
      focus: input.focus === undefined ? null : focusedOn(input.focus, symbols, path.lastMatrix),
      history: historyOf(path, timeOf),
      events: events.slice(0, 10).map((event) => ({
        ...toStored(event, timeOf(event.bar)),
        time: isoTime(timeOf(event.bar)),
      })),
      newEvents,
      snapshotId: snapshot.id,
      alignment: {
        commonDates: dates,
        first: isoTime(aligned.dayMs[0]!),
        last: isoTime(aligned.dayMs[dates - 1]!),
      },
      method,
    };
  },
});

function toStored(event: RegimeEvent, atMs: number) {
  const { metric, direction, value, baseline, shift } = event;
  return { atMs, metric, direction, value, baseline, shift };
}

/** The regime rule's baseline at bar t: the mean over `baselineBars` bars ending at t − gapBars. */
function baselineMean(
  values: Float64Array,
  t: number,
  rule: { baselineBars: number; gapBars: number },
): number | null {
  const end = t - rule.gapBars;
  const from = end - rule.baselineBars + 1;
  if (from < 0) return null;
  let sum = 0;
  for (let k = from; k <= end; k++) {
    if (!Number.isFinite(values[k]!)) return null;
    sum += values[k]!;
  }
  return sum / rule.baselineBars;
}

/** Every other symbol's correlation with `focus`, highest first. */
function focusedOn(focus: string, symbols: readonly string[], matrix: Float64Array) {
  const n = symbols.length;
  const row = symbols.indexOf(focus);
  return {
    symbol: focus,
    correlations: symbols
      .map((symbol, column) => ({ symbol, correlation: matrix[row * n + column]! }))
      .filter(({ symbol }) => symbol !== focus)
      .sort((a, b) => b.correlation - a.correlation),
  };
}

/** The rolling measures once the window is full, thinned for a chart by the average's shape. */
function historyOf(
  path: { averageCorrelation: Float64Array; firstEigenShare: Float64Array },
  timeOf: (bar: number) => number,
) {
  const eigen = new Map<number, number>();
  const points: { timeMs: number; value: number }[] = [];
  path.averageCorrelation.forEach((value, bar) => {
    if (!Number.isFinite(value)) return;
    points.push({ timeMs: timeOf(bar), value });
    eigen.set(timeOf(bar), path.firstEigenShare[bar]!);
  });
  return downsample(points, chartPoints).map(({ timeMs, value }) => ({
    time: isoTime(timeMs),
    averageCorrelation: value,
    firstEigenShare: eigen.get(timeMs)!,
  }));
}

function strongestPairs(symbols: readonly string[], matrix: Float64Array, count: number) {
  const n = symbols.length;
  const pairs: { a: string; b: string; correlation: number }[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      pairs.push({ a: symbols[i]!, b: symbols[j]!, correlation: matrix[i * n + j]! });
  pairs.sort((x, y) => y.correlation - x.correlation);
  return {
    positive: pairs.slice(0, count).filter((pair) => pair.correlation > 0),
    negative: pairs
      .slice(-count)
      .reverse()
      .filter((pair) => pair.correlation < 0),
  };
}
