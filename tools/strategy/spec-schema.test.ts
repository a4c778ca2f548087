import { describe, expect, it } from "vitest";
import { parseStrategySpec, strategyId } from "./spec-schema.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";

const example = issueExampleSpec;

describe("the strategy spec schema", () => {
  it("accepts the issue's example and fills defaults", () => {
    const spec = parseStrategySpec(example);
    expect(spec).toMatchObject({ side: "long", filters: [], timeframe: "1d" });
    expect(
      parseStrategySpec({ name: "x", universe: ["A"], entry: { gt: [{ rsi: {} }, 70] } }),
    ).toMatchObject({
      entry: { gt: [{ rsi: { period: 14 } }, 70] },
      sizing: { fractionOfEquity: 1 },
      costs: { feeBps: 0, slippageBps: 0 },
    });
  });

  it("gives the same id to the same strategy however it is written", () => {
    const reordered = Object.fromEntries(Object.entries(example).reverse());
    const withDefaults = { ...example, side: "long", filters: [] };
    expect(strategyId(parseStrategySpec(reordered))).toBe(strategyId(parseStrategySpec(example)));
    expect(strategyId(parseStrategySpec(withDefaults))).toBe(
      strategyId(parseStrategySpec(example)),
    );
    expect(strategyId(parseStrategySpec({ ...example, costs: { feeBps: 2 } }))).not.toBe(
      strategyId(parseStrategySpec(example)),
    );
  });

  it("accepts every kind of sizing and exit", () => {
    const spec = parseStrategySpec({
      ...example,
      side: "short",
      filters: [{ gt: ["close", { sma: { period: 200 } }] }],
      sizing: { volatilityTarget: { annualVolatilityPercent: 15 } },
      stopLoss: { percent: 5 },
      takeProfit: { atrMultiple: 3 },
      trailingStop: { atrMultiple: 2, atrPeriod: 10 },
      timeExit: { bars: 20 },
    });
    expect(spec.sizing).toEqual({
      volatilityTarget: { annualVolatilityPercent: 15, lookbackBars: 20, maxFractionOfEquity: 1 },
    });
    expect(spec.takeProfit).toEqual({ atrMultiple: 3, atrPeriod: 14 });
  });
});
