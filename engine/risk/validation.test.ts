import { describe, expect, it } from "vitest";
import { checkOrder } from "./gate.ts";
import { ceilingFields, floorFields } from "./limits.ts";
import { reasonOf, testContext, testOrder, type ContextChanges } from "./test-context.ts";
import { checkOrderSequence, type RiskDecision } from "./types.ts";

function expectInvalid(decision: RiskDecision, code: string, field: string) {
  expect(decision.allowed).toBe(false);
  if (decision.allowed) return;
  expect(decision.reason).toMatchObject({ code, field });
  expect(decision.reason.message.startsWith(`${code}: `)).toBe(true);
}

describe("checks", () => {
  it("run in the documented order, every one of them once the inputs are valid", () => {
    const decision = checkOrder(testOrder(), testContext());
    expect(decision.allowed).toBe(true);
    expect(decision.checks.map((c) => c.code)).toEqual(checkOrderSequence);
    expect(checkOrderSequence).toEqual([
      "INVALID_ORDER",
      "INVALID_CONTEXT",
      "TRADING_HALTED",
      "REDUCE_ONLY",
      "SYMBOL_DENIED",
      "SYMBOL_NOT_ALLOWED",
      "SHORT_SALE",
      "MAX_ORDER_QUANTITY",
      "MAX_ORDER_NOTIONAL",
      "MAX_POSITION",
      "MAX_GROSS_EXPOSURE",
      "MAX_NET_EXPOSURE",
      "DAILY_LOSS_LIMIT",
      "ORDER_THROTTLE",
      "STALE_PRICE",
      "PRICE_COLLAR",
      "DUPLICATE_ORDER",
      "MARKET_CLOSED",
      "PATTERN_DAY_TRADER",
      "BUYING_POWER",
      "CLUSTER_EXPOSURE",
    ]);
  });

  it("report the numbers of every size check: a 10 x 100 buy", () => {
    const decision = checkOrder(testOrder(), testContext());
    const numbers = Object.fromEntries(decision.checks.map((c) => [c.code, [c.limit, c.actual]]));
    expect(numbers).toMatchObject({
      MAX_ORDER_QUANTITY: [1_000, 10],
      MAX_ORDER_NOTIONAL: [50_000, 1_000],
      MAX_POSITION: [80_000, 1_000],
      MAX_GROSS_EXPOSURE: [100_000, 1_000],
      MAX_NET_EXPOSURE: [100_000, 1_000],
      DAILY_LOSS_LIMIT: [2_000, 0],
      ORDER_THROTTLE: [5, 1],
      STALE_PRICE: [60_000, 1_000],
      BUYING_POWER: [200_000, 1_000],
      CLUSTER_EXPOSURE: [50_000, 1_000],
      PATTERN_DAY_TRADER: [25_000, 100_000],
    });
  });

  it("name the first failure as the reason and keep evaluating the rest", () => {
    // 2000 x 100 = 200,000: over the quantity, notional, position, gross, net and cluster limits,
    // and exactly at the buying power of 200,000 (passes).
    const decision = checkOrder(testOrder({ quantity: 2_000 }), testContext());
    expect(reasonOf(decision)).toMatch(/^MAX_ORDER_QUANTITY/);
    const failed = decision.checks.filter((c) => !c.passed).map((c) => c.code);
    expect(failed).toEqual([
      "MAX_ORDER_QUANTITY",
      "MAX_ORDER_NOTIONAL",
      "MAX_POSITION",
      "MAX_GROSS_EXPOSURE",
      "MAX_NET_EXPOSURE",
      "CLUSTER_EXPOSURE",
    ]);
    expect(decision).toMatchObject({ reason: { limit: 1_000, actual: 2_000 } });
  });
});

