import { z } from "zod";
import type { ChartSpec, TimeChartSpec } from "../ports/chart-renderer.ts";

/** The parts of a construct_portfolio result its charts use. */
const PortfolioCharted = z.object({
  objective: z.string(),
  weights: z.record(z.string(), z.number()),
  expectedReturn: z.number(),
  volatility: z.number(),
  sharpe: z.number().nullable(),
  frontier: z.array(z.object({ volatility: z.number(), expectedReturn: z.number() })),
  // Absent from portfolios stored before it was measured.
  history: z
    .object({
      maxDrawdown: z.number(),
      worstPeriod: z.object({ return: z.number() }),
      valueAtRisk: z.number(),
      value: z.array(z.object({ time: z.string(), value: z.number() })),
    })
    .optional(),
});

/** Bars drawn before the rest are summed into one. */
const maxBars = 30;

/**
 * The value of the weights held over their returns (first: a terminal draws it), the efficient
 * frontier with the chosen portfolio on it, and the weights; none for another shape.
 */
export function portfolioCharts(result: unknown): ChartSpec[] {
  const parsed = PortfolioCharted.safeParse(result);
  if (!parsed.success) return [];
  const portfolio = parsed.data;
  const chosen = `${portfolio.objective} portfolio`;
  const sharpe = portfolio.sharpe === null ? "" : ` · Sharpe ${portfolio.sharpe.toFixed(2)}`;
  const history = portfolio.history;
  return [
    ...(history && history.value.length >= 2 ? [valueChart(history)] : []),
    {
      kind: "xy",
      title: "Efficient frontier (annualized)",
      subtitle: `${chosen}: return ${percent(portfolio.expectedReturn).toFixed(1)}% · volatility ${percent(portfolio.volatility).toFixed(1)}%${sharpe}`,
      xAxisLabel: "Volatility (%)",
      yAxisLabel: "Expected return (%)",
      series: [
        {
          name: "Efficient frontier",
          mark: "line",
          points: portfolio.frontier.map((point) => ({
            x: percent(point.volatility),
            y: percent(point.expectedReturn),
          })),
        },
        {
          name: chosen,
          mark: "point",
          points: [{ x: percent(portfolio.volatility), y: percent(portfolio.expectedReturn) }],
        },
      ],
    },
    {
      kind: "xy",
      title: `Weights (${portfolio.objective})`,
      xAxisLabel: "Asset",
      yAxisLabel: "Weight (%)",
      series: [{ name: "Weight", mark: "bar", points: weightBars(portfolio.weights) }],
    },
  ];
}

const percent = (value: number) => value * 100;

/** The value of 100 at the weights, rebalanced daily, with its risk in the subtitle. */
function valueChart(
  history: NonNullable<z.output<typeof PortfolioCharted>["history"]>,
): TimeChartSpec {
  return {
    title: "Value of 100 held at the weights, rebalanced daily (in sample)",
    subtitle: `max drawdown ${percent(history.maxDrawdown).toFixed(1)}% · worst day ${percent(history.worstPeriod.return).toFixed(1)}% · 95% one-day value at risk ${percent(history.valueAtRisk).toFixed(2)}%`,
    yAxisLabel: "Value",
    series: [
      {
        name: "Portfolio",
        points: history.value.map(({ time, value }) => ({ timeMs: Date.parse(time), value })),
      },
    ],
  };
}

/** The largest weights first; past `maxBars` the rest share one bar. */
function weightBars(weights: Record<string, number>): { x: string; y: number }[] {
  const sorted = Object.entries(weights).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const shown = sorted.length > maxBars ? sorted.slice(0, maxBars - 1) : sorted;
  const bars = shown.map(([name, weight]) => ({ x: name, y: weight * 100 }));
  if (shown.length < sorted.length) {
    const rest = sorted.slice(shown.length);
    bars.push({
      x: `${rest.length} others`,
      y: rest.reduce((sum, [, weight]) => sum + weight, 0) * 100,
    });
  }
  return bars;
}
