import { lintSpec } from "../../engine/strategy/lint.ts";
import { z } from "zod";
import {
  buyAndHoldSpec,
  runBacktest,
  smaTrendSpec,
  type BacktestOptions,
} from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { loadBars, loadBarsIfStored } from "../bars/load-bars.ts";
import { defineTool } from "../define-tool.ts";
import { notFound } from "../errors.ts";
import type { Store, Timeframe } from "../ports/store.ts";
import { StrategySpecSchema, strategyId } from "../strategy/spec-schema.ts";
import { isoTime, TimeInput } from "../time-input.ts";
import {
  BenchmarkSchema,
  chartCurve,
  chartPoints,
  formatMetrics,
  formatTrade,
  MetricsSchema,
  TradeSchema,
} from "./result-schema.ts";
import { FindingIdInput } from "../scanner/finding-schema.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { emptyPeriod } from "./empty-period.ts";
import { PeriodReturnsSchema, ReturnsByInput, returnsOf } from "./period-returns.ts";
import { storedSpec } from "../strategy/stored-spec.ts";
import { applyChanges, SpecChangesSchema } from "../strategy/spec-changes.ts";

const BacktestInput = z
  .object({
    spec: StrategySpecSchema.optional().describe(
      "The strategy to test (or give `strategyId` or `findingId`).",
    ),
    strategyId: StrategyIdInput.optional().describe(
      "Test a stored strategy again: its id from an earlier backtest or list_strategies.",
    ),
    findingId: FindingIdInput.optional().describe(
      "Test a scanner finding's strategy: its id from scan_markets or list_findings.",
    ),
    changes: SpecChangesSchema.optional(),
    start: TimeInput("start").optional(),
    end: TimeInput("end").optional(),
    initialCash: z
      .number()
      .positive()
      .max(1e12)
      .default(100_000)
      .describe("Starting cash (default 100000)."),
    returnsBy: ReturnsByInput.optional(),
  })
  .strict()
  .refine(
    (input) =>
      [input.spec, input.strategyId, input.findingId].filter((given) => given !== undefined)
        .length === 1,
    { message: "give exactly one of `spec`, `strategyId` or `findingId`", path: ["spec"] },
  )
  .refine((input) => input.changes === undefined || input.spec === undefined, {
    message: "`changes` apply to a stored strategy or a finding: give `strategyId` or `findingId`",
    path: ["changes"],
  })
  .refine(
    (input) => input.start === undefined || input.end === undefined || input.start <= input.end,
    {
      message: "`start` must not be after `end`",
      path: ["start"],
    },
  );

/** With `changes`: the stored strategy they changed, run over the same period. */
const VariantOfSchema = z.object({
  strategyId: z.string(),
  name: z.string(),
  changes: z.array(z.string()).describe("What `changes` changed, in words."),
  metrics: MetricsSchema.nullable().describe(
    "The unchanged strategy over the same period (null when it has no bars there).",
  ),
  equity: z
    .array(z.object({ time: z.string(), value: z.number() }))
    .describe(`Its equity, thinned to at most ${chartPoints} points for charts.`),
});

