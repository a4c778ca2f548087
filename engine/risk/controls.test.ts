import { describe, expect, it } from "vitest";
import { checkOrder } from "./gate.ts";
import {
  reasonOf,
  testContext,
  testOrder,
  wednesdayMs,
  type ContextChanges,
} from "./test-context.ts";
import type { DenyCode, RiskDecision } from "./types.ts";

// Every control at its limit (passes), just inside (passes), just outside (denied with that
// code and the numbers), and with NaN, a negative number, Infinity and a string where its
// input goes. The numbers are worked out by hand in the comments.

const check = (order: Record<string, unknown>, changes: ContextChanges = {}) =>
  checkOrder(order, testContext(changes));

function resultOf(decision: RiskDecision, code: DenyCode) {
  const found = decision.checks.find((c) => c.code === code);
  if (!found) throw new Error(`no ${code} check in ${JSON.stringify(decision.checks)}`);
  return found;
}

function expectAllowed(decision: RiskDecision, code: DenyCode) {
  expect(reasonOf(decision)).toBe("allowed");
  expect(resultOf(decision, code).passed).toBe(true);
}

function expectDenied(decision: RiskDecision, code: DenyCode, limit: number, actual: number) {
  expect(reasonOf(decision)).toMatch(new RegExp(`^${code}:`));
  if (decision.allowed) return;
  expect(decision.reason.limit).toBeCloseTo(limit, 6);
  expect(decision.reason.actual).toBeCloseTo(actual, 6);
  expect(resultOf(decision, code)).toMatchObject({ passed: false });
}

function expectInvalid(decision: RiskDecision, code: DenyCode, field: string) {
  expect(decision.allowed).toBe(false);
  if (decision.allowed) return;
  expect(decision.reason).toMatchObject({ code, field });
  expect(decision.reason.message).toContain(field);
}

const badNumbers: [string, unknown][] = [
  ["NaN", NaN],
  ["a negative number", -1],
  ["Infinity", Infinity],
  ["a string", "100"],
];
const badButNotNegative = badNumbers.filter(([name]) => name !== "a negative number");

describe("MAX_ORDER_QUANTITY (limit 1000 units; price 1 so no other limit binds)", () => {
  const market = { lastPrice: 1 };
  it("passes at the limit and just below", () => {
    expectAllowed(check(testOrder({ quantity: 1000 }), { market }), "MAX_ORDER_QUANTITY");
    expectAllowed(check(testOrder({ quantity: 999.99 }), { market }), "MAX_ORDER_QUANTITY");
  });
  it("denies just above with limit 1000 and actual 1000.01", () => {
    expectDenied(
      check(testOrder({ quantity: 1000.01 }), { market }),
      "MAX_ORDER_QUANTITY",
      1000,
      1000.01,
    );
  });
  it("passes rounding noise: 1000 + 1e-7 is within 1e-9 x 1000", () => {
    expectAllowed(check(testOrder({ quantity: 1000 + 1e-7 }), { market }), "MAX_ORDER_QUANTITY");
    expectDenied(
      check(testOrder({ quantity: 1000 + 1e-5 }), { market }),
      "MAX_ORDER_QUANTITY",
      1000,
      1000.00001,
    );
  });
  it.each([...badNumbers, ["zero", 0]])("refuses %s as the quantity", (_, quantity) => {
    expectInvalid(check(testOrder({ quantity }), { market }), "INVALID_ORDER", "quantity");
  });
  it("clamps a configured limit above the hard boundary to 1,000,000", () => {
    const changes = { market: { lastPrice: 0.01 }, limits: { maxOrderQuantity: 5e6 } };
    expectAllowed(check(testOrder({ quantity: 1_000_000 }), changes), "MAX_ORDER_QUANTITY");
    expectDenied(
      check(testOrder({ quantity: 1_000_001 }), changes),
      "MAX_ORDER_QUANTITY",
      1e6,
      1_000_001,
    );
  });
});

