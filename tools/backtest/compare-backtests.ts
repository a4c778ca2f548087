import { z } from "zod";
import { correlationPath } from "../../engine/correlation/index.ts";
import { sharpeDifferenceTest, sharpeMoments } from "../../engine/validation/index.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import type { BacktestRecord, StoredStrategy } from "../ports/store.ts";
import { storedIdInput } from "../stored-id.ts";
import { isoTime } from "../time-input.ts";
import { chartCurve, MetricsSchema, TimedValueSchema } from "./result-schema.ts";

/** Fewer common returns than this tell nothing about a Sharpe ratio's difference. */
const fewestCommonReturns = 30;
const significance = 0.05;
const compared = { min: 2, max: 6 };

const CompareBacktestsInput = z
  .object({
    backtestIds: z
      .array(storedIdInput("backtest", "backtest_strategy and list_backtests"))
      .min(compared.min, `at least ${compared.min} backtests to compare`)
      .max(compared.max, `at most ${compared.max} backtests at once`)
      .optional()
      .describe("The backtests, in the order to show them."),
    last: z
      .number()
      .int()
      .min(compared.min)
      .max(compared.max)
      .optional()
      .describe("Instead of ids: the backtests run last, this many, oldest first. Default: 2."),
  })
  .strict()
  .refine((input) => input.backtestIds === undefined || input.last === undefined, {
    message: "backtestIds or last, not both",
  });

const ComparedBacktest = z.object({
  id: z.string(),
  strategyId: z.string(),
  name: z.string().describe("The strategy's name."),
  spec: z.record(z.string(), z.unknown()).describe("The strategy's spec as it ran."),
  metrics: MetricsSchema.describe("Over the backtest's own period."),
  commonSharpe: z
    .number()
    .nullable()
    .describe(
      "Annualized Sharpe ratio over the periods all the backtests share; null without them.",
    ),
});

const CompareBacktestsOutput = z.object({
  backtests: z.array(ComparedBacktest),
  common: z
    .object({ start: z.string(), end: z.string(), returns: z.number().int() })
    .nullable()
    .describe(
      "The closes every backtest has, and the returns between them; null when they share too few.",
    ),
  best: z
    .string()
    .nullable()
    .describe("The backtest with the highest Sharpe ratio over the common periods."),
  tests: z
    .array(
      z.object({
        backtestId: z.string().describe("Tested against `best`."),
        sharpeDifference: z.number().describe("Best's common Sharpe minus this one's, annualized."),
        pValue: z
          .number()
          .nullable()
          .describe(
            "Two-sided, Ledoit & Wolf's HAC test of equal Sharpe ratios; null when a curve is flat over the common periods (it never traded: no Sharpe ratio to test).",
          ),
        significant: z
          .boolean()
          .describe(
            `pValue below ${significance} over the number of tests (Bonferroni: each test is one more chance of a fluke).`,
          ),
      }),
    )
    .describe("The best against each other backtest, over the common periods."),
  correlations: z
    .array(
      z.object({
        a: z.string(),
        b: z.string(),
        correlation: z
          .number()
          .nullable()
          .describe(
            "Pearson, of the two's returns over the closes they share; null when they share too few or a curve is flat.",
          ),
      }),
    )
    .describe("Every pair of backtests: how much they move together (diversification)."),
  equity: z
    .array(z.object({ id: z.string(), name: z.string(), curve: z.array(TimedValueSchema) }))
    .describe(
      "Each equity curve over the common periods (else its own), from 1, thinned for charts.",
    ),
});

type Curve = { timeMs: number; value: number }[];