const BacktestOutput = z.object({
  id: z.string().describe("Stored backtest id."),
  strategyId: z.string().describe("Content hash of the spec; the strategy is stored under it."),
  name: z.string().describe("The strategy's name, as its spec gives it."),
  spec: StrategySpecSchema.describe(
    "The spec simulated, with its defaults: a stored strategy's, a finding's, or one after `changes`.",
  ),
  metrics: MetricsSchema,
  trades: z.array(TradeSchema).describe("Closed trades in exit order."),
  openPositions: z.array(
    z.object({
      symbol: z.string(),
      side: z.enum(["long", "short"]),
      entryTime: z.string(),
      entryPrice: z.number(),
      quantity: z.number(),
      lastPrice: z.number(),
      unrealizedPnl: z.number(),
    }),
  ),
  equity: z
    .array(z.object({ time: z.string(), value: z.number() }))
    .describe("Equity marked at every close."),
  benchmarks: z.object({
    buyAndHold: BenchmarkSchema.describe("Equal-weight buy and hold of the universe, same costs."),
    sma50_200: BenchmarkSchema.describe("Long the universe while SMA50 > SMA200, equal weight."),
    spy: BenchmarkSchema.optional().describe(
      "Buy and hold SPY, when SPY bars are stored and the universe is not SPY alone (buyAndHold is that).",
    ),
  }),
  variantOf: VariantOfSchema.optional().describe(
    "With `changes`: the strategy they changed, run again for comparison.",
  ),
  periodReturns: PeriodReturnsSchema.optional().describe(
    "With `returnsBy`: the strategy's return in each month (by month) and year.",
  ),
  warnings: z.array(z.string()).describe("Things worth knowing about this run."),
});

/** The reply to a model: metrics and counts; trades and equity stay in the stored backtest. */
const BriefBenchmark = BenchmarkSchema.omit({ equity: true });

const BacktestBrief = BacktestOutput.omit({
  trades: true,
  equity: true,
  benchmarks: true,
  variantOf: true,
}).extend({
  variantOf: VariantOfSchema.omit({ equity: true }).optional(),
  benchmarks: z.object({
    buyAndHold: BriefBenchmark,
    sma50_200: BriefBenchmark,
    spy: BriefBenchmark.optional(),
  }),
  trades: z
    .object({ count: z.number().int() })
    .describe("Read them from the backtest's trades.csv resource."),
  equity: z
    .object({
      points: z.number().int(),
      first: z.object({ time: z.string(), value: z.number() }),
      last: z.object({ time: z.string(), value: z.number() }),
    })
    .describe("Read the curve from the backtest's equity.csv resource."),
});

const withoutCurve = <T extends { equity: unknown }>({ equity: _curve, ...rest }: T) => rest;

/** What backtest_strategy returns. */
export type BacktestResult = z.output<typeof BacktestOutput>;

export const backtestStrategy = defineTool({
  name: "backtest_strategy",
  summary:
    "Backtest a strategy spec; returns metrics, trades, the equity curve and benchmarks, and stores the run.",
  description:
    "Backtest a strategy spec (or a stored strategy's or a scanner finding's, by id; with `changes`, a variant of it, run beside the original) over stored bars: signals on each close, fills at the next open with fees and slippage. Returns metrics, trades, the equity curve and benchmarks (buy and hold, SMA 50/200, SPY when stored), and stores the run.",
  input: BacktestInput,
  output: BacktestOutput,
  brief: {
    output: BacktestBrief,
    from: ({ trades, equity, benchmarks, variantOf, ...rest }) => ({
      ...rest,
      ...(variantOf ? { variantOf: withoutCurve(variantOf) } : {}),
      benchmarks: Object.fromEntries(
        Object.entries(benchmarks).map(([key, benchmark]) => [key, withoutCurve(benchmark)]),
      ),
      trades: { count: trades.length },
      equity: { points: equity.length, first: equity[0]!, last: equity[equity.length - 1]! },
    }),
  },
  effect: "write",
  async run(input, context) {
    const { spec: base, notes } = await specOf(context.store, input);
    const changed = input.changes ? applyChanges(base, input.changes) : undefined;
    const spec = changed?.spec ?? base;
    const timeframe = spec.timeframe as Timeframe;
    context.progress(0, `loading ${spec.universe.length} symbols`);
    const bars = await loadBars(context.store, spec.universe, timeframe, input.end ?? null);
    const options: BacktestOptions = {
      initialCash: input.initialCash,
      startMs: input.start ?? null,
      endMs: input.end ?? null,
    };
    context.progress(0.3, "simulating");
    const run = runBacktest(spec, bars, options);
    if (run.simulation.timestampMs.length === 0) throw emptyPeriod(spec, bars, options);
    context.progress(0.6, "benchmarks");
    const benchmarks = await runBenchmarks(context.store, spec, bars, options, timeframe);
    const warnings = [
      ...notes,
      ...lintSpec(spec),
      ...explain(run, spec),
      ...coverage(run.simulation.timestampMs, context.clock.nowMs(), input.start, input.end),
    ];
    const variantOf =
      changed && changed.words.length > 0
        ? await baseRun(context.store, base, changed.words, options, spec, bars)
        : undefined;
    if (changed?.words.length === 0)
      warnings.push(`The changes leave "${base.name}" as it was: this is a run of it again.`);
    context.progress(0.9, "saving");
    const id = strategyId(spec);
    await context.store.saveStrategy({ id, name: spec.name, spec });
    const result = {
      metrics: formatMetrics(run.metrics),
      trades: run.simulation.trades.map(formatTrade),
      openPositions: run.simulation.openPositions.map(({ entryTimeMs, ...rest }) => ({
        ...rest,
        entryTime: isoTime(entryTimeMs),
      })),
      equity: Array.from(run.simulation.equity, (value, index) => ({
        time: isoTime(run.simulation.timestampMs[index]!),
        value,
      })),
      benchmarks,
      warnings,
    };
    const record = await context.store.saveBacktest({
      strategyId: id,
      startMs: input.start ?? null,
      endMs: input.end ?? null,
      initialCash: input.initialCash,
      metrics: result.metrics,
      trades: result.trades,
      equity: result.equity,
      benchmarks,
    });
    context.progress(1, "done");
    return {
      id: record.id,
      strategyId: id,
      name: spec.name,
      spec: spec as z.input<typeof StrategySpecSchema>,
      ...result,
      ...(variantOf ? { variantOf } : {}),
      ...(input.returnsBy
        ? {
            periodReturns: returnsOf(
              run.simulation.timestampMs,
              run.simulation.equity,
              input.initialCash,
              input.returnsBy,
            ),
          }
        : {}),
    };
  },
});

