import type { Sampler, Trial } from "../../engine/optimizer/index.ts";
import { AlphadeskError } from "../errors.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import type { TrialEvaluator, TrialOutcome } from "./trial-evaluator.ts";

export interface SearchStage {
  stage: string;
  sampler: Sampler;
  budget: number;
  /** This stage's trials stored by an earlier run, in number order: the search resumes after them. */
  stored: readonly StoredTrial[];
  evaluator: TrialEvaluator;
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
 */
export async function runSearch(stage: SearchStage): Promise<StoredTrial[]> {
  const trials = [...stage.stored];
  for (const trial of trials) stage.evaluator.remember(trial);
  const history = trials.map(asTrial);
  let best = bestValue(trials);
  while (trials.length < stage.budget) {
    if (stage.signal.aborted)
      throw new AlphadeskError(
        "cancelled",
        `the optimization was cancelled after ${trials.length} trials; they are stored and the same request resumes it`,
        "user",
      );
    const params = stage.sampler.next(history);
    if (params === undefined) break;
    const outcome = stage.evaluator.evaluate(params);
    const trial: StoredTrial = { stage: stage.stage, number: trials.length, ...outcome };
    await stage.save(trial);
    trials.push(trial);
    history.push(asTrial(outcome));
    if (trial.value !== null && (best === undefined || trial.value > best)) best = trial.value;
    stage.progress(trials.length, best);
    // Let cancellation and progress through between synchronous backtests.
    if ((trials.length & 7) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return trials;
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
