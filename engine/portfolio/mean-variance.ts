import { bindingClusters, constraintRows, type WeightConstraints } from "./constraints.ts";
import { QuadraticProgramSolver } from "./quadratic-program.ts";

/**
 * The covariance divided by its mean variance: the same minimizers, and a Hessian of order one,
 * which the solver's absolute tolerances assume.
 */
export function scaledHessian(covariance: Float64Array, n: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += covariance[i * n + i]!;
  const scale = trace > 0 ? n / trace : 1;
  return Float64Array.from(covariance, (value) => value * scale);
}

/** The least-variance weights under the constraints: min wᵀΣw s.t. 1ᵀw = budget, bounds, caps. */
export function minimumVariance(
  covariance: Float64Array,
  constraints: WeightConstraints,
): Float64Array {
  const n = constraints.lower.length;
  const solver = new QuadraticProgramSolver(n, { equalities: 1, inequalities: n });
  solver.setHessian(scaledHessian(covariance, n));
  const weights = new Float64Array(n);
  const outcome = solver.solve(
    {
      linear: new Float64Array(n),
      equalities: { rows: new Float64Array(n).fill(1), rhs: Float64Array.of(constraints.budget) },
      ...constraintRows(constraints),
    },
    weights,
  );
  if (outcome.status !== "optimal") throw new RangeError(`minimum variance: ${outcome.reason}`);
  return weights;
}

/**
 * The weights that maximize aᵀw / √(wᵀΣw) under the constraints: the Sharpe ratio for a = μ − rf,
 * the diversification ratio for a = σ. Undefined when no feasible w has aᵀw > 0.
 *
 * The ratio is not convex, but it is homogeneous of degree zero, so (Cornuejols & Tütüncü,
 * "Optimization Methods in Finance", 2007, section 8.2) with y = κw, κ = 1ᵀy / budget > 0 it
 * becomes the QP: min yᵀΣy s.t. aᵀy = 1, and every constraint made homogeneous in (y, κ):
 * l_i κ <= y_i <= u_i κ, Σ_{i∈c} y_i <= cap_c κ, κ >= 0. With κ = 1ᵀy / budget substituted they
 * are rows (l_i/budget)1ᵀy − y_i <= 0, y_i − (u_i/budget)1ᵀy <= 0, 1_cᵀy − (cap_c/budget)1ᵀy <= 0
 * and −1ᵀy <= 0; the answer is w = budget · y / 1ᵀy.
 */
export function maximumRatio(
  covariance: Float64Array,
  numerator: Float64Array,
  constraints: WeightConstraints,
): Float64Array | undefined {
  const { lower, upper, budget } = constraints;
  const n = lower.length;
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(numerator[i]!));
  if (!(largest > 0)) return undefined;
  const rows: number[][] = [];
  const homogeneous = (pick: (i: number) => number, share: number) =>
    rows.push(Array.from({ length: n }, (_, i) => pick(i) - share / budget));
  const bound = new Float64Array(n).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    if (lower[i]! > 0) homogeneous((k) => (k === i ? -1 : 0), -lower[i]!);
    else bound[i] = 0;
    if (upper[i]! < budget) homogeneous((k) => (k === i ? 1 : 0), upper[i]!);
  }
  for (const c of bindingClusters(constraints)) {
    const { of, caps } = constraints.clusters!;
    homogeneous((k) => (of[k] === c ? 1 : 0), caps[c]!);
  }
  // κ >= 0 follows from y >= 0 unless a lower bound is positive.
  if (bound.some((value) => value !== 0)) rows.push(Array.from({ length: n }, () => -1));
  const solver = new QuadraticProgramSolver(n, { equalities: 1, inequalities: rows.length });
  solver.setHessian(scaledHessian(covariance, n));
  const y = new Float64Array(n);
  const outcome = solver.solve(
    {
      linear: new Float64Array(n),
      equalities: {
        rows: Float64Array.from(numerator, (value) => value / largest),
        rhs: Float64Array.of(1),
      },
      lower: bound,
      inequalities: { rows: Float64Array.from(rows.flat()), rhs: new Float64Array(rows.length) },
    },
    y,
  );
  if (outcome.status !== "optimal") return undefined;
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i]!;
  if (!(total > 0)) return undefined;
  return y.map((value) => (budget * value) / total);
}
