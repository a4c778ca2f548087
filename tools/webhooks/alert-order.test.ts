import { describe, expect, it } from "vitest";
import { entryNotional, entryOrder, exitOrder, tradableQuantity } from "./alert-order.ts";

const equity = { value: 100_000, basis: "the strategy's capital" };

describe("entry sizing", () => {
  it("sizes as the spec says: a fraction of equity, a fixed notional, a volatility target's cap", () => {
    expect(entryNotional({ fractionOfEquity: 0.2 }, 100_000)).toEqual({
      notional: 20_000,
      basis: "20% of equity 100,000",
    });
    expect(entryNotional({ fixedNotional: 7_500 }, 100_000)).toEqual({
      notional: 7_500,
      basis: "fixed notional 7,500",
    });
    const capped = entryNotional(
      {
        volatilityTarget: {
          annualVolatilityPercent: 15,
          lookbackBars: 20,
          maxFractionOfEquity: 0.3,
        },
      },
      100_000,
    );
    expect(capped.notional).toBe(30_000);
    expect(capped.basis).toMatch(
      /^30% of equity 100,000: the volatility target's cap .* an upper bound/,
    );
  });

  it("rounds down to what trades: whole shares and contracts, a millionth of a coin", () => {
    // 20000 / 190 = 105.26...; 50000 / 67000 = 0.746268656...; MES: 5 dollars a point, so
    // 50000 / (5000 x 5) = 2 contracts.
    expect(tradableQuantity("AAPL", 20_000, 190)).toBe(105);
    expect(tradableQuantity("BTC/USD", 50_000, 67_000)).toBe(0.746268);
    expect(tradableQuantity("MESZ5", 50_000, 5_000)).toBe(2);
    // The full-size ES has no contract spec here: it is not sized at all.
    expect(tradableQuantity("ESZ5", 50_000, 5_000)).toBeUndefined();
  });

  it("buys for a long strategy, sells short for a short one, and proposes nothing below one unit", () => {
    expect(
      entryOrder({ sizing: { fractionOfEquity: 0.2 }, side: "long" }, "AAPL", equity, 190),
    ).toEqual({
      kind: "order",
      side: "buy",
      quantity: 105,
      basis: "20% of equity 100,000 (the strategy's capital) at the alert's price 190",
    });
    expect(
      entryOrder({ sizing: { fractionOfEquity: 0.2 }, side: "short" }, "AAPL", equity, 190),
    ).toMatchObject({ kind: "order", side: "sell", quantity: 105 });
    expect(
      entryOrder({ sizing: { fixedNotional: 100 }, side: "long" }, "NVR", equity, 7_000),
    ).toEqual({
      kind: "none",
      note: "no entry: fixed notional 100 (the strategy's capital) at the alert's price 7000 comes to less than one tradable unit of NVR",
    });
    expect(
      entryOrder({ sizing: { fixedNotional: 100 }, side: "long" }, "ESZ5", equity, 5_000),
    ).toMatchObject({
      kind: "none",
      note: expect.stringMatching(/ESZ5's contract size \(point value\) is not known/),
    });
  });
});

describe("exit sizing", () => {
  it("closes what the strategy holds, never more than the account holds on that side", () => {
    expect(exitOrder("long", "AAPL", 105, 105)).toMatchObject({
      kind: "order",
      side: "sell",
      quantity: 105,
    });
    // Someone sold 5 by hand: only what is left is closed.
    expect(exitOrder("long", "AAPL", 105, 100)).toMatchObject({ side: "sell", quantity: 100 });
    // Another strategy's shares are not this strategy's to sell.
    expect(exitOrder("long", "AAPL", 20, 105)).toMatchObject({ side: "sell", quantity: 20 });
    expect(exitOrder("short", "AAPL", -50, -50)).toMatchObject({ side: "buy", quantity: 50 });
  });

  it("proposes nothing when nothing is held, or the other side is", () => {
    expect(exitOrder("long", "AAPL", 0, 105)).toEqual({
      kind: "none",
      note: "no exit: nothing held (the strategy's filled orders net 0 AAPL, the account holds 105)",
    });
    expect(exitOrder("long", "AAPL", 10, -10)).toMatchObject({ kind: "none" });
    expect(exitOrder("long", "AAPL", -10, -10)).toEqual({
      kind: "none",
      note: "no exit: the alert closes a long position, but the strategy is short (the strategy's filled orders net -10 AAPL, the account holds -10)",
    });
  });
});
