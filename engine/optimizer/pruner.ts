export interface MedianPrunerOptions {
  /** No pruning until this many trials have completed (Optuna: 5). */
  startupTrials?: number;
  /** No pruning before this step (Optuna: 0). */
  warmupSteps?: number;
}

/**
 * Optuna's MedianPruner for a maximized objective: prune when the running trial's value at
 * `step` is below the median of the completed trials' values at that step.
 * `completedCurves[i][s]` is completed trial i's intermediate value at step s; curves that
 * stop before `step` or hold NaN there are left out (Optuna's nanpercentile), and with none
 * left nothing is pruned. Past the startup and warm-up a NaN value is pruned, as in Optuna.
 * Optuna compares the trial's best value so far, not its latest: pass that as `value` to get
 * its exact behaviour.
 */
export function shouldPrune(
  intermediate: { step: number; value: number },
  completedCurves: readonly (readonly number[])[],
  { startupTrials = 5, warmupSteps = 0 }: MedianPrunerOptions = {},
): boolean {
  const { step, value } = intermediate;
  if (!Number.isSafeInteger(step) || step < 0)
    throw new RangeError(`step must be a whole number, 0 or more (was ${step})`);
  if (completedCurves.length < startupTrials || step < warmupSteps) return false;
  if (Number.isNaN(value)) return true;
  const atStep = completedCurves
    .map((curve) => curve[step])
    .filter((entry): entry is number => entry !== undefined && !Number.isNaN(entry));
  if (atStep.length === 0) return false;
  return value < median(atStep);
}

/** numpy's median: the mean of the two middle values for an even count. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
