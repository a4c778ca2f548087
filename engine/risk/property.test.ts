import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketStatus, type Market } from "../calendar/sessions.ts";
import { checkOrder } from "./gate.ts";
import { hardLimits } from "./limits.ts";
import type { RiskDecision } from "./types.ts";

// Property: for arbitrary orders and contexts (mostly plausible, sometimes garbage in any
// field), checkOrder never throws, always answers with the decision's shape, and never allows
// an order that the hard limits forbid. The hard-limit oracle below is written independently
// of the gate, from the documented rules.

const symbols = ["XYZ", "ABC", "DEF", "xyz", "BAD"];
const garbage = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, -0, "100", "", null, undefined, true, [], {}),
  fc.anything(),
);
/** Mostly a plausible value from `plausible`, sometimes anything at all. */
const maybe = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: plausible, weight: 150 }, { arbitrary: garbage, weight: 1 });
/** `undefined` `weight` times out of `weight + 1`. */
const rarely = <T>(value: fc.Arbitrary<T>, weight = 20) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight }, { arbitrary: value, weight: 1 });

const price = fc.double({ min: 0.01, max: 10_000, noNaN: true });
/** From a fraction of a unit to past the hard order limits, on a rough log scale. */
const size = fc
  .tuple(fc.integer({ min: -3, max: 6 }), fc.integer({ min: 1, max: 99 }))
  .map(([exponent, mantissa]) => (mantissa / 10) * 10 ** exponent);
/** 0 to 10x the hard boundary, so that both the configured and the hard limit bind at times. */
const upTo = (hard: number, integer = false) =>
  fc.integer({ min: 0, max: 1_000 }).map((k) => (integer ? Math.round : Number)((k / 100) * hard));
const startMs = Date.UTC(2024, 0, 1);
const endMs = Date.UTC(2026, 0, 1);
const time = fc.integer({ min: startMs, max: endMs });

const orderArbitrary = fc.oneof(
  { arbitrary: garbage, weight: 1 },
  {
    weight: 10,
    arbitrary: fc
      .record({
        symbol: maybe(fc.constantFrom(...symbols)),
        side: maybe(fc.constantFrom("buy", "sell")),
        sizeKind: fc.constantFrom("quantity", "notional"),
        size: maybe(size),
        type: maybe(fc.constantFrom("market", "limit")),
        limitOffset: fc.double({ min: -0.15, max: 0.15, noNaN: true }),
        strategyId: fc.option(maybe(fc.constantFrom("s1", "s2")), { nil: undefined }),
        market: maybe(fc.constantFrom("NYSE", "CRYPTO", "FX", "CME")),
        extra: rarely(fc.constantFrom("timeInForce", "stopPrice")),
      })
      .map((r) => ({ ...r })),
  },
);

const limitsArbitrary = fc.record({
  maxOrderQuantity: maybe(upTo(hardLimits.maxOrderQuantity)),
  maxOrderNotional: maybe(upTo(hardLimits.maxOrderNotional)),
  maxPositionNotional: maybe(upTo(hardLimits.maxPositionNotional)),
  maxGrossExposure: maybe(upTo(hardLimits.maxGrossExposure)),
  maxNetExposure: maybe(upTo(hardLimits.maxNetExposure)),
  dailyLossLimit: maybe(upTo(hardLimits.dailyLossLimit)),
  maxOrdersPerMinute: maybe(upTo(hardLimits.maxOrdersPerMinute, true)),
  priceCollarBps: maybe(upTo(hardLimits.priceCollarBps)),
  maxPriceAgeMs: maybe(upTo(hardLimits.maxPriceAgeMs, true)),
  duplicateWindowMs: maybe(upTo(hardLimits.duplicateWindowMs, true)),
  denySymbols: maybe(rarely(fc.subarray(["BAD", "abc"]), 4).map((list) => list ?? [])),
  allowSymbols: rarely(maybe(fc.subarray(symbols)), 4),
  maxClusterExposure: maybe(upTo(hardLimits.maxClusterExposure)),
  allowOutsideHours: maybe(fc.boolean()),
});

const positionArbitrary = fc
  .record({
    symbol: maybe(fc.constantFrom(...symbols, "GHI", "JKL")),
    quantity: fc.integer({ min: -2_000, max: 2_000 }),
    price: fc.integer({ min: 1, max: 500 }),
    cluster: fc.option(fc.constantFrom("tech", "energy"), { nil: undefined }),
    corrupt: rarely(garbage, 200),
  })
  .map(({ symbol, quantity, price: p, cluster, corrupt }) => ({
    symbol,
    quantity,
    marketValue: corrupt === undefined ? quantity * p : corrupt,
    ...(cluster === undefined ? {} : { cluster }),
  }));