export const compareBacktests = defineTool({
  name: "compare_backtests",
  summary:
    "Stored backtests side by side: how their returns correlate, and whether the best Sharpe ratio beats the others by more than chance.",
  description: `Two to ${compared.max} stored backtests (by id, or the ones run last: two by default) side by side: their metrics, their Sharpe ratios over the closes they share, and for the best of those Ledoit & Wolf's (2008) test against each other (HAC standard errors, so fat tails, the two strategies' correlation and serial dependence count): whether "which is better" has an answer the data supports. Nothing is run again.`,
  input: CompareBacktestsInput,
  output: CompareBacktestsOutput,
  brief: {
    output: CompareBacktestsOutput.omit({ equity: true }).extend({
      backtests: z.array(ComparedBacktest.omit({ spec: true })),
    }),
    from: ({ equity: _curves, backtests, ...rest }) => ({
      ...rest,
      backtests: backtests.map(({ spec: _spec, ...backtest }) => backtest),
    }),
  },
  effect: "read",
  idempotent: true,
  async run({ backtestIds, last = compared.min }, { store }) {
    const ids =
      backtestIds ?? (await store.listBacktests(last)).map((backtest) => backtest.id).reverse();
    if (ids.length < compared.min)
      throw notFound(
        `${ids.length === 0 ? "no backtest is" : "only one backtest is"} stored: run another to compare, e.g. "backtest a 20/50 moving average crossover on SPY"`,
      );
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated) throw invalidInput(`backtestIds: ${repeated} is given twice`);
    const records = await Promise.all(ids.map((id) => store.requestBacktest(id)));
    const missingAt = records.findIndex((record) => record === undefined);
    if (missingAt >= 0)
      throw notFound(
        `no backtest with id ${ids[missingAt]} (list_backtests shows the stored ones)`,
      );
    const strategies = await Promise.all(
      records.map((record) => store.requestStrategy(record!.strategyId)),
    );
    const curves = records.map((record) => curveOf(record!));
    const common = commonTimes(curves);
    const returns =
      common.length > fewestCommonReturns
        ? curves.map((curve) => returnsAt(curve, common))
        : undefined;
    const perYear = returns
      ? (returns[0]!.length * 365.25 * 86_400_000) / (common.at(-1)! - common[0]!)
      : 0;
    const sharpes = returns?.map((series) => annualizedSharpe(series, perYear)) ?? [];
    const bestAt = returns ? sharpes.indexOf(Math.max(...sharpes)) : -1;
    return {
      backtests: records.map((record, index) =>
        shown(record!, strategies[index], returns ? sharpes[index]! : null),
      ),
      common: returns
        ? { start: isoTime(common[0]!), end: isoTime(common.at(-1)!), returns: returns[0]!.length }
        : null,
      best: bestAt >= 0 ? records[bestAt]!.id : null,
      tests: returns
        ? records.flatMap((record, index) => {
            if (index === bestAt) return [];
            const pValue = [returns[bestAt]!, returns[index]!].some(isFlat)
              ? null
              : sharpeDifferenceTest(returns[bestAt]!, returns[index]!).pValue;
            return [
              {
                backtestId: record!.id,
                sharpeDifference: sharpes[bestAt]! - sharpes[index]!,
                pValue,
                significant: pValue !== null && pValue < significance / (records.length - 1),
              },
            ];
          })
        : [],
      correlations: pairCorrelations(
        records.map((record) => record!.id),
        curves,
      ),
      equity: records.map((record, index) => ({
        id: record!.id,
        name: strategies[index]?.name ?? record!.strategyId.slice(0, 12),
        curve: fromOne(curves[index]!, returns ? common : undefined),
      })),
    };
  },
});

function shown(
  record: BacktestRecord,
  strategy: StoredStrategy | undefined,
  commonSharpe: number | null,
) {
  return {
    id: record.id,
    strategyId: record.strategyId,
    name: strategy?.name ?? record.strategyId.slice(0, 12),
    spec: (strategy?.spec ?? {}) as Record<string, unknown>,
    metrics: MetricsSchema.parse(record.metrics),
    commonSharpe,
  };
}

const curveOf = (record: BacktestRecord): Curve =>
  z
    .array(TimedValueSchema)
    .parse(record.equity)
    .map(({ time, value }) => ({ timeMs: Date.parse(time), value }));

/** The closes every curve has, in order. */
function commonTimes(curves: Curve[]): number[] {
  const [first, ...rest] = curves.map((curve) => new Set(curve.map((point) => point.timeMs)));
  return [...first!].filter((time) => rest.every((times) => times.has(time))).sort((a, b) => a - b);
}

/** Close-to-close returns between consecutive common closes. */
function returnsAt(curve: Curve, times: number[]): Float64Array {
  const values = new Map(curve.map((point) => [point.timeMs, point.value]));
  return Float64Array.from(
    times.slice(1),
    (time, index) => values.get(time)! / values.get(times[index]!)! - 1,
  );
}

/**
 * Each pair's correlation over the closes the two share (not all of them: two strategies of
 * other periods may still overlap), null when they share too few or one curve is flat there.
 */
function pairCorrelations(ids: string[], curves: Curve[]) {
  return ids.flatMap((a, i) =>
    ids.slice(i + 1).map((b, k) => {
      const pair = [curves[i]!, curves[i + 1 + k]!];
      const times = commonTimes(pair);
      if (times.length <= fewestCommonReturns) return { a, b, correlation: null };
      const returns = pair.map((curve) => returnsAt(curve, times));
      // The engine counts a flat series as unrelated (0); here it has no correlation to give.
      if (returns.some(isFlat)) return { a, b, correlation: null };
      const { lastMatrix } = correlationPath(returns, returns[0]!.length, { eigen: false });
      return { a, b, correlation: lastMatrix[1]! };
    }),
  );
}

const isFlat = (returns: Float64Array) => returns.every((value) => value === returns[0]);

/** The engine's per-period Sharpe ratio (sample standard deviation) scaled to a year; 0 when flat. */
const annualizedSharpe = (returns: Float64Array, perYear: number) =>
  isFlat(returns) ? 0 : sharpeMoments(returns).sharpe * Math.sqrt(perYear);

/** The curve over `times` (all of it without them), divided by its first value there. */
function fromOne(curve: Curve, times: number[] | undefined) {
  const kept = times
    ? curve.filter((point) => point.timeMs >= times[0]! && point.timeMs <= times.at(-1)!)
    : curve;
  const first = kept[0]?.value ?? 1;
  return chartCurve(kept.map((point) => ({ timeMs: point.timeMs, value: point.value / first })));
}
