/** What the execution path records; `action` is free text of this form, these are the known ones. */
export const AuditAction = {
  orderProposed: "order.proposed",
  /** The risk gate refused a proposal: no intent exists, the refusal is still on record. */
  orderDenied: "order.denied",
  approvalDecided: "approval.decided",
  orderSubmitting: "order.submitting",
  orderSubmitted: "order.submitted",
  /** Any later move: unknown, resolved by lookup, cancelled, rejected, filled. */
  orderUpdated: "order.updated",
  /** A person asked for an order to be cancelled: the request, before the broker's answer. */
  orderCancelRequested: "order.cancel_requested",
  fill: "fill",
  limitsChanged: "limits.changed",
  tradingState: "trading.state",
  killSwitch: "kill_switch",
  strategyStage: "strategy.stage",
  reconciliationBaseline: "reconciliation.baseline",
  reconciliationMismatch: "reconciliation.mismatch",
  divergence: "strategy.divergence",
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export interface NewAuditEntry {
  /** Who acted: a user id, `system`, a job name. Not empty. */
  actor: string;
  /** Dotted lower-case words, e.g. `order.proposed` (see AuditAction). */
  action: string;
  /** What the entry is about, e.g. an order intent id; null when nothing in particular. Not empty. */
  subject: string | null;
  /** Any JSON value (the database stores it as jsonb). */
  details: unknown;
}

export interface AuditEntry extends NewAuditEntry {
  /** Gapless, in commit order, from "1". */
  id: string;
  /** When the entry took its place in the chain, epoch ms UTC (stored to the microsecond). */
  atMs: number;
  /** The previous entry's hash; 64 zeros for the first entry. */
  previousHash: string;
  /** sha256 hex over this entry's fields and `previousHash` (migrations/0011_audit.sql). */
  hash: string;
}

/** `firstBadId` and `problem` are set when `ok` is false. */
export interface AuditVerification {
  ok: boolean;
  /** Entries read (up to the chain head as verification began). */
  rows: number;
  firstBadId?: string;
  problem?: string;
}

/**
 * The append-only, hash-chained audit trail. Entries are never changed or removed (the database
 * refuses it); verification recomputes every hash and link, outside the database.
 */
export interface AuditLog {
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Recomputes every entry's hash and checks each links to the one before; names the first bad entry. */
  verifyAuditLog(): Promise<AuditVerification>;
  /** Newest first, of one subject when given, at most `limit`. */
  listAudit(query: { subject?: string; limit: number }): Promise<AuditEntry[]>;
}
