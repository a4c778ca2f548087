import { describe, expect, it } from "vitest";
import { emptyBars } from "../../engine/bars.ts";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { describeResult } from "../replies/describe-result.ts";
import { parseToolInput } from "../run-tool.ts";
import { sizePosition } from "./size-position.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

async function setUp(options: Parameters<typeof orderHarness>[0] = {}) {
  return cleanup(await orderHarness(options));
}

const size = (h: OrderHarness, input: Record<string, unknown>) =>
  sizePosition.run(parseToolInput(sizePosition, input) as never, h.context);

/** The error a sizing throws, whether its input fails the schema or the prices. */
async function refusal(h: OrderHarness, input: Record<string, unknown>) {
  try {
    await size(h, input);
  } catch (caught) {
    return caught as { code: string; message: string; issues?: { path: (string | number)[] }[] };
  }
  throw new Error("sized without an error");
}

const dayMs = 86_400_000;

/**
 * 40 daily bars closing at 100: a true range of 2 (101 - 99) each day, then 4 (102 - 98) on the
 * last 5. Wilder's ATR(14) is 2 through the flat stretch, then moves 1/14 of the way to 4 each
 * day: 4 - 2 x (13/14)^5 at the end.
 */
function steadyBars(symbol: string) {
  const bars = emptyBars(symbol, 40);
  for (let i = 0; i < 40; i++) {
    const wide = i >= 35;
    bars.timestampMs[i] = Date.UTC(2024, 0, 1) + i * dayMs;
    bars.open[i] = 100;
    bars.close[i] = 100;
    bars.high[i] = wide ? 102 : 101;
    bars.low[i] = wide ? 98 : 99;
    bars.volume[i] = 1000;
  }
  return bars;
}

