import type { ParameterValues } from "../../engine/optimizer/index.ts";

export interface StoredTrial {
  stage: string;
  number: number;
  params: ParameterValues;
  state: "complete" | "pruned" | "failed";
  /** The objective; null when pruned or failed. */
  value: number | null;
  /** The trial's headline metrics (Sharpe, trades, ...), when it ran to the end. */
  metrics: Record<string, number | null> | null;
  error: string | null;
}

export type OptimizationState = "running" | "completed" | "failed" | "cancelled";

export interface StoredOptimization {
  id: string;
  key: string;
  template: unknown;
  settings: unknown;
  state: OptimizationState;
  /** The finished result, as optimize_strategy returned it. */
  result: unknown;
  createdAtMs: number;
  updatedAtMs: number;
}

/** Optimizations and their trials, written as they finish so a run can resume. */
export interface OptimizationStore {
  /**
   * The optimization with this request key, created (state running) when there is none; with
   * every trial stored so far, so a restarted run continues where the last one stopped.
   */
  openOptimization(request: {
    key: string;
    template: unknown;
    settings: unknown;
  }): Promise<{ optimization: StoredOptimization; trials: StoredTrial[] }>;
  /** Stores a finished trial; a trial already stored under its stage and number is kept. */
  saveTrial(optimizationId: string, trial: StoredTrial): Promise<void>;
  finishOptimization(id: string, state: OptimizationState, result: unknown): Promise<void>;
  requestOptimization(id: string): Promise<StoredOptimization | undefined>;
  /** The newest first (in one state when `state` is given), at most `limit`. */
  listOptimizations(query: {
    limit: number;
    state?: OptimizationState;
  }): Promise<StoredOptimization[]>;
  /** The trials of one stage (all stages when none is given), by stage and number. */
  listTrials(id: string, stage?: string): Promise<StoredTrial[]>;
}
