import { describe, expect, it } from "vitest";
import { checkOrder } from "./gate.ts";
import { reasonOf, testContext, testOrder, type ContextChanges } from "./test-context.ts";
import type { TradingState } from "./types.ts";

const held = (quantity: number, openOrders: unknown[] = []) => ({
  positions: quantity === 0 ? [] : [{ symbol: "XYZ", quantity, marketValue: quantity * 100 }],
  openOrders,
});

// Position, order, and the outcome in each state. "reduces" = the opposite side and at most
// the position (less open orders on the order's side); anything else opens, grows or flips.
const table: [
  string,
  ReturnType<typeof held>,
  "buy" | "sell",
  number,
  Record<TradingState, string>,
][] = [
  [
    "long 100, sell 50 (reduces)",
    held(100),
    "sell",
    50,
    { active: "allowed", reducing: "allowed", halted: "TRADING_HALTED" },
  ],
  [
    "long 100, sell 100 (closes)",
    held(100),
    "sell",
    100,
    { active: "allowed", reducing: "allowed", halted: "TRADING_HALTED" },
  ],
  [
    "long 100, sell 150 (flips)",
    held(100),
    "sell",
    150,
    { active: "allowed", reducing: "REDUCE_ONLY", halted: "TRADING_HALTED" },
  ],
  [
    "long 100, buy 10 (grows)",
    held(100),
    "buy",
    10,
    { active: "allowed", reducing: "REDUCE_ONLY", halted: "TRADING_HALTED" },
  ],
  [
    "short 100, buy 50 (covers)",
    held(-100),
    "buy",
    50,
    { active: "allowed", reducing: "allowed", halted: "TRADING_HALTED" },
  ],
  [
    "short 100, buy 100 (closes)",
    held(-100),
    "buy",
    100,
    { active: "allowed", reducing: "allowed", halted: "TRADING_HALTED" },
  ],
  [
    "short 100, buy 101 (flips)",
    held(-100),
    "buy",
    101,
    { active: "allowed", reducing: "REDUCE_ONLY", halted: "TRADING_HALTED" },
  ],
  [
    "short 100, sell 10 (grows)",
    held(-100),
    "sell",
    10,
    { active: "allowed", reducing: "REDUCE_ONLY", halted: "TRADING_HALTED" },
  ],
  [
    "flat, buy 10 (opens)",
    held(0),
    "buy",
    10,
    { active: "allowed", reducing: "REDUCE_ONLY", halted: "TRADING_HALTED" },
  ],
  [
    "flat, sell 10 (opens short)",
    held(0),
    "sell",
    10,
    { active: "allowed", reducing: "REDUCE_ONLY", halted: "TRADING_HALTED" },
  ],
  [
    "long 100 with 60 already offered, sell 40 (reduces what is left)",
    held(100, [{ symbol: "XYZ", side: "sell", quantity: 60 }]),
    "sell",
    40,
    { active: "allowed", reducing: "allowed", halted: "TRADING_HALTED" },
  ],
  [
    "long 100 with 60 already offered, sell 50 (would flip if both fill)",
    held(100, [{ symbol: "XYZ", side: "sell", quantity: 60 }]),
    "sell",
    50,
    { active: "allowed", reducing: "REDUCE_ONLY", halted: "TRADING_HALTED" },
  ],
  [
    "long 100 with a buy of 500 open, sell 100 (the open buy may not fill)",
    held(100, [{ symbol: "XYZ", side: "buy", quantity: 500 }]),
    "sell",
    100,
    { active: "allowed", reducing: "allowed", halted: "TRADING_HALTED" },
  ],
];

describe("trading states", () => {
  for (const [name, account, side, quantity, outcomes] of table) {
    for (const state of ["active", "reducing", "halted"] as const) {
      it(`${state}: ${name} -> ${outcomes[state]}`, () => {
        const decision = checkOrder(testOrder({ side, quantity }), testContext({ state, account }));
        const outcome = decision.allowed ? "allowed" : decision.reason.code;
        expect(outcome, reasonOf(decision)).toBe(outcomes[state]);
      });
    }
  }

  it("reports how much a reducing order may take: long 100, 60 offered, sell 50", () => {
    const account = held(100, [{ symbol: "XYZ", side: "sell", quantity: 60 }]);
    const decision = checkOrder(
      testOrder({ side: "sell", quantity: 50 }),
      testContext({ state: "reducing", account }),
    );
    expect(decision).toMatchObject({ reason: { code: "REDUCE_ONLY", limit: 40, actual: 50 } });
  });

  it("halts even an order that passes everything else, with the reason first", () => {
    const decision = checkOrder(testOrder(), testContext({ state: "halted" }));
    expect(decision.allowed).toBe(false);
    expect(decision.checks.filter((c) => !c.passed).map((c) => c.code)).toEqual(["TRADING_HALTED"]);
  });
});

