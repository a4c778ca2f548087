import type { Objective, SpecTemplate } from "../../engine/optimizer/index.ts";
import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { ToolContext } from "../define-tool.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import type { Queue } from "../ports/queue.ts";
import type { Timeframe } from "../ports/store.ts";
import { localRunner } from "./run-search.ts";
import { search, samplerKindFor, samplerOf, type SamplerKind } from "./stage-search.ts";
import { TrialEvaluator } from "./trial-evaluator.ts";
import { queueRunner } from "./trial-jobs.ts";

/** What every search of one optimization shares. */
export interface OptimizationRun {
  context: ToolContext;
  optimizationId: string;
  template: SpecTemplate;
  bars: readonly BarSeries[];
  options: BacktestOptions;
  objective: Objective;
  /** As asked; undefined lets each stage pick by its budget (`samplerKindFor`). */
  sampler: SamplerKind | undefined;
  seed: number;
  prune: boolean;
  /** Every trial stored so far, of every stage. */
  stored: readonly StoredTrial[];
  /** Where the bars came from, for workers that load them themselves. */
  universe: string[];
  timeframe: Timeframe;
  loadEndMs: number | null;
  /** Workers to run trials on, when there are any. */
  workers?: { queue: Queue; count: number };
}

/** One seeded search of `template` over `period`, resuming its stage's stored trials. */
export function searchStage(
  run: OptimizationRun,
  stage: { name: string; template: SpecTemplate; budget: number; period: BacktestOptions },
  progressSpan: [number, number],
): Promise<StoredTrial[]> {
  return search(run.context, {
    stage: stage.name,
    optimizationId: run.optimizationId,
    sampler: samplerOf(
      samplerKindFor(run.sampler, stage.template.params, stage.budget),
      stage.template.params,
      run.seed,
    ),
    budget: stage.budget,
    stored: run.stored.filter((trial) => trial.stage === stage.name),
    runner: runnerFor(run, stage.template, stage.period),
    progressSpan,
  });
}

/** Trials on the workers when there are any, here otherwise. */
function runnerFor(run: OptimizationRun, template: SpecTemplate, period: BacktestOptions) {
  const { objective, prune, universe, timeframe, loadEndMs } = run;
  if (run.workers)
    return queueRunner(run.workers.queue, run.workers.count, {
      template,
      universe,
      timeframe,
      loadEndMs,
      period,
      objective,
      prune,
    });
  return localRunner(new TrialEvaluator(template, run.bars, period, objective, prune));
}

/** Bar times of the first series within the run's period: what splits and windows are cut from. */
export function periodTimes(run: OptimizationRun): Float64Array {
  const times = run.bars[0]!.timestampMs;
  const from = run.options.startMs ?? -Infinity;
  const to = run.options.endMs ?? Infinity;
  return times.filter((time) => time >= from && time <= to);
}