const recentArbitrary = (nowMs: number) =>
  fc.record({
    symbol: fc.constantFrom(...symbols),
    side: fc.constantFrom("buy", "sell"),
    quantity: size,
    submittedMs: fc.integer({ min: nowMs - 600_000, max: nowMs + 5_000 }),
  });

const caseArbitrary = time.chain((nowMs) =>
  fc.record({
    order: orderArbitrary,
    context: fc.record({
      state: maybe(
        fc.oneof(
          { arbitrary: fc.constant("active"), weight: 6 },
          { arbitrary: fc.constantFrom("reducing", "halted"), weight: 2 },
        ),
      ),
      nowMs: maybe(fc.constant(nowMs)),
      limits: maybe(limitsArbitrary),
      market: maybe(
        fc.record({
          lastPrice: maybe(price),
          lastTradeMs: maybe(
            fc.oneof(
              { arbitrary: fc.integer({ min: nowMs - 120_000, max: nowMs }), weight: 4 },
              {
                arbitrary: fc.integer({ min: nowMs - 4 * 86_400_000, max: nowMs + 1e6 }),
                weight: 1,
              },
            ),
          ),
          pointValue: fc.option(maybe(fc.constantFrom(1, 5, 50)), { nil: undefined }),
          cluster: fc.option(fc.constantFrom("tech", "energy"), { nil: undefined }),
          shortable: fc.option(maybe(fc.boolean()), { nil: undefined }),
        }),
      ),
      account: maybe(
        fc.record({
          equity: maybe(fc.integer({ min: -10_000, max: 10_000_000 })),
          buyingPower: maybe(fc.integer({ min: -10_000, max: 40_000_000 })),
          dayStartEquity: maybe(fc.integer({ min: -10_000, max: 10_000_000 })),
          realizedPnlToday: maybe(fc.integer({ min: -100_000, max: 100_000 })),
          patternDayTrader: maybe(fc.boolean()),
          shortingEnabled: maybe(fc.boolean()),
          positions: maybe(
            fc.uniqueArray(positionArbitrary, {
              maxLength: 6,
              selector: (p) => (typeof p.symbol === "string" ? p.symbol.toUpperCase() : p.symbol),
            }),
          ),
          recentOrders: maybe(fc.array(recentArbitrary(nowMs), { maxLength: 80 })),
          dayTradesLast5Days: maybe(fc.integer({ min: 0, max: 6 })),
          openOrders: maybe(
            fc.array(
              fc.record({
                symbol: fc.constantFrom(...symbols),
                side: fc.constantFrom("buy", "sell"),
                quantity: size,
              }),
              { maxLength: 3 },
            ),
          ),
        }),
      ),
    }),
  }),
);

type Loose = Record<string, unknown>;

/** Turns the generated order record into the order object handed to the gate. */
function buildOrder(raw: unknown, lastPrice: unknown): unknown {
  if (typeof raw !== "object" || raw === null || !("sizeKind" in raw)) return raw;
  const r = raw as Loose;
  const order: Loose = { symbol: r.symbol, side: r.side, type: r.type, market: r.market };
  order[r.sizeKind as string] = r.size;
  if (r.type === "limit" && typeof lastPrice === "number")
    order.limitPrice = lastPrice * (1 + (r.limitOffset as number));
  if (r.strategyId !== undefined) order.strategyId = r.strategyId;
  if (r.extra !== undefined) order[r.extra as string] = 1;
  return order;
}

const slack = (limit: number) => limit + 1e-9 * Math.max(1, Math.abs(limit)) + 1e-6;

