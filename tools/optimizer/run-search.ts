import type { ParameterValues, Sampler, Trial } from "../../engine/optimizer/index.ts";
import { AlphadeskError } from "../errors.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import type { TrialOutcome } from "./trial-evaluator.ts";

/** Runs trials: here one at a time, or a batch at once on the workers. */
export interface TrialRunner {
  /** Trials suggested and run together (1 runs them one by one). */
  batchSize: number;
  run(batch: readonly ParameterValues[]): Promise<TrialOutcome[]>;
  /** Feeds the pruner with a trial run before a restart. */
  remember(trial: TrialOutcome): void;
}

export interface SearchStage {
  stage: string;
  sampler: Sampler;
  budget: number;
  /** This stage's trials stored by an earlier run, in number order: the search resumes after them. */
  stored: readonly StoredTrial[];
  runner: TrialRunner;
  save(trial: StoredTrial): Promise<void>;
  /** After each trial: how many of the budget are done. */
  progress(done: number, best: number | undefined): void;
  signal: AbortSignal;
}

const asTrial = (trial: TrialOutcome): Trial => ({
  params: trial.params,
  value: trial.value ?? undefined,
  state: trial.state,
});

/**
 * Runs trials until the budget is spent or the sampler has no more points (a finished grid),
 * storing each as it finishes. The samplers are deterministic functions of their history, so
 * continuing from stored trials suggests what the interrupted run would have suggested next.
 * A batch is suggested with its earlier members standing in the history as bad trials (the
 * "constant liar"), so its points differ and the sampler steers away from what is running.
 */
export async function runSearch(stage: SearchStage): Promise<StoredTrial[]> {
  const { runner } = stage;
  const trials = [...stage.stored];
  for (const trial of trials) runner.remember(trial);
  const history = trials.map(asTrial);
  let best = bestValue(trials);
  while (trials.length < stage.budget) {
    if (stage.signal.aborted)
      throw new AlphadeskError(
        "cancelled",
        `the optimization was cancelled after ${trials.length} trials; they are stored and the same request resumes it`,
        "user",
      );
    const batch: ParameterValues[] = [];
    const size = Math.min(runner.batchSize, stage.budget - trials.length);
    while (batch.length < size) {
      const liars = batch.map((params): Trial => ({ params, value: undefined, state: "pruned" }));
      const params = stage.sampler.next([...history, ...liars]);
      if (params === undefined) break;
      batch.push(params);
    }
    if (batch.length === 0) break;
    for (const outcome of await runner.run(batch)) {
      const trial: StoredTrial = { stage: stage.stage, number: trials.length, ...outcome };
      await stage.save(trial);
      trials.push(trial);
      history.push(asTrial(outcome));
      if (trial.value !== null && (best === undefined || trial.value > best)) best = trial.value;
      stage.progress(trials.length, best);
    }
    // Let cancellation and progress through between synchronous backtests.
    if (runner.batchSize > 1 || (trials.length & 7) === 0)
      await new Promise((resolve) => setImmediate(resolve));
  }
  return trials;
}

/** Trials run one by one in this process. */
export function localRunner(evaluator: {
  evaluate(params: ParameterValues): TrialOutcome;
  remember(trial: TrialOutcome): void;
}): TrialRunner {
  return {
    batchSize: 1,
    run: async (batch) => batch.map((params) => evaluator.evaluate(params)),
    remember: (trial) => evaluator.remember(trial),
  };
}

export function bestTrial(trials: readonly StoredTrial[]): StoredTrial | undefined {
  let best: StoredTrial | undefined;
  for (const trial of trials)
    if (trial.state === "complete" && trial.value !== null && (!best || trial.value > best.value!))
      best = trial;
  return best;
}

function bestValue(trials: readonly StoredTrial[]): number | undefined {
  return bestTrial(trials)?.value ?? undefined;
}