describe("INVALID_ORDER", () => {
  class OrderClass {
    symbol = "XYZ";
    side = "buy";
    quantity = 10;
    type = "market";
    market = "NYSE";
  }
  const cases: [string, unknown, string][] = [
    ["null", null, "order"],
    ["undefined", undefined, "order"],
    ["a number", 5, "order"],
    ["a string", "buy 10 XYZ", "order"],
    ["an array", [testOrder()], "order"],
    ["a class instance", new OrderClass(), "order"],
    ["an empty object", {}, "symbol"],
    ["an empty symbol", testOrder({ symbol: "" }), "symbol"],
    ["a symbol with a space", testOrder({ symbol: "XYZ " }), "symbol"],
    ["a non-ASCII symbol", testOrder({ symbol: "ХYZ" }), "symbol"],
    ["a 33-letter symbol", testOrder({ symbol: "A".repeat(33) }), "symbol"],
    ["a numeric symbol", testOrder({ symbol: 5 }), "symbol"],
    ["side BUY", testOrder({ side: "BUY" }), "side"],
    ["no side", testOrder({ side: undefined }), "side"],
    ["neither quantity nor notional", testOrder({ quantity: undefined }), "quantity"],
    ["both quantity and notional", testOrder({ notional: 1_000 }), "quantity"],
    ["quantity -Infinity", testOrder({ quantity: -Infinity }), "quantity"],
    ["quantity null", testOrder({ quantity: null }), "quantity"],
    ["quantity true", testOrder({ quantity: true }), "quantity"],
    ["quantity as a bigint", testOrder({ quantity: 10n }), "quantity"],
    ["quantity as a boxed number", testOrder({ quantity: Object(10) }), "quantity"],
    ["type stop", testOrder({ type: "stop" }), "type"],
    ["a limit order without a price", testOrder({ type: "limit" }), "limitPrice"],
    ["a market order with a limit price", testOrder({ limitPrice: 100 }), "limitPrice"],
    ["an empty strategy id", testOrder({ strategyId: "" }), "strategyId"],
    ["a numeric strategy id", testOrder({ strategyId: 7 }), "strategyId"],
    ["market NASDAQ", testOrder({ market: "NASDAQ" }), "market"],
    ["market nyse", testOrder({ market: "nyse" }), "market"],
    ["market toString", testOrder({ market: "toString" }), "market"],
    ["an unknown field", testOrder({ timeInForce: "gtc" }), "timeInForce"],
    ["an extended-hours flag", testOrder({ extendedHours: true }), "extendedHours"],
  ];
  it.each(cases)("refuses %s", (_, order, field) => {
    expectInvalid(checkOrder(order, testContext()), "INVALID_ORDER", field);
  });

  it("refuses an order whose getter throws, without throwing", () => {
    const order = testOrder();
    Object.defineProperty(order, "quantity", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expectInvalid(checkOrder(order, testContext()), "INVALID_ORDER", "order");
  });

  it("reads each field once: a getter cannot pass validation with one value and trade another", () => {
    let reads = 0;
    const order = testOrder();
    Object.defineProperty(order, "quantity", {
      enumerable: true,
      get: () => (reads++ === 0 ? 10 : 1e9),
    });
    const decision = checkOrder(order, testContext());
    expect(decision).toMatchObject({ allowed: true, quantity: 10 });
    expect(reads).toBe(1);
  });

  it("refuses a proxy that throws on every trap, without throwing", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("get");
        },
        ownKeys: () => {
          throw new Error("keys");
        },
        getPrototypeOf: () => {
          throw new Error("prototype");
        },
      },
    );
    expectInvalid(checkOrder(hostile, testContext()), "INVALID_ORDER", "order");
    expectInvalid(checkOrder(testOrder(), hostile as never), "INVALID_CONTEXT", "context");
  });

  it("refuses a notional too small to come to any units: 5e-324 / 100 is 0", () => {
    const decision = checkOrder(
      testOrder({ quantity: undefined, notional: Number.MIN_VALUE }),
      testContext(),
    );
    expectInvalid(decision, "INVALID_ORDER", "notional");
  });

  it("accepts an object without a prototype", () => {
    const order = Object.assign(Object.create(null) as object, testOrder());
    expect(checkOrder(order, testContext()).allowed).toBe(true);
  });
});

