import { describe, expect, it } from "vitest";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { checkPine } from "./check/pine-checker.ts";
import { generateStrategyCode } from "./generate.ts";
import { goldenDifference } from "./golden/golden-file.ts";

/** A spec with every kind of exit, filters, a short side, a multi-line indicator, volatility sizing and two symbols. */
const shortBreakdownSpec = {
  name: "Short breakdown with ATR stop and trailing exit",
  description:
    "Sells short when the close breaks below its 50-day SMA in a trending, not oversold market; covers when the close regains its 20-day EMA or MACD turns up.",
  universe: ["SPY", "BTC/USD"],
  timeframe: "1d",
  side: "short",
  entry: { crossBelow: ["close", { sma: { period: 50 } }] },
  exit: {
    or: [
      { crossAbove: ["close", { ema: { period: 20 } }] },
      { gt: [{ macd: { output: "histogram" } }, 0] },
    ],
  },
  filters: [{ gt: [{ adx: { period: 14 } }, 20] }, { gt: [{ rsi: { period: 14 } }, 30] }],
  sizing: {
    volatilityTarget: { annualVolatilityPercent: 15, lookbackBars: 20, maxFractionOfEquity: 0.5 },
  },
  stopLoss: { atrMultiple: 2, atrPeriod: 14 },
  takeProfit: { percent: 8 },
  trailingStop: { percent: 3 },
  timeExit: { bars: 20 },
  costs: { feeBps: 2, slippageBps: 5 },
};

const goldens = [
  { file: "sma-crossover.pine", spec: issueExampleSpec },
  { file: "short-breakdown.pine", spec: shortBreakdownSpec },
];

/** The Pine files a reviewer has read line by line, byte for byte (golden/golden-file.ts). */
describe("the pine target's golden files", () => {
  it.each(goldens)("$file is what the generator writes, and passes the checker", async (golden) => {
    const { code } = generateStrategyCode(golden.spec, "pine");
    expect(
      await goldenDifference(golden.file, code, "tools/codegen/pine-golden.test.ts"),
    ).toBeNull();
    expect(checkPine(code)).toEqual([]);
  });
});
