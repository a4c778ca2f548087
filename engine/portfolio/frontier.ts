import { constraintRows, type WeightConstraints } from "./constraints.ts";
import { scaledHessian } from "./mean-variance.ts";
import { QuadraticProgramSolver } from "./quadratic-program.ts";
import { portfolioMean, portfolioVariance } from "./risk.ts";

/**
 * The highest expected return any feasible weights reach: the linear program max μᵀw under the
 * constraints. Bounds and cluster caps form a laminar family (a polymatroid), so the greedy
 * algorithm is exact (Edmonds 1970): start every weight at its lower bound, then fill assets in
 * falling order of μ up to their bound or their cluster's cap, until the budget is spent.
 * Assumes the constraints are feasible.
 */
export function maximumReturn(means: Float64Array, constraints: WeightConstraints): Float64Array {
  const { lower, upper, budget } = constraints;
  const n = lower.length;
  const weights = Float64Array.from(lower);
  const clusterRoom = constraints.clusters
    ? Float64Array.from(constraints.clusters.caps)
    : undefined;
  let remaining = budget;
  for (let i = 0; i < n; i++) {
    remaining -= lower[i]!;
    if (clusterRoom) clusterRoom[constraints.clusters!.of[i]!]! -= lower[i]!;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => means[b]! - means[a]! || a - b,
  );
  for (const i of order) {
    if (remaining <= 0) break;
    const cluster = constraints.clusters?.of[i] ?? -1;
    const room = Math.min(upper[i]! - lower[i]!, clusterRoom ? clusterRoom[cluster]! : Infinity);
    const add = Math.max(0, Math.min(room, remaining));
    weights[i]! += add;
    remaining -= add;
    if (clusterRoom) clusterRoom[cluster]! -= add;
  }
  return weights;
}

export interface FrontierPoint {
  /** Per period, like the inputs. */
  expectedReturn: number;
  volatility: number;
  weights: Float64Array;
}

/**
 * `points` portfolios along the constrained efficient frontier: least variance at expected
 * returns spaced evenly from the minimum-variance portfolio's to the highest feasible one. Each
 * inner point is the QP min wᵀΣw s.t. μᵀw = target and the constraints (one solver, its Hessian
 * factored once); the last is the greedy maximum-return portfolio.
 */
export function efficientFrontier(
  covariance: Float64Array,
  means: Float64Array,
  constraints: WeightConstraints,
  minimumVarianceWeights: Float64Array,
  points: number,
): FrontierPoint[] {
  const n = means.length;
  const point = (weights: Float64Array): FrontierPoint => ({
    expectedReturn: portfolioMean(weights, means),
    volatility: Math.sqrt(portfolioVariance(weights, covariance)),
    weights,
  });
  const first = point(minimumVarianceWeights);
  const last = point(maximumReturn(means, constraints));
  const span = last.expectedReturn - first.expectedReturn;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(means[i]!));
  if (points < 2 || !(span > 1e-12 * Math.max(scale, 1e-300))) return [first];

  const solver = new QuadraticProgramSolver(n, { equalities: 2, inequalities: n });
  solver.setHessian(scaledHessian(covariance, n));
  const rows = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    rows[i] = 1;
    rows[n + i] = means[i]! / scale;
  }
  const rhs = Float64Array.of(constraints.budget, 0);
  const problem = {
    linear: new Float64Array(n),
    equalities: { rows, rhs },
    ...constraintRows(constraints),
  };
  const frontier = [first];
  for (let k = 1; k < points - 1; k++) {
    rhs[1] = (first.expectedReturn + (span * k) / (points - 1)) / scale;
    const weights = new Float64Array(n);
    if (solver.solve(problem, weights).status === "optimal") frontier.push(point(weights));
  }
  frontier.push(last);
  return frontier;
}
