import { describe, expect, it } from "vitest";
import { floorQuantity, planRebalance, type RebalanceAccount } from "./rebalance-plan.ts";

/**
 * The account of the hand calculation: 500 AAA bought at 100 now trade at 120 (60,000), 400 BBB
 * at 50 (20,000), 30,000 cash: equity 110,000. Targets 40% AAA, 30% BBB, 20% CCC, 10% cash.
 */
const account = (buyingPower = 30_000): RebalanceAccount => ({
  equity: 110_000,
  buyingPower,
  holdings: new Map([
    ["AAA", { quantity: 500, marketValue: 60_000 }],
    ["BBB", { quantity: 400, marketValue: 20_000 }],
  ]),
  prices: new Map([
    ["AAA", 120],
    ["BBB", 50],
    ["CCC", 20],
  ]),
});
const targets = new Map([
  ["AAA", 0.4],
  ["BBB", 0.3],
  ["CCC", 0.2],
]);

describe("planRebalance", () => {
  it("sizes fractional orders to the target weights, sells first (hand calculation)", () => {
    const plan = planRebalance(targets, account(), 10);
    // Drifts: AAA 60000/110000 - 0.4 = 0.145454...; BBB 20000/110000 - 0.3 = -0.118181...; CCC -0.2.
    expect(plan.drifts.map(({ symbol, drift }) => [symbol, drift])).toEqual([
      ["CCC", -0.2],
      ["AAA", expect.closeTo(0.16 / 1.1, 12)],
      ["BBB", expect.closeTo(-0.13 / 1.1, 12)],
    ]);
    // AAA: 0.4 x 110000 / 120 = 366.666... units; sell 500 - 366.666... = 133.333333 (floored).
    // BBB: 0.3 x 110000 / 50 = 660 units; buy 260. CCC: 0.2 x 110000 / 20 = 1100 units; buy 1100.
    expect(plan.orders.map(({ symbol, side, quantity }) => [symbol, side, quantity])).toEqual([
      ["AAA", "sell", 133.333333],
      ["BBB", "buy", 260],
      ["CCC", "buy", 1100],
    ]);
    expect(plan.orders.map((order) => order.notional)).toEqual([
      expect.closeTo(15_999.99996, 8),
      13_000,
      22_000,
    ]);
    expect(plan).toMatchObject({ unpriced: [], belowMinimum: 0, buyScale: 1 });
  });

  it("cuts every buy pro rata to the buying power plus what the sells bring in", () => {
    // Budget 10000 + 15999.99996 = 25999.99996 for 35000 of buys: scale 0.742857141714...
    // BBB 260 x scale = 193.1428568457 -> 193.142856; CCC 1100 x scale = 817.1428558857 -> 817.142855.
    const plan = planRebalance(targets, account(10_000), 10);
    expect(plan.buyScale).toBeCloseTo(25_999.99996 / 35_000, 14);
    expect(plan.orders.map(({ symbol, quantity }) => [symbol, quantity])).toEqual([
      ["AAA", 133.333333],
      ["BBB", 193.142856],
      ["CCC", 817.142855],
    ]);
    const buys = plan.orders.slice(1).reduce((sum, order) => sum + order.notional, 0);
    expect(buys).toBeLessThanOrEqual(25_999.99996);
  });

  it("cuts an order larger than the per-order limits to fit them (hand calculation)", () => {
    // CCC's 1100 x 20 = 22,000 is over 98% of 20,000 = 19,600: 19,600 / 20 = 980 units.
    const byNotional = planRebalance(targets, account(), 10, {
      maxOrderNotional: 20_000,
      maxOrderQuantity: Infinity,
      maxPositionNotional: Infinity,
    });
    expect(
      byNotional.orders.map(({ symbol, quantity, notional }) => [symbol, quantity, notional]),
    ).toEqual([
      ["AAA", 133.333333, expect.closeTo(15_999.99996, 8)],
      ["BBB", 260, 13_000],
      ["CCC", 980, 19_600],
    ]);
    expect(byNotional.stepped).toEqual(["CCC"]);
    // At most 250 units an order: BBB's 260 and CCC's 1100 become 250 each.
    const byUnits = planRebalance(targets, account(), 10, {
      maxOrderNotional: Infinity,
      maxOrderQuantity: 250,
      maxPositionNotional: Infinity,
    });
    expect(byUnits.orders.map(({ symbol, quantity }) => [symbol, quantity])).toEqual([
      ["AAA", 133.333333],
      ["BBB", 250],
      ["CCC", 250],
    ]);
    expect(byUnits.stepped).toEqual(["BBB", "CCC"]);
    expect(planRebalance(targets, account(), 10).stepped).toEqual([]);
  });

  it("buys a position only up to the position limit, and never cuts a sell for it (hand calculation)", () => {
    // 98% of 30,000 is 29,400 a position. BBB holds 400 x 50 = 20,000: room for 9,400 / 50 = 188
    // of its 260. CCC holds none: 29,400 / 20 = 1470, above its 1100, so it is not cut. AAA's sell
    // (to 44,000 of 60,000, still above the limit) is not cut: a sell reduces the position.
    const limits = { maxOrderNotional: Infinity, maxOrderQuantity: Infinity };
    const plan = planRebalance(targets, account(), 10, { ...limits, maxPositionNotional: 30_000 });
    expect(plan.orders.map(({ symbol, side, quantity }) => [symbol, side, quantity])).toEqual([
      ["AAA", "sell", 133.333333],
      ["BBB", "buy", 188],
      ["CCC", "buy", 1100],
    ]);
    expect(plan).toMatchObject({ capped: ["BBB"], stepped: [], belowMinimum: 0 });
    // At 20,000 a position BBB (20,000 held) has no room at all: its buy is left out, as capped;
    // CCC gets 19,600 / 20 = 980.
    const full = planRebalance(targets, account(), 10, { ...limits, maxPositionNotional: 20_000 });
    expect(full.orders.map(({ symbol, quantity }) => [symbol, quantity])).toEqual([
      ["AAA", 133.333333],
      ["CCC", 980],
    ]);
    expect(full).toMatchObject({ capped: ["BBB", "CCC"], belowMinimum: 0 });
  });

  it("sells a whole holding whose target is 0, leaves out small orders and unpriced symbols", () => {
    const plan = planRebalance(
      new Map([
        ["AAA", 60_005 / 110_000], // 0.041666 units more: 5.00 of notional, under the minimum of 10
        ["BBB", 0],
        ["DDD", 0.1],
      ]),
      {
        ...account(),
        holdings: new Map([...account().holdings, ["DDD", { quantity: 3, marketValue: 330 }]]),
      },
      10,
    );
    expect(plan.orders.map(({ symbol, side, quantity }) => [symbol, side, quantity])).toEqual([
      ["BBB", "sell", 400],
    ]);
    expect(plan.belowMinimum).toBe(1);
    expect(plan.unpriced).toEqual(["DDD"]);
    // An unpriced symbol's weight is its market value: 330 / 110000.
    expect(plan.drifts.find((drift) => drift.symbol === "DDD")?.currentWeight).toBe(0.003);
  });

  it("floors units to millionths, through binary noise", () => {
    expect(floorQuantity(30_240 / 50 - 600)).toBe(4.8);
    expect(floorQuantity(1.9999999)).toBe(1.999999);
    expect(floorQuantity(0.0000004)).toBe(0);
  });

  it("refuses an account without equity", () => {
    expect(() => planRebalance(targets, { ...account(), equity: 0 }, 10)).toThrow(
      /equity must be greater than 0/,
    );
  });
});
