import type { Approval, OrderIntent } from "../ports/orders.ts";
import { isoTime } from "../time-input.ts";

interface ProposedRisk {
  referencePrice?: number;
  priceSource?: string;
  notional?: number;
}

/**
 * What a human sees before deciding, built from the database rows (never from model text): the
 * exact order, its price basis and notional, the broker (and whether it is real money), who may
 * decide until when, and the hash the decision will name.
 */
export function approvalCard(approval: Approval, intent: OrderIntent, live: boolean): string[] {
  const risk = (intent.risk ?? {}) as ProposedRisk;
  const price = intent.type === "limit" ? `limit ${intent.limitPrice}` : "at market";
  const lines = [
    `${live ? "LIVE ORDER (real money)" : "Paper order"} on ${intent.broker}`,
    `  ${intent.side.toUpperCase()} ${intent.quantity} ${intent.symbol} ${price}`,
  ];
  if (risk.referencePrice !== undefined)
    lines.push(
      `  last trade ${risk.referencePrice} (${risk.priceSource ?? "unknown source"}), notional about ${risk.notional?.toFixed(2)}`,
    );
  if (intent.strategyId) lines.push(`  strategy ${intent.strategyId}`);
  if (intent.queuedUntilMs !== null)
    lines.push(
      `  market closed: it will be sent when the session opens at ${isoTime(intent.queuedUntilMs)}`,
    );
  lines.push(
    `  approval ${approval.id}: ${approval.state}, ${approval.approvers.join(", ")} may decide until ${isoTime(approval.expiresAtMs)}`,
    `  parameters hash ${approval.paramsHash.slice(0, 16)}…`,
  );
  return lines;
}
