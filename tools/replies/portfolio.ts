import { count, fixed, percent } from "./format.ts";

interface PortfolioOutput {
  id: string;
  objective: string;
  weights: Record<string, number>;
  cash: number;
  expectedReturn: number;
  volatility: number;
  sharpe: number | null;
  riskContributions: Record<string, number>;
  observations: number;
  strategies?: { strategyId: string; name: string }[] | undefined;
}

/** construct_portfolio: each weight with its share of the risk, and the portfolio's numbers. */
export function describePortfolio(result: PortfolioOutput): string {
  const names = new Map(
    (result.strategies ?? []).map(({ strategyId, name }) => [
      strategyId,
      `${name} (${strategyId.slice(0, 12)}…)`,
    ]),
  );
  const rows = Object.entries(result.weights).sort(([, a], [, b]) => b - a);
  return [
    `Portfolio ${result.id} (${result.objective}, from ${count(result.observations, "daily return")} per asset): expected return ${percent(result.expectedReturn)} a year, volatility ${percent(result.volatility)}, Sharpe ${fixed(result.sharpe)}.`,
    ...rows.map(
      ([asset, weight]) =>
        `- ${names.get(asset) ?? asset}: weight ${percent(weight)}, risk share ${percent(result.riskContributions[asset])}`,
    ),
    ...(result.cash > 0 ? [`- cash: ${percent(result.cash)}`] : []),
    `Bring an account to these weights with "rebalance portfolio ${result.id}".`,
  ].join("\n");
}
