import { z } from "zod";
import type { ChartPoint, ChartSeries, ChartSpec } from "../ports/chart-renderer.ts";
import { downsample } from "./downsample.ts";
import { EntryExitDiagram, entryExitCharts } from "./entry-exit-chart.ts";
import { portfolioCharts } from "../portfolio/portfolio-charts.ts";
import { searchCharts } from "./search-charts.ts";
import { pairCharts } from "./pair-charts.ts";
import { seasonalityCharts } from "./seasonality-chart.ts";
import { drawdownCharts } from "./drawdown-chart.ts";
import { underwater } from "../../engine/metrics/drawdowns.ts";

const TimedValues = z.array(z.object({ time: z.string(), value: z.number() }));
const ParameterValues = z.record(z.string(), z.union([z.number(), z.string()]));

/** The parts of a backtest_strategy (or get_backtest) result that its charts use. */
const BacktestCharted = z.object({
  metrics: z.object({
    startTime: z.string().nullable(),
    endTime: z.string().nullable(),
    totalReturn: z.number(),
    maxDrawdown: z.number(),
  }),
  equity: TimedValues,
  benchmarks: z.record(
    z.string(),
    z.object({
      name: z.string(),
      metrics: z.object({ totalReturn: z.number() }),
      /** Drawn when the result carries the benchmark's curve; otherwise its return is named. */
      equity: TimedValues.optional(),
    }),
  ),
  /** get_backtest's returns by month (a grid of years and months) or by year (bars). */
  periodReturns: z
    .object({
      months: z.array(z.object({ period: z.string(), return: z.number() })),
      years: z.array(z.object({ period: z.string(), return: z.number() })),
    })
    .nullable()
    .optional(),
  /** A variant's original, drawn beside it. */
  variantOf: z
    .object({ metrics: z.object({ totalReturn: z.number() }).nullable(), equity: TimedValues })
    .optional(),
});

/** The parts of a get_bars result that its chart uses. */
const BarsCharted = z.object({
  symbol: z.string(),
  timeframe: z.string(),
  adjusted: z.boolean(),
  bars: z.array(z.object({ time: z.string(), close: z.number() })),
});

/** The parts of an optimize_strategy result that its charts use. */
const OptimizationCharted = z.object({
  objective: z.string(),
  best: z.object({ params: ParameterValues, objective: z.number() }),
  surface: z.array(z.object({ params: ParameterValues, value: z.number().nullable() })).default([]),
  walkForward: z
    .object({
      mode: z.string(),
      efficiency: z.number().nullable(),
      stitchedEquity: TimedValues,
      outOfSampleReturn: z.number(),
    })
    .optional(),
});

/** The parts of a performance_context result that its charts use: a backtest's, side by side. */
const PerformanceCharted = z.object({
  strategy: BacktestCharted.pick({ metrics: true, equity: true }),
  benchmarks: BacktestCharted.shape.benchmarks,
});

/** The parts of a compare_backtests result that its chart uses: each curve from 1. */
const ComparisonCharted = z.object({
  common: z.object({ start: z.string(), end: z.string() }).nullable(),
  equity: z.array(z.object({ id: z.string(), name: z.string(), curve: TimedValues })),
});

/** The parts of a compute_correlations result that its chart uses: the rolling measures. */
const CorrelationsCharted = z.object({
  symbols: z.array(z.string()),
  window: z.number(),
  baseline: z.object({ averageCorrelation: z.number().nullable() }),
  history: z.array(
    z.object({ time: z.string(), averageCorrelation: z.number(), firstEigenShare: z.number() }),
  ),
});

/** The part of an explain_strategy result that its chart uses. */
const ExplanationCharted = z.object({ diagram: EntryExitDiagram });

/** Values that compound over the period read better on a log axis past this max/min ratio. */
const logScaleRatio = 4;

/**
 * The charts worth showing beside a tool's result, already downsampled for drawing; none for
 * tools without a chart or results of another shape. Pure: no I/O, no clock.
 */
