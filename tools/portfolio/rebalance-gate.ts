import {
  checkOrder,
  type CheckResult,
  type RiskContext,
  type RiskDecision,
} from "../../engine/risk/index.ts";
import { marketOf } from "../bars/market-of.ts";
import { unpriced, withHaltReason } from "../orders/propose-order.ts";
import { gatherRiskContext } from "../orders/risk-context.ts";
import type { Execution } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";
import type { PlannedOrder } from "./rebalance-plan.ts";

export interface GateReason {
  code: string;
  message: string;
  limit?: number;
  actual?: number;
  field?: string;
}

export type GatedOrder = PlannedOrder & { checks: CheckResult[] } & (
    { allowed: true; queuedUntilMs: number | null } | { allowed: false; reason: GateReason }
  );

/**
 * Each order through propose_order's risk gate, in batch order, against the account as it would
 * stand once the batch's earlier passed orders filled at their prices: a sell frees buying power
 * for the buys after it, positions and exposures move. The batch's own orders do not count toward
 * the throttle: the executor checks each again against the real account when it sends it, and
 * paces them to maxOrdersPerMinute there. A symbol in `blocked` is denied STRATEGY_STAGE without
 * a check.
 */
export async function gateBatch(
  execution: Execution,
  store: Store,
  orders: readonly PlannedOrder[],
  blocked: ReadonlyMap<string, string>,
  nowMs: number,
): Promise<GatedOrder[]> {
  const gated: GatedOrder[] = [];
  const passed: PlannedOrder[] = [];
  for (const order of orders) {
    const stage = blocked.get(order.symbol);
    if (stage) {
      gated.push({
        ...order,
        allowed: false,
        reason: { code: "STRATEGY_STAGE", message: stage },
        checks: [],
      });
      continue;
    }
    const gathered = await gatherRiskContext(execution, store, order, nowMs);
    const decision = gathered.price
      ? checkInBatch(order, gathered.context, passed)
      : unpriced(gathered, order.symbol, execution.prices.name);
    if (decision.allowed) {
      passed.push(order);
      gated.push({
        ...order,
        allowed: true,
        checks: decision.checks,
        queuedUntilMs: decision.queuedForSession?.opensAtMs ?? null,
      });
    } else
      gated.push({
        ...order,
        allowed: false,
        reason: withHaltReason(decision.reason, gathered),
        checks: decision.checks,
      });
  }
  return gated;
}

/** The risk gate's decision on a batch's market order once the batch's `earlier` orders filled. */
export function checkInBatch(
  order: PlannedOrder,
  context: RiskContext,
  earlier: readonly PlannedOrder[],
): RiskDecision {
  const { symbol, side, quantity } = order;
  return checkOrder(
    { symbol, side, quantity, type: "market", market: marketOf(symbol) },
    afterEarlier(context, earlier),
  );
}

/** The account once `earlier` filled at their prices. */
function afterEarlier(context: RiskContext, earlier: readonly PlannedOrder[]): RiskContext {
  if (earlier.length === 0) return context;
  const positions = context.account.positions.map((position) => ({ ...position }));
  let buyingPower = context.account.buyingPower;
  for (const order of earlier) {
    const units = order.side === "buy" ? order.quantity : -order.quantity;
    const value = units * order.price;
    const held = positions.find((position) => position.symbol === order.symbol);
    if (held) {
      held.quantity += units;
      held.marketValue += value;
    } else positions.push({ symbol: order.symbol, quantity: units, marketValue: value });
    buyingPower -= value;
  }
  return { ...context, account: { ...context.account, positions, buyingPower } };
}
