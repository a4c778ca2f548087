import { correlationClusters } from "../correlation/clusters.ts";
import { cholesky } from "./cholesky.ts";
import { PortfolioInputError, requireFeasible, type WeightConstraints } from "./constraints.ts";
import { centerReturns, correlationOf, crossProducts } from "./covariance.ts";
import { bayesSteinMeans } from "./expected-returns.ts";
import { efficientFrontier } from "./frontier.ts";
import { hierarchicalRiskParity } from "./hrp.ts";
import { ledoitWolf, ShrinkageTarget } from "./ledoit-wolf.ts";
import { maximumRatio, minimumVariance } from "./mean-variance.ts";
import { nearestFeasible } from "./nearest-feasible.ts";
import { riskParity } from "./risk-parity.ts";
import { portfolioMean, portfolioVariance, riskContributions } from "./risk.ts";

export const Objective = {
  maxSharpe: "maxSharpe",
  minVariance: "minVariance",
  riskParity: "riskParity",
  hrp: "hrp",
  maxDiversification: "maxDiversification",
  equalWeight: "equalWeight",
} as const;
export type Objective = (typeof Objective)[keyof typeof Objective];
export const objectives = Object.values(Objective) as [Objective, ...Objective[]];

export const CovarianceMethod = { sample: "sample", ledoitWolf: "ledoitWolf" } as const;
export type CovarianceMethod = (typeof CovarianceMethod)[keyof typeof CovarianceMethod];

export const ExpectedReturnsMethod = { historical: "historical", shrunk: "shrunk" } as const;
export type ExpectedReturnsMethod =
  (typeof ExpectedReturnsMethod)[keyof typeof ExpectedReturnsMethod];

export interface PortfolioRequest {
  names: readonly string[];
  /** Simple returns per period, one column per asset, all the same length. */
  returns: readonly Float64Array[];
  objective: Objective;
  covariance: CovarianceMethod;
  /** For `ledoitWolf`; default constant correlation. */
  shrinkageTarget?: ShrinkageTarget;
  expectedReturns: ExpectedReturnsMethod;
  /** Per period. */
  riskFreeRate: number;
  minWeight: number;
  maxWeight: number;
  /** A cap on each correlation cluster's total weight; none when undefined. */
  clusterCap?: number;
  /** Average correlation at which clusters merge (engine/correlation/clusters.ts). */
  clusterThreshold: number;
  /** Share of capital kept out: the weights sum to 1 − cashBuffer. */
  cashBuffer: number;
  frontierPoints: number;
}

export interface PortfolioResult {
  weights: Float64Array;
  /** Per period: wᵀμ + cashBuffer · rf. */
  expectedReturn: number;
  /** Per period: √(wᵀΣw). */
  volatility: number;
  riskContributions: Float64Array;
  /** Each asset's cluster label ("cluster:<first member>"). */
  clusters: Map<string, string>;
  frontier: { expectedReturn: number; volatility: number }[];
  /** Per period, as used. */
  means: Float64Array;
  covariance: Float64Array;
  /** Ledoit-Wolf's δ when the covariance was shrunk. */
  covarianceShrinkage?: { target: ShrinkageTarget; intensity: number };
  /** Bayes-Stein's ŵ and grand mean when the means were shrunk. */
  meanShrinkage?: { intensity: number; grandMean: number };
  warnings: string[];
}

/**
 * A portfolio of the assets' return streams: estimates (covariance, means, correlation
 * clusters), the objective's weights under the constraints, their risk and return, each asset's
 * share of the risk, and the constrained efficient frontier. Per-period units throughout.
 */
