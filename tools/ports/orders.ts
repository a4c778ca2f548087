import type { OrderState } from "../../engine/orders/order-state.ts";

export interface OrderIntent {
  /** Also the broker's client_order_id. */
  id: string;
  strategyId: string | null;
  broker: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit";
  limitPrice: number | null;
  state: OrderState;
  paramsHash: string;
  risk: unknown;
  queuedUntilMs: number | null;
  brokerOrderId: string | null;
  filledQuantity: number;
  averageFillPrice: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface Approval {
  id: string;
  intentId: string;
  paramsHash: string;
  state: "pending" | "approved" | "rejected" | "expired";
  approvers: string[];
  expiresAtMs: number;
  decidedBy: string | null;
  decidedAtMs: number | null;
}

export type NewIntent = Pick<
  OrderIntent,
  | "strategyId"
  | "broker"
  | "symbol"
  | "side"
  | "quantity"
  | "type"
  | "limitPrice"
  | "paramsHash"
  | "risk"
  | "queuedUntilMs"
>;

export type DecisionRefusal = "not_found" | "not_pending" | "expired" | "not_allowed" | "changed";

export type DecisionResult =
  | { ok: true; intent: OrderIntent; approval: Approval }
  | { ok: false; reason: DecisionRefusal; message: string };

/** Order intents and their approvals: the durable half of the order path. */
export interface OrderStore {
  /** The intent (state proposed), its pending approval and the audit row, in one transaction. */
  proposeIntent(
    intent: NewIntent,
    approval: { approvers: string[]; expiresAtMs: number },
    actor: string,
  ): Promise<{ intent: OrderIntent; approval: Approval }>;
  /**
   * A human's decision, consumed exactly once: only a pending, unexpired approval, decided by
   * one of its approvers, for the very parameters it was shown (`paramsHash`), moves. Approving
   * moves the intent to approved and queues it for submission (the outbox) with its audit row,
   * all in one transaction; whatever else happens, nothing changes.
   */
  decideApproval(decision: {
    approvalId: string;
    approve: boolean;
    actor: string;
    paramsHash: string;
  }): Promise<DecisionResult>;
  requestIntent(id: string): Promise<OrderIntent | undefined>;
  requestApproval(id: string): Promise<Approval | undefined>;
  /** Approvals newest first, of one state when given. */
  listApprovals(query: { state?: Approval["state"]; limit: number }): Promise<Approval[]>;
  /** Unprocessed outbox rows, oldest first. */
  pendingOutbox(
    limit: number,
  ): Promise<{ id: string; intentId: string; kind: "submit" | "cancel" }[]>;
}
