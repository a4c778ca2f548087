import {
  constructPortfolio,
  PortfolioInputError,
  type PortfolioRequest,
  type PortfolioResult,
} from "../../engine/portfolio/index.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { isoTime } from "../time-input.ts";
import {
  ConstructPortfolioBrief,
  ConstructPortfolioInput,
  ConstructPortfolioOutput,
  type ConstructPortfolioOutput as Output,
} from "./portfolio-schema.ts";
import { historySummary, historyView } from "./portfolio-history.ts";
import { loadStrategyReturns, type StrategyReturns } from "./strategy-returns.ts";
import { loadSymbolReturns } from "./symbol-returns.ts";

const method =
  "Simple returns per period (stored strategies: daily, from equity curves joined on the UTC dates they share). Covariance: sample (divisor T - 1) or Ledoit-Wolf (2004) shrinkage toward constant correlation. Expected returns: historical mean or Jorion's (1986) Bayes-Stein shrinkage toward the minimum-variance portfolio's mean. minVariance and maxSharpe (Cornuejols-Tütüncü transformation) and maxDiversification are quadratic programs solved exactly with the constraints by Goldfarb-Idnani's dual active-set method; riskParity by cyclical coordinate descent, hrp per López de Prado (2016; single linkage on √((1-ρ)/2)), equalWeight, each moved to the nearest feasible weights (χ² distance) when the constraints bind. Clusters: average linkage of the return correlations at `clusterThreshold`. Annualized with `periodsPerYear`.";

export const constructPortfolioTool = defineTool({
  name: "construct_portfolio",
  summary:
    "Weight strategies, stored symbols or return series: HRP, risk parity, min variance, max Sharpe, max diversification, equal weight.",
  description:
    "Weight stored strategies (their actual or backtested daily returns), stored symbols (daily returns of their adjusted closes, on the dates all share) or raw return series into a portfolio: hierarchical risk parity by default, or risk parity, minimum variance, maximum Sharpe, maximum diversification, equal weight; Ledoit-Wolf covariance; weight bounds, caps per correlation cluster, a cash buffer, dollar amounts of the broker's buying power. Reports expected return, volatility, Sharpe ratio, risk contributions and the efficient frontier, and stores the portfolio as history.",
  input: ConstructPortfolioInput,
  output: ConstructPortfolioOutput,
  effect: "write",
  openWorld: true,
  brief: {
    output: ConstructPortfolioBrief,
    from: ({ frontier, riskContributions, clusters, history, ...rest }) => ({
      ...rest,
      history: historySummary(history),
      largestRiskContributions: Object.entries(riskContributions)
        .map(([name, share]) => ({ name, share }))
        .sort((a, b) => b.share - a.share)
        .slice(0, 10),
      clusters: clusters.map(({ members, ...cluster }) => ({ ...cluster, size: members.length })),
      frontierPoints: frontier.length,
    }),
  },
  async run(input, context) {
    const loaded = input.strategyIds
      ? await loadStrategyReturns(context, input.strategyIds)
      : undefined;
    const ofSymbols = input.symbols
      ? await loadSymbolReturns(context.store, input.symbols, input.start, input.end)
      : undefined;
    const names = loaded
      ? loaded.sources.map((source) => source.strategyId)
      : (input.symbols ?? Object.keys(input.returns!));
    const returns =
      loaded?.returns ??
      ofSymbols?.returns ??
      Object.values(input.returns!).map((series) => Float64Array.from(series));
    const periods = input.periodsPerYear;
    const { constraints } = input;
    context.progress(0.6, `optimizing ${names.length} assets (${input.objective})`);
    const result = buildPortfolio({
      names,
      returns,
      objective: input.objective,
      covariance: input.covariance,
      expectedReturns: input.expectedReturns,
      riskFreeRate: input.riskFreeRate / periods,
      minWeight: constraints.minWeight,
      maxWeight: constraints.maxWeight,
      ...(constraints.clusterCap === undefined ? {} : { clusterCap: constraints.clusterCap }),
      clusterThreshold: constraints.clusterThreshold,
      cashBuffer: constraints.cashBuffer,
      frontierPoints: input.frontierPoints,
    });
    const warnings = [...(loaded?.warnings ?? []), ...result.warnings];
    const weights = byName(names, result.weights);
    const allocation = constraints.useBuyingPower
      ? await buyingPowerAmounts(context, weights, warnings)
      : undefined;
    const expectedReturn = result.expectedReturn * periods;
    const volatility = result.volatility * Math.sqrt(periods);
    const output: Omit<Output, "id"> = {
      objective: input.objective,
      weights,
      cash: constraints.cashBuffer,
      expectedReturn,
      volatility,
      sharpe: volatility > 0 ? (expectedReturn - input.riskFreeRate) / volatility : null,
      riskContributions: byName(names, result.riskContributions),
      clusters: clusterList(names, result),
      frontier: result.frontier.map((point) => ({
        volatility: point.volatility * Math.sqrt(periods),
        expectedReturn: point.expectedReturn * periods,
      })),
      covariance: {
        method: input.covariance,
        ...(result.covarianceShrinkage ? { shrinkage: result.covarianceShrinkage.intensity } : {}),
      },
      expectedReturns: {
        method: input.expectedReturns,
        ...(result.meanShrinkage
          ? {
              shrinkage: result.meanShrinkage.intensity,
              grandMean: result.meanShrinkage.grandMean * periods,
            }
          : {}),
      },
      observations: returns[0]!.length,
      history: historyView(returns, result.weights, loaded?.dayMs ?? ofSymbols?.dayMs),
      ...(loaded ? strategyFields(loaded) : {}),
      ...(ofSymbols ? { period: periodOf(ofSymbols.dayMs) } : {}),
      ...(allocation ? { allocation } : {}),
      warnings,
      method,
    };
    context.progress(0.9, "storing the portfolio");
    const stored = await context.store.savePortfolio({
      assets: names,
      source: loaded ? "strategies" : "returns",
      objective: input.objective,
      request: { ...input, returns: undefined, series: loaded || ofSymbols ? undefined : names },
      weights,
      expectedReturn,
      volatility,
      result: output,
      actor: context.actor,
    });
    context.progress(1, "done");
    return { id: stored.id, ...output };
  },
});