/** A run's metrics and its equity thinned for charts: a benchmark, or the strategy before changes. */
function thinnedRun(spec: StrategySpec, bars: BarSeries[], options: BacktestOptions) {
  const run = runBacktest(spec, bars, options);
  const { timestampMs, equity } = run.simulation;
  const points = Array.from(equity, (value, index) => ({ timeMs: timestampMs[index]!, value }));
  return {
    bars: timestampMs.length,
    metrics: formatMetrics(run.metrics),
    equity: chartCurve(points),
  };
}

async function runBenchmarks(
  store: Store,
  spec: StrategySpec,
  bars: BarSeries[],
  options: BacktestOptions,
  timeframe: Timeframe,
) {
  const benchmark = (name: string, benchmarkSpec: StrategySpec, series: BarSeries[]) => {
    const { metrics, equity } = thinnedRun(benchmarkSpec, series, options);
    return { name, metrics, equity };
  };
  // Trading SPY alone, buy and hold of the universe is buy and hold of SPY: one column is enough.
  const spyAlone = spec.universe.length === 1 && spec.universe[0] === "SPY";
  const spyBars = spyAlone
    ? undefined
    : (bars.find((series) => series.symbol === "SPY") ??
      (await loadBarsIfStored(store, "SPY", timeframe, options.endMs)));
  return {
    buyAndHold: benchmark("Buy and hold (equal weight)", buyAndHoldSpec(spec.universe, spec), bars),
    sma50_200: benchmark(
      "SMA 50/200 trend (equal weight)",
      smaTrendSpec(spec.universe, spec),
      bars,
    ),
    ...(spyBars
      ? { spy: benchmark("Buy and hold SPY", buyAndHoldSpec(["SPY"], spec), [spyBars]) }
      : {}),
  };
}

