import type { RiskContext, RiskDecision, RiskLimits } from "./types.ts";

/** Wednesday 2025-03-12 11:00 New York (EDT, UTC-4): NYSE open. */
export const wednesdayMs = Date.UTC(2025, 2, 12, 15, 0);

/** Limits for the tests, each a round number inside `hardLimits`. */
export const testLimits: RiskLimits = {
  maxOrderQuantity: 1_000,
  maxOrderNotional: 50_000,
  maxPositionNotional: 80_000,
  maxGrossExposure: 1,
  maxNetExposure: 1,
  dailyLossLimit: 0.02,
  maxOrdersPerMinute: 5,
  priceCollarBps: 100,
  maxPriceAgeMs: 60_000,
  duplicateWindowMs: 30_000,
  denySymbols: ["BAD"],
  maxClusterExposure: 0.5,
  allowOutsideHours: true,
};

export interface ContextChanges {
  state?: unknown;
  nowMs?: unknown;
  limits?: Record<string, unknown>;
  market?: Record<string, unknown>;
  account?: Record<string, unknown>;
}

/**
 * A context where a 10-share market buy of XYZ at 100 passes every check: equity and the
 * day's start 100,000, buying power 200,000, no positions or orders, last trade 1 s ago; a
 * margin account that may sell XYZ short.
 */
export function testContext(changes: ContextChanges = {}): RiskContext {
  const nowMs = changes.nowMs ?? wednesdayMs;
  return {
    state: changes.state ?? "active",
    nowMs,
    limits: { ...testLimits, ...changes.limits },
    market: {
      lastPrice: 100,
      lastTradeMs: typeof nowMs === "number" ? nowMs - 1_000 : 0,
      shortable: true,
      ...changes.market,
    },
    account: {
      equity: 100_000,
      buyingPower: 200_000,
      dayStartEquity: 100_000,
      realizedPnlToday: 0,
      patternDayTrader: false,
      shortingEnabled: true,
      positions: [],
      recentOrders: [],
      dayTradesLast5Days: 0,
      openOrders: [],
      ...changes.account,
    },
  } as unknown as RiskContext;
}

/** A market buy of 10 XYZ on NYSE; a field set to undefined is left out. */
export function testOrder(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const order = {
    symbol: "XYZ",
    side: "buy",
    quantity: 10,
    type: "market",
    market: "NYSE",
    ...changes,
  };
  return Object.fromEntries(Object.entries(order).filter(([, value]) => value !== undefined));
}

/** "allowed", or the deny message (which starts with its code). */
export function reasonOf(decision: RiskDecision): string {
  if (decision.allowed) return "allowed";
  const { code, message } = decision.reason;
  return message.startsWith(`${code}: `) ? message : `(message without its code) ${message}`;
}