/** The engine's verdict on infeasible constraints or a singular covariance, as invalid input naming the field. */
function buildPortfolio(request: PortfolioRequest): PortfolioResult {
  try {
    return constructPortfolio(request);
  } catch (error) {
    if (!(error instanceof PortfolioInputError)) throw error;
    const path = error.field === "covariance" ? ["covariance"] : ["constraints", error.field];
    throw invalidInput(error.message, [{ path, message: error.message }]);
  }
}

const byName = (names: readonly string[], values: Float64Array) =>
  Object.fromEntries(names.map((name, i) => [name, values[i]!]));

function clusterList(names: readonly string[], result: PortfolioResult): Output["clusters"] {
  const clusters = new Map<string, { members: string[]; weight: number }>();
  names.forEach((name, i) => {
    const label = result.clusters.get(name)!;
    const cluster = clusters.get(label) ?? { members: [], weight: 0 };
    cluster.members.push(name);
    cluster.weight += result.weights[i]!;
    clusters.set(label, cluster);
  });
  return [...clusters.entries()]
    .map(([label, cluster]) => ({ label, ...cluster }))
    .sort((a, b) => b.weight - a.weight || a.label.localeCompare(b.label));
}

function strategyFields(loaded: StrategyReturns) {
  return { strategies: loaded.sources, period: periodOf(loaded.dayMs) };
}

/** The first and last return dates the estimates rest on. */
const periodOf = (dayMs: Float64Array) => ({
  first: isoTime(dayMs[0]!),
  last: isoTime(dayMs[dayMs.length - 1]!),
});

/** Dollars per asset of the broker account's buying power; a warning where no broker is connected. */
async function buyingPowerAmounts(
  context: ToolContext,
  weights: Record<string, number>,
  warnings: string[],
): Promise<Output["allocation"]> {
  if (!context.execution) {
    warnings.push(
      "useBuyingPower: no broker is connected here, so the weights were not turned into dollar amounts",
    );
    return undefined;
  }
  const { broker } = context.execution;
  const account = await broker.account();
  return {
    broker: broker.name,
    buyingPower: account.buyingPower,
    amounts: Object.fromEntries(
      Object.entries(weights).map(([name, weight]) => [name, weight * account.buyingPower]),
    ),
  };
}
