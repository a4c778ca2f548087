export {
  constructPortfolio,
  CovarianceMethod,
  ExpectedReturnsMethod,
  Objective,
  objectives,
  type PortfolioRequest,
  type PortfolioResult,
} from "./construct.ts";
export {
  infeasibility,
  PortfolioInputError,
  requireFeasible,
  satisfies,
  type InfeasibleConstraints,
  type WeightConstraints,
} from "./constraints.ts";
export {
  centerReturns,
  correlationOf,
  crossProducts,
  minimumObservations,
  sampleCovariance,
  simpleReturns,
  type CenteredReturns,
} from "./covariance.ts";
export { portfolioHistory, type PortfolioHistory } from "./history.ts";
export { bayesSteinMeans, type ShrunkMeans } from "./expected-returns.ts";
export { efficientFrontier, maximumReturn, type FrontierPoint } from "./frontier.ts";
export {
  correlationDistance,
  hierarchicalRiskParity,
  quasiDiagonalOrder,
  recursiveBisection,
  singleLinkage,
  type Linkage,
} from "./hrp.ts";
export { ledoitWolf, ShrinkageTarget, type ShrunkCovariance } from "./ledoit-wolf.ts";
export { maximumRatio, minimumVariance } from "./mean-variance.ts";
export { nearestFeasible } from "./nearest-feasible.ts";
export {
  QuadraticProgramSolver,
  type QuadraticConstraints,
  type QuadraticOutcome,
} from "./quadratic-program.ts";
export { riskParity } from "./risk-parity.ts";
export { portfolioMean, portfolioVariance, riskContributions } from "./risk.ts";