export function chartsForResult(toolName: string, result: unknown): ChartSpec[] {
  switch (toolName) {
    // A stored backtest shown again is drawn as it was when it ran.
    case "backtest_strategy":
    case "get_backtest": {
      const parsed = BacktestCharted.safeParse(result);
      if (!parsed.success) return [];
      // Returns by period were asked for: drawn first.
      const periods = parsed.data.periodReturns;
      return [...(periods ? periodCharts(periods) : []), ...backtestCharts(parsed.data)];
    }
    case "get_bars": {
      const parsed = BarsCharted.safeParse(result);
      return parsed.success ? barsCharts(parsed.data) : [];
    }
    // A stored optimization shown again is drawn as it was when it ran.
    case "optimize_strategy":
    case "get_optimization": {
      const parsed = OptimizationCharted.safeParse(result);
      if (!parsed.success) return [];
      const { walkForward } = parsed.data;
      return [...searchCharts(parsed.data), ...(walkForward ? walkForwardCharts(walkForward) : [])];
    }
    case "performance_context": {
      const parsed = PerformanceCharted.safeParse(result);
      return parsed.success
        ? backtestCharts({ ...parsed.data.strategy, benchmarks: parsed.data.benchmarks })
        : [];
    }
    case "compare_backtests": {
      const parsed = ComparisonCharted.safeParse(result);
      return parsed.success ? comparisonCharts(parsed.data) : [];
    }
    case "compute_correlations": {
      const parsed = CorrelationsCharted.safeParse(result);
      return parsed.success ? correlationCharts(parsed.data) : [];
    }
    case "construct_portfolio":
      return portfolioCharts(result);
    case "seasonality":
      return seasonalityCharts(result);
    case "drawdowns":
      return drawdownCharts(result);
    case "analyze_pair":
      return pairCharts(result);
    case "account_performance": {
      const parsed = AccountCharted.safeParse(result);
      return parsed.success ? accountCharts(parsed.data) : [];
    }
    case "explain_strategy": {
      const parsed = ExplanationCharted.safeParse(result);
      return parsed.success ? entryExitCharts(parsed.data.diagram) : [];
    }
    default:
      return [];
  }
}

const AccountCharted = z.object({
  broker: z.string(),
  totalReturn: z.number(),
  profitLoss: z.number(),
  equity: z.array(z.object({ time: z.string(), value: z.number() })),
});

/** The account's equity at each close of the period, its return in the subtitle. */
function accountCharts(result: z.output<typeof AccountCharted>): ChartSpec[] {
  const points = toPoints(result.equity);
  // Two closes are one change: the reply says it, a line of it would not.
  if (points.length < 3) return [];
  const [first, last] = [result.equity[0]!.time, result.equity.at(-1)!.time];
  return [
    {
      title: `Account equity at ${result.broker}`,
      subtitle: `${first.slice(0, 10)} to ${last.slice(0, 10)} · return ${percent(result.totalReturn)} · profit or loss ${result.profitLoss.toFixed(2)}`,
      yAxisLabel: "Equity",
      series: [downsampled({ name: "Account", points })],
    },
  ];
}

/** The strategy before a backtest's changes, as a line: when there is one with bars. */
function originalSeries(result: z.output<typeof BacktestCharted>): ChartSeries | undefined {
  const points = toPoints(result.variantOf?.equity ?? []);
  return points.length >= 2 ? { name: "Before the changes", points } : undefined;
}

function backtestCharts(result: z.output<typeof BacktestCharted>): ChartSpec[] {
  const equity = toPoints(result.equity);
  if (equity.length < 2) return [];
  const benchmarks = Object.values(result.benchmarks);
  const original = originalSeries(result);
  const series: ChartSeries[] = [
    { name: "Strategy", points: equity },
    ...(original ? [original] : []),
    ...benchmarks.flatMap((benchmark) => {
      const points = toPoints(benchmark.equity ?? []);
      return points.length >= 2 ? [{ name: benchmark.name, points }] : [];
    }),
  ];
  const before = result.variantOf?.metrics;
  const returns = [
    `Strategy ${percent(result.metrics.totalReturn)}`,
    ...(original && before ? [`Before the changes ${percent(before.totalReturn)}`] : []),
    ...benchmarks.map((benchmark) => `${benchmark.name} ${percent(benchmark.metrics.totalReturn)}`),
  ];
  const period = describePeriod(result.metrics.startTime, result.metrics.endTime);
  return [
    {
      title: `Equity against benchmarks${period}`,
      subtitle: `Total return: ${returns.join(" · ")}`,
      yAxisLabel: "Equity",
      series: series.map(downsampled),
      logScale: compounds(series),
    },
    {
      title: `Drawdown${period}`,
      subtitle: `Largest fall from a peak: ${percent(-result.metrics.maxDrawdown)}`,
      yAxisLabel: "Drawdown (%)",
      series: [
        { name: "Strategy", points: drawdownPercent(equity) },
        ...(original ? [{ name: original.name, points: drawdownPercent(original.points) }] : []),
      ].map(downsampled),
    },
  ];
}

function comparisonCharts({ common, equity }: z.output<typeof ComparisonCharted>): ChartSpec[] {
  const repeated = (name: string) => equity.filter((backtest) => backtest.name === name).length > 1;
  const series = equity
    .map(({ id, name, curve }) => ({
      name: repeated(name) ? `${name} (${id.slice(0, 8)})` : name,
      points: toPoints(curve),
    }))
    .filter(({ points }) => points.length >= 2);
  if (series.length < 2) return [];
  return [
    {
      title: common
        ? `Equity from 1${describePeriod(common.start, common.end)}`
        : "Equity from 1, each over its own period",
      subtitle: "The backtests compared, each curve divided by its value on the first day shown",
      yAxisLabel: "Growth of 1",
      series: series.map(downsampled),
      logScale: compounds(series),
      allSubjects: true,
    },
  ];
}

