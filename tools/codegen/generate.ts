import { canonicalJson, parseStrategySpec, strategyId } from "../strategy/spec-schema.ts";
import { lowerStrategy } from "./lower-strategy.ts";
import { alpacaPythonTarget } from "./targets/alpaca-python.ts";
import { alpacaTypescriptTarget } from "./targets/alpaca-typescript.ts";
import { pythonTarget } from "./targets/python.ts";
import { mt5Target } from "./targets/mt5.ts";
import { pineTarget } from "./targets/pine.ts";
import { quantconnectTarget } from "./targets/quantconnect.ts";
import type { CodeTarget } from "./targets/target.ts";

/**
 * Every target the generator writes. A new target (alpaca-python, pine, ...) is a sibling of
 * targets/python.ts rendering the same `LoweredStrategy`, added here.
 */
export const codeTargets = {
  python: pythonTarget,
  "alpaca-python": alpacaPythonTarget,
  "alpaca-typescript": alpacaTypescriptTarget,
  quantconnect: quantconnectTarget,
  mt5: mt5Target,
  pine: pineTarget,
} as const satisfies Record<string, CodeTarget>;

export type CodeTargetName = keyof typeof codeTargets;
export const codeTargetNames = Object.keys(codeTargets) as [CodeTargetName, ...CodeTargetName[]];

export interface GeneratedCode {
  code: string;
  filename: string;
  target: CodeTargetName;
  /** The strategy's id: the content hash the store files it under. */
  specHash: string;
  generatorVersion: string;
}

/**
 * Renders a strategy spec for a target. Deterministic: the same spec (in any key order, with or
 * without its defaults written out) and target always give the same bytes. Throws a ZodError
 * for an invalid spec and a RangeError where the engine would refuse one.
 */
export function generateStrategyCode(spec: unknown, target: CodeTargetName): GeneratedCode {
  const canonical = parseStrategySpec(spec);
  const writer: CodeTarget = codeTargets[target];
  const specHash = strategyId(canonical);
  const code = writer.render(lowerStrategy(canonical), {
    specHash,
    generatorVersion: writer.generatorVersion,
    specJson: JSON.stringify(JSON.parse(canonicalJson(canonical)), null, 2),
  });
  return {
    code,
    filename: writer.filename(canonical),
    target,
    specHash,
    generatorVersion: writer.generatorVersion,
  };
}
