import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkOrder } from "./gate.ts";
import { largestPassing, sizeToStop } from "./position-size.ts";
import { testContext, testOrder } from "./test-context.ts";

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

  it("finds sizes that pass only from some size up, which a binary search from 0 misses", () => {
    // 60 to 70 pass: halving 0-76 tries 38 first, fails, and never looks above it again.
    const band = (quantity: number) => quantity >= 60 && quantity <= 70;
    expect(largestPassing(76, 1, band)).toBe(70);
    // Two billion steps, checked a hundred thousand apart, then the gap above 1.5 to a billionth.
    expect(largestPassing(2, 1e-9, (quantity) => quantity >= 1.5 && quantity <= 1.75)).toBe(1.75);
    expect(largestPassing(76, 1, (quantity) => quantity === 3)).toBe(3);
  });
});

// Property: for plausible accounts holding any position in the symbol (long, short or none, open
// orders on either side) and another in its cluster, largestPassing against the real gate finds
// what trying every size from the top down finds, even when it may check only 64 sizes and
// search the gaps. Hedges make the sizes that pass start above 0 (a short lowering a net
// exposure over its limit); a sale past a long flips it into a short.
describe("the largest size the gate passes", () => {
  const caseArbitrary = fc.record({
    side: fc.constantFrom("buy", "sell"),
    held: fc.integer({ min: -1_500, max: 1_500 }),
    otherValue: fc.integer({ min: -60_000, max: 60_000 }),
    openOrder: fc.option(
      fc.record({
        side: fc.constantFrom("buy", "sell"),
        quantity: fc.integer({ min: 1, max: 800 }),
      }),
      { nil: undefined },
    ),
    limits: fc.record({
      maxOrderQuantity: fc.integer({ min: 1, max: 3_000 }),
      maxOrderNotional: fc.integer({ min: 1_000, max: 300_000 }),
      maxPositionNotional: fc.integer({ min: 1_000, max: 300_000 }),
      maxGrossExposure: fc.double({ min: 0.1, max: 3, noNaN: true }),
      maxNetExposure: fc.double({ min: 0.1, max: 3, noNaN: true }),
      maxClusterExposure: fc.double({ min: 0.1, max: 2, noNaN: true }),
    }),
    equity: fc.integer({ min: 10_000, max: 500_000 }),
    buyingPower: fc.integer({ min: 0, max: 1_000_000 }),
    shortingEnabled: fc.boolean(),
    state: fc.constantFrom("active", "reducing"),
    upTo: fc.integer({ min: 1, max: 3_000 }),
  });

  it("is what trying every size finds", () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const context = testContext({
          state: c.state,
          limits: c.limits,
          market: { cluster: "tech" },
          account: {
            equity: c.equity,
            dayStartEquity: c.equity,
            buyingPower: c.buyingPower,
            shortingEnabled: c.shortingEnabled,
            positions: [
              ...(c.held === 0
                ? []
                : [
                    { symbol: "XYZ", quantity: c.held, marketValue: c.held * 100, cluster: "tech" },
                  ]),
              { symbol: "ABC", quantity: 1, marketValue: c.otherValue, cluster: "tech" },
            ],
            openOrders: c.openOrder ? [{ symbol: "XYZ", ...c.openOrder }] : [],
          },
        });
        const passes = (quantity: number) =>
          checkOrder(testOrder({ side: c.side, quantity }), context).allowed;
        let everySize = c.upTo;
        while (everySize > 0 && !passes(everySize)) everySize -= 1;
        expect(largestPassing(c.upTo, 1, passes, 64)).toBe(everySize);
      }),
      { numRuns: 2_000, seed: 20261204 },
    );
  });
});
