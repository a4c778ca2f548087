import type { Objective, ParameterValues, SpecTemplate } from "../../engine/optimizer/index.ts";
import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { BarSeries } from "../../engine/types.ts";
import { loadBars } from "../bars/load-bars.ts";
import type { JobHandler, Queue } from "../ports/queue.ts";
import type { Store, Timeframe } from "../ports/store.ts";
import type { TrialRunner } from "./run-search.ts";
import { prunerCurve, TrialEvaluator, type TrialOutcome } from "./trial-evaluator.ts";

/** The job that runs a few trials of an optimization on a worker. */
export const optimizeTrialsJobName = "optimize-trials";

/** What a worker needs besides the store: the template, the data's range, the scoring. */
export interface TrialsSetup {
  template: SpecTemplate;
  universe: string[];
  timeframe: Timeframe;
  /** The last bar loaded (null: all). */
  loadEndMs: number | null;
  period: BacktestOptions;
  objective: Objective;
  prune: boolean;
}

export interface TrialsJobData extends TrialsSetup {
  /** The pruner's memory: completed trials' [halfway, final] values. */
  curves: number[][];
  params: ParameterValues[];
}

/** Trials per job: enough to outweigh a job's round trip, few enough to spread over workers. */
const trialsPerJob = 4;

/** A worker's handler. Bars of the last optimization are kept: its next batch needs them again. */
export function optimizeTrialsJob(store: Store): JobHandler<TrialsJobData, TrialOutcome[]> {
  let cached: { key: string; bars: BarSeries[] } | undefined;
  return async (data) => {
    const key = JSON.stringify([data.universe, data.timeframe, data.loadEndMs]);
    if (cached?.key !== key)
      cached = { key, bars: await loadBars(store, data.universe, data.timeframe, data.loadEndMs) };
    const { template, period, objective, prune, curves } = data;
    const evaluator = new TrialEvaluator(template, cached.bars, period, objective, prune, curves);
    return data.params.map((params) => evaluator.evaluate(params));
  };
}

/**
 * Trials in batches on the queue's workers: two jobs per worker, a few trials each, results in
 * the order they were suggested. A failed job fails the stage; the trials stored before it stay.
 */
export function queueRunner(queue: Queue, workers: number, setup: TrialsSetup): TrialRunner {
  const curves: number[][] = [];
  const remember = (trial: TrialOutcome) => {
    const curve = prunerCurve(trial);
    if (curve) curves.push(curve);
  };
  return {
    batchSize: workers * 2 * trialsPerJob,
    remember,
    async run(batch) {
      const chunks: ParameterValues[][] = [];
      for (let at = 0; at < batch.length; at += trialsPerJob)
        chunks.push(batch.slice(at, at + trialsPerJob));
      const snapshot = curves.map((curve) => [...curve]);
      const ids = await Promise.all(
        chunks.map((params) =>
          queue.enqueue(
            optimizeTrialsJobName,
            { ...setup, curves: snapshot, params },
            { attempts: 2 },
          ),
        ),
      );
      const results = (await Promise.all(ids.map((id) => queue.result<TrialOutcome[]>(id)))).flat();
      results.forEach(remember);
      return results;
    },
  };
}
