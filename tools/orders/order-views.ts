import type { Approval, BatchWithIntents, OrderIntent } from "../ports/orders.ts";
import { isoTime } from "../time-input.ts";

export function orderView(intent: OrderIntent) {
  return {
    intentId: intent.id,
    clientOrderId: intent.id,
    broker: intent.broker,
    live: intent.live,
    symbol: intent.symbol,
    side: intent.side,
    quantity: intent.quantity,
    type: intent.type,
    limitPrice: intent.limitPrice,
    strategyId: intent.strategyId,
    state: intent.state,
    filledQuantity: intent.filledQuantity,
    averageFillPrice: intent.averageFillPrice,
    brokerOrderId: intent.brokerOrderId,
    rejectReason: intent.rejectReason,
    queuedUntil: intent.queuedUntilMs === null ? null : isoTime(intent.queuedUntilMs),
    createdAt: isoTime(intent.createdAtMs),
    updatedAt: isoTime(intent.updatedAtMs),
  };
}

export function approvalView(approval: Approval) {
  return {
    id: approval.id,
    intentId: approval.intentId,
    state: approval.state,
    approvers: approval.approvers,
    expiresAt: isoTime(approval.expiresAtMs),
    paramsHash: approval.paramsHash,
    decidedBy: approval.decidedBy,
    decidedAt: approval.decidedAtMs === null ? null : isoTime(approval.decidedAtMs),
  };
}

export function batchView({ batch, intents }: BatchWithIntents) {
  return {
    id: batch.id,
    portfolioId: batch.portfolioId,
    broker: batch.broker,
    live: batch.live,
    state: batch.state,
    approvers: batch.approvers,
    expiresAt: isoTime(batch.expiresAtMs),
    paramsHash: batch.paramsHash,
    decidedBy: batch.decidedBy,
    decidedAt: batch.decidedAtMs === null ? null : isoTime(batch.decidedAtMs),
    orders: intents.map(orderView),
  };
}
