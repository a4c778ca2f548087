import { fixed, percent, inWords } from "./format.ts";

interface Strategies {
  rankedBy?: keyof typeof rankingOrders | null;
  strategies: {
    id: string;
    name: string;
    stage: string;
    latestBacktest: Headline | null;
  }[];
}

interface Headline {
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  trades: number | null;
}

/** A backtest's headline numbers in one line. */
export const headline = (run: Headline) =>
  `total return ${percent(run.totalReturn)}, Sharpe ${fixed(run.sharpe)}, max drawdown ${percent(run.maxDrawdown)}, ${run.trades ?? "n/a"} trades`;

/** A ranking of list_strategies in words. */
export const rankingOrders = {
  sharpe: "the highest Sharpe first",
  totalReturn: "the highest total return first",
  maxDrawdown: "the shallowest max drawdown first",
} as const;

export function describeStrategies({ strategies, rankedBy }: Strategies): string {
  if (strategies.length === 0)
    return 'No strategies stored yet: backtest one first, e.g. "backtest a 20/50 moving average crossover on SPY".';
  return [
    `${strategies.length} stored ${strategies.length === 1 ? "strategy" : "strategies"}, ${rankedBy ? `${rankingOrders[rankedBy]} (each by its latest backtest, over that backtest's own period)` : "newest first"}:`,
    ...strategies.map(({ id, name, stage, latestBacktest: run }) => {
      const numbers = run ? `latest backtest: ${headline(run)}` : "not backtested";
      return `- ${name} (${inWords(stage)}): ${numbers}\n  id ${id}`;
    }),
  ].join("\n");
}