/** The strategy before the changes, over the same period: what the changes did. */
async function baseRun(
  store: Store,
  base: StrategySpec,
  changes: string[],
  options: BacktestOptions,
  changed: StrategySpec,
  changedBars: BarSeries[],
) {
  // Most changes (stops, costs, rules) keep the data: the variant's bars serve the original too.
  const sameData =
    base.timeframe === changed.timeframe &&
    base.universe.join("\n") === changed.universe.join("\n");
  const bars = sameData
    ? changedBars
    : await loadBars(store, base.universe, base.timeframe as Timeframe, options.endMs);
  const run = thinnedRun(base, bars, options);
  return {
    strategyId: strategyId(base),
    name: base.name,
    changes,
    metrics: run.bars > 0 ? run.metrics : null,
    equity: run.equity,
  };
}

async function specOf(
  store: Store,
  { spec, strategyId, findingId }: { spec?: unknown; strategyId?: string; findingId?: string },
): Promise<{ spec: StrategySpec; notes: string[] }> {
  if (strategyId !== undefined) return { spec: await storedSpec(store, strategyId), notes: [] };
  if (findingId === undefined) return { spec: spec as StrategySpec, notes: [] };
  const finding = await store.requestFinding(findingId);
  if (!finding) throw notFound(`no finding ${findingId}; see list_findings or run scan_markets`);
  const { strategySpec, specFidelity, pattern, symbols } = finding;
  const proxy =
    specFidelity === "proxy"
      ? [
          `Finding ${findingId} is a ${pattern} pattern of ${symbols.join(" and ")}; its spec is a proxy that trades ${strategySpec.universe.join(", ")} alone${pattern === "pairs" ? ": analyze_pair backtests the spread itself, both legs" : ""}.`,
        ]
      : [];
  return { spec: strategySpec, notes: proxy };
}

/** More than a week between the period asked for and the bars: not a weekend or a holiday. */
const coverageSlackMs = 7 * 86_400_000;

/**
 * The period asked for where the stored bars do not reach it: the run covers less, said so. A
 * period from a start to now ("since 2023", "the last 3 years") ends at the newest bar.
 */
function coverage(times: Float64Array, nowMs: number, startMs?: number, endMs?: number): string[] {
  const day = (ms: number) => isoTime(ms).slice(0, 10);
  const [first, last] = [times[0]!, times[times.length - 1]!];
  const warnings: string[] = [];
  if (startMs !== undefined && first - startMs > coverageSlackMs)
    warnings.push(
      `The stored bars begin on ${day(first)}, after the start asked for (${day(startMs)}): the backtest covers ${day(first)} to ${day(last)}. Older bars come with fetch_bars (or import_bars).`,
    );
  const end = endMs ?? (startMs === undefined ? undefined : nowMs);
  if (end !== undefined && end - last > coverageSlackMs)
    warnings.push(
      `The stored bars end on ${day(last)}, before the end asked for (${endMs === undefined ? "now" : day(endMs)}): newer bars come with fetch_bars (or import_bars).`,
    );
  return warnings;
}

function explain(run: ReturnType<typeof runBacktest>, spec: StrategySpec): string[] {
  const warnings: string[] = [];
  const { simulation, metrics } = run;
  if (metrics.trades > 0 && spec.costs.feeBps === 0 && spec.costs.slippageBps === 0) {
    warnings.push(
      "No fees or slippage are charged (costs.feeBps and costs.slippageBps are 0): every real fill pays a spread, so these returns are overstated, most for frequent traders.",
    );
  }
  if (metrics.trades === 0 && simulation.openPositions.length === 0) {
    warnings.push(
      "The entry rule never opened a position in this period: check the rule, the period, or the warm-up of long indicators.",
    );
  }
  if (simulation.skippedEntries > 0) {
    warnings.push(
      `${simulation.skippedEntries} entries were skipped for lack of buying power or an undefined stop distance; lower fractionOfEquity to hold more positions at once.`,
    );
  }
  if (metrics.trades > 0 && metrics.trades < 30) {
    warnings.push(
      `Only ${metrics.trades} closed trades: too few for the statistics to be reliable.`,
    );
  }
  return warnings;
}
