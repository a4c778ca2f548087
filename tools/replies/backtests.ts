import { count, utc } from "./format.ts";
import { headline } from "./strategies.ts";

interface Backtests {
  backtests: {
    id: string;
    strategyId: string;
    strategyName: string;
    start: string | null;
    end: string | null;
    createdAt: string;
    totalReturn: number | null;
    sharpe: number | null;
    maxDrawdown: number | null;
    trades: number | null;
  }[];
}

/** list_backtests: a line per run, newest first, with its strategy, period and headline numbers. */
export function describeBacktests({ backtests }: Backtests): string {
  if (backtests.length === 0)
    return 'No backtests stored yet: run one, e.g. "backtest a 20/50 moving average crossover on SPY".';
  return [
    `${count(backtests.length, "stored backtest")}, newest first:`,
    ...backtests.map((run) => {
      const period = `${run.start?.slice(0, 10) ?? "?"} to ${run.end?.slice(0, 10) ?? "?"}`;
      return `- ${run.strategyName} (${run.strategyId.slice(0, 12)}…), ${period}, run ${utc(run.createdAt)}: ${headline(run)}\n  id ${run.id}`;
    }),
  ].join("\n");
}
