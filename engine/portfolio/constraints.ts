/**
 * What a long-only portfolio's weights must satisfy: per-asset bounds, caps on each cluster's
 * total weight, and a budget (the weights' sum: 1 minus the cash buffer).
 */
export interface WeightConstraints {
  /** Per asset, >= 0. */
  lower: Float64Array;
  /** Per asset, >= lower. */
  upper: Float64Array;
  /** Each asset's cluster (0..caps.length-1) and each cluster's cap on its total weight. */
  clusters?: { of: Int32Array; caps: Float64Array };
  /** The sum of the weights, in (0, 1]. */
  budget: number;
}

/** Which constraint makes the set empty, in the words of the tool's fields. */
export interface InfeasibleConstraints {
  field: "minWeight" | "maxWeight" | "clusterCap" | "cashBuffer";
  message: string;
}

/**
 * Whether any weights satisfy the constraints, and if not which one is at fault. Clusters
 * partition the assets, so the caps and bounds form a laminar family: the set is non-empty exactly
 * when the lower bounds fit every cap and the budget, and the budget fits under what the caps and
 * upper bounds allow (the polymatroid's rank, Edmonds 1970).
 */
export function infeasibility(constraints: WeightConstraints): InfeasibleConstraints | undefined {
  const { lower, upper, budget } = constraints;
  const n = lower.length;
  if (!(budget > 0 && budget <= 1))
    return {
      field: "cashBuffer",
      message: `the weights must sum to 1 - cashBuffer in (0, 1], got ${budget}`,
    };
  let lowerSum = 0;
  for (let i = 0; i < n; i++) {
    if (!(lower[i]! >= 0) || !(upper[i]! >= lower[i]!))
      return {
        field: "maxWeight",
        message: `asset ${i}: need 0 <= minWeight <= maxWeight (got ${lower[i]} and ${upper[i]})`,
      };
    lowerSum += lower[i]!;
  }
  if (lowerSum > budget * (1 + 1e-12))
    return {
      field: "minWeight",
      message: `minWeight across ${n} assets needs ${round(lowerSum)} but the weights sum to ${round(budget)} (1 - cashBuffer): lower minWeight to at most ${round(budget / n)}`,
    };
  const capacity = clusterCapacities(constraints);
  if (constraints.clusters) {
    const { caps } = constraints.clusters;
    for (let c = 0; c < caps.length; c++)
      if (capacity.lowerSums[c]! > caps[c]! * (1 + 1e-12))
        return {
          field: "clusterCap",
          message: `a cluster's members need ${round(capacity.lowerSums[c]!)} at minWeight, over its cap of ${round(caps[c]!)}: raise clusterCap or lower minWeight`,
        };
  }
  if (capacity.total < budget * (1 - 1e-12)) {
    const clustered =
      constraints.clusters !== undefined && capacity.total < capacity.upperSum * (1 - 1e-12);
    return clustered
      ? {
          field: "clusterCap",
          message: `the ${constraints.clusters!.caps.length} clusters' caps allow at most ${round(capacity.total)} in total but the weights must sum to ${round(budget)} (1 - cashBuffer): raise clusterCap, raise clusterThreshold (more, smaller clusters) or raise cashBuffer`,
        }
      : {
          field: "maxWeight",
          message: `maxWeight x ${n} assets = ${round(capacity.upperSum)} < ${round(budget)} (1 - cashBuffer): raise maxWeight to at least ${round(budget / n)} or add assets`,
        };
  }
  return undefined;
}

/** The most weight each cluster can take (its cap, or its members' upper bounds if less), in total. */
function clusterCapacities(constraints: WeightConstraints) {
  const { lower, upper } = constraints;
  let upperSum = 0;
  for (let i = 0; i < upper.length; i++) upperSum += upper[i]!;
  if (!constraints.clusters) return { total: upperSum, upperSum, lowerSums: new Float64Array(0) };
  const { of, caps } = constraints.clusters;
  const upperSums = new Float64Array(caps.length);
  const lowerSums = new Float64Array(caps.length);
  for (let i = 0; i < of.length; i++) {
    upperSums[of[i]!]! += upper[i]!;
    lowerSums[of[i]!]! += lower[i]!;
  }
  let total = 0;
  for (let c = 0; c < caps.length; c++) total += Math.min(caps[c]!, upperSums[c]!);
  return { total, upperSum, lowerSums };
}

/** Input a portfolio cannot be built from; `field` names what to change. */
export class PortfolioInputError extends RangeError {
  constructor(
    readonly field: InfeasibleConstraints["field"] | "covariance",
    detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = "PortfolioInputError";
  }
}

/** Throws a PortfolioInputError naming the field when no weights satisfy the constraints. */
export function requireFeasible(constraints: WeightConstraints): void {
  const problem = infeasibility(constraints);
  if (problem) throw new PortfolioInputError(problem.field, problem.message);
}

/** Whether weights satisfy the constraints within `tolerance`. */
export function satisfies(
  weights: ArrayLike<number>,
  constraints: WeightConstraints,
  tolerance = 1e-9,
): boolean {
  const { lower, upper, budget } = constraints;
  let sum = 0;
  for (let i = 0; i < lower.length; i++) {
    const w = weights[i]!;
    if (w < lower[i]! - tolerance || w > upper[i]! + tolerance) return false;
    sum += w;
  }
  if (Math.abs(sum - budget) > tolerance) return false;
  if (!constraints.clusters) return true;
  const { of, caps } = constraints.clusters;
  const totals = new Float64Array(caps.length);
  for (let i = 0; i < of.length; i++) totals[of[i]!]! += weights[i]!;
  return totals.every((total, c) => total <= caps[c]! + tolerance);
}

/**
 * The constraints as rows for the QP solver: the budget as an equality, the bounds as bounds, a
 * row per cluster whose cap can bind (a cap at or above the budget never does).
 */
export function constraintRows(constraints: WeightConstraints) {
  const n = constraints.lower.length;
  const binding = bindingClusters(constraints);
  const rows = new Float64Array(binding.length * n);
  const rhs = new Float64Array(binding.length);
  binding.forEach((c, k) => {
    for (let i = 0; i < n; i++) if (constraints.clusters!.of[i] === c) rows[k * n + i] = 1;
    rhs[k] = constraints.clusters!.caps[c]!;
  });
  return { inequalities: { rows, rhs }, upper: constraints.upper, lower: constraints.lower };
}

/** Clusters whose cap is below the budget (others cannot bind). */
export function bindingClusters(constraints: WeightConstraints): number[] {
  const caps = constraints.clusters?.caps ?? new Float64Array(0);
  const binding: number[] = [];
  for (let c = 0; c < caps.length; c++) if (caps[c]! < constraints.budget) binding.push(c);
  return binding;
}

const round = (value: number) => Number(value.toPrecision(6));