/** Every hard limit the allowed order must meet, recomputed from the inputs. */
function assertWithinHardLimits(order: Loose, context: Loose, decision: RiskDecision) {
  if (!decision.allowed) return;
  const market = context.market as Loose;
  const account = context.account as Loose;
  const nowMs = context.nowMs as number;
  expect(["active", "reducing"]).toContain(context.state);
  const lastPrice = market.lastPrice as number;
  const unitPrice =
    (order.type === "limit" ? (order.limitPrice as number) : lastPrice) *
    ((market.pointValue as number | undefined) ?? 1);
  // A notional buys what it covers, rounded down: whole contracts on CME, billionths elsewhere.
  const bought = (order.notional as number) / unitPrice;
  const quantity =
    typeof order.quantity === "number"
      ? order.quantity
      : order.market === "CME"
        ? Math.floor(bought + 1e-9)
        : Math.floor(bought * 1e9 + 1e-6) / 1e9;
  expect(quantity).toBeGreaterThan(0);
  expect(decision.quantity).toBeCloseTo(quantity, 6);
  if (order.market === "CME") expect(Number.isInteger(decision.quantity)).toBe(true);
  expect(decision.quantity).toBeLessThanOrEqual(slack(hardLimits.maxOrderQuantity));
  expect(quantity * unitPrice).toBeLessThanOrEqual(slack(hardLimits.maxOrderNotional));
  if (order.type === "limit") {
    const bps = (Math.abs((order.limitPrice as number) - lastPrice) / lastPrice) * 10_000;
    expect(bps).toBeLessThanOrEqual(slack(hardLimits.priceCollarBps));
  }
  const recent = account.recentOrders as { submittedMs: number }[];
  const lastMinute = 1 + recent.filter((r) => r.submittedMs > nowMs - 60_000).length;
  expect(lastMinute).toBeLessThanOrEqual(hardLimits.maxOrdersPerMinute);
  if (marketStatus(order.market as Market, nowMs).open)
    expect(nowMs - (market.lastTradeMs as number)).toBeLessThanOrEqual(hardLimits.maxPriceAgeMs);

  const key = (order.symbol as string).toUpperCase();
  const positions = account.positions as {
    symbol: string;
    quantity: number;
    marketValue: number;
  }[];
  const own = positions.find((p) => p.symbol.toUpperCase() === key);
  const before = own?.quantity ?? 0;
  const direction = order.side === "buy" ? 1 : -1;
  const sameSide = (account.openOrders as { symbol: string; side: string; quantity: number }[])
    .filter((o) => o.symbol.toUpperCase() === key && o.side === order.side)
    .reduce((sum, o) => sum + o.quantity, 0);
  const reduces = before * direction < 0 && quantity <= slack(Math.abs(before) - sameSide);
  if (context.state === "reducing") expect(reduces).toBe(true);
  if (reduces) return;
  const capacity = before * direction < 0 ? Math.max(0, Math.abs(before) - sameSide) : 0;
  const sellsShort =
    order.side === "sell" &&
    quantity > slack(capacity) &&
    ["NYSE", "CRYPTO"].includes(order.market as string);
  if (sellsShort) expect([account.shortingEnabled, market.shortable]).toEqual([true, true]);
  const equity = Math.max(0, account.equity as number);
  const after = before + direction * (sameSide + quantity);
  const others = positions.filter((p) => p !== own);
  const gross =
    others.reduce((sum, p) => sum + Math.abs(p.marketValue), 0) + Math.abs(after) * unitPrice;
  const net = Math.abs(others.reduce((sum, p) => sum + p.marketValue, 0) + after * unitPrice);
  expect(Math.abs(after) * unitPrice).toBeLessThanOrEqual(slack(hardLimits.maxPositionNotional));
  expect(gross).toBeLessThanOrEqual(slack(hardLimits.maxGrossExposure * equity));
  expect(net).toBeLessThanOrEqual(slack(hardLimits.maxNetExposure * equity));
  const dayStart = account.dayStartEquity as number;
  const loss = Math.max(
    0,
    dayStart - (account.equity as number),
    -(account.realizedPnlToday as number),
  );
  expect(loss).toBeLessThanOrEqual(slack(hardLimits.dailyLossLimit * Math.max(0, dayStart)));
  expect(Math.abs(after) * unitPrice).toBeLessThanOrEqual(
    slack(hardLimits.maxClusterExposure * equity),
  );
}

describe("checkOrder on arbitrary input", () => {
  it("never throws and never allows what the hard limits forbid", () => {
    let allowed = 0;
    let runs = 0;
    const codes = new Set<string>();
    fc.assert(
      fc.property(caseArbitrary, ({ order: rawOrder, context }) => {
        runs++;
        const lastPrice = (context.market as Loose | undefined)?.lastPrice;
        const order = buildOrder(rawOrder, lastPrice);
        const decision = checkOrder(order, context as never);
        expect(typeof decision.allowed).toBe("boolean");
        expect(Array.isArray(decision.checks)).toBe(true);
        if (!decision.allowed) {
          codes.add(decision.reason.code);
          expect(decision.reason.message.startsWith(`${decision.reason.code}: `)).toBe(true);
          expect(decision.checks.find((c) => !c.passed)?.code).toBe(decision.reason.code);
          return;
        }
        allowed++;
        expect(decision.checks.every((c) => c.passed)).toBe(true);
        assertWithinHardLimits(order as Loose, context as Loose, decision);
      }),
      { numRuns: 3_000, seed: 20_251_203 },
    );
    // The property must not hold vacuously: enough orders get through (about 9% with this seed)
    // and the denials cover most checks.
    expect(allowed / runs).toBeGreaterThan(0.05);
    expect(codes.size).toBeGreaterThanOrEqual(15);
  });

  it("never throws on any values whatsoever", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (order, context) => {
        const decision = checkOrder(order, context as never);
        expect(decision.allowed).toBe(false);
      }),
      { numRuns: 2_000, seed: 7 },
    );
  });
});
