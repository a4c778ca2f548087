import { count, fixed, percent, utc } from "./format.ts";
import { describeHistory, type HistoryShown } from "./portfolio-history.ts";

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
  history?: HistoryShown | undefined;
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
    ...(result.history ? [describeHistory(result.history)] : []),
    `Bring an account to these weights with "rebalance portfolio ${result.id}".`,
  ].join("\n");
}

interface PortfoliosOutput {
  portfolios: {
    id: string;
    objective: string;
    createdAt: string;
    weights: { asset: string; name: string | null; weight: number }[];
    cash: number;
    expectedReturn: number;
    volatility: number;
    sharpe: number | null;
    history?: HistoryShown | null | undefined;
  }[];
}

/** Weights shown per portfolio in a listing; the rest are counted. */
const listedWeights = 6;

/** list_portfolios: each portfolio's weights and its numbers as built, newest first. */
export function describePortfolios(result: PortfoliosOutput): string {
  const { portfolios } = result;
  if (portfolios.length === 0)
    return 'No portfolio is stored yet: "allocate across SPY, TLT and GLD with risk parity" builds one.';
  if (portfolios.length === 1)
    return [
      `Portfolio ${portfolioLine(portfolios[0]!)}.`,
      ...(portfolios[0]!.history ? [describeHistory(portfolios[0]!.history)] : []),
      `Rebalance an account to it with "rebalance portfolio ${portfolios[0]!.id}".`,
    ].join("\n");
  return [
    `${count(portfolios.length, "stored portfolio")}, newest first:`,
    ...portfolios.map((portfolio) => `- ${portfolioLine(portfolio)}`),
    `Rebalance one with "rebalance portfolio <id>" (the newest by default).`,
  ].join("\n");
}

/** "<id> (hrp, built ...): SPY 40.00%, ...; expected return ..., volatility ..., Sharpe ...". */
function portfolioLine(portfolio: PortfoliosOutput["portfolios"][number]): string {
  const shown = portfolio.weights
    .slice(0, listedWeights)
    .map(({ asset, name, weight }) => `${name ?? asset} ${percent(weight)}`);
  const more = portfolio.weights.length - listedWeights;
  const cash = portfolio.cash > 0.0005 ? `, cash ${percent(portfolio.cash)}` : "";
  return `${portfolio.id} (${portfolio.objective}, built ${utc(portfolio.createdAt)}): ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}${cash}; expected return ${percent(portfolio.expectedReturn)} a year, volatility ${percent(portfolio.volatility)}, Sharpe ${fixed(portfolio.sharpe)}`;
}
