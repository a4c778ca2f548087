import { describe, expect, it } from "vitest";
import { largestPassing, sizeToStop } from "./position-size.ts";

describe("sizing a position to its stop", () => {
  it("risks the budget over the distance to the stop, in whole shares (by hand)", () => {
    // 1% of 100,000 = 1,000 over 585.20 - 572.10 = 13.10 a share: 76.33..., so 76 shares,
    // 76 x 13.10 = 995.60 lost at the stop, 76 x 585.20 = 44,475.20 bought.
    const sized = sizeToStop({ entry: 585.2, stop: 572.1, budget: 1000, pointValue: 1, step: 1 });
    expect(sized.riskPerUnit).toBeCloseTo(13.1, 10);
    expect(sized.quantity).toBe(76);
    expect(sized.riskAtStop).toBeCloseTo(995.6, 8);
    expect(sized.notional).toBeCloseTo(44475.2, 8);
  });

  it("sizes a short to a stop above its entry the same way", () => {
    const sized = sizeToStop({ entry: 50, stop: 52.5, budget: 500, pointValue: 1, step: 1 });
    expect(sized.quantity).toBe(200);
    expect(sized.riskAtStop).toBeCloseTo(500, 10);
  });

  it("multiplies a futures contract's points by its value: ES at 5,000 with a 20-point stop", () => {
    // 20 points x $50 = $1,000 a contract; $2,500 buys 2 contracts, not 2.5.
    const sized = sizeToStop({ entry: 5000, stop: 4980, budget: 2500, pointValue: 50, step: 1 });
    expect(sized).toEqual({ riskPerUnit: 1000, quantity: 2, notional: 500_000, riskAtStop: 2000 });
  });

  it("keeps fractions of a coin to the step", () => {
    // 200 / (60,000 - 57,000) = 0.0666...: 0.066666 to a millionth.
    const sized = sizeToStop({ entry: 60000, stop: 57000, budget: 200, pointValue: 1, step: 1e-6 });
    expect(sized.quantity).toBe(0.066666);
  });

  it("buys nothing when one unit risks more than the budget", () => {
    const sized = sizeToStop({ entry: 500, stop: 400, budget: 50, pointValue: 1, step: 1 });
    expect(sized.quantity).toBe(0);
    expect(sized.riskAtStop).toBe(0);
  });
});

describe("the largest quantity a check passes", () => {
  it("finds the edge of a size limit in whole steps", () => {
    expect(largestPassing(76, 1, (quantity) => quantity * 585.2 <= 25_000)).toBe(42);
    expect(largestPassing(76, 1, () => true)).toBe(76);
    expect(largestPassing(76, 1, () => false)).toBe(0);
  });

  it("finds it to a billionth", () => {
    expect(largestPassing(2, 1e-9, (quantity) => quantity <= 1.234567891)).toBe(1.234567891);
  });
});
