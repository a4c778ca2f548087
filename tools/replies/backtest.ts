import { fixed, percent } from "./format.ts";

interface BacktestOutput {
  id: string;
  strategyId: string;
  name: string;
  metrics: {
    startTime: string | null;
    endTime: string | null;
    totalReturn: number;
    cagr: number | null;
    sharpe: number | null;
    maxDrawdown: number;
    trades: number;
    winRate: number | null;
  };
  benchmarks?: Record<string, { name: string; metrics: { totalReturn: number } } | null>;
  warnings?: string[];
}

export function describeBacktest(result: BacktestOutput): string {
  const m = result.metrics;
  const lines = [
    `Backtest ${result.id} of "${result.name}" (strategy ${result.strategyId.slice(0, 12)}…), ${m.startTime?.slice(0, 10) ?? "?"} to ${m.endTime?.slice(0, 10) ?? "?"}:`,
    `total return ${percent(m.totalReturn)}, CAGR ${percent(m.cagr)}, Sharpe ${fixed(m.sharpe)}, max drawdown ${percent(m.maxDrawdown)}, ${m.trades} trades, win rate ${percent(m.winRate)}.`,
  ];
  for (const benchmark of Object.values(result.benchmarks ?? {}))
    if (benchmark)
      lines.push(
        `Benchmark ${benchmark.name}: total return ${percent(benchmark.metrics.totalReturn)}.`,
      );
  for (const warning of result.warnings ?? []) lines.push(`Note: ${warning}`);
  return lines.join("\n");
}
