import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { classifyMechanisms } from "../insight/mechanisms.ts";
import { ResearchMechanism, researchMechanisms } from "./mechanism-keywords.ts";

/**
 * The mechanisms research about a strategy would name: every one that `classifyMechanisms`
 * reads from its entry rule and filters (primary or supporting; research/README.md gives the
 * mapping from indicators and rules), plus `volatility` when it sizes positions to a volatility
 * target. Its kinds that research has no words for (gap, volume, always in) are left out.
 */
export function strategyMechanisms(spec: StrategySpec): ResearchMechanism[] {
  const found = new Set<string>(
    classifyMechanisms(spec).mechanisms.map((reading) => reading.mechanism),
  );
  if ("volatilityTarget" in spec.sizing) found.add(ResearchMechanism.volatility);
  return researchMechanisms.filter((mechanism) => found.has(mechanism));
}
