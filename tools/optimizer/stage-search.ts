import {
  GridSampler,
  RandomSampler,
  spaceSize,
  TpeSampler,
  type ParameterSpace,
  type Sampler,
} from "../../engine/optimizer/index.ts";
import type { ToolContext } from "../define-tool.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import { runSearch, type TrialRunner } from "./run-search.ts";

export type SamplerKind = "grid" | "random" | "tpe";

export interface StageRun {
  stage: string;
  optimizationId: string;
  sampler: Sampler;
  budget: number;
  stored: readonly StoredTrial[];
  runner: TrialRunner;
  progressSpan: [number, number];
}

/** One search with progress and an ETA from the trials run in this process. */
export async function search(context: ToolContext, run: StageRun): Promise<StoredTrial[]> {
  const startedMs = Date.now();
  const resumedAt = run.stored.length;
  const [from, to] = run.progressSpan;
  return runSearch({
    stage: run.stage,
    sampler: run.sampler,
    budget: run.budget,
    stored: run.stored,
    runner: run.runner,
    save: (trial) => context.store.saveTrial(run.optimizationId, trial),
    signal: context.signal,
    progress(done, best) {
      const fresh = done - resumedAt;
      const perTrialMs = fresh > 0 ? (Date.now() - startedMs) / fresh : 0;
      const left = Math.round(((run.budget - done) * perTrialMs) / 1000);
      context.progress(
        from + ((to - from) * done) / run.budget,
        `${run.stage} trial ${done}/${run.budget}, best ${best === undefined ? "none yet" : best.toFixed(3)}, ~${left} s left`,
      );
    },
  });
}

/**
 * The sampler asked for; without one, the whole grid when the budget covers every point of the
 * space (each tried once; a sampler would repeat some), else TPE.
 */
export function samplerKindFor(
  asked: SamplerKind | undefined,
  space: ParameterSpace,
  budget: number,
): SamplerKind {
  return asked ?? (spaceSize(space) <= budget ? "grid" : "tpe");
}

export function samplerOf(kind: SamplerKind, space: ParameterSpace, seed: number) {
  if (kind === "grid") return new GridSampler(space);
  if (kind === "random") return new RandomSampler(space, { seed });
  return new TpeSampler(space, { seed });
}
