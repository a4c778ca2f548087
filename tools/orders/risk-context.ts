import { correlationClusters } from "../../engine/correlation/index.ts";
import { contractSpecs, futuresRoots } from "../../engine/futures/contracts.ts";
import {
  effectiveLimits,
  type MarketSnapshot,
  type RiskContext,
  type RiskLimits,
  type TradingState,
} from "../../engine/risk/index.ts";
import { contractRoot } from "../bars/market-of.ts";
import type { Execution, HaltRecord, LastTrade } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";

/** States whose intents count as orders for the throttle and duplicate checks. */
const liveStates = new Set([
  "proposed",
  "approved",
  "submitting",
  "unknown",
  "submitted",
  "partially_filled",
  "filled",
]);
const severity: Record<TradingState, number> = { active: 0, reducing: 1, halted: 2 };

export interface GatheredContext {
  context: RiskContext;
  /** Undefined when the price source has none: the gate then refuses the order as unpriced. */
  price: LastTrade | undefined;
  halt: HaltRecord | undefined;
}

/**
 * Everything the risk gate checks an order against, read fresh: the account, positions and open
 * orders from the broker, the trading state and limit overrides from the store (and the kill
 * switch's file), recent intents for the throttle and duplicate checks, and the last trade.
 * `excludeIntentId` marks the re-check of that intent at submission: the recent orders are then
 * those sent to the broker in the window, timed by their sending, so the throttle paces what
 * goes out (a rebalance's batch) rather than counting what was proposed together.
 */
export async function gatherRiskContext(
  execution: Execution,
  store: Store,
  order: { symbol: string; side: "buy" | "sell"; strategyId?: string | undefined },
  nowMs: number,
  excludeIntentId?: string,
): Promise<GatheredContext> {
  const { broker } = execution;
  const [
    accountControls,
    strategyControls,
    halt,
    account,
    positions,
    openOrders,
    price,
    shortable,
  ] = await Promise.all([
    store.requestControls("account"),
    order.strategyId ? store.requestControls(`strategy:${order.strategyId}`) : undefined,
    execution.halt.read(),
    broker.account(),
    broker.positions(),
    broker.openOrders(),
    execution.prices.lastTrade(order.symbol),
    // Only a sale can go short. A lookup that fails leaves it unknown: the gate then denies a
    // short sale (and only that) for want of a lender.
    order.side === "sell" ? broker.shortable(order.symbol).catch(() => undefined) : undefined,
  ]);
  const layers = [accountControls.limits, ...(strategyControls ? [strategyControls.limits] : [])];
  const limits: RiskLimits = effectiveLimits(execution.limits, ...layers);
  const windowMs = Math.max(60_000, limits.duplicateWindowMs);
  const atSubmission = excludeIntentId !== undefined;
  const recent = await store.listIntents({
    ...(atSubmission ? { submittedSinceMs: nowMs - windowMs } : { sinceMs: nowMs - windowMs }),
    limit: 1000,
  });
  const states = [accountControls.state, strategyControls?.state ?? "active"];
  if (halt) states.push("halted");
  const state = states.reduce((worst, next) => (severity[next] > severity[worst] ? next : worst));
  const dayStartEquity = await store.dayStartEquity(
    broker.name,
    newYorkDay(nowMs),
    account.lastEquity ?? account.equity,
  );
  const clusters = await clustersFor(store, order.symbol);
  const market: MarketSnapshot = {
    lastPrice: price?.price ?? Number.NaN,
    lastTradeMs: price?.atMs ?? Number.NaN,
    ...futuresTerms(order.symbol),
    ...(shortable === undefined ? {} : { shortable }),
    ...(clusters.has(order.symbol) ? { cluster: clusters.get(order.symbol)! } : {}),
  };
  return {
    price,
    halt,
    context: {
      state,
      limits,
      market,
      nowMs,
      account: {
        equity: account.equity,
        buyingPower: account.buyingPower,
        dayStartEquity,
        // The equity drop since the day began already counts realized losses.
        realizedPnlToday: 0,
        patternDayTrader: account.patternDayTrader,
        shortingEnabled: account.shortingEnabled,
        dayTradesLast5Days: account.dayTradeCount,
        positions: positions.map((position) => ({
          symbol: position.symbol,
          quantity: position.quantity,
          marketValue: position.marketValue,
          ...(clusters.has(position.symbol) ? { cluster: clusters.get(position.symbol)! } : {}),
        })),
        recentOrders: recent
          .filter((intent) => intent.id !== excludeIntentId && liveStates.has(intent.state))
          .map((intent) => ({
            symbol: intent.symbol,
            side: intent.side,
            quantity: intent.quantity,
            submittedMs: atSubmission ? intent.submittedAtMs! : intent.createdAtMs,
            ...(intent.strategyId ? { strategyId: intent.strategyId } : {}),
          })),
        openOrders: openOrders
          .filter((open) => open.clientOrderId !== excludeIntentId)
          .map((open) => ({
            symbol: open.symbol,
            side: open.side,
            quantity: Math.max(0, open.quantity - open.filledQuantity),
          })),
      },
    },
  };
}

/**
 * Correlation clusters from the newest stored correlation snapshot that covers `symbol`
 * (compute_correlations): symbols whose average correlation is at least 0.7 share one. Without
 * such a snapshot each symbol is its own cluster.
 */
async function clustersFor(store: Store, symbol: string): Promise<Map<string, string>> {
  const snapshots = await store.listCorrelationSnapshots({ limit: 20 });
  const covering = snapshots.find((snapshot) => snapshot.symbols.includes(symbol));
  return covering
    ? correlationClusters(covering.symbols, covering.matrix)
    : new Map<string, string>();
}

/** The calendar day in New York: the trading day the daily loss limit counts. */
export function newYorkDay(atMs: number): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/New_York",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(atMs);
}

/** A CME contract's point value, which multiplies its notional; nothing for other symbols. */
function futuresTerms(symbol: string): Partial<MarketSnapshot> {
  const root = contractRoot(symbol) ?? symbol.toUpperCase();
  const known = (futuresRoots as readonly string[]).includes(root);
  return known ? { pointValue: contractSpecs[root as keyof typeof contractSpecs].pointValue } : {};
}