describe("MAX_ORDER_NOTIONAL (limit 50,000; price 100)", () => {
  it("passes at the limit and just below (notional orders: 500 and 499.9999 units)", () => {
    expectAllowed(
      check(testOrder({ quantity: undefined, notional: 50_000 })),
      "MAX_ORDER_NOTIONAL",
    );
    expectAllowed(
      check(testOrder({ quantity: undefined, notional: 49_999.99 })),
      "MAX_ORDER_NOTIONAL",
    );
  });
  it("denies a cent above", () => {
    const decision = check(testOrder({ quantity: undefined, notional: 50_000.01 }));
    expectDenied(decision, "MAX_ORDER_NOTIONAL", 50_000, 50_000.01);
  });
  it("prices a quantity order at the last trade: 500.5 x 100 = 50,050", () => {
    expectDenied(check(testOrder({ quantity: 500.5 })), "MAX_ORDER_NOTIONAL", 50_000, 50_050);
  });
  it("sizes a notional limit order at its limit price: 1005 / 100.5 = 10 units", () => {
    const decision = check(
      testOrder({ quantity: undefined, notional: 1005, type: "limit", limitPrice: 100.5 }),
    );
    expect(decision).toMatchObject({ allowed: true, quantity: 10, notional: 1005 });
  });
  it("sizes a notional market order at the last trade: 1005 / 100 = 10.05 units", () => {
    const decision = check(testOrder({ quantity: undefined, notional: 1005 }));
    expect(decision.allowed && decision.quantity).toBeCloseTo(10.05, 12);
  });
  it("multiplies a CME contract by its point value: 2 MES at 5000 x 5 = 50,000", () => {
    const order = testOrder({ symbol: "MESM25", quantity: 2, market: "CME" });
    const market = { lastPrice: 5000, pointValue: 5 };
    expectAllowed(check(order, { market }), "MAX_ORDER_NOTIONAL");
    const three = check({ ...order, quantity: 3 }, { market });
    expectDenied(three, "MAX_ORDER_NOTIONAL", 50_000, 75_000);
  });
  it.each([...badNumbers, ["zero", 0]])("refuses %s as the notional", (_, notional) => {
    expectInvalid(check(testOrder({ quantity: undefined, notional })), "INVALID_ORDER", "notional");
  });
});

describe("MAX_POSITION (limit 80,000; holding 700 XYZ = 70,000; cluster limit raised to 1)", () => {
  const held = (quantity: number, extra: Record<string, unknown> = {}) => ({
    limits: { maxClusterExposure: 1 },
    account: {
      positions: [{ symbol: "XYZ", quantity, marketValue: quantity * 100 }],
      ...extra,
    },
  });
  it("passes at the limit (buy 100: 800 x 100) and just below (buy 99.99)", () => {
    expectAllowed(check(testOrder({ quantity: 100 }), held(700)), "MAX_POSITION");
    expectAllowed(check(testOrder({ quantity: 99.99 }), held(700)), "MAX_POSITION");
  });
  it("denies just above: buy 100.01 makes 80,001", () => {
    expectDenied(check(testOrder({ quantity: 100.01 }), held(700)), "MAX_POSITION", 80_000, 80_001);
  });
  it("measures a short by its absolute value: short 700, sell 100.01 makes -80,001", () => {
    const order = testOrder({ side: "sell", quantity: 100.01 });
    expectDenied(check(order, held(-700)), "MAX_POSITION", 80_000, 80_001);
    expectAllowed(check({ ...order, quantity: 100 }, held(-700)), "MAX_POSITION");
  });
  it("counts open orders on the same side as filled: open buy 50, so buy 50.01 makes 800.01", () => {
    const open = held(700, { openOrders: [{ symbol: "XYZ", side: "buy", quantity: 50 }] });
    expectAllowed(check(testOrder({ quantity: 50 }), open), "MAX_POSITION");
    expectDenied(check(testOrder({ quantity: 50.01 }), open), "MAX_POSITION", 80_000, 80_001);
  });
  it("lets an order that reduces an oversized position through, and nothing that grows it", () => {
    expectAllowed(check(testOrder({ side: "sell", quantity: 10 }), held(900)), "MAX_POSITION");
    expectDenied(check(testOrder({ quantity: 1 }), held(900)), "MAX_POSITION", 80_000, 90_100);
  });
  it.each(badButNotNegative)("refuses %s as a position's quantity", (_, quantity) => {
    const changes = { account: { positions: [{ symbol: "XYZ", quantity, marketValue: 70_000 }] } };
    expectInvalid(check(testOrder(), changes), "INVALID_CONTEXT", "account.positions[0].quantity");
  });
  it("refuses a negative quantity whose market value is positive", () => {
    const changes = {
      account: { positions: [{ symbol: "XYZ", quantity: -700, marketValue: 70_000 }] },
    };
    expectInvalid(
      check(testOrder(), changes),
      "INVALID_CONTEXT",
      "account.positions[0].marketValue",
    );
  });
});

