import { roc, type RuleCandidate } from "./rule-candidate.ts";

/**
 * Time-series momentum (Moskowitz, Ooi & Pedersen 2012, "Time series momentum", JFE 104): the
 * sign of the past L-bar return predicts the next returns. One candidate per horizon and sign:
 * hold while the L-bar return keeps its sign; whether that is long or short is read from the
 * in-sample sign of the effect (two-sided test). Statistic: Newey-West t of the held bars'
 * return in excess of the drift (evaluate.ts).
 */
export function momentumCandidates(): RuleCandidate[] {
  return [10, 20, 60, 120].flatMap((lookbackBars): RuleCandidate[] => [
    {
      pattern: "momentum",
      parameters: { lookbackBars, sign: "up" },
      entry: { gt: [roc(lookbackBars), 0] },
      exit: { lte: [roc(lookbackBars), 0] },
      condition: `the ${lookbackBars}-bar return is positive`,
      holding: "until it turns negative",
    },
    {
      pattern: "momentum",
      parameters: { lookbackBars, sign: "down" },
      entry: { lt: [roc(lookbackBars), 0] },
      exit: { gte: [roc(lookbackBars), 0] },
      condition: `the ${lookbackBars}-bar return is negative`,
      holding: "until it turns positive",
    },
  ]);
}
