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
  /** Sent to the broker at or after, epoch ms. */
  submittedSinceMs?: number;
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

/**
 * Orders proposed together and decided by one click (a rebalance): the batch is their approval.
 * Its intents have no approval of their own.
 */
export interface OrderBatch {
  id: string;
  /** The stored portfolio a rebalance brings back to its target weights. */
  portfolioId: string | null;
  broker: string;
  live: boolean;
  /** sha256 over the intents' params hashes in batch order (a click names it). */
  paramsHash: string;
  state: Approval["state"];
  approvers: string[];
  expiresAtMs: number;
  decidedBy: string | null;
  decidedAtMs: number | null;
  /** What the proposer recorded: why it was proposed, and the orders the risk gate denied. */
  summary: unknown;
  createdAtMs: number;
}

/** A batch with its intents in batch order (sells first for a rebalance). */
export interface BatchWithIntents {
  batch: OrderBatch;
  intents: OrderIntent[];
}

export type NewBatch = Pick<
  OrderBatch,
  "portfolioId" | "broker" | "live" | "paramsHash" | "approvers" | "expiresAtMs" | "summary"
>;

export type BatchProposal =
  | ({ ok: true } & BatchWithIntents)
  /** The portfolio already has a pending, unexpired batch: nothing was written. */
  | { ok: false; reason: "pending_exists"; pending: OrderBatch };

export type BatchDecisionResult =
  ({ ok: true } & BatchWithIntents) | { ok: false; reason: DecisionRefusal; message: string };

/** Order batches: the intents of one decision, proposed and decided each in one transaction. */
export interface OrderBatchStore {
  /**
   * The batch (pending), its intents (state proposed, in the order given) and an audit row per
   * intent, in one transaction; first marks the portfolio's pending batches past their expiry
   * expired (with their intents). Refused while the portfolio has a batch still pending.
   */
  proposeBatch(proposal: {
    batch: NewBatch;
    intents: readonly NewIntent[];
    actor: string;
    /** The proposer's clock, which expiries are compared with; default the database's. */
    nowMs?: number;
  }): Promise<BatchProposal>;
  /**
   * A human's decision on the whole batch, consumed exactly once, on the terms of
   * `decideApproval`: approving moves every intent to approved and queues each for submission in
   * batch order; rejecting declines them all; a decision after the expiry expires them all.
   */
  decideBatch(decision: {
    batchId: string;
    approve: boolean;
    actor: string;
    paramsHash: string;
    nowMs?: number;
  }): Promise<BatchDecisionResult>;
  requestBatch(id: string): Promise<BatchWithIntents | undefined>;
  /** Batches newest first, of one portfolio and in one state when given. */
  listBatches(query: {
    portfolioId?: string;
    state?: OrderBatch["state"];
    limit: number;
  }): Promise<OrderBatch[]>;
}