describe("MAX_GROSS_EXPOSURE (1 x equity 100,000; holding ABC 60,000 and DEF -20,000)", () => {
  const account = {
    positions: [
      { symbol: "ABC", quantity: 600, marketValue: 60_000 },
      { symbol: "DEF", quantity: -200, marketValue: -20_000 },
    ],
  };
  it("passes at the limit (buy 200 XYZ: 60,000 + 20,000 + 20,000) and just below", () => {
    expectAllowed(check(testOrder({ quantity: 200 }), { account }), "MAX_GROSS_EXPOSURE");
    expectAllowed(check(testOrder({ quantity: 199.99 }), { account }), "MAX_GROSS_EXPOSURE");
  });
  it("denies just above: buy 200.01 makes 100,001", () => {
    const decision = check(testOrder({ quantity: 200.01 }), { account });
    expectDenied(decision, "MAX_GROSS_EXPOSURE", 100_000, 100_001);
  });
  it("gives a negative equity no room at all", () => {
    const decision = check(testOrder({ quantity: 1 }), { account: { ...account, equity: -1 } });
    expectDenied(decision, "MAX_GROSS_EXPOSURE", 0, 80_100);
  });
  it.each(badButNotNegative)("refuses %s as equity", (_, equity) => {
    expectInvalid(
      check(testOrder(), { account: { ...account, equity } }),
      "INVALID_CONTEXT",
      "account.equity",
    );
  });
  it.each(badButNotNegative)("refuses %s as a position's market value", (_, marketValue) => {
    const positions = [{ symbol: "ABC", quantity: 600, marketValue }];
    expectInvalid(
      check(testOrder(), { account: { positions } }),
      "INVALID_CONTEXT",
      "account.positions[0].marketValue",
    );
  });
});

describe("MAX_NET_EXPOSURE (0.5 x equity 100,000)", () => {
  const long = {
    limits: { maxNetExposure: 0.5 },
    account: {
      positions: [
        { symbol: "ABC", quantity: 300, marketValue: 30_000 },
        { symbol: "DEF", quantity: 100, marketValue: 10_000 },
      ],
    },
  };
  const short = {
    limits: { maxNetExposure: 0.5 },
    account: {
      positions: [
        { symbol: "ABC", quantity: -300, marketValue: -30_000 },
        { symbol: "DEF", quantity: -100, marketValue: -10_000 },
      ],
    },
  };
  it("passes at the limit (40,000 + buy 100 x 100) and just below", () => {
    expectAllowed(check(testOrder({ quantity: 100 }), long), "MAX_NET_EXPOSURE");
    expectAllowed(check(testOrder({ quantity: 99.99 }), long), "MAX_NET_EXPOSURE");
  });
  it("denies just above: buy 100.01 makes 50,001", () => {
    expectDenied(check(testOrder({ quantity: 100.01 }), long), "MAX_NET_EXPOSURE", 50_000, 50_001);
  });
  it("measures a short book by its absolute value: -40,000 - 10,001", () => {
    const order = testOrder({ side: "sell", quantity: 100.01 });
    expectDenied(check(order, short), "MAX_NET_EXPOSURE", 50_000, 50_001);
    expectAllowed(check(testOrder({ quantity: 100.01 }), short), "MAX_NET_EXPOSURE");
  });
  it.each(badNumbers)("refuses %s as the limit", (_, maxNetExposure) => {
    expectInvalid(
      check(testOrder(), { limits: { maxNetExposure } }),
      "INVALID_CONTEXT",
      "limits.maxNetExposure",
    );
  });
});

describe("DAILY_LOSS_LIMIT (0.02 x day-start 100,000 = 2,000)", () => {
  it("passes at the limit (equity 98,000) and just below (98,000.01)", () => {
    expectAllowed(check(testOrder(), { account: { equity: 98_000 } }), "DAILY_LOSS_LIMIT");
    expectAllowed(check(testOrder(), { account: { equity: 98_000.01 } }), "DAILY_LOSS_LIMIT");
  });
  it("denies just above: equity 97,999.99 is a loss of 2,000.01", () => {
    const decision = check(testOrder(), { account: { equity: 97_999.99 } });
    expectDenied(decision, "DAILY_LOSS_LIMIT", 2_000, 2_000.01);
  });
  it("takes the worse of equity and realized P&L: realized -2,000.01 at equity 100,000", () => {
    expectDenied(
      check(testOrder(), { account: { realizedPnlToday: -2_000.01 } }),
      "DAILY_LOSS_LIMIT",
      2_000,
      2_000.01,
    );
    expectAllowed(
      check(testOrder(), { account: { realizedPnlToday: -2_000 } }),
      "DAILY_LOSS_LIMIT",
    );
  });
  it("still lets a position be reduced past the limit", () => {
    const account = {
      equity: 90_000,
      positions: [{ symbol: "XYZ", quantity: 100, marketValue: 10_000 }],
    };
    expectAllowed(
      check(testOrder({ side: "sell", quantity: 50 }), { account }),
      "DAILY_LOSS_LIMIT",
    );
    expectDenied(check(testOrder({ quantity: 1 }), { account }), "DAILY_LOSS_LIMIT", 2_000, 10_000);
  });
  it("gives a negative day-start equity a limit of 0", () => {
    const account = { dayStartEquity: -1, realizedPnlToday: -0.01 };
    expectDenied(check(testOrder(), { account }), "DAILY_LOSS_LIMIT", 0, 0.01);
  });
  it.each(badButNotNegative)("refuses %s as day-start equity and as realized P&L", (_, value) => {
    expectInvalid(
      check(testOrder(), { account: { dayStartEquity: value } }),
      "INVALID_CONTEXT",
      "account.dayStartEquity",
    );
    expectInvalid(
      check(testOrder(), { account: { realizedPnlToday: value } }),
      "INVALID_CONTEXT",
      "account.realizedPnlToday",
    );
  });
});

