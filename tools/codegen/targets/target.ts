import type { StrategySpec } from "../../../engine/strategy/spec.ts";
import type { LoweredStrategy } from "../lower-strategy.ts";

/** What every generated file states about where it came from. */
export interface Provenance {
  /** The strategy's id: sha256 of its canonical JSON (tools/strategy/spec-schema.ts). */
  specHash: string;
  generatorVersion: string;
  /** The canonical spec, keys sorted, indented; its compact form hashes to `specHash`. */
  specJson: string;
}

/** One language or platform the code generator writes; `generate.ts` lists them. */
export interface CodeTarget {
  /** Changes whenever the output for an unchanged spec changes. */
  generatorVersion: string;
  /** What the generated program is and does, for the tool's description. */
  summary: string;
  filename(spec: StrategySpec): string;
  render(strategy: LoweredStrategy, provenance: Provenance): string;
}
