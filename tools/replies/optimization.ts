import { boundsOf, spaceSize, type ParameterDomain } from "../../engine/optimizer/index.ts";
import { count, fixed, listed, percent, utc } from "./format.ts";

type Values = Record<string, number | string>;

interface OptimizationOutput {
  id: string;
  objective: string;
  sampler: string;
  space: Record<string, ParameterDomain>;
  best: { params: Values; objective: number; metrics: Record<string, number | null> | null };
  trialsRun: number;
  /** Trials stored by an earlier run of the same request (stopped, or finished). */
  resumed?: number;
  pruned: number;
  failed: number;
  failures?: Failure[];
  top: { params: Values; value: number | null }[];
  walkForward?: {
    mode: string;
    efficiency: number | null;
    windows: unknown[];
    drift: Record<string, { relativeRange: number }>;
    outOfSampleReturn: number;
  };
  ladder?: { chosen: { level: number; reason: string } };
}

interface Failure {
  reason: string;
  trials: number;
}

/** "13 made no trades, so the objective is undefined; 2 gave an invalid spec: ...". */
export const failureText = (failures: readonly Failure[]): string =>
  failures.map(({ reason, trials }) => `${trials} ${reason}`).join("; ");

const params = (values: Values) =>
  Object.entries(values)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");

/** "fast 10-40", "stop 0.02-0.1 (log scale)", "side long or short": a domain as a message writes it. */
function domainText(name: string, domain: ParameterDomain): string {
  if ("categorical" in domain) return `${name} ${listed(domain.categorical.map(String), "or")}`;
  if ("int" in domain)
    return `${name} ${domain.int[0]}-${domain.int[1]}${(domain.step ?? 1) === 1 ? "" : ` step ${domain.step}`}`;
  const [low, high] = boundsOf(domain);
  return `${name} ${low}-${high}${"float" in domain ? "" : " (log scale)"}`;
}

/**
 * "Searched fast 10-40 and slow 25-100: 2,356 combinations.", and when a grid's trials ran out
 * before its points did, that the rest went unsearched (a grid walks its points in order).
 */
function spaceLine(
  space: Record<string, ParameterDomain>,
  { sampler, trialsRun }: { sampler: string; trialsRun: number },
): string {
  const domains = Object.entries(space).map(([name, domain]) => domainText(name, domain));
  const size = spaceSize(space);
  const combinations = `${size.toLocaleString("en-US")} combination${size === 1 ? "" : "s"}`;
  const partGrid =
    sampler === "grid" && trialsRun < size
      ? ` The grid walks them in order: the ${trialsRun.toLocaleString("en-US")} trials reached only part of it; more trials (or the tpe sampler) cover the rest.`
      : "";
  return `Searched ${listed(domains)}${Number.isFinite(size) ? `: ${combinations}` : ""}.${partGrid}`;
}

/**
 * Pardo's reading of walk-forward efficiency (out-of-sample over in-sample annual return): from
 * 0.5 up the strategy kept enough of what the search found to be taken as robust.
 */
function efficiencyWords(efficiency: number | null): string {
  if (efficiency === null) return "";
  return efficiency >= 0.5
    ? " (0.5 or more: out of sample it kept enough of its in-sample return to count as robust)"
    : " (below 0.5: out of sample it kept little of its in-sample return, a sign the search fit noise)";
}

/** Whether the request found its trials stored: a stopped run resumed, or one already done. */
function resumedLine(resumed: number, trialsRun: number): string[] {
  if (resumed === 0) return [];
  if (resumed >= trialsRun)
    return ["Every trial was stored by an earlier run of this request: nothing ran again."];
  return [
    `Resumed: ${count(resumed, "trial")} stored by an earlier run that stopped; the other ${trialsRun - resumed} ran now.`,
  ];
}

/** optimize_strategy: the best parameters and what they scored, the runners-up, walk-forward and ladder. */
export function describeOptimization(result: OptimizationOutput): string {
  const metrics = result.best.metrics ?? {};
  const lines = [
    `Optimization ${result.id}: ${result.sampler} over ${count(result.trialsRun, "trial")} (${result.pruned} pruned, ${result.failed} failed), objective ${result.objective}.`,
    spaceLine(result.space, result),
    ...resumedLine(result.resumed ?? 0, result.trialsRun),
    ...(result.failures?.length ? [`Failed: ${failureText(result.failures)}.`] : []),
    `Best: ${params(result.best.params)}, objective ${fixed(result.best.objective)}; CAGR ${percent(metrics.cagr)}, max drawdown ${percent(metrics.maxDrawdown)}, ${metrics.trades ?? "n/a"} trades.`,
  ];
  // A sampler may suggest the same values twice: each set of values is named once.
  const seen = new Set([JSON.stringify(result.best.params)]);
  const runnersUp: OptimizationOutput["top"] = [];
  for (const trial of result.top) {
    const key = JSON.stringify(trial.params);
    if (seen.has(key) || runnersUp.length === 3) continue;
    seen.add(key);
    runnersUp.push(trial);
  }
  if (runnersUp.length > 0)
    lines.push(
      `Next best: ${runnersUp.map((trial) => `${params(trial.params)} (${fixed(trial.value)})`).join("; ")}.`,
    );
  const walk = result.walkForward;
  if (walk) {
    const drift = Object.entries(walk.drift)
      .map(([name, spread]) => `${name} ${percent(spread.relativeRange, 0)}`)
      .join(", ");
    lines.push(
      `Walk-forward (${walk.mode}, ${count(walk.windows.length, "window")}): efficiency ${fixed(walk.efficiency)}${efficiencyWords(walk.efficiency)}, out-of-sample return ${percent(walk.outOfSampleReturn)}${drift ? `; the chosen parameters spread by ${drift}` : ""}.`,
    );
  }
  if (result.ladder)
    lines.push(`Complexity ladder: ${result.ladder.chosen.reason.replace(/\.?$/, ".")}`);
  lines.push(
    `Check it before trusting it: "validate it" (in another conversation, "validate optimization ${result.id}").`,
  );
  return lines.join("\n");
}

/** get_optimization: the stored result as it was first described, under when it ran. */
export function describeStoredOptimization(
  result: OptimizationOutput & { createdAt: string; strategyName: string },
): string {
  return `Optimization of "${result.strategyName}", run ${utc(result.createdAt)}.\n${describeOptimization(result)}`;
}

interface OptimizationSummary {
  id: string;
  createdAt: string;
  state: string;
  strategyName: string;
  objective: string | null;
  trialsRun: number | null;
  best: { params: Values; objective: number } | null;
}

/** list_optimizations: one line each, newest first. */
export function describeOptimizations({
  optimizations,
}: {
  optimizations: OptimizationSummary[];
}): string {
  if (optimizations.length === 0)
    return 'No optimization is stored yet: "optimize it with fast 5-50 and slow 60-200" after a backtest runs one.';
  return [
    `${count(optimizations.length, "stored optimization")}, newest first:`,
    ...optimizations.map((run) => {
      const objective = (run.objective ?? "objective").replace(/\s*\(.*$/, "");
      const found = run.best
        ? `${objective} ${fixed(run.best.objective)} at ${params(run.best.params)}, the best of ${count(run.trialsRun ?? 0, "trial")}`
        : run.state;
      return `- ${run.strategyName}, ${utc(run.createdAt)}: ${found}; id ${run.id}`;
    }),
    '"show optimization <id>" shows one with the chart of its search; "validate optimization <id>" checks its best, counting its trials.',
  ].join("\n");
}