describe("ORDER_THROTTLE (5 orders a minute, this one included)", () => {
  const recent = (count: number, ageMs = 1_000) =>
    Array.from({ length: count }, (_, i) => ({
      symbol: `R${i}`,
      side: "buy",
      quantity: 1,
      submittedMs: wednesdayMs - ageMs,
    }));
  it("passes at the limit (4 recent + this) and just below (3 + this)", () => {
    expectAllowed(check(testOrder(), { account: { recentOrders: recent(4) } }), "ORDER_THROTTLE");
    expectAllowed(check(testOrder(), { account: { recentOrders: recent(3) } }), "ORDER_THROTTLE");
  });
  it("denies just above: 5 recent + this = 6", () => {
    const decision = check(testOrder(), { account: { recentOrders: recent(5) } });
    expectDenied(decision, "ORDER_THROTTLE", 5, 6);
  });
  it("counts (now - 60 s, now]: an order exactly 60 s old is out, 59.999 s old is in", () => {
    const outside = [...recent(4), ...recent(1, 60_000)];
    expectAllowed(check(testOrder(), { account: { recentOrders: outside } }), "ORDER_THROTTLE");
    const inside = [...recent(4), ...recent(1, 59_999)];
    expectDenied(check(testOrder(), { account: { recentOrders: inside } }), "ORDER_THROTTLE", 5, 6);
  });
  it.each(badButNotNegative)("refuses %s as a recent order's time", (_, submittedMs) => {
    const recentOrders = [{ symbol: "R", side: "buy", quantity: 1, submittedMs }];
    expectInvalid(
      check(testOrder(), { account: { recentOrders } }),
      "INVALID_CONTEXT",
      "account.recentOrders[0].submittedMs",
    );
  });
  it.each(badNumbers)("refuses %s as the limit", (_, maxOrdersPerMinute) => {
    expectInvalid(
      check(testOrder(), { limits: { maxOrdersPerMinute } }),
      "INVALID_CONTEXT",
      "limits.maxOrdersPerMinute",
    );
  });
});

describe("STALE_PRICE (last trade at most 60 s old)", () => {
  const at = (lastTradeMs: unknown) => ({ market: { lastTradeMs } });
  it("passes at the limit (60,000 ms) and just below (59,999 ms)", () => {
    expectAllowed(check(testOrder(), at(wednesdayMs - 60_000)), "STALE_PRICE");
    expectAllowed(check(testOrder(), at(wednesdayMs - 59_999)), "STALE_PRICE");
  });
  it("denies just above: 60,001 ms", () => {
    expectDenied(check(testOrder(), at(wednesdayMs - 60_001)), "STALE_PRICE", 60_000, 60_001);
  });
  it("denies a trade stamped further in the future than the window", () => {
    expectAllowed(check(testOrder(), at(wednesdayMs + 60_000)), "STALE_PRICE");
    expectDenied(check(testOrder(), at(wednesdayMs + 60_001)), "STALE_PRICE", 60_000, -60_001);
  });
  it("treats a negative time as a price from 1969: stale", () => {
    expectDenied(check(testOrder(), at(-1)), "STALE_PRICE", 60_000, wednesdayMs + 1);
  });
  it.each(badButNotNegative)("refuses %s as the last trade's time", (_, lastTradeMs) => {
    expectInvalid(check(testOrder(), at(lastTradeMs)), "INVALID_CONTEXT", "market.lastTradeMs");
  });
});