/** Two symbols: their correlation over time; more: the average and the first eigenvalue's share. */
function correlationCharts({
  symbols,
  window,
  baseline,
  history,
}: z.output<typeof CorrelationsCharted>): ChartSpec[] {
  const average = toPoints(
    history.map(({ time, averageCorrelation }) => ({ time, value: averageCorrelation })),
  );
  if (average.length < 2) return [];
  const pair = symbols.length === 2;
  const series: ChartSeries[] = [
    { name: pair ? `${symbols[0]}/${symbols[1]}` : "Average correlation", points: average },
  ];
  if (!pair)
    series.push({
      name: "First eigenvalue's share",
      points: toPoints(
        history.map(({ time, firstEigenShare }) => ({ time, value: firstEigenShare })),
      ),
    });
  return [
    {
      title: `${pair ? `${symbols[0]}/${symbols[1]} correlation` : `Correlation across ${symbols.length} symbols`}, rolling ${window} days`,
      subtitle:
        baseline.averageCorrelation === null
          ? "Pearson correlation of daily log returns"
          : `Pearson correlation of daily log returns; the year before the last window averaged ${baseline.averageCorrelation.toFixed(2)}`,
      yAxisLabel: "Correlation",
      series: series.map(downsampled),
    },
  ];
}

/** Months as a heatmap of years by months, or each year's return as a bar. */
function periodCharts({
  months,
  years,
}: NonNullable<z.output<typeof BacktestCharted>["periodReturns"]>): ChartSpec[] {
  if (months.length > 0)
    return [
      {
        kind: "heatmap",
        title: "Returns by month",
        subtitle: `${years[0]?.period ?? ""} to ${years.at(-1)?.period ?? ""}, from the equity at each month's last close`,
        xAxisLabel: "Month",
        yAxisLabel: "Year",
        valueLabel: "Return (%)",
        diverging: true,
        cells: months.map(({ period, return: value }) => ({
          x: Number(period.slice(5, 7)),
          y: Number(period.slice(0, 4)),
          value: value * 100,
        })),
      },
    ];
  if (years.length === 0) return [];
  return [
    {
      kind: "xy",
      title: "Returns by year",
      xAxisLabel: "Year",
      yAxisLabel: "Return (%)",
      series: [
        {
          name: "Strategy",
          mark: "bar",
          points: years.map(({ period, return: value }) => ({ x: period, y: value * 100 })),
        },
      ],
    },
  ];
}

function walkForwardCharts(
  walk: NonNullable<z.output<typeof OptimizationCharted>["walkForward"]>,
): ChartSpec[] {
  const equity = toPoints(walk.stitchedEquity);
  if (equity.length < 2) return [];
  const efficiency = walk.efficiency === null ? "undefined" : walk.efficiency.toFixed(2);
  return [
    {
      title: `Walk-forward out-of-sample equity (${walk.mode} windows)`,
      subtitle: `Out-of-sample return ${percent(walk.outOfSampleReturn)} · walk-forward efficiency ${efficiency}`,
      yAxisLabel: "Equity",
      series: [downsampled({ name: "Out of sample, stitched", points: equity })],
    },
  ];
}

function barsCharts(result: z.output<typeof BarsCharted>): ChartSpec[] {
  const close = toPoints(result.bars.map((bar) => ({ time: bar.time, value: bar.close })));
  if (close.length < 2) return [];
  const series = [{ name: "Close", points: close }];
  return [
    {
      title: `${result.symbol} close, ${result.timeframe} bars${result.adjusted ? " (adjusted)" : ""}`,
      yAxisLabel: "Price",
      series: series.map(downsampled),
      logScale: compounds(series),
    },
  ];
}

function toPoints(values: readonly { time: string; value: number }[]): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const { time, value } of values) {
    const timeMs = Date.parse(time);
    if (Number.isFinite(timeMs) && Number.isFinite(value)) points.push({ timeMs, value });
  }
  return points;
}

/** Percent below the running peak (0 at a new high, -25 a quarter below it). */
function drawdownPercent(equity: readonly ChartPoint[]): ChartPoint[] {
  const falls = underwater(equity.map(({ value }) => value));
  return equity.map(({ timeMs }, i) => ({ timeMs, value: -falls[i]! * 100 }));
}

function downsampled(series: ChartSeries): ChartSeries {
  return { name: series.name, points: downsample(series.points) };
}

function compounds(series: readonly ChartSeries[]): boolean {
  let low = Infinity;
  let high = -Infinity;
  for (const { points } of series) {
    for (const { value } of points) {
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
  }
  return low > 0 && high / low >= logScaleRatio;
}

function describePeriod(startTime: string | null, endTime: string | null): string {
  return startTime && endTime ? `, ${startTime.slice(0, 10)} to ${endTime.slice(0, 10)}` : "";
}

const percent = (ratio: number) => `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(1)}%`;
