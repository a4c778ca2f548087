import { z } from "zod";
import type { BacktestOptions, BacktestRun } from "../../engine/strategy/backtest.ts";
import { betaAgainst } from "../../engine/metrics/beta.ts";
import type { BarSeries } from "../../engine/types.ts";
import { MetricsSchema, formatMetrics } from "../../tools/backtest/result-schema.ts";
import { downsample } from "../../tools/charts/downsample.ts";
import { defineTool } from "../../tools/define-tool.ts";
import { isoTime, TimeInput } from "../../tools/time-input.ts";
import { ComplexityVerdictSchema, complexityVerdict } from "./complexity-verdict.ts";
import { percent } from "../../engine/validator/rules/helpers.ts";
import { readMetrics, signedPercent } from "./metric-readings.ts";
import { inSentence } from "./voice.ts";
import { splitByRegime } from "./regime-split.ts";
import { resolveStrategy, strategyInput } from "./strategy-reference.ts";
import {
  ColumnKey,
  initialCash,
  loadUniverseBars,
  runBenchmarks,
  runStrategy,
  type ColumnRun,
} from "./strategy-runs.ts";

/** Curves are for drawing side by side: a few hundred points each are enough. */
const curvePoints = 500;
/** A benchmark whose stored bars start or end this much apart from the strategy's covers another period. */
const coverageSlackMs = 7 * 86_400_000;

const PerformanceInput = strategyInput({
  start: TimeInput("start").optional(),
  end: TimeInput("end").optional(),
}).refine(
  (input) => input.start === undefined || input.end === undefined || input.start <= input.end,
  { message: "`start` must not be after `end`", path: ["start"] },
);

const Column = z.object({
  key: z.enum(Object.values(ColumnKey) as [ColumnKey, ...ColumnKey[]]),
  name: z.string(),
  metrics: MetricsSchema,
  readings: z
    .array(z.string())
    .describe("Returns, risk and drawdown, each with what it means in plain words."),
  equity: z
    .array(z.object({ time: z.string(), value: z.number() }))
    .describe(`Equity, thinned to at most ${curvePoints} points for charts.`),
});

const RegimeSplitSchema = z.object({
  regime: z.enum(["bull", "bear", "highVolatility", "lowVolatility"]),
  label: z.string(),
  definition: z.string().describe("How a day is put in this regime."),
  results: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      days: z.number().int(),
      totalReturn: z.number().describe("Compounded over this regime's days only."),
      sharpe: z.number().nullable().describe("Annualized over this regime's days."),
      maxDrawdown: z.number().describe("Worst fall of this regime's days chained together."),
    }),
  ),
  reading: z.string(),
});

const PerformanceOutput = z.object({
  strategyId: z.string(),
  name: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  strategy: Column,
  benchmarks: z
    .object({
      buyAndHold: Column.describe("Equal-weight buy and hold of the strategy's universe."),
      spy: Column.optional().describe("Buy and hold SPY, when its bars are stored."),
      qqq: Column.optional().describe("Buy and hold QQQ, when its bars are stored."),
      smaTrend: Column.describe("Long the universe while SMA50 > SMA200, equal weight."),
    })
    .describe("Each run over the same period with the same cash and costs."),
  unavailable: z
    .array(z.object({ name: z.string(), reason: z.string() }))
    .describe("Benchmarks left out, and why."),
  comparisons: z.array(z.string()).describe("The strategy against each benchmark, in words."),
  market: z
    .object({
      symbol: z.string(),
      beta: z.number().describe("cov(strategy, market) / var(market) of daily simple returns."),
      correlation: z.number(),
      returns: z.number().int().describe("The daily returns both share, over the period."),
    })
    .nullable()
    .describe(
      "How the strategy's daily equity moves with SPY's closes; null without SPY or 60 shared days.",
    ),
  regimes: z.object({
    reference: z.string().describe("The market whose trend and volatility define the regimes."),
    splits: z.array(RegimeSplitSchema),
  }),
  complexity: ComplexityVerdictSchema,
  notes: z.array(z.string()),
});

type Output = z.input<typeof PerformanceOutput>;

const BriefColumn = Column.omit({ equity: true });