describe("PRICE_COLLAR (limit price within 100 bps of the last trade 100)", () => {
  const limit = (side: string, limitPrice: unknown) =>
    testOrder({ side, type: "limit", limitPrice });
  it("passes at the limit on both sides (101 and 99) and just inside (100.99, 99.01)", () => {
    for (const price of [101, 99, 100.99, 99.01])
      expectAllowed(check(limit("buy", price)), "PRICE_COLLAR");
  });
  it("denies just outside: 101.01 and 98.99 are 101 bps away", () => {
    expectDenied(check(limit("buy", 101.01)), "PRICE_COLLAR", 100, 101);
    expectDenied(check(limit("buy", 98.99)), "PRICE_COLLAR", 100, 101);
  });
  it("does not collar a market order", () => {
    expectAllowed(check(testOrder()), "PRICE_COLLAR");
  });
  it.each([...badNumbers, ["zero", 0]])("refuses %s as the limit price", (_, limitPrice) => {
    expectInvalid(check(limit("buy", limitPrice)), "INVALID_ORDER", "limitPrice");
  });
  it.each([...badNumbers, ["zero", 0]])("refuses %s as the last price", (_, lastPrice) => {
    expectInvalid(
      check(testOrder(), { market: { lastPrice } }),
      "INVALID_CONTEXT",
      "market.lastPrice",
    );
  });
});

describe("DUPLICATE_ORDER (the same order within 30 s)", () => {
  const sent = (ageMs: number, extra: Record<string, unknown> = {}) => ({
    account: {
      recentOrders: [
        { symbol: "XYZ", side: "buy", quantity: 10, submittedMs: wednesdayMs - ageMs, ...extra },
      ],
    },
  });
  it("passes at the limit (sent exactly 30,000 ms ago) and beyond (30,001 ms)", () => {
    expectAllowed(check(testOrder(), sent(30_000)), "DUPLICATE_ORDER");
    expectAllowed(check(testOrder(), sent(30_001)), "DUPLICATE_ORDER");
  });
  it("denies just inside: sent 29,999 ms ago", () => {
    expectDenied(check(testOrder(), sent(29_999)), "DUPLICATE_ORDER", 30_000, 29_999);
  });
  it("says how long ago, or that the earlier stamp is ahead of this clock", () => {
    expect(reasonOf(check(testOrder(), sent(29_999)))).toMatch(/submitted 29999 ms ago/);
    expect(reasonOf(check(testOrder(), sent(-5_000)))).toMatch(
      /submitted 5000 ms in the future by this process's clock/,
    );
  });
  it("matches symbol case-insensitively, side, size and strategy", () => {
    expectDenied(
      check(testOrder({ symbol: "xyz" }), sent(1_000)),
      "DUPLICATE_ORDER",
      30_000,
      1_000,
    );
    expectAllowed(check(testOrder({ side: "sell" }), sent(1_000)), "DUPLICATE_ORDER");
    expectAllowed(check(testOrder({ quantity: 11 }), sent(1_000)), "DUPLICATE_ORDER");
    expectAllowed(check(testOrder({ strategyId: "a" }), sent(1_000)), "DUPLICATE_ORDER");
    const same = check(testOrder({ strategyId: "a" }), sent(1_000, { strategyId: "a" }));
    expectDenied(same, "DUPLICATE_ORDER", 30_000, 1_000);
  });
  it("compares notionals when both orders were given as one", () => {
    const notional = sent(1_000, { notional: 1_000 });
    expectDenied(
      check(testOrder({ quantity: undefined, notional: 1_000 }), notional),
      "DUPLICATE_ORDER",
      30_000,
      1_000,
    );
    expectAllowed(
      check(testOrder({ quantity: undefined, notional: 1_000.5 }), notional),
      "DUPLICATE_ORDER",
    );
  });
  it.each(badNumbers)("refuses %s as a recent order's quantity", (_, quantity) => {
    expectInvalid(
      check(testOrder(), sent(1_000, { quantity })),
      "INVALID_CONTEXT",
      "account.recentOrders[0].quantity",
    );
  });
  it.each(badNumbers)("refuses %s as the window", (_, duplicateWindowMs) => {
    expectInvalid(
      check(testOrder(), { limits: { duplicateWindowMs } }),
      "INVALID_CONTEXT",
      "limits.duplicateWindowMs",
    );
  });
  it("widens a window below the 5 s floor to 5 s", () => {
    const decision = check(testOrder(), { limits: { duplicateWindowMs: 0 }, ...sent(4_999) });
    expectDenied(decision, "DUPLICATE_ORDER", 5_000, 4_999);
  });
});

