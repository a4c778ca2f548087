import { describe, expect, it } from "vitest";
import { parseStrategySpec } from "../../tools/strategy/spec-schema.ts";
import { strategyMechanisms } from "./strategy-mechanisms.ts";

const mechanismsOf = (fields: Record<string, unknown>) =>
  strategyMechanisms(parseStrategySpec({ name: "test", universe: ["SPY"], ...fields }));

describe("strategyMechanisms", () => {
  it("reads the rules' mechanisms", () => {
    expect(
      mechanismsOf({ entry: { crossAbove: [{ sma: { period: 20 } }, { sma: { period: 50 } }] } }),
    ).toEqual(["trend_following"]);
    expect(mechanismsOf({ entry: { lt: [{ rsi: { period: 14 } }, 30] } })).toEqual([
      "mean_reversion",
    ]);
    expect(mechanismsOf({ entry: { gt: [{ roc: { period: 20 } }, 0] } })).toEqual(["momentum"]);
    expect(
      mechanismsOf({
        entry: {
          gt: ["close", { lag: { of: { rollingMax: { period: 20, source: "high" } }, bars: 1 } }],
        },
      }),
    ).toEqual(["breakout"]);
    expect(mechanismsOf({ entry: { lte: [{ daysToMonthEnd: {} }, 2] } })).toEqual(["seasonality"]);
  });

  it("counts filters and volatility-target sizing", () => {
    expect(
      mechanismsOf({
        entry: { lt: [{ rsi: { period: 2 } }, 10] },
        filters: [{ gt: ["close", { sma: { period: 200 } }] }],
        sizing: {
          volatilityTarget: {
            annualVolatilityPercent: 10,
            lookbackBars: 20,
            maxFractionOfEquity: 1,
          },
        },
      }),
    ).toEqual(["trend_following", "mean_reversion", "volatility"]);
  });

  it("leaves out what research has no words for", () => {
    expect(mechanismsOf({ entry: true })).toEqual([]);
  });
});