describe("size_position", () => {
  it("risks 1% of the account over the distance to a percentage stop, and the gate passes it", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    const result = await size(h, { symbol: "aapl", stopPercent: 5 });
    // By hand: 1% of 100,000 is 1,000; a 5% stop from 200 is 190, 10 a share: 100 shares,
    // 20,000 bought (under the default 25,000 order limit), 1,000 lost at the stop.
    expect(result).toMatchObject({
      symbol: "AAPL",
      side: "buy",
      entry: { price: 200, source: "test prices" },
      stop: { price: 190, rule: "5% below entry", atr: null },
      equity: { value: 100_000, source: "paper-sim account" },
      riskBudget: 1000,
      riskPerUnit: 10,
      sized: { quantity: 100, notional: 20_000, riskAtStop: 1000, shareOfEquity: 0.2 },
      gate: { passes: true, reason: null, largestPassing: null },
    });
    // Nothing was proposed: sizing is a question, not an order.
    expect(await h.store.listIntents({ limit: 10 })).toEqual([]);
    expect(describeResult("size_position", result)).toContain(
      '"buy it" (or "buy 100 shares of AAPL") proposes it',
    );
  });

  it("reports what the account already holds of the symbol, and what the order would do to it", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 30 });
    await h.executor.runOnce();
    const long = await size(h, { symbol: "AAPL", stopPercent: 5 });
    // 100 more on the 30 held: 130 shares losing 10 each at the stop, 1,300 (1.30%).
    expect(long).toMatchObject({ held: 30, sized: { quantity: 100 } });
    expect(describeResult("size_position", long)).toContain(
      "You already hold 30 shares of AAPL long: with these it is 130 shares of AAPL, and if the whole position is stopped at the same price it loses 1,300.00 (1.30% of equity)",
    );
    const short = await size(h, { symbol: "AAPL", side: "sell", stopPercent: 5 });
    expect(short).toMatchObject({ held: 30, sized: { quantity: 100 } });
    expect(describeResult("size_position", short)).toContain(
      "selling 100 first closes it, leaving 70 short, not a short of 100",
    );
  });

  it("puts an ATR stop that many of Wilder's ATRs away and caps the size at the gate's order limit", async () => {
    const h = await setUp();
    await h.store.writeBars("1d", [steadyBars("ACME")]);
    await h.setPrice("ACME", 200);
    const result = await size(h, { symbol: "ACME", stopAtr: 1.5, riskAmount: 1000 });
    const atr = 4 - 2 * (13 / 14) ** 5;
    expect(result.stop.atr).toEqual({
      value: expect.closeTo(atr, 9) as number,
      period: 14,
      asOf: "2024-02-09T00:00:00.000Z",
    });
    expect(result.stop.price).toBeCloseTo(200 - 1.5 * atr, 9);
    expect(result.stop.rule).toBe("1.5 x ATR(14) below entry");
    // 1,000 / (1.5 x ATR) shares, rounded down.
    const quantity = Math.floor(1000 / (1.5 * atr));
    expect(result.sized.quantity).toBe(quantity);
    expect(result.sized.quantity * 200).toBeGreaterThan(25_000);
    // The default maxOrderNotional of 25,000 passes 125 shares at 200, not 126.
    expect(result.gate).toMatchObject({
      passes: false,
      reason: { code: "MAX_ORDER_NOTIONAL", limit: 25_000 },
      largestPassing: { quantity: 125, notional: 25_000 },
    });
    expect(result.gate.largestPassing!.riskAtStop).toBeCloseTo(125 * 1.5 * atr, 9);
    const reply = describeResult("size_position", result);
    expect(reply).toContain("It passes at most 125 shares of ACME");
    expect(reply).toContain('"buy it" (or "buy 125 shares of ACME") proposes it');
    expect(reply).toContain(
      `"alert me if ACME drops below ${Number((200 - 1.5 * atr).toPrecision(6))}"`,
    );
  });

  it("takes a shorter ATR and a short's stop above entry; a short sale the account cannot make is not capped", async () => {
    const h = await setUp();
    await h.store.writeBars("1d", [steadyBars("ACME")]);
    await h.setPrice("ACME", 100);
    const result = await size(h, { symbol: "ACME", side: "sell", stopAtr: 2, atrPeriod: 5 });
    // Wilder's ATR(5) goes 1/5 of the way to 4 each wide day: 4 - 2 x (4/5)^5 = 3.34464, the
    // stop 2 of them above 100, and 1,000 / 6.68928 = 149.49... shares.
    expect(result.stop.price).toBeCloseTo(106.68928, 9);
    expect(result.stop.rule).toBe("2 x ATR(5) above entry");
    expect(result.sized.quantity).toBe(149);
    expect(result.gate).toMatchObject({
      passes: false,
      reason: { code: "SHORT_SALE" },
      largestPassing: null,
    });
  });

  it("sizes coins to a millionth and futures by their point value", async () => {
    const h = await setUp();
    await h.setPrice("BTC/USD", 60_000);
    const coins = await size(h, { symbol: "BTC/USD", stopPrice: 57_000, riskAmount: 200 });
    // 200 / 3,000 = 0.0666...: 0.066666 coins.
    expect(coins.sized.quantity).toBe(0.066666);
    expect(coins.gate.passes).toBe(true);
    await h.setPrice("MES", 5000);
    const contracts = await size(h, { symbol: "MES", stopPrice: 4980, riskAmount: 250 });
    // 20 points x $5 is $100 a Micro E-mini: 2 contracts, $50,000 of index, over the 25,000
    // order limit, which passes 1 contract (1 x 5,000 x 5 = 25,000).
    expect(contracts).toMatchObject({
      pointValue: 5,
      riskPerUnit: 100,
      sized: { quantity: 2, notional: 50_000, riskAtStop: 200 },
      gate: {
        passes: false,
        reason: { code: "MAX_ORDER_NOTIONAL" },
        largestPassing: { quantity: 1, notional: 25_000, riskAtStop: 100 },
      },
    });
    expect(describeResult("size_position", contracts)).toContain(
      '"buy it" (or "buy 1 contract of MES") proposes it',
    );
  });

  it("sizes to a given entry and equity without a price, and says the gate cannot check it", async () => {
    const h = await setUp();
    const result = await size(h, {
      symbol: "MSFT",
      entryPrice: 400,
      stopPrice: 380,
      equity: 50_000,
      riskPercent: 2,
    });
    expect(result).toMatchObject({
      entry: { price: 400, source: "given" },
      equity: { value: 50_000, source: "given" },
      riskBudget: 1000,
      sized: { quantity: 50, notional: 20_000 },
      gate: { passes: false, reason: { code: "STALE_PRICE" }, largestPassing: null },
    });
  });

  it("checks a given entry as the limit order that would rest there", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    // By hand: 1,280 over 10 a share is 128 shares; at the limit 195 that is 24,960, inside the
    // default 25,000 order limit, where at the market's 200 it would be 25,600 and capped at 125.
    const limit = await size(h, {
      symbol: "AAPL",
      entryPrice: 195,
      stopPrice: 185,
      riskAmount: 1280,
    });
    expect(limit).toMatchObject({
      sized: { quantity: 128, notional: 24_960 },
      gate: { order: { type: "limit", limitPrice: 195 }, passes: true, largestPassing: null },
    });
    expect(describeResult("size_position", limit)).toContain(
      'Nothing is ordered: "buy it" proposes it as a limit order at 195 (the gate checks it again',
    );
    // 180 is 1,000 bps from 200, past the default 300 bps collar: no size of it passes.
    const far = await size(h, { symbol: "AAPL", entryPrice: 180, stopPrice: 170 });
    expect(far.gate).toMatchObject({
      passes: false,
      reason: { code: "PRICE_COLLAR" },
      largestPassing: null,
    });
    expect(describeResult("size_position", far)).toContain(
      "The risk gate would refuse that size as a limit order at 180 now: PRICE_COLLAR: limit 180 is 1000 bps from the last trade 200",
    );
  });

  it("says when one unit risks more than the budget", async () => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    const result = await size(h, { symbol: "AAPL", stopPrice: 100, riskAmount: 50 });
    expect(result.sized.quantity).toBe(0);
    expect(result.gate).toEqual({
      order: { type: "market", limitPrice: null },
      passes: false,
      reason: null,
      largestPassing: null,
    });
    expect(describeResult("size_position", result)).toContain(
      "One share loses 100 at the stop, more than the 50.00",
    );
  });

  it.each([
    [{ symbol: "AAPL" }, "stopPrice", "give the stop"],
    [{ symbol: "AAPL", stopPrice: 190, stopPercent: 5 }, "stopPrice", "only one of"],
    [{ symbol: "AAPL", stopPercent: 5, riskPercent: 1, riskAmount: 10 }, "riskAmount", "not both"],
    [{ symbol: "AAPL", stopPercent: 5, riskPercent: 150 }, "riskPercent", "at most 100"],
    [{ symbol: "AAPL", stopAtr: 0 }, "stopAtr", "greater than 0"],
    [{ symbol: "AAPL", stopAtr: 2, atrPeriod: 1.5 }, "atrPeriod", "whole number"],
    [{ symbol: "AAPL", stopPercent: 5, leverage: 2 }, "", "leverage"],
  ])("refuses %j, naming %s", async (input, path, words) => {
    const h = await setUp();
    const error = await refusal(h, input);
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain(words);
    if (path) expect(error.issues?.map((issue) => issue.path.join("."))).toContain(path);
  });

  it.each([
    [{ symbol: "AAPL", stopPrice: 210 }, "stopPrice", "a long's stop must be below its entry"],
    [{ symbol: "AAPL", side: "sell", stopPrice: 190 }, "stopPrice", "a short's stop must be above"],
    [{ symbol: "AAPL", stopPercent: 100 }, "stopPercent", "must stay above 0"],
    [{ symbol: "NOPE", stopPercent: 5 }, "entryPrice", "no last trade of NOPE"],
    [{ symbol: "AAPL", stopAtr: 2 }, "", "no 1d bars stored for AAPL"],
  ])("refuses %j once it knows the prices, naming %s", async (input, path, words) => {
    const h = await setUp();
    await h.setPrice("AAPL", 200);
    const error = await refusal(h, input);
    expect(["invalid_input", "not_found"]).toContain(error.code);
    expect(error.message).toContain(words);
    if (path) expect(error.issues?.map((issue) => issue.path.join("."))).toContain(path);
  });

  it("refuses an ATR longer than the stored history", async () => {
    const h = await setUp();
    await h.store.writeBars("1d", [steadyBars("ACME")]);
    await h.setPrice("ACME", 100);
    await expect(size(h, { symbol: "ACME", stopAtr: 2, atrPeriod: 40 })).rejects.toThrow(
      "ACME has 40 stored daily bars; ATR(40) needs at least 41",
    );
  });
});
