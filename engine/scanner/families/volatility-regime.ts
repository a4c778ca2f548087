import type { NumericExpression } from "../../strategy/spec.ts";
import { roc, type RuleCandidate } from "./rule-candidate.ts";

const realized = (period: number): NumericExpression => ({
  rollingStd: { period, source: roc(1) },
});

/**
 * Returns conditioned on the volatility regime (Moreira & Muir 2017, "Volatility-managed
 * portfolios", JF 72: risk does not rise one for one with volatility, so returns per unit of
 * risk differ by regime). Regime: 20-bar realized volatility of daily returns against the
 * 120-bar one.
 */
export function volatilityRegimeCandidates(): RuleCandidate[] {
  const short = realized(20);
  const long = realized(120);
  return [
    {
      pattern: "volatility_regime",
      parameters: { shortBars: 20, longBars: 120, regime: "high" },
      entry: { gt: [short, long] },
      exit: { lte: [short, long] },
      condition: "20-bar realized volatility is above the 120-bar",
      holding: "while it stays above",
    },
    {
      pattern: "volatility_regime",
      parameters: { shortBars: 20, longBars: 120, regime: "low" },
      entry: { lt: [short, long] },
      exit: { gte: [short, long] },
      condition: "20-bar realized volatility is below the 120-bar",
      holding: "while it stays below",
    },
    {
      pattern: "volatility_regime",
      parameters: { shortBars: 20, longBars: 120, regime: "extreme" },
      entry: { gt: [short, { mul: [1.5, long] }] },
      exit: { lte: [short, long] },
      condition: "20-bar realized volatility is above 1.5 times the 120-bar",
      holding: "until it falls back below the 120-bar",
    },
  ];
}