describe("outside market hours", () => {
  // 2025-03-15 is a Saturday; Friday's close was 16:00 EDT = 20:00 UTC.
  const fridayCloseMs = Date.UTC(2025, 2, 14, 20, 0);
  const at = (
    nowMs: number,
    lastTradeMs: number,
    limits: Record<string, unknown> = {},
  ): ContextChanges => ({
    nowMs,
    market: { lastTradeMs },
    limits,
  });

  it("queues a Saturday NYSE order for Monday 9:30 New York (13:30 UTC in daylight time)", () => {
    const saturdayMs = Date.UTC(2025, 2, 15, 15, 0);
    const decision = checkOrder(testOrder(), testContext(at(saturdayMs, fridayCloseMs - 1_000)));
    expect(decision).toMatchObject({
      allowed: true,
      queuedForSession: { opensAtMs: Date.UTC(2025, 2, 17, 13, 30) },
    });
  });

  it("queues a winter Saturday order for Monday 9:30 EST (14:30 UTC)", () => {
    const saturdayMs = Date.UTC(2025, 0, 11, 15, 0);
    const decision = checkOrder(
      testOrder(),
      testContext(at(saturdayMs, Date.UTC(2025, 0, 10, 21, 0) - 1)),
    );
    expect(decision).toMatchObject({
      allowed: true,
      queuedForSession: { opensAtMs: Date.UTC(2025, 0, 13, 14, 30) },
    });
  });

  it("skips a holiday: Thursday evening before Good Friday 2025 opens Monday April 21", () => {
    const thursdayEveningMs = Date.UTC(2025, 3, 17, 22, 0);
    const decision = checkOrder(
      testOrder(),
      testContext(at(thursdayEveningMs, Date.UTC(2025, 3, 17, 20, 0))),
    );
    expect(decision).toMatchObject({
      allowed: true,
      queuedForSession: { opensAtMs: Date.UTC(2025, 3, 21, 13, 30) },
    });
  });

  it("knows early closes: July 3 2025 after 13:00, with July 4 a holiday, opens Monday July 7", () => {
    const afterEarlyCloseMs = Date.UTC(2025, 6, 3, 17, 30);
    const decision = checkOrder(
      testOrder(),
      testContext(at(afterEarlyCloseMs, Date.UTC(2025, 6, 3, 17, 0))),
    );
    expect(decision).toMatchObject({
      allowed: true,
      queuedForSession: { opensAtMs: Date.UTC(2025, 6, 7, 13, 30) },
    });
  });

  it("denies instead with allowOutsideHours off, the open as the limit", () => {
    const saturdayMs = Date.UTC(2025, 2, 15, 15, 0);
    const decision = checkOrder(
      testOrder(),
      testContext(at(saturdayMs, fridayCloseMs - 1_000, { allowOutsideHours: false })),
    );
    expect(decision).toMatchObject({
      allowed: false,
      reason: { code: "MARKET_CLOSED", limit: Date.UTC(2025, 2, 17, 13, 30), actual: saturdayMs },
    });
  });

  it("trades crypto on a Saturday without queueing", () => {
    const saturdayMs = Date.UTC(2025, 2, 15, 15, 0);
    const order = testOrder({ symbol: "BTC/USD", quantity: 0.01, market: "CRYPTO" });
    const decision = checkOrder(order, testContext(at(saturdayMs, saturdayMs - 500)));
    expect(decision.allowed).toBe(true);
    expect(decision.allowed && decision.queuedForSession).toBeUndefined();
  });

  it("queues Saturday FX for Sunday 17:00 New York (21:00 UTC)", () => {
    const saturdayMs = Date.UTC(2025, 2, 15, 15, 0);
    const order = testOrder({ symbol: "EUR/USD", quantity: 1_000, market: "FX" });
    const changes = at(saturdayMs, Date.UTC(2025, 2, 14, 20, 59));
    const decision = checkOrder(
      order,
      testContext({ ...changes, market: { ...changes.market, lastPrice: 1.09 } }),
    );
    expect(decision).toMatchObject({
      allowed: true,
      queuedForSession: { opensAtMs: Date.UTC(2025, 2, 16, 21, 0) },
    });
  });

  it("judges a closed market's price fresh at the close, not now", () => {
    const saturdayMs = Date.UTC(2025, 2, 15, 15, 0);
    // 60,000 ms before Friday's close passes; 60,001 ms is stale.
    const fresh = checkOrder(testOrder(), testContext(at(saturdayMs, fridayCloseMs - 60_000)));
    expect(fresh.allowed).toBe(true);
    const stale = checkOrder(testOrder(), testContext(at(saturdayMs, fridayCloseMs - 60_001)));
    expect(stale).toMatchObject({ reason: { code: "STALE_PRICE", limit: 60_000, actual: 60_001 } });
    // A print after the close (extended hours) is fresh too.
    const late = checkOrder(testOrder(), testContext(at(saturdayMs, fridayCloseMs + 3_600_000)));
    expect(late.allowed).toBe(true);
    expect(late.checks.find((c) => c.code === "STALE_PRICE")).toMatchObject({
      passed: true,
      actual: 0,
    });
  });

  it("answers right across a close and back, whatever was asked before", () => {
    const closeMs = Date.UTC(2025, 2, 12, 20, 0);
    const outcome = (nowMs: number) => {
      const decision = checkOrder(testOrder(), testContext(at(nowMs, nowMs - 1_000)));
      return decision.allowed
        ? (decision.queuedForSession?.opensAtMs ?? "open")
        : decision.reason.code;
    };
    const thursdayOpenMs = Date.UTC(2025, 2, 13, 13, 30);
    expect(outcome(closeMs - 1)).toBe("open");
    expect(outcome(closeMs)).toBe(thursdayOpenMs);
    expect(outcome(thursdayOpenMs - 1)).toBe(thursdayOpenMs);
    expect(outcome(thursdayOpenMs)).toBe("open");
    expect(outcome(closeMs - 1)).toBe("open");
    expect(outcome(closeMs + 1)).toBe(thursdayOpenMs);
  });

  it("holds an order in the first seconds of a session with no trade yet today", () => {
    const mondayOpenMs = Date.UTC(2025, 2, 17, 13, 30);
    const decision = checkOrder(
      testOrder(),
      testContext(at(mondayOpenMs + 5_000, fridayCloseMs - 1_000)),
    );
    expect(reasonOf(decision)).toMatch(/^STALE_PRICE/);
  });
});
