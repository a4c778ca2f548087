import type { Finding } from "../../engine/scanner/index.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";

/**
 * A momentum finding on SPY as the scanner makes one, its spec given: for the store contract
 * (which runs under every adapter, so it lives beside them, not in test/) and the tests.
 */
export const momentumFinding = (strategySpec: StrategySpec, lookback = 20): Finding => ({
  key: `momentum|SPY|lookback=${lookback}${strategySpec.timeframe === "1d" ? "" : `|${strategySpec.timeframe}`}`,
  pattern: "momentum",
  symbols: ["SPY"],
  direction: "long",
  parameters: { lookback },
  effectSize: 0.25,
  statistic: 3.5,
  pValue: 0.001,
  qValue: 0.01,
  inSample: { sharpe: 1.5, meanReturnBps: 12, trades: 40 },
  outOfSample: { sharpe: 1.25, meanReturnBps: 9, trades: 12 },
  explanation: "Long SPY after strength.",
  strategySpec,
  specFidelity: "exact",
});