describe("MARKET_CLOSED (allowOutsideHours off; NYSE on Wednesday 2025-03-12, 13:30-20:00 UTC)", () => {
  const openMs = Date.UTC(2025, 2, 12, 13, 30);
  const closeMs = Date.UTC(2025, 2, 12, 20, 0);
  const at = (nowMs: unknown) => ({ nowMs, limits: { allowOutsideHours: false } });
  it("passes at the open and just before the close", () => {
    expectAllowed(check(testOrder(), at(openMs)), "MARKET_CLOSED");
    expectAllowed(check(testOrder(), at(closeMs - 1)), "MARKET_CLOSED");
  });
  it("denies 1 ms before the open with the opening time as the limit", () => {
    expectDenied(check(testOrder(), at(openMs - 1)), "MARKET_CLOSED", openMs, openMs - 1);
  });
  it("denies at the close with Thursday's open as the limit", () => {
    const thursdayOpenMs = Date.UTC(2025, 2, 13, 13, 30);
    expectDenied(check(testOrder(), at(closeMs)), "MARKET_CLOSED", thursdayOpenMs, closeMs);
  });
  it.each(badNumbers)("refuses %s as the time", (_, nowMs) => {
    expectInvalid(check(testOrder(), at(nowMs)), "INVALID_CONTEXT", "nowMs");
  });
});

describe("PATTERN_DAY_TRADER (FINRA 4210: $25,000; 3 day trades in 5 days restrict)", () => {
  const account = (equity: number, extra: Record<string, unknown> = {}) => ({
    account: { equity, dayStartEquity: equity, ...extra },
  });
  const small = 24_999.99;
  it("passes an unflagged small account at 2 day trades (the limit) and 1", () => {
    const decision = check(testOrder({ quantity: 1 }), account(small, { dayTradesLast5Days: 2 }));
    expectAllowed(decision, "PATTERN_DAY_TRADER");
    expect(resultOf(decision, "PATTERN_DAY_TRADER")).toMatchObject({ limit: 2, actual: 2 });
    expectAllowed(
      check(testOrder({ quantity: 1 }), account(small, { dayTradesLast5Days: 1 })),
      "PATTERN_DAY_TRADER",
    );
  });
  it("denies an unflagged small account at 3 day trades", () => {
    const decision = check(testOrder({ quantity: 1 }), account(small, { dayTradesLast5Days: 3 }));
    expectDenied(decision, "PATTERN_DAY_TRADER", 2, 3);
  });
  it("passes any account at $25,000 (the limit), flagged or with 3 day trades", () => {
    for (const extra of [
      { dayTradesLast5Days: 3 },
      { patternDayTrader: true, dayTradesLast5Days: 9 },
    ])
      expectAllowed(
        check(testOrder({ quantity: 1 }), account(25_000, extra)),
        "PATTERN_DAY_TRADER",
      );
  });
  it("denies a flagged account a cent under $25,000", () => {
    const decision = check(testOrder({ quantity: 1 }), account(small, { patternDayTrader: true }));
    expectDenied(decision, "PATTERN_DAY_TRADER", 25_000, small);
  });
  it("uses the lower of equity and the day's start", () => {
    const changes = { account: { equity: 30_000, dayStartEquity: small, dayTradesLast5Days: 3 } };
    expectDenied(check(testOrder({ quantity: 1 }), changes), "PATTERN_DAY_TRADER", 2, 3);
  });
  it("never holds back an exit, and leaves crypto alone", () => {
    const positions = [{ symbol: "XYZ", quantity: 5, marketValue: 500 }];
    const restricted = account(small, { patternDayTrader: true, dayTradesLast5Days: 3, positions });
    expectAllowed(
      check(testOrder({ side: "sell", quantity: 5 }), restricted),
      "PATTERN_DAY_TRADER",
    );
    const crypto = testOrder({ symbol: "BTC/USD", quantity: 1, market: "CRYPTO" });
    expectAllowed(check(crypto, restricted), "PATTERN_DAY_TRADER");
  });
  it.each([...badNumbers, ["a fraction", 2.5]])("refuses %s as the day-trade count", (_, count) => {
    expectInvalid(
      check(testOrder(), { account: { dayTradesLast5Days: count } }),
      "INVALID_CONTEXT",
      "account.dayTradesLast5Days",
    );
  });
  it("refuses a flag that is not a boolean", () => {
    expectInvalid(
      check(testOrder(), { account: { patternDayTrader: "no" } }),
      "INVALID_CONTEXT",
      "account.patternDayTrader",
    );
  });
});

