import { count, figure, fixed, percent, utc } from "./format.ts";

interface Drift {
  symbol: string;
  currentWeight: number;
  targetWeight: number;
}

interface RebalanceOrder {
  symbol: string;
  side: string;
  quantity: number;
  referencePrice: number;
  notional: number;
  verdict: string;
  reason?: { message: string };
  queuedUntil?: string;
}

interface Batch {
  id: string;
  orders: number;
  approvers: string[];
  expiresAt: string;
}

interface Common {
  portfolio: { id: string; objective: string };
  broker: string;
  live: boolean;
  equity: number;
  driftThreshold: number;
  maxDrift: Drift | null;
  triggers: { drift: boolean; forced: boolean; regimeEvents: unknown[] };
  warnings: string[];
}

type RebalanceOutput = Common &
  (
    | { status: "in_range" | "nothing_to_trade" }
    | { status: "waiting"; batch: Batch }
    | { status: "denied"; orders: RebalanceOrder[] }
    | { status: "proposed"; batch: Batch; orders: RebalanceOrder[] }
  );

const holds = (drift: Drift) =>
  `${drift.symbol} holds ${percent(drift.currentWeight)} against a target of ${percent(drift.targetWeight)}`;

/** Why a rebalance was proposed: the furthest drift past the threshold, regime changes, force. */
function reasons({ maxDrift, triggers, driftThreshold }: Common): string {
  return [
    triggers.drift && maxDrift
      ? `${holds(maxDrift)}, past the ${percent(driftThreshold)} threshold`
      : "",
    triggers.regimeEvents.length > 0
      ? `${count(triggers.regimeEvents.length, "correlation regime change")} over its symbols`
      : "",
    triggers.forced ? "asked for with force" : "",
  ]
    .filter(Boolean)
    .join("; ");
}

const orderLine = (order: RebalanceOrder) =>
  `- ${order.verdict === "denied" ? "DENIED: " : ""}${order.side} ${order.quantity} ${order.symbol} at market (last ${figure(order.referencePrice)}, notional ${fixed(order.notional)})${order.reason ? `: ${order.reason.message}` : ""}${order.queuedUntil ? `, sent when the session opens at ${utc(order.queuedUntil)}` : ""}`;

/** Where a person decides a batch. */
const where = (batchId: string) =>
  `on its card in chat or with \`npx alphadesk approve ${batchId}\``;

/** What happened: nothing to do, a batch still waiting, every order denied, or the orders proposed. */
function outcome(result: RebalanceOutput): string[] {
  switch (result.status) {
    case "in_range":
      return [
        `Nothing to trade: no symbol is past the ${percent(result.driftThreshold)} drift threshold${result.maxDrift ? ` (the furthest: ${holds(result.maxDrift)})` : ""} and no correlation regime changed.`,
      ];
    case "nothing_to_trade":
      return [
        `Triggered (${reasons(result)}), but every order would be below the minimum size: nothing to trade.`,
      ];
    case "waiting":
      return [
        `An earlier proposal, batch ${result.batch.id} of ${count(result.batch.orders, "order")}, still waits for ${result.batch.approvers.join(" or ")} until ${utc(result.batch.expiresAt)}: decide it first, ${where(result.batch.id)}.`,
      ];
    case "denied":
      return [
        `Triggered (${reasons(result)}), but the risk gate denied every order: nothing to approve.`,
        ...result.orders.map(orderLine),
      ];
    case "proposed":
      return [
        `Proposed batch ${result.batch.id} of ${count(result.batch.orders, "order")} (${reasons(result)}):`,
        ...result.orders.map(orderLine),
        `It waits for ${result.batch.approvers.join(" or ")} to approve it until ${utc(result.batch.expiresAt)}: nothing reaches the broker before that. Decide it ${where(result.batch.id)}.`,
      ];
  }
}

/** rebalance_portfolio: the portfolio and account, what happened and why, and any warnings. */
export function describeRebalance(result: RebalanceOutput): string {
  return [
    `${result.live ? "LIVE rebalance" : "Rebalance"} of portfolio ${result.portfolio.id} (${result.portfolio.objective}) on ${result.broker}, equity ${fixed(result.equity)}:`,
    ...outcome(result),
    ...result.warnings.map((warning) => `Note: ${warning}.`),
  ].join("\n");
}
