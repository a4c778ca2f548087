import type { Objective, SpecTemplate } from "../../engine/optimizer/index.ts";
import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { ToolContext } from "../define-tool.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import { search, samplerOf, type SamplerKind } from "./stage-search.ts";
import { TrialEvaluator } from "./trial-evaluator.ts";

/** What every search of one optimization shares. */
export interface OptimizationRun {
  context: ToolContext;
  optimizationId: string;
  template: SpecTemplate;
  bars: readonly BarSeries[];
  options: BacktestOptions;
  objective: Objective;
  sampler: SamplerKind;
  seed: number;
  prune: boolean;
  /** Every trial stored so far, of every stage. */
  stored: readonly StoredTrial[];
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
    sampler: samplerOf(run.sampler, stage.template.params, run.seed),
    budget: stage.budget,
    stored: run.stored.filter((trial) => trial.stage === stage.name),
    evaluator: new TrialEvaluator(stage.template, run.bars, stage.period, run.objective, run.prune),
    progressSpan,
  });
}

/** Bar times of the first series within the run's period: what splits and windows are cut from. */
export function periodTimes(run: OptimizationRun): Float64Array {
  const times = run.bars[0]!.timestampMs;
  const from = run.options.startMs ?? -Infinity;
  const to = run.options.endMs ?? Infinity;
  return times.filter((time) => time >= from && time <= to);
}