describe("SHORT_SALE (holding 10 XYZ; a margin account that may short, XYZ lendable)", () => {
  const held = (extra: Record<string, unknown> = {}, market: Record<string, unknown> = {}) => ({
    account: { positions: [{ symbol: "XYZ", quantity: 10, marketValue: 1_000 }], ...extra },
    market,
  });
  const sell = (quantity: number) => testOrder({ side: "sell", quantity });
  it("passes a sale of the whole position when shorting is off: not short", () => {
    expectAllowed(check(sell(10), held({ shortingEnabled: false })), "SHORT_SALE");
  });
  it("denies 10.5 of 10 when the account may not short: 0.5 units would be short", () => {
    const decision = check(sell(10.5), held({ shortingEnabled: false }));
    expectDenied(decision, "SHORT_SALE", 0, 0.5);
    expect(reasonOf(decision)).toMatch(/account does not allow short selling/);
  });
  it("counts open sells: with 4 already on their way, a sale of 7 shorts 1", () => {
    const openOrders = [{ symbol: "XYZ", side: "sell", quantity: 4 }];
    expectDenied(check(sell(7), held({ shortingEnabled: false, openOrders })), "SHORT_SALE", 0, 1);
    expectAllowed(check(sell(6), held({ shortingEnabled: false, openOrders })), "SHORT_SALE");
  });
  it("denies a sale with no position when the broker cannot lend, or did not say", () => {
    const none = { account: { positions: [] } };
    expectDenied(check(sell(5), { ...none, market: { shortable: false } }), "SHORT_SALE", 0, 5);
    const unknown = check(sell(5), { ...none, market: { shortable: undefined } });
    expectDenied(unknown, "SHORT_SALE", 0, 5);
    expect(reasonOf(unknown)).toMatch(/did not say whether it can lend XYZ/);
  });
  it("passes a short sale when the account may short and the broker lends", () => {
    expectAllowed(check(sell(15), held()), "SHORT_SALE");
    const growing = {
      account: { positions: [{ symbol: "XYZ", quantity: -5, marketValue: -500 }] },
    };
    expectAllowed(check(sell(5), growing), "SHORT_SALE");
  });
  it("denies a short coin like a short stock, and leaves futures and currencies alone", () => {
    const off = { account: { shortingEnabled: false }, market: { shortable: false } };
    const coin = testOrder({ symbol: "BTC/USD", side: "sell", quantity: 1, market: "CRYPTO" });
    expectDenied(check(coin, off), "SHORT_SALE", 0, 1);
    const future = testOrder({ symbol: "MESZ5", side: "sell", quantity: 1, market: "CME" });
    expectAllowed(
      check(future, { ...off, market: { shortable: false, pointValue: 5 } }),
      "SHORT_SALE",
    );
    const pair = testOrder({ symbol: "EUR/USD", side: "sell", quantity: 100, market: "FX" });
    expectAllowed(check(pair, off), "SHORT_SALE");
  });
  it("refuses a flag that is not a boolean", () => {
    expectInvalid(
      check(testOrder(), { account: { shortingEnabled: "yes" } }),
      "INVALID_CONTEXT",
      "account.shortingEnabled",
    );
    expectInvalid(
      check(testOrder(), { market: { shortable: 1 } }),
      "INVALID_CONTEXT",
      "market.shortable",
    );
  });
});

describe("BUYING_POWER (10,000)", () => {
  const power = (extra: Record<string, unknown> = {}) => ({
    account: { buyingPower: 10_000, ...extra },
  });
  it("passes at the limit (buy 100 x 100) and just below", () => {
    expectAllowed(check(testOrder({ quantity: 100 }), power()), "BUYING_POWER");
    expectAllowed(check(testOrder({ quantity: 99.99 }), power()), "BUYING_POWER");
  });
  it("denies just above: 100.01 x 100 = 10,001", () => {
    expectDenied(check(testOrder({ quantity: 100.01 }), power()), "BUYING_POWER", 10_000, 10_001);
  });
  it("charges only the opening part of a flip: long 50, sell 150.01 opens 100.01 short", () => {
    const positions = [{ symbol: "XYZ", quantity: 50, marketValue: 5_000 }];
    expectAllowed(
      check(testOrder({ side: "sell", quantity: 150 }), power({ positions })),
      "BUYING_POWER",
    );
    expectDenied(
      check(testOrder({ side: "sell", quantity: 150.01 }), power({ positions })),
      "BUYING_POWER",
      10_000,
      10_001,
    );
  });
  it("needs none to reduce, even with none left", () => {
    const positions = [{ symbol: "XYZ", quantity: 50, marketValue: 5_000 }];
    const changes = { account: { buyingPower: -500, positions } };
    expectAllowed(check(testOrder({ side: "sell", quantity: 50 }), changes), "BUYING_POWER");
  });
  it("denies opening anything on negative buying power", () => {
    expectDenied(check(testOrder(), { account: { buyingPower: -1 } }), "BUYING_POWER", -1, 1_000);
  });
  it("charges a future's margin per contract when given: 2 x 1,500", () => {
    const order = testOrder({ symbol: "MESM25", quantity: 2, market: "CME" });
    const changes = {
      market: { lastPrice: 5000, pointValue: 5, marginPerUnit: 1_500 },
      account: { buyingPower: 3_000 },
      limits: { maxPositionNotional: 80_000, maxClusterExposure: 1 },
    };
    expectAllowed(check(order, changes), "BUYING_POWER");
    const tight = { ...changes, account: { buyingPower: 2_999.99 } };
    expectDenied(check(order, tight), "BUYING_POWER", 2_999.99, 3_000);
  });
  it.each(badButNotNegative)("refuses %s as buying power", (_, buyingPower) => {
    expectInvalid(
      check(testOrder(), { account: { buyingPower } }),
      "INVALID_CONTEXT",
      "account.buyingPower",
    );
  });
});

