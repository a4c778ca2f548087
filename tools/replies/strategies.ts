import { fixed, percent, inWords } from "./format.ts";

interface Strategies {
  rankedBy?: keyof typeof rankingOrders | null;
  /** Absent from results stored before list_strategies gave it. */
  archived?: boolean;
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

export function describeStrategies({ strategies, rankedBy, archived }: Strategies): string {
  if (strategies.length === 0)
    return archived
      ? "No archived strategies."
      : 'No strategies stored yet: backtest one first, e.g. "backtest a 20/50 moving average crossover on SPY".';
  const kind = archived ? "archived" : "stored";
  return [
    `${strategies.length} ${kind} ${strategies.length === 1 ? "strategy" : "strategies"}, ${rankedBy ? `${rankingOrders[rankedBy]} (each by its latest backtest, over that backtest's own period)` : "newest first"}:`,
    ...strategies.map(({ id, name, stage, latestBacktest: run }) => {
      const numbers = run ? `latest backtest: ${headline(run)}` : "not backtested";
      return `- ${name} (${inWords(stage)}): ${numbers}\n  id ${id}`;
    }),
  ].join("\n");
}

interface StrategyUpdate {
  strategy: { id: string; name: string; previousName: string; archived: boolean };
  changed: ("name" | "archived")[];
}

/** update_strategy: what changed, and how to undo an archive. */
export function describeStrategyUpdated({ strategy, changed }: StrategyUpdate): string {
  const which = `"${strategy.name}" (${strategy.id.slice(0, 12)}…)`;
  if (changed.length === 0)
    return `Nothing to change: ${which} is already ${strategy.archived ? "archived" : "listed"} under that name.`;
  return [
    ...(changed.includes("name")
      ? [`Renamed "${strategy.previousName}" to "${strategy.name}" (${strategy.id.slice(0, 12)}…).`]
      : []),
    ...(changed.includes("archived")
      ? [
          strategy.archived
            ? `Archived ${which}: it is left out of the listings; its spec, backtests and programs are kept, and "restore it" or using it again lists it again.`
            : `Restored ${which}: it is listed again.`,
        ]
      : []),
  ].join("\n");
}
