import type { OrderState } from "../../engine/orders/order-state.ts";

export interface OrderIntent {
  /** Also the broker's client_order_id. */
  id: string;
  strategyId: string | null;
  broker: string;
  /** True when the broker trades real money. */
  live: boolean;
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
  /** Why the broker, or the risk gate at submission, refused it. */
  rejectReason: string | null;
  submittedAtMs: number | null;
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
> & {
  /** Default false: a paper broker. */
  live?: boolean;
};

export type DecisionRefusal = "not_found" | "not_pending" | "expired" | "not_allowed" | "changed";

export type DecisionResult =
  | { ok: true; intent: OrderIntent; approval: Approval }
  | { ok: false; reason: DecisionRefusal; message: string };

/** What a move of an intent changes besides its state. */
export interface IntentChange {
  brokerOrderId?: string;
  /** Never lowered: a late event with fewer fills than already recorded leaves it. */
  filledQuantity?: number;
  averageFillPrice?: number | null;
  rejectReason?: string;
  /** Stamps `submittedAtMs` (the first request to the broker is about to leave). */
  submitting?: boolean;
  /** Marks the intent's outbox rows done: nothing more to send for it. */
  settleOutbox?: boolean;
}

/** The audit row a move writes in the same transaction. */
export interface IntentAudit {
  actor: string;
  action: string;
  details: unknown;
}

export interface NewFill {
  /** The broker's id of the fill: a repeated event carries the same one. */
  fillId: string;
  intentId: string;
  quantity: number;
  price: number;
  fee: number;
  atMs: number;
}

export interface IntentQuery {
  states?: readonly OrderState[];
  /** Created at or after, epoch ms. */
  sinceMs?: number;
  limit: number;
}

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
    /** The decision's time (the caller's clock), which the expiry is compared with; default the database's. */
    nowMs?: number;
  }): Promise<DecisionResult>;
  requestIntent(id: string): Promise<OrderIntent | undefined>;
  requestApproval(id: string): Promise<Approval | undefined>;
  /** Approvals newest first, of one state when given. */
  listApprovals(query: { state?: Approval["state"]; limit: number }): Promise<Approval[]>;
  /** Intents newest first. */
  listIntents(query: IntentQuery): Promise<OrderIntent[]>;
  /**
   * Moves an intent from one of `from` to `to` with its audit row, in one transaction; a
   * compare-and-set, so of two workers racing for the same move exactly one gets the intent
   * back and the other undefined (and nothing changes).
   */
  moveIntent(
    id: string,
    from: readonly OrderState[],
    to: OrderState,
    change: IntentChange,
    audit: IntentAudit,
  ): Promise<OrderIntent | undefined>;
  /** Stores a fill and its audit row once; false (and nothing written) when it was already stored. */
  recordFill(fill: NewFill, actor: string): Promise<boolean>;
  /** The quantity of an intent's stored fills (0 when none). */
  recordedFillQuantity(intentId: string): Promise<number>;
  /** Unprocessed outbox rows, oldest first. */
  pendingOutbox(
    limit: number,
  ): Promise<{ id: string; intentId: string; kind: "submit" | "cancel" }[]>;
}
