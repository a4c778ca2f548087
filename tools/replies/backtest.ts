import { amount, fixed, percent } from "./format.ts";
import { periodTable, type PeriodReturns } from "./period-table.ts";

export interface BacktestOutput {
  id: string;
  strategyId: string;
  name: string;
  metrics: {
    startTime: string | null;
    endTime: string | null;
    totalReturn: number;
    /** Absent from results summarized without it (a comparison's rows). */
    finalEquity?: number;
    cagr: number | null;
    sharpe: number | null;
    maxDrawdown: number;
    trades: number;
    winRate: number | null;
  };
  benchmarks?: Record<string, { name: string; metrics: { totalReturn: number } } | null>;
  variantOf?: {
    name: string;
    changes: string[];
    metrics: Pick<
      BacktestOutput["metrics"],
      "totalReturn" | "sharpe" | "maxDrawdown" | "trades"
    > | null;
  };
  warnings?: string[];
  /** With `returnsBy`: each month's and year's return. */
  periodReturns?: PeriodReturns | null;
}

/** "total return 40.99% → 35.20%, ...": the strategy before the changes, then after. */
function comparison(result: BacktestOutput): string | undefined {
  const before = result.variantOf;
  if (!before) return undefined;
  const head = `Before the changes (${before.changes.join(", ")}), "${before.name}"`;
  if (!before.metrics) return `${head} has no bars in this period to compare with.`;
  const after = result.metrics;
  const pair = (
    label: string,
    format: (value: number | null) => string,
    key: "totalReturn" | "sharpe" | "maxDrawdown" | "trades",
  ) => `${label} ${format(before.metrics![key])} → ${format(after[key])}`;
  return `${head} over the same period: ${[
    pair("total return", percent, "totalReturn"),
    pair("Sharpe", fixed, "sharpe"),
    pair("max drawdown", percent, "maxDrawdown"),
    pair("trades", String, "trades"),
  ].join(", ")}.`;
}

/** "Backtest <id> of "<name>" (strategy …), <period>:" and its headline numbers: two lines. */
export function backtestHeadline(
  result: Pick<BacktestOutput, "id" | "name" | "strategyId" | "metrics">,
  ran = "",
): string[] {
  const m = result.metrics;
  return [
    `Backtest ${result.id} of "${result.name}" (strategy ${result.strategyId.slice(0, 12)}…), ${m.startTime?.slice(0, 10) ?? "?"} to ${m.endTime?.slice(0, 10) ?? "?"}${ran}:`,
    `total return ${percent(m.totalReturn)}${m.finalEquity === undefined ? "" : ` (equity ${amount(m.finalEquity)} at the end)`}, CAGR ${percent(m.cagr)}, Sharpe ${fixed(m.sharpe)}, max drawdown ${percent(m.maxDrawdown)}, ${m.trades} trades, win rate ${percent(m.winRate)}.`,
  ];
}

export function describeBacktest(result: BacktestOutput): string {
  const lines = backtestHeadline(result);
  const changed = comparison(result);
  if (changed) lines.push(changed);
  for (const benchmark of Object.values(result.benchmarks ?? {}))
    if (benchmark)
      lines.push(
        `Benchmark ${benchmark.name}: total return ${percent(benchmark.metrics.totalReturn)}.`,
      );
  if (result.periodReturns) lines.push(...periodTable(result.periodReturns));
  for (const warning of result.warnings ?? []) lines.push(`Note: ${warning}`);
  return lines.join("\n");
}