export function constructPortfolio(request: PortfolioRequest): PortfolioResult {
  const { names } = request;
  const n = names.length;
  const warnings: string[] = [];
  const centered = centerReturns(names, request.returns);
  const t = centered.observations;
  const sampleByT = crossProducts(centered, t);
  const clusters = correlationClusters(
    names,
    correlationOf(sampleByT, n),
    request.clusterThreshold,
  );
  const constraints = weightConstraints(request, clusters);
  requireFeasible(constraints);

  let covariance: Float64Array;
  let covarianceShrinkage: PortfolioResult["covarianceShrinkage"];
  if (request.covariance === CovarianceMethod.ledoitWolf) {
    const shrunk = ledoitWolf(centered, sampleByT, request.shrinkageTarget);
    covariance = shrunk.covariance;
    covarianceShrinkage = { target: shrunk.target, intensity: shrunk.intensity };
  } else {
    covariance = sampleByT.map((value) => (value * t) / (t - 1));
    if (t < 2 * n)
      warnings.push(
        `${t} observations for ${n} assets: the sample covariance is noisy (its smallest eigenvalues are biased low); ledoitWolf suits this better`,
      );
  }
  if (!cholesky(covariance, n, new Float64Array(n * n)))
    throw new PortfolioInputError(
      "covariance",
      `the ${request.covariance} covariance is singular (${t} observations, ${n} assets, or series that are copies or combinations of others): use ledoitWolf or drop duplicate series`,
    );

  let means = centered.means;
  let meanShrinkage: PortfolioResult["meanShrinkage"];
  if (request.expectedReturns === ExpectedReturnsMethod.shrunk) {
    const shrunk = bayesSteinMeans(centered.means, covariance, t);
    means = shrunk.means;
    meanShrinkage = { intensity: shrunk.intensity, grandMean: shrunk.grandMean };
  }

  const weights = clampToBounds(
    objectiveWeights(request, covariance, means, constraints, warnings),
    constraints,
  );
  const minimumVarianceWeights =
    request.objective === Objective.minVariance
      ? weights
      : minimumVariance(covariance, constraints);
  const frontier = efficientFrontier(
    covariance,
    means,
    constraints,
    minimumVarianceWeights,
    request.frontierPoints,
  ).map(({ expectedReturn, volatility }) => ({
    expectedReturn: expectedReturn + request.cashBuffer * request.riskFreeRate,
    volatility,
  }));
  return {
    weights,
    expectedReturn: portfolioMean(weights, means) + request.cashBuffer * request.riskFreeRate,
    volatility: Math.sqrt(portfolioVariance(weights, covariance)),
    riskContributions: riskContributions(weights, covariance),
    clusters,
    frontier,
    means,
    covariance,
    ...(covarianceShrinkage ? { covarianceShrinkage } : {}),
    ...(meanShrinkage ? { meanShrinkage } : {}),
    warnings,
  };
}

/** The solvers meet bounds to rounding (a weight of -3e-16); reports show the bound itself. */
function clampToBounds(weights: Float64Array, constraints: WeightConstraints): Float64Array {
  return weights.map((weight, i) =>
    Math.min(constraints.upper[i]!, Math.max(constraints.lower[i]!, weight)),
  );
}

function weightConstraints(
  request: PortfolioRequest,
  clusters: Map<string, string>,
): WeightConstraints {
  const n = request.names.length;
  const constraints: WeightConstraints = {
    lower: new Float64Array(n).fill(request.minWeight),
    upper: new Float64Array(n).fill(request.maxWeight),
    budget: 1 - request.cashBuffer,
  };
  if (request.clusterCap === undefined) return constraints;
  const labels = [...new Set(request.names.map((name) => clusters.get(name)!))];
  return {
    ...constraints,
    clusters: {
      of: Int32Array.from(request.names, (name) => labels.indexOf(clusters.get(name)!)),
      caps: new Float64Array(labels.length).fill(request.clusterCap),
    },
  };
}

function objectiveWeights(
  request: PortfolioRequest,
  covariance: Float64Array,
  means: Float64Array,
  constraints: WeightConstraints,
  warnings: string[],
): Float64Array {
  const n = request.names.length;
  const fitted = (target: Float64Array, scheme: string) => {
    const { weights, adjusted } = nearestFeasible(target, constraints);
    if (adjusted)
      warnings.push(
        `the constraints bind: ${scheme} weights were moved to the nearest feasible ones (relative distance), so they no longer follow ${scheme} exactly`,
      );
    return weights;
  };
  switch (request.objective) {
    case Objective.equalWeight:
      return fitted(new Float64Array(n).fill(1 / n), "equal");
    case Objective.riskParity: {
      const parity = riskParity(covariance, n);
      if (!parity.converged)
        warnings.push(
          `risk parity stopped after ${parity.sweeps} sweeps before reaching tolerance`,
        );
      return fitted(parity.weights, "risk-parity");
    }
    case Objective.hrp:
      return fitted(hierarchicalRiskParity(covariance, n).weights, "HRP");
    case Objective.minVariance:
      return minimumVariance(covariance, constraints);
    case Objective.maxDiversification: {
      const volatilities = Float64Array.from({ length: n }, (_, i) =>
        Math.sqrt(covariance[i * n + i]!),
      );
      return maximumRatio(covariance, volatilities, constraints)!;
    }
    case Objective.maxSharpe: {
      const excess = means.map((mean) => mean - request.riskFreeRate);
      const weights = maximumRatio(covariance, excess, constraints);
      if (weights) return weights;
      warnings.push(
        "no feasible portfolio has an expected return above the risk-free rate, so the Sharpe ratio has no positive maximum: returned the minimum-variance portfolio",
      );
      return minimumVariance(covariance, constraints);
    }
  }
}