export const performanceContext = defineTool({
  name: "performance_context",
  summary:
    "A strategy against buy and hold, SPY, QQQ and an SMA trend, each number with its meaning, by regime.",
  description:
    "Puts a strategy's results in context over a period: side by side with buy and hold of its universe, SPY and QQQ (when stored) and the SMA 50/200 trend rule; returns, risk and drawdown each with a plain-language meaning; results split by market regime (uptrend/downtrend, calm/turbulent); and whether added complexity paid, from the optimizer's stored complexity ladder.",
  input: PerformanceInput,
  output: PerformanceOutput,
  brief: {
    output: PerformanceOutput.extend({
      strategy: BriefColumn,
      benchmarks: z.object({
        buyAndHold: BriefColumn,
        spy: BriefColumn.optional(),
        qqq: BriefColumn.optional(),
        smaTrend: BriefColumn,
      }),
    }),
    from: ({ strategy, benchmarks, ...rest }) => {
      const brief = ({ equity: _curve, ...column }: z.output<typeof Column>) => column;
      return {
        ...rest,
        strategy: brief(strategy),
        benchmarks: Object.fromEntries(
          Object.entries(benchmarks).flatMap(([key, column]) =>
            column ? [[key, brief(column)]] : [],
          ),
        ),
      };
    },
  },
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const { id, spec } = await resolveStrategy(context.store, input);
    const options: BacktestOptions = {
      initialCash,
      startMs: input.start ?? null,
      endMs: input.end ?? null,
    };
    context.progress(0, `loading ${spec.universe.length} symbols`);
    const bars = await loadUniverseBars(context.store, spec, options.endMs);
    context.progress(0.3, "simulating the strategy and its benchmarks");
    const strategy: ColumnRun = {
      key: ColumnKey.strategy,
      name: "Strategy",
      run: runStrategy(spec, bars, options),
    };
    const benchmarks = await runBenchmarks(context.store, spec, bars, options);
    const columns = [strategy, ...benchmarks.columns];
    context.progress(0.7, "regimes and the complexity ladder");
    const reference = benchmarks.indexBars.get("SPY") ?? bars[0]!;
    const complexity = await complexityVerdict(context.store, id);
    const { startTimeMs, endTimeMs } = strategy.run.metrics;
    const result: Output = {
      strategyId: id,
      name: spec.name,
      period: { start: isoTime(startTimeMs!), end: isoTime(endTimeMs!) },
      strategy: describeColumn(strategy),
      benchmarks: Object.fromEntries(
        benchmarks.columns.map((column) => [column.key, describeColumn(column)]),
      ) as Output["benchmarks"],
      unavailable: benchmarks.missing.map(({ name, reason }) => ({ name, reason })),
      comparisons: benchmarks.columns.map((column) => compare(strategy.run, column)),
      market: marketLink(strategy.run, benchmarks.indexBars.get("SPY")),
      regimes: { reference: reference.symbol, splits: splitByRegime(columns, reference) },
      complexity,
      notes: coverageNotes(strategy.run, benchmarks.columns),
    };
    context.progress(1, "done");
    return result;
  },
});

function describeColumn(column: ColumnRun): z.input<typeof Column> {
  const { timestampMs, equity } = column.run.simulation;
  const points = Array.from(equity, (value, index) => ({ timeMs: timestampMs[index]!, value }));
  return {
    key: column.key,
    name: column.name,
    metrics: formatMetrics(column.run.metrics),
    readings: readMetrics(column.run.metrics).map((reading) => reading.text),
    equity: downsample(points, curvePoints).map(({ timeMs, value }) => ({
      time: isoTime(timeMs),
      value,
    })),
  };
}

/** The strategy's beta and correlation to SPY over the period's daily returns, when both allow. */
function marketLink(strategy: BacktestRun, spy: BarSeries | undefined) {
  const { timestampMs, equity } = strategy.simulation;
  if (!spy) return null;
  const equitySeries = { symbol: "Strategy", timestampMs, close: equity };
  const link = betaAgainst(equitySeries, spy, timestampMs.length);
  return link ? { symbol: spy.symbol, ...link } : null;
}

/** The strategy against one benchmark: total return and worst fall, with the gap in points. */
function compare(strategy: BacktestRun, benchmark: ColumnRun): string {
  const own = strategy.metrics;
  const other = benchmark.run.metrics;
  const points = (own.totalReturn - other.totalReturn) * 100;
  const returns =
    points === 0
      ? "level with it"
      : `${Math.abs(points).toFixed(1)} percentage points ${points > 0 ? "ahead" : "behind"}`;
  const falls =
    own.maxDrawdown < other.maxDrawdown
      ? "a shallower worst fall"
      : own.maxDrawdown > other.maxDrawdown
        ? "a deeper worst fall"
        : "the same worst fall";
  return `Against ${inSentence(benchmark.name)}: total return ${signedPercent(own.totalReturn)} vs ${signedPercent(other.totalReturn)} (${returns}), worst fall ${percent(own.maxDrawdown)} vs ${percent(other.maxDrawdown)} (${falls}).`;
}

/** Benchmarks whose stored bars cover a different stretch than the strategy's period. */
function coverageNotes(strategy: BacktestRun, benchmarks: readonly ColumnRun[]): string[] {
  const { startTimeMs, endTimeMs } = strategy.metrics;
  return benchmarks.flatMap(({ name, run }) => {
    const starts = run.metrics.startTimeMs! - startTimeMs!;
    const ends = endTimeMs! - run.metrics.endTimeMs!;
    return starts > coverageSlackMs || ends > coverageSlackMs
      ? [
          `${name} covers only ${isoTime(run.metrics.startTimeMs!).slice(0, 10)} to ${isoTime(run.metrics.endTimeMs!).slice(0, 10)} (its stored bars), not the whole period.`,
        ]
      : [];
  });
}