describe("INVALID_CONTEXT", () => {
  const position = { symbol: "ABC", quantity: 1, marketValue: 100 };
  const cases: [string, ContextChanges | null, string][] = [
    ["no context", null, "context"],
    ["state paused", { state: "paused" }, "state"],
    ["nowMs beyond a Date", { nowMs: 9e15 }, "nowMs"],
    ["a missing limit", { limits: { maxOrderQuantity: undefined } }, "limits.maxOrderQuantity"],
    ["allowOutsideHours 1", { limits: { allowOutsideHours: 1 } }, "limits.allowOutsideHours"],
    ["market point value 0", { market: { pointValue: 0 } }, "market.pointValue"],
    ["market margin NaN", { market: { marginPerUnit: NaN } }, "market.marginPerUnit"],
    ["positions not a list", { account: { positions: {} } }, "account.positions"],
    [
      "a position without a symbol",
      { account: { positions: [{ quantity: 1, marketValue: 1 }] } },
      "account.positions[0].symbol",
    ],
    [
      "a symbol held twice",
      { account: { positions: [position, { ...position, symbol: "abc" }] } },
      "account.positions[1].symbol",
    ],
    ["recent orders missing", { account: { recentOrders: undefined } }, "account.recentOrders"],
    [
      "a recent order's side",
      { account: { recentOrders: [{ symbol: "A", side: "long", quantity: 1, submittedMs: 0 }] } },
      "account.recentOrders[0].side",
    ],
    [
      "a recent order's notional",
      {
        account: {
          recentOrders: [{ symbol: "A", side: "buy", quantity: 1, submittedMs: 0, notional: NaN }],
        },
      },
      "account.recentOrders[0].notional",
    ],
    [
      "an open order's quantity",
      { account: { openOrders: [{ symbol: "A", side: "buy", quantity: -5 }] } },
      "account.openOrders[0].quantity",
    ],
    ["an open order that is null", { account: { openOrders: [null] } }, "account.openOrders[0]"],
  ];
  it.each(cases)("refuses %s", (_, changes, field) => {
    const context = changes === null ? null : testContext(changes);
    const decision = checkOrder(testOrder(), context as never);
    expectInvalid(decision, "INVALID_CONTEXT", field);
    expect(decision.checks.map((c) => [c.code, c.passed])).toEqual([
      ["INVALID_ORDER", true],
      ["INVALID_CONTEXT", false],
    ]);
  });

  const bad: [string, unknown][] = [
    ["NaN", NaN],
    ["-1", -1],
    ["Infinity", Infinity],
    ["a string", "5"],
  ];
  for (const field of [...ceilingFields, ...floorFields]) {
    it.each(bad)(`refuses %s as limits.${field}`, (_, value) => {
      const decision = checkOrder(testOrder(), testContext({ limits: { [field]: value } }));
      expectInvalid(decision, "INVALID_CONTEXT", `limits.${field}`);
    });
  }

  it("requires a CME contract's point value, so its notional is not understated", () => {
    const order = testOrder({ symbol: "MESM25", quantity: 1, market: "CME" });
    expectInvalid(
      checkOrder(order, testContext({ market: { lastPrice: 5000 } })),
      "INVALID_CONTEXT",
      "market.pointValue",
    );
  });

  describe("sizes a broker takes", () => {
    const mes = { lastPrice: 6419.5, pointValue: 5 }; // 32,097.50 a contract
    const cme = (changes: Record<string, unknown>) =>
      testOrder({ symbol: "MESH25", quantity: undefined, market: "CME", ...changes });

    it("refuses a part of a CME contract, and a quantity finer than a billionth", () => {
      const half = checkOrder(cme({ quantity: 1.5 }), testContext({ market: mes }));
      expectInvalid(half, "INVALID_ORDER", "quantity");
      expect(reasonOf(half)).toContain("CME futures trade whole contracts");
      const fine = checkOrder(testOrder({ quantity: 0.1234567891 }), testContext());
      expectInvalid(fine, "INVALID_ORDER", "quantity");
      expect(reasonOf(fine)).toContain("at most 9 decimal places");
      // Binary rounding noise is not a finer quantity: 0.1 + 0.2 is 0.3 shares.
      expect(checkOrder(testOrder({ quantity: 0.1 + 0.2 }), testContext()).allowed).toBe(true);
    });

    it("buys what a notional covers, rounded down: whole contracts, billionths of a share", () => {
      // 5000 / 633.6 = 7.891414141414...: nine decimal places of it, by hand.
      const shares = checkOrder(
        testOrder({ quantity: undefined, notional: 5000 }),
        testContext({ market: { lastPrice: 633.6 } }),
      );
      expect(shares).toMatchObject({ allowed: true, quantity: 7.891414141 });
      // 40,000 covers 1.246 contracts of 32,097.50: one, valued at what it is.
      const one = checkOrder(cme({ notional: 40_000 }), testContext({ market: mes }));
      expect(one).toMatchObject({ allowed: true, quantity: 1, notional: 32_097.5 });
      const none = checkOrder(cme({ notional: 30_000 }), testContext({ market: mes }));
      expectInvalid(none, "INVALID_ORDER", "notional");
      expect(reasonOf(none)).toBe(
        "INVALID_ORDER: notional 30000 buys 0.934652 contracts at 32097.5 each: CME futures trade whole contracts, so one takes at least 32097.5",
      );
    });
  });

  it("clamps limits handed in directly to the hard boundary", () => {
    const decision = checkOrder(
      testOrder({ quantity: 1 }),
      testContext({ limits: { maxGrossExposure: 100, dailyLossLimit: 1, priceCollarBps: 1e6 } }),
    );
    const limitOf = (code: string) => decision.checks.find((c) => c.code === code)?.limit;
    expect(limitOf("MAX_GROSS_EXPOSURE")).toBe(400_000);
    expect(limitOf("DAILY_LOSS_LIMIT")).toBe(10_000);
    expect(limitOf("PRICE_COLLAR")).toBe(1_000);
  });
});
