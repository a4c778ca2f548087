import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { notFound } from "../errors.ts";
import type { StoredPortfolio } from "../ports/portfolios.ts";
import { isoTime } from "../time-input.ts";
import { historySummary, PortfolioHistorySummary } from "./portfolio-history.ts";
import type { ConstructPortfolioOutput } from "./portfolio-schema.ts";
import { PortfolioIdInput } from "./rebalance-schema.ts";

const PortfolioView = z.object({
  id: z.string(),
  objective: z.string(),
  source: z.enum(["strategies", "returns"]),
  createdAt: z.string(),
  weights: z
    .array(
      z.object({
        asset: z.string().describe("A symbol, a return series' name, or a strategy id."),
        name: z.string().nullable().describe("The strategy's name, for a portfolio of strategies."),
        weight: z.number(),
      }),
    )
    .describe("Largest first."),
  cash: z.number().describe("The share of equity the weights leave in cash."),
  expectedReturn: z.number().describe("Annualized, as estimated when it was built."),
  volatility: z.number().describe("Annualized, as estimated when it was built."),
  sharpe: z.number().nullable(),
  observations: z.number().nullable().describe("Returns per asset the estimates rested on."),
  period: z.object({ first: z.string(), last: z.string() }).nullable(),
  history: PortfolioHistorySummary.nullable().describe(
    "The weights held over the returns they were built from: drawdown, worst day, value at risk (null for a portfolio stored before Alphadesk measured it).",
  ),
});

export const listPortfolios = defineTool({
  name: "list_portfolios",
  summary:
    "Stored portfolios, newest first: weights, expected return, volatility, Sharpe, drawdown and value at risk as built.",
  description:
    "The portfolios construct_portfolio stored, newest first (or one by its id): objective, each asset's weight (strategies by name), the cash left, the expected return, volatility and Sharpe ratio estimated when it was built, and its risk over the returns it was built from (max drawdown, worst day, 95% value at risk and expected shortfall). rebalance_portfolio takes one by its id; the newest is its default.",
  input: z
    .object({
      portfolioId: PortfolioIdInput.optional().describe("Only this portfolio."),
      limit: z.number().int().min(1).max(50).default(10),
    })
    .strict(),
  output: z.object({ portfolios: z.array(PortfolioView) }),
  effect: "read",
  idempotent: true,
  async run({ portfolioId, limit }, context) {
    const ids = portfolioId
      ? [portfolioId]
      : (await context.store.listPortfolios({ limit })).map((summary) => summary.id);
    const stored = await Promise.all(ids.map((id) => context.store.requestPortfolio(id)));
    if (portfolioId && !stored[0])
      throw notFound(`no stored portfolio has the id ${portfolioId}: list_portfolios lists them`);
    return {
      portfolios: stored.filter((portfolio) => portfolio !== undefined).map(viewOf),
    };
  },
});

/** A stored portfolio with what its stored result adds: names, Sharpe, the returns it rested on. */
function viewOf(portfolio: StoredPortfolio): z.input<typeof PortfolioView> {
  const result = portfolio.result as Partial<ConstructPortfolioOutput>;
  const names = new Map(
    (result.strategies ?? []).map((strategy) => [strategy.strategyId, strategy.name]),
  );
  const weights = Object.entries(portfolio.weights)
    .map(([asset, weight]) => ({ asset, name: names.get(asset) ?? null, weight }))
    .sort((a, b) => b.weight - a.weight || a.asset.localeCompare(b.asset));
  const invested = weights.reduce((sum, { weight }) => sum + weight, 0);
  return {
    id: portfolio.id,
    objective: portfolio.objective,
    source: portfolio.source,
    createdAt: isoTime(portfolio.createdAtMs),
    weights,
    cash: Math.max(0, 1 - invested),
    expectedReturn: portfolio.expectedReturn,
    volatility: portfolio.volatility,
    sharpe: result.sharpe ?? null,
    observations: result.observations ?? null,
    period: result.period ?? null,
    history: result.history ? historySummary(result.history) : null,
  };
}
