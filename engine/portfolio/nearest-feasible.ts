import { constraintRows, satisfies, type WeightConstraints } from "./constraints.ts";
import { QuadraticProgramSolver } from "./quadratic-program.ts";

/** Below this a target weight counts as this small, so its term in the distance stays finite. */
const smallestTarget = 1e-12;

/**
 * The feasible weights nearest to target weights (positive, summing to 1) in relative terms: the
 * target scaled to the budget when that already satisfies the constraints, else the QP
 * min Σ (w_i − t_i)² / t_i (Pearson's χ² distance, t scaled to the budget). Where only caps and
 * the budget bind, its solution moves weight in proportion to the targets: a capped cluster's
 * members shrink by one factor and the rest grow by another, as the weighting schemes without a
 * QP of their own (risk parity, HRP, equal weight) would themselves spread it.
 */
export function nearestFeasible(
  target: Float64Array,
  constraints: WeightConstraints,
): { weights: Float64Array; adjusted: boolean } {
  const n = target.length;
  const scaled = Float64Array.from(target, (value) => value * constraints.budget);
  if (satisfies(scaled, constraints)) return { weights: scaled, adjusted: false };
  // ½wᵀGw + cᵀw with G = diag(2/t), c = −2·1 is the χ² distance less a constant; halved.
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) hessian[i * n + i] = 1 / Math.max(scaled[i]!, smallestTarget);
  const solver = new QuadraticProgramSolver(n, { equalities: 1, inequalities: n });
  solver.setHessian(hessian);
  const weights = new Float64Array(n);
  const outcome = solver.solve(
    {
      linear: new Float64Array(n).fill(-1),
      equalities: { rows: new Float64Array(n).fill(1), rhs: Float64Array.of(constraints.budget) },
      ...constraintRows(constraints),
    },
    weights,
  );
  if (outcome.status !== "optimal") throw new RangeError(`constraints: ${outcome.reason}`);
  return { weights, adjusted: true };
}
