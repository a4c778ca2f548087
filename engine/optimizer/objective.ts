import type { PerformanceMetrics } from "../metrics/performance.ts";

export const objectiveMetrics = ["sharpe", "sortino", "calmar", "cagr"] as const;
export type ObjectiveMetric = (typeof objectiveMetrics)[number];

/**
 * What the optimizer maximizes. `cagr` is constrained: a run whose max drawdown exceeds
 * `maxDrawdown` (a fraction, 0.2 = 20%) is infeasible. `mix` is a weighted sum of metrics on
 * their own scales (see `objectiveValue`).
 */
export type Objective =
  | { kind: "sharpe" }
  | { kind: "sortino" }
  | { kind: "calmar" }
  | { kind: "cagr"; maxDrawdown: number }
  | { kind: "mix"; weights: Partial<Record<ObjectiveMetric, number>> };

const metricLabels: Record<ObjectiveMetric, string> = {
  sharpe: "Sharpe",
  sortino: "Sortino",
  calmar: "Calmar",
  cagr: "CAGR",
};

/**
 * Throws a RangeError naming the problem: an unknown kind, a drawdown cap that is not a
 * fraction in (0, 1], a mix that names no metric (or an unknown one), or a weight that is not
 * a finite number of at least 0. Every metric is larger-is-better, so a negative weight would
 * reward a worse strategy: more likely a slip than a wish.
 */
export function validateObjective(objective: Objective): void {
  const kind = (objective as { kind?: unknown }).kind;
  switch (kind) {
    case "sharpe":
    case "sortino":
    case "calmar":
      return;
    case "cagr": {
      const cap = (objective as { maxDrawdown?: unknown }).maxDrawdown;
      if (typeof cap !== "number" || !Number.isFinite(cap))
        throw new RangeError(
          `cagr objective: \`maxDrawdown\` must be a finite fraction such as 0.2 for 20% (was ${String(cap)})`,
        );
      if (cap <= 0)
        throw new RangeError(
          `cagr objective: \`maxDrawdown\` must be greater than 0 (was ${cap}); a negative or zero cap makes every run infeasible`,
        );
      if (cap > 1)
        throw new RangeError(
          `cagr objective: \`maxDrawdown\` is a fraction of at most 1 (was ${cap}); write ${cap / 100} for ${cap}%`,
        );
      return;
    }
    case "mix": {
      const weights = (objective as { weights?: unknown }).weights;
      if (typeof weights !== "object" || weights === null || Array.isArray(weights))
        throw new RangeError(
          `mix objective: \`weights\` must be an object such as {"sharpe": 1, "cagr": 5}`,
        );
      const entries = Object.entries(weights).filter(([, weight]) => weight !== undefined);
      if (entries.length === 0)
        throw new RangeError(
          `mix objective: \`weights\` is empty; name at least one of ${objectiveMetrics.join(", ")}`,
        );
      for (const [name, weight] of entries) {
        if (!(objectiveMetrics as readonly string[]).includes(name))
          throw new RangeError(
            `mix objective: unknown metric \`${name}\` in \`weights\`; use ${objectiveMetrics.join(", ")}`,
          );
        if (typeof weight !== "number" || !Number.isFinite(weight))
          throw new RangeError(
            `mix objective: \`weights.${name}\` must be a finite number (was ${String(weight)})`,
          );
        if (weight < 0)
          throw new RangeError(
            `mix objective: \`weights.${name}\` must be 0 or more (was ${weight}); every metric is larger-is-better`,
          );
      }
      if (entries.every(([, weight]) => weight === 0))
        throw new RangeError(
          "mix objective: every weight is 0; give at least one a positive weight",
        );
      return;
    }
    default:
      throw new RangeError(
        `unknown objective kind ${JSON.stringify(kind)}; use sharpe, sortino, calmar, cagr or mix`,
      );
  }
}

/**
 * The objective's value for one run, larger is better; undefined when the trial should count
 * as failed: a metric it needs is null (no trades, no variance, no drawdown) or the CAGR run
 * broke its drawdown cap (a drawdown equal to the cap is allowed).
 *
 * The mix is Σ weight × metric with each metric on its own scale, unnormalized: Sharpe,
 * Sortino and Calmar are unitless ratios (typically 0 to 3), CAGR is a fraction (0.12 = 12%),
 * so the weights carry the exchange rate ({"sharpe": 1, "cagr": 10} values 12% CAGR like a
 * Sharpe of 1.2). Normalizing by the spread over trials would make one trial's value depend
 * on the others and shift as the history grows, which the samplers cannot handle. Metrics
 * with weight 0 are ignored, even when null.
 */
export function objectiveValue(
  objective: Objective,
  metrics: PerformanceMetrics,
): number | undefined {
  validateObjective(objective);
  switch (objective.kind) {
    case "sharpe":
    case "sortino":
    case "calmar":
      return metrics[objective.kind] ?? undefined;
    case "cagr":
      if (metrics.cagr === null || metrics.maxDrawdown > objective.maxDrawdown) return undefined;
      return metrics.cagr;
    case "mix": {
      let sum = 0;
      for (const name of objectiveMetrics) {
        const weight = objective.weights[name];
        if (weight === undefined || weight === 0) continue;
        const value = metrics[name];
        if (value === null) return undefined;
        sum += weight * value;
      }
      return sum;
    }
  }
}

/** One line for reports: "Sharpe ratio", "CAGR with max drawdown at most 20%", "1 × Sharpe + 10 × CAGR". */
export function describeObjective(objective: Objective): string {
  validateObjective(objective);
  switch (objective.kind) {
    case "sharpe":
      return "Sharpe ratio (daily returns, annualized)";
    case "sortino":
      return "Sortino ratio (downside deviation, annualized)";
    case "calmar":
      return "Calmar ratio (CAGR / max drawdown)";
    case "cagr":
      return `CAGR with max drawdown at most ${formatPercent(objective.maxDrawdown)} (runs beyond it are infeasible)`;
    case "mix":
      return objectiveMetrics
        .filter((name) => (objective.weights[name] ?? 0) !== 0)
        .map((name) => `${objective.weights[name]} × ${metricLabels[name]}`)
        .join(" + ");
  }
}

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}
