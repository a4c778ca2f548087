import { mulberry32 } from "../random.ts";
import type { ParameterValues } from "./space.ts";

export const TrialState = { complete: "complete", pruned: "pruned", failed: "failed" } as const;
export type TrialState = keyof typeof TrialState;

/** One evaluated point. Samplers maximize `value`: negate a loss before recording it. */
export interface Trial {
  params: ParameterValues;
  /** The objective, larger is better; undefined when the trial was pruned or failed. */
  value: number | undefined;
  state: TrialState;
}

/**
 * Suggests the next point from the trials so far, or undefined when it has none left (an
 * exhausted grid). Samplers are deterministic: the same options and history give the same
 * suggestion, so a run resumed from its stored history continues where it stopped. Asking
 * twice without recording the first suggestion gives it again.
 */
export interface Sampler {
  next(history: readonly Trial[]): ParameterValues | undefined;
}

export function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`seed must be a whole number from 0 to 4294967295 (was ${seed})`);
}

/**
 * The uniform stream for the `trialIndex`-th suggestion: a function of the seed and the index
 * alone, so a suggestion does not depend on what earlier calls drew. The index is mixed in by
 * the murmur3 32-bit finalizer (Austin Appleby, public domain) so that neighbouring seeds and
 * indices start far apart on mulberry32's cycle.
 */
export function trialUniform(seed: number, trialIndex: number): () => number {
  return mulberry32(finalize32((finalize32(seed) + Math.imul(trialIndex, 0x9e3779b9)) >>> 0));
}

function finalize32(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
