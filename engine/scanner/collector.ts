import type { Finding } from "./types.ts";

export type ScoredCandidate = Omit<Finding, "qValue"> & {
  /** Passed the out-of-sample confirmation and is profitable after costs in and out of sample. */
  confirmed: boolean;
};

/**
 * Gathers every candidate's p-value (all of them enter the Benjamini-Hochberg correction) but
 * builds the full record, explanation and spec only for the few with p <= alpha: no finding
 * can have q <= alpha otherwise, since q >= p.
 */
export class Collector {
  private pValues: Float64Array = new Float64Array(4096);
  count = 0;
  readonly kept: { index: number; candidate: ScoredCandidate }[] = [];

  constructor(readonly alpha: number) {}

  add(pValue: number, build: () => ScoredCandidate): void {
    if (this.count === this.pValues.length) {
      const grown = new Float64Array(this.count * 2);
      grown.set(this.pValues);
      this.pValues = grown;
    }
    const p = Number.isFinite(pValue) ? pValue : 1;
    this.pValues[this.count] = p;
    if (p <= this.alpha) this.kept.push({ index: this.count, candidate: build() });
    this.count++;
  }

  allPValues(): Float64Array {
    return this.pValues.subarray(0, this.count);
  }
}

/**
 * pattern|symbols|parameters sorted by name (and |timeframe when not daily, so daily keys stay
 * as they were): the same finding gets the same key in every scan.
 */
export function findingKey(
  pattern: string,
  symbols: readonly string[],
  parameters: Record<string, number | string>,
  timeframe: string,
): string {
  const params = Object.keys(parameters)
    .sort()
    .map((name) => `${name}=${parameters[name]}`)
    .join(",");
  const key = `${pattern}|${symbols.join(",")}|${params}`;
  return timeframe === "1d" ? key : `${key}|${timeframe}`;
}

export const bps = (ratio: number) => `${(ratio * 1e4).toFixed(1)} bps`;
export const fixed = (value: number, digits = 2) => value.toFixed(digits);
export function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}
