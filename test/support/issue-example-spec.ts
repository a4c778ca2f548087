/** The strategy spec that issue 2 requires the schema to accept exactly, as written there. */
export const issueExampleSpec = {
  name: "SMA 20/50 crossover",
  universe: ["GOOG"],
  timeframe: "1d",
  entry: { crossAbove: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
  exit: { crossBelow: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
  sizing: { fractionOfEquity: 1 },
  costs: { feeBps: 1, slippageBps: 0 },
};
