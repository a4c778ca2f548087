import { z } from "zod";
import type { PerformanceMetrics } from "../../engine/metrics/performance.ts";
import type { Trade } from "../../engine/simulate/types.ts";
import { downsample } from "../charts/downsample.ts";
import type { ChartPoint } from "../ports/chart-renderer.ts";
import { isoTime } from "../time-input.ts";

const ratio = (meaning: string) => z.number().nullable().describe(meaning);

export const MetricsSchema = z.object({
  startTime: z.string().nullable().describe("First bar of the simulated period, ISO-8601 UTC."),
  endTime: z.string().nullable().describe("Last bar of the simulated period, ISO-8601 UTC."),
  years: z.number(),
  finalEquity: z.number(),
  totalReturn: z.number().describe("Final equity / initial cash - 1 (0.25 = +25%)."),
  cagr: ratio("Compound annual growth rate."),
  volatility: ratio("Annualized volatility of daily returns."),
  sharpe: ratio("Annualized Sharpe ratio of daily returns, risk-free rate 0."),
  sortino: ratio("Annualized Sortino ratio (downside deviation, target 0)."),
  calmar: ratio("CAGR / max drawdown."),
  maxDrawdown: z
    .number()
    .describe("Largest fall from a peak, as a positive fraction (0.2 = -20%)."),
  maxDrawdownDurationDays: z.number().describe("Longest time below a previous peak, in days."),
  trades: z.number().int().describe("Closed trades."),
  winRate: ratio("Share of closed trades with positive net P&L."),
  profitFactor: ratio("Gross profit / gross loss (null without losing trades)."),
  expectancy: ratio("Mean net P&L per closed trade, in account currency."),
  exposure: z.number().describe("Share of bars that ended with a position open."),
  turnover: ratio("Traded notional per year / average equity."),
});

export const TradeSchema = z.object({
  symbol: z.string(),
  side: z.enum(["long", "short"]),
  entryTime: z.string(),
  entryPrice: z.number(),
  exitTime: z.string(),
  exitPrice: z.number(),
  quantity: z.number(),
  pnl: z.number().describe("Net of fees."),
  fees: z.number(),
  barsHeld: z.number().int(),
  exitReason: z.enum(["signal", "stopLoss", "takeProfit", "trailingStop", "timeExit"]),
});

/** A curve drawn beside the strategy's (a benchmark's, the original's): a few hundred points are enough. */
export const chartPoints = 500;

export const TimedValueSchema = z.object({ time: z.string(), value: z.number() });

/** A curve thinned to `chartPoints` for drawing beside another, its times ISO-8601 again. */
export const chartCurve = (points: readonly ChartPoint[]) =>
  downsample(points, chartPoints).map(({ timeMs, value }) => ({ time: isoTime(timeMs), value }));

export const BenchmarkSchema = z.object({
  name: z.string(),
  metrics: MetricsSchema,
  equity: z
    .array(TimedValueSchema)
    .describe(`The benchmark's equity, thinned to at most ${chartPoints} points for charts.`),
});

export function formatMetrics(metrics: PerformanceMetrics): z.input<typeof MetricsSchema> {
  const { startTimeMs, endTimeMs, ...rest } = metrics;
  return {
    startTime: startTimeMs === null ? null : isoTime(startTimeMs),
    endTime: endTimeMs === null ? null : isoTime(endTimeMs),
    ...rest,
  };
}

export function formatTrade(trade: Trade): z.input<typeof TradeSchema> {
  const { entryTimeMs, exitTimeMs, ...rest } = trade;
  return { ...rest, entryTime: isoTime(entryTimeMs), exitTime: isoTime(exitTimeMs) };
}
