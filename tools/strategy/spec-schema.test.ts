import { describe, expect, it } from "vitest";
import { backtestStrategy } from "../backtest/backtest-strategy.ts";
import { parseToolInput } from "../run-tool.ts";
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

  it("names an unknown indicator's closest name, and says how to write a bar field", () => {
    // As a tool's caller reads it.
    const refusal = (entry: unknown) => {
      try {
        parseToolInput(backtestStrategy, { spec: { name: "x", universe: ["A"], entry } });
      } catch (error) {
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(refusal({ gt: [{ rsx: { period: 14 } }, 70] })).toMatch(
      /unknown indicator or operator "rsx" \(did you mean "rsi"\?\)/,
    );
    expect(refusal({ gt: [{ close: {} }, 1] })).toMatch(
      /"close" is a bar field: write it as the string "close", not as an object/,
    );
    expect(refusal({ gt: ["close", 1] })).toBe("accepted");
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
