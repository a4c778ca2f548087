import type { NumericExpression, Rule } from "../../strategy/spec.ts";
import type { PatternFamily } from "../types.ts";

/**
 * A single-symbol candidate written in the strategy spec language itself: the scanner evaluates
 * these very rules with the engine's evaluator, so the emitted spec trades exactly the
 * positions that were tested (entry while flat, exit while holding, fills at the next open).
 */
export interface RuleCandidate {
  pattern: PatternFamily;
  parameters: Record<string, number | string>;
  entry: Rule;
  exit: Rule;
  /** Plain words for the condition, e.g. "the 60-bar return is positive". */
  condition: string;
  /** What holding means, e.g. "until it turns negative". */
  holding: string;
}

export const roc = (period: number): NumericExpression => ({ roc: { period } });
