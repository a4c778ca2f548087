import { roc, type RuleCandidate } from "./rule-candidate.ts";

/**
 * Short-horizon reversal (Lehmann 1990, "Fads, martingales and market efficiency", QJE 105;
 * Jegadeesh 1990; Lo & MacKinlay 1990) and the z-score of price against its moving mean
 * (Poterba & Summers 1988's transitory component). Reversal candidates hold for the bar after
 * an up or down 1- or 3-bar move; z-score candidates hold from |z| > 1.5 until z is back at 0.
 */
export function meanReversionCandidates(): RuleCandidate[] {
  const reversal = [1, 3].flatMap((lookbackBars): RuleCandidate[] => [
    {
      pattern: "mean_reversion",
      parameters: { kind: "reversal", lookbackBars, sign: "down" },
      entry: { lt: [roc(lookbackBars), 0] },
      exit: { gte: [roc(lookbackBars), 0] },
      condition: `the ${lookbackBars}-bar return is negative`,
      holding: "until it is not",
    },
    {
      pattern: "mean_reversion",
      parameters: { kind: "reversal", lookbackBars, sign: "up" },
      entry: { gt: [roc(lookbackBars), 0] },
      exit: { lte: [roc(lookbackBars), 0] },
      condition: `the ${lookbackBars}-bar return is positive`,
      holding: "until it is not",
    },
  ]);
  const threshold = 1.5;
  const zScores = [10, 20].flatMap((periodBars): RuleCandidate[] => {
    const z = { zScore: { period: periodBars } };
    return [
      {
        pattern: "mean_reversion",
        parameters: { kind: "zScore", periodBars, threshold: -threshold },
        entry: { lt: [z, -threshold] },
        exit: { gte: [z, 0] },
        condition: `the close is more than ${threshold} standard deviations below its ${periodBars}-bar mean`,
        holding: "until it is back at the mean",
      },
      {
        pattern: "mean_reversion",
        parameters: { kind: "zScore", periodBars, threshold },
        entry: { gt: [z, threshold] },
        exit: { lte: [z, 0] },
        condition: `the close is more than ${threshold} standard deviations above its ${periodBars}-bar mean`,
        holding: "until it is back at the mean",
      },
    ];
  });
  return [...reversal, ...zScores];
}
