import type { StoredOptimization } from "./optimizations.ts";

export const ExplanationLevel = {
  beginner: "beginner",
  intermediate: "intermediate",
  expert: "expert",
} as const;
export type ExplanationLevel = (typeof ExplanationLevel)[keyof typeof ExplanationLevel];
export const explanationLevels = Object.values(ExplanationLevel) as [
  ExplanationLevel,
  ...ExplanationLevel[],
];

/** A strategy's explanation as stored: one per strategy, reading level and jargon-free mode. */
export interface StoredExplanation {
  strategyId: string;
  level: ExplanationLevel;
  jargonFree: boolean;
  /** Who wrote the prose: the deterministic templates or a text model. */
  source: "templates" | "model";
  /** The explanation itself (facts, mechanisms, sections, text), as explain_strategy made it. */
  explanation: unknown;
  savedAtMs: number;
}

/** What the insight tools (explain_strategy, performance_context) keep and look up. */
export interface InsightStore {
  /** Stores the explanation, replacing the one of the same strategy, level and mode. */
  saveStrategyExplanation(
    explanation: Omit<StoredExplanation, "savedAtMs">,
  ): Promise<StoredExplanation>;
  requestStrategyExplanation(
    strategyId: string,
    level: ExplanationLevel,
    jargonFree: boolean,
  ): Promise<StoredExplanation | undefined>;
  /** Completed optimizations whose result holds a complexity ladder, newest first, at most `limit`. */
  listLadderOptimizations(limit: number): Promise<StoredOptimization[]>;
}
