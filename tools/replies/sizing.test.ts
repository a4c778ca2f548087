import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const sizing = (overrides: Record<string, unknown>) => ({
  symbol: "ETH/USD",
  side: "sell",
  entry: { price: 3000, source: "given" },
  stop: { price: 3150, rule: "5% above entry", atr: null },
  equity: { value: 20_000, source: "given" },
  riskBudget: 300,
  riskPerUnit: 150,
  sized: { quantity: 2, notional: 6000, riskAtStop: 300, shareOfEquity: 0.3 },
  gate: { passes: true, reason: null, largestPassing: null },
  ...overrides,
});

describe("a position sized to its stop in words", () => {
  it("names a short's stop above it, coins as a quantity of the pair, and the order to say", () => {
    expect(describeResult("size_position", sizing({})).split("\n")).toEqual([
      "Short ETH/USD at 3000, as given, with the stop at 3150 (5% above entry).",
      "Risking 300.00 (1.50% of 20,000.00 equity, given) at 150 a coin to the stop: 2 ETH/USD, 6,000.00 notional (30.0% of equity), 300.00 lost at the stop.",
      'Nothing is ordered: "sell it" (or "sell 2 ETH/USD") proposes it (the gate checks it again, a person approves it). No stop rests at the broker: "alert me if ETH/USD rises above 3150" tells you when it is reached.',
    ]);
  });

  it("says when the gate passes no size at all, and proposes nothing", () => {
    const reply = describeResult(
      "size_position",
      sizing({
        gate: {
          passes: false,
          reason: { message: "MAX_GROSS_EXPOSURE: gross exposure 1.3 against 1" },
          largestPassing: { quantity: 0, notional: 0, riskAtStop: 0 },
        },
      }),
    );
    expect(reply).toContain("The risk gate would refuse that size now: MAX_GROSS_EXPOSURE");
    expect(reply).toContain("It passes no size of this order now.");
    expect(reply).not.toContain("Nothing is ordered");
  });

  it("counts what the account already holds: on the same side the whole position, against it the order only reduces", () => {
    const lines = (held: number) =>
      describeResult("size_position", sizing({ held })).split("\n")[2];
    // 2 more short on 0.5 held: 2.5 ETH, each losing 150 at the stop: 375, 1.88% of 20,000.
    expect(lines(-0.5)).toBe(
      "You already hold 0.5 ETH/USD short: with these it is 2.5 ETH/USD, and if the whole position is stopped at the same price it loses 375.00 (1.88% of equity); the budget counted only the new ones.",
    );
    expect(lines(3.1)).toBe(
      'You already hold 3.1 ETH/USD long: selling 2 first cuts it to 1.1, not a short of 2: close it first ("close my ETH/USD position") for this one to stand alone.',
    );
    expect(lines(0.7)).toBe(
      'You already hold 0.7 ETH/USD long: selling 2 first closes it, leaving 1.3 short, not a short of 2: close it first ("close my ETH/USD position") for this one to stand alone.',
    );
    expect(lines(0)).toMatch(/^Nothing is ordered/);
  });
});