describe("CLUSTER_EXPOSURE (0.5 x equity 100,000; ABC 30,000 in cluster tech)", () => {
  const tech = (extra: Record<string, unknown> = {}) => ({
    market: { cluster: "tech", ...extra },
    account: {
      positions: [{ symbol: "ABC", quantity: 300, marketValue: 30_000, cluster: "tech" }],
    },
  });
  it("passes at the limit (buy 200 XYZ: 30,000 + 20,000) and just below", () => {
    expectAllowed(check(testOrder({ quantity: 200 }), tech()), "CLUSTER_EXPOSURE");
    expectAllowed(check(testOrder({ quantity: 199.99 }), tech()), "CLUSTER_EXPOSURE");
  });
  it("denies just above: 200.01 makes 50,001", () => {
    expectDenied(
      check(testOrder({ quantity: 200.01 }), tech()),
      "CLUSTER_EXPOSURE",
      50_000,
      50_001,
    );
  });
  it("puts an untagged symbol in a cluster of its own", () => {
    const changes = { account: tech().account };
    expectAllowed(check(testOrder({ quantity: 200.01 }), changes), "CLUSTER_EXPOSURE");
  });
  it("prefers the cluster of the position held over the market snapshot's", () => {
    const changes = {
      market: { cluster: "tech" },
      account: {
        positions: [
          { symbol: "ABC", quantity: 300, marketValue: 30_000, cluster: "tech" },
          { symbol: "XYZ", quantity: 1, marketValue: 100, cluster: "energy" },
        ],
      },
    };
    expectAllowed(check(testOrder({ quantity: 250 }), changes), "CLUSTER_EXPOSURE");
  });
  it.each(badNumbers)("refuses %s as the limit", (_, maxClusterExposure) => {
    expectInvalid(
      check(testOrder(), { limits: { maxClusterExposure } }),
      "INVALID_CONTEXT",
      "limits.maxClusterExposure",
    );
  });
  it("refuses a cluster that is not a non-empty string", () => {
    expectInvalid(check(testOrder(), tech({ cluster: "" })), "INVALID_CONTEXT", "market.cluster");
    const positions = [{ symbol: "ABC", quantity: 1, marketValue: 100, cluster: 5 }];
    expectInvalid(
      check(testOrder(), { account: { positions } }),
      "INVALID_CONTEXT",
      "account.positions[0].cluster",
    );
  });
});

describe("SYMBOL_DENIED and SYMBOL_NOT_ALLOWED", () => {
  it("denies a symbol on denySymbols, in any case", () => {
    for (const symbol of ["BAD", "bad"])
      expect(reasonOf(check(testOrder({ symbol })))).toMatch(
        /^SYMBOL_DENIED: BAD is on denySymbols/,
      );
  });
  it("lets a denied symbol's position be reduced", () => {
    const account = { positions: [{ symbol: "BAD", quantity: 10, marketValue: 1_000 }] };
    expectAllowed(
      check(testOrder({ symbol: "BAD", side: "sell", quantity: 10 }), { account }),
      "SYMBOL_DENIED",
    );
    expect(
      reasonOf(check(testOrder({ symbol: "BAD", side: "sell", quantity: 11 }), { account })),
    ).toMatch(/^SYMBOL_DENIED/);
  });
  it("denies a symbol missing from allowSymbols, allows one on it", () => {
    const limits = { allowSymbols: ["abc"] };
    expect(reasonOf(check(testOrder(), { limits }))).toMatch(/^SYMBOL_NOT_ALLOWED/);
    expectAllowed(check(testOrder({ symbol: "ABC" }), { limits }), "SYMBOL_NOT_ALLOWED");
    expect(reasonOf(check(testOrder(), { limits: { allowSymbols: [] } }))).toMatch(
      /^SYMBOL_NOT_ALLOWED/,
    );
  });
  it("refuses lists that are not lists of symbols", () => {
    expectInvalid(
      check(testOrder(), { limits: { denySymbols: "BAD" } }),
      "INVALID_CONTEXT",
      "limits.denySymbols",
    );
    expectInvalid(
      check(testOrder(), { limits: { allowSymbols: ["ABC", NaN] } }),
      "INVALID_CONTEXT",
      "limits.allowSymbols[1]",
    );
  });
});
