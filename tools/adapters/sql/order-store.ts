import { nextOrderState } from "../../../engine/orders/order-state.ts";
import { AuditAction } from "../../ports/audit.ts";
import type { OrderState } from "../../../engine/orders/order-state.ts";
import type {
  Approval,
  DecisionRefusal,
  DecisionResult,
  IntentAudit,
  IntentChange,
  IntentQuery,
  NewFill,
  NewIntent,
  OrderIntent,
  OrderStore,
} from "../../ports/orders.ts";
import { appendAuditIn } from "./audit-log.ts";
import type { SqlClient } from "./client.ts";
import { appendEvent } from "./event-log.ts";
import { epochMs } from "./epoch-ms.ts";
import { uuidPattern as uuid } from "../../stored-id.ts";

/** The decision's time: the caller's clock when it passed one, else the database's. */
export const decisionTime = (parameter: number) =>
  `coalesce(to_timestamp($${parameter}::float8 / 1000.0), now())`;

export interface IntentRow {
  id: string;
  strategy_id: string | null;
  broker: string;
  live: boolean;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit";
  limit_price: number | null;
  state: OrderIntent["state"];
  params_hash: string;
  risk: unknown;
  queued_until: number | null;
  broker_order_id: string | null;
  filled_quantity: number;
  average_fill_price: number | null;
  reject_reason: string | null;
  submitted: number | null;
  created: number;
  updated: number;
}

export const intentColumns = `id::text AS id, strategy_id, broker, live, symbol, side, quantity, type, limit_price,
  state, params_hash, risk, ${epochMs("queued_until")} AS queued_until, broker_order_id,
  filled_quantity, average_fill_price, reject_reason, ${epochMs("submitted_at")} AS submitted,
  ${epochMs("created_at")} AS created, ${epochMs("updated_at")} AS updated`;

export const toIntent = (row: IntentRow): OrderIntent => ({
  id: row.id,
  strategyId: row.strategy_id,
  broker: row.broker,
  live: row.live,
  symbol: row.symbol,
  side: row.side,
  quantity: row.quantity,
  type: row.type,
  limitPrice: row.limit_price,
  state: row.state,
  paramsHash: row.params_hash,
  risk: row.risk,
  queuedUntilMs: row.queued_until === null ? null : Math.round(row.queued_until),
  brokerOrderId: row.broker_order_id,
  filledQuantity: row.filled_quantity,
  averageFillPrice: row.average_fill_price,
  rejectReason: row.reject_reason,
  submittedAtMs: row.submitted === null ? null : Math.round(row.submitted),
  createdAtMs: Math.round(row.created),
  updatedAtMs: Math.round(row.updated),
});

interface ApprovalRow {
  id: string;
  intent_id: string;
  params_hash: string;
  state: Approval["state"];
  approvers: string[];
  expires: number;
  decided_by: string | null;
  decided: number | null;
}

const approvalColumns = `id::text AS id, intent_id::text AS intent_id, params_hash, state, approvers,
  ${epochMs("expires_at")} AS expires, decided_by, ${epochMs("decided_at")} AS decided`;

const toApproval = (row: ApprovalRow): Approval => ({
  id: row.id,
  intentId: row.intent_id,
  paramsHash: row.params_hash,
  state: row.state,
  approvers: row.approvers,
  expiresAtMs: Math.round(row.expires),
  decidedBy: row.decided_by,
  decidedAtMs: row.decided === null ? null : Math.round(row.decided),
});

/** An intent (state proposed); `batch` places it in an order batch (order_batches). */
export async function insertIntent(
  tx: SqlClient,
  intent: NewIntent,
  batch: { id: string; position: number } | null,
): Promise<IntentRow> {
  const [row] = await tx.query<IntentRow>(
    `INSERT INTO order_intents (strategy_id, broker, symbol, side, quantity, type, limit_price,
       params_hash, risk, queued_until, live, batch_id, batch_position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10::float8 / 1000.0), $11,
       $12::uuid, $13)
     RETURNING ${intentColumns}`,
    [
      intent.strategyId,
      intent.broker,
      intent.symbol,
      intent.side,
      intent.quantity,
      intent.type,
      intent.limitPrice,
      intent.paramsHash,
      JSON.stringify(intent.risk),
      intent.queuedUntilMs,
      intent.live ?? false,
      batch?.id ?? null,
      batch?.position ?? null,
    ],
  );
  return row!;
}

/**
 * The one statement that decides a pending row of `table` (an approval, an order batch): only
 * unexpired, by one of its approvers, for its parameters hash. A second click finds it no longer
 * pending. Returns the decided row, or undefined when nothing moved.
 */
export async function decidePending<Row>(
  tx: SqlClient,
  table: "approvals" | "order_batches",
  columns: string,
  decision: { id: string; approve: boolean; actor: string; paramsHash: string; nowMs?: number },
): Promise<Row | undefined> {
  const [row] = await tx.query<Row>(
    `UPDATE ${table} SET state = $2, decided_by = $3, decided_at = now()
     WHERE id = $1::uuid AND state = 'pending' AND expires_at > ${decisionTime(5)}
       AND $3 = ANY(approvers) AND params_hash = $4
     RETURNING ${columns}`,
    [
      decision.id,
      decision.approve ? "approved" : "rejected",
      decision.actor,
      decision.paramsHash,
      decision.nowMs ?? null,
    ],
  );
  return row;
}

/** A decided intent: queued for submission when approved, with its audit row naming `on`. */
export async function recordDecided(
  tx: SqlClient,
  intentId: string,
  decision: { approve: boolean; actor: string; paramsHash: string },
  on: { approvalId: string } | { batchId: string },
): Promise<void> {
  if (decision.approve)
    await tx.query(`INSERT INTO order_outbox (intent_id, kind) VALUES ($1::uuid, 'submit')`, [
      intentId,
    ]);
  await appendAuditIn(tx, {
    actor: decision.actor,
    action: AuditAction.approvalDecided,
    subject: intentId,
    details: { ...on, approve: decision.approve, paramsHash: decision.paramsHash },
  });
}

/**
 * Why a decision on a pending row (an approval, an order batch) did not take, named from the row
 * as it stands; `expire` marks a row found past its expiry expired, with its intents.
 */
export async function refusalOf(
  what: "approval" | "batch",
  id: string,
  actor: string,
  current: { id: string; state: string; approvers: string[]; unexpired: boolean } | undefined,
  expire: () => Promise<void>,
): Promise<{ ok: false; reason: DecisionRefusal; message: string }> {
  if (!current) return { ok: false, reason: "not_found", message: `no ${what} ${id}` };
  if (current.state !== "pending")
    return {
      ok: false,
      reason: "not_pending",
      message: `${what} ${current.id} was already ${current.state}`,
    };
  if (!current.unexpired) {
    await expire();
    return { ok: false, reason: "expired", message: `${what} ${current.id} expired` };
  }
  if (!current.approvers.includes(actor))
    return {
      ok: false,
      reason: "not_allowed",
      message: `${actor} may not decide ${what} ${current.id}`,
    };
  return {
    ok: false,
    reason: "changed",
    message: `${what} ${current.id} was for other parameters than the ones decided on`,
  };
}

export class SqlOrderStore implements OrderStore {
  constructor(private readonly client: SqlClient) {}

  proposeIntent(
    intent: NewIntent,
    approval: { approvers: string[]; expiresAtMs: number },
    actor: string,
  ) {
    return this.client.transaction(async (tx) => {
      const stored = toIntent(await insertIntent(tx, intent, null));
      const [approvalRow] = await tx.query<ApprovalRow>(
        `INSERT INTO approvals (intent_id, params_hash, approvers, expires_at)
         VALUES ($1::uuid, $2, $3::text[], to_timestamp($4::float8 / 1000.0))
         RETURNING ${approvalColumns}`,
        [stored.id, stored.paramsHash, approval.approvers, approval.expiresAtMs],
      );
      await appendAuditIn(tx, {
        actor,
        action: AuditAction.orderProposed,
        subject: stored.id,
        details: { ...intent, approvers: approval.approvers, expiresAtMs: approval.expiresAtMs },
      });
      const pending = toApproval(approvalRow!);
      await appendEvent(tx, "approval.pending", {
        approvalId: pending.id,
        intentId: stored.id,
        broker: stored.broker,
        symbol: stored.symbol,
        side: stored.side,
        quantity: stored.quantity,
        type: stored.type,
        limitPrice: stored.limitPrice,
        strategyId: stored.strategyId,
        approvers: pending.approvers,
        expiresAtMs: pending.expiresAtMs,
      });
      return { intent: stored, approval: pending };
    });
  }

  async decideApproval(decision: {
    approvalId: string;
    approve: boolean;
    actor: string;
    paramsHash: string;
    nowMs?: number;
  }): Promise<DecisionResult> {
    if (!uuid.test(decision.approvalId))
      return { ok: false, reason: "not_found", message: `no approval ${decision.approvalId}` };
    return this.client.transaction(async (tx) => {
      const row = await decidePending<ApprovalRow>(tx, "approvals", approvalColumns, {
        ...decision,
        id: decision.approvalId,
      });
      if (!row) return this.refusal(tx, decision);
      const approval = toApproval(row);
      const next = nextOrderState("proposed", { kind: decision.approve ? "approve" : "decline" });
      if (!next.ok) throw new Error(next.reason);
      const [intentRow] = await tx.query<IntentRow>(
        `UPDATE order_intents SET state = $2, updated_at = now()
         WHERE id = $1::uuid AND state = 'proposed' RETURNING ${intentColumns}`,
        [approval.intentId, next.state],
      );
      if (!intentRow) throw new Error(`intent ${approval.intentId} was not waiting for approval`);
      await recordDecided(tx, approval.intentId, decision, { approvalId: approval.id });
      return { ok: true, intent: toIntent(intentRow), approval };
    });
  }

  /** Why a decision did not take, named from the row as it stands. */
  private async refusal(
    tx: SqlClient,
    decision: { approvalId: string; actor: string; paramsHash: string; nowMs?: number },
  ): Promise<DecisionResult> {
    const [current] = await tx.query<ApprovalRow & { unexpired: boolean }>(
      `SELECT ${approvalColumns}, expires_at > ${decisionTime(2)} AS unexpired FROM approvals WHERE id = $1::uuid`,
      [decision.approvalId, decision.nowMs ?? null],
    );
    return refusalOf("approval", decision.approvalId, decision.actor, current, async () => {
      await tx.query(
        `UPDATE approvals SET state = 'expired', decided_at = now() WHERE id = $1::uuid AND state = 'pending'`,
        [current!.id],
      );
      await tx.query(
        `UPDATE order_intents SET state = 'expired', updated_at = now() WHERE id = $1::uuid AND state = 'proposed'`,
        [current!.intent_id],
      );
    });
  }

  /** Pending approvals past their expiry at `nowMs` marked expired, with their waiting intents. */
  async expireOverdue(nowMs: number): Promise<number> {
    const [row] = await this.client.query<{ count: number }>(
      `WITH expired AS (
         UPDATE approvals SET state = 'expired', decided_at = now()
         WHERE state = 'pending' AND expires_at <= to_timestamp($1::float8 / 1000.0)
         RETURNING intent_id
       ), intents AS (
         UPDATE order_intents SET state = 'expired', updated_at = now()
         WHERE id IN (SELECT intent_id FROM expired) AND state = 'proposed'
       )
       SELECT count(*)::int AS count FROM expired`,
      [nowMs],
    );
    return row?.count ?? 0;
  }

  async requestIntent(id: string): Promise<OrderIntent | undefined> {
    if (!uuid.test(id)) return undefined;
    const [row] = await this.client.query<IntentRow>(
      `SELECT ${intentColumns} FROM order_intents WHERE id = $1::uuid`,
      [id],
    );
    return row ? toIntent(row) : undefined;
  }

  async requestApproval(id: string): Promise<Approval | undefined> {
    if (!uuid.test(id)) return undefined;
    const [row] = await this.client.query<ApprovalRow>(
      `SELECT ${approvalColumns} FROM approvals WHERE id = $1::uuid`,
      [id],
    );
    return row ? toApproval(row) : undefined;
  }

  async listApprovals(query: { state?: Approval["state"]; limit: number }): Promise<Approval[]> {
    const rows = await this.client.query<ApprovalRow>(
      `SELECT ${approvalColumns} FROM approvals WHERE ($1::text IS NULL OR state = $1)
       ORDER BY created_at DESC, seq DESC LIMIT $2::int`,
      [query.state ?? null, query.limit],
    );
    return rows.map(toApproval);
  }

  async listIntents(query: IntentQuery): Promise<OrderIntent[]> {
    const rows = await this.client.query<IntentRow>(
      `SELECT ${intentColumns} FROM order_intents
       WHERE ($1::text[] IS NULL OR state = ANY($1::text[]))
         AND ($2::float8 IS NULL OR created_at >= to_timestamp($2::float8 / 1000.0))
         AND ($4::float8 IS NULL OR submitted_at >= to_timestamp($4::float8 / 1000.0))
       ORDER BY created_at DESC, seq DESC LIMIT $3::int`,
      [
        query.states ? [...query.states] : null,
        query.sinceMs ?? null,
        query.limit,
        query.submittedSinceMs ?? null,
      ],
    );
    return rows.map(toIntent);
  }

  moveIntent(
    id: string,
    from: readonly OrderState[],
    to: OrderState,
    change: IntentChange,
    audit: IntentAudit,
  ): Promise<OrderIntent | undefined> {
    if (!uuid.test(id)) return Promise.resolve(undefined);
    return this.client.transaction(async (tx) => {
      const [row] = await tx.query<IntentRow>(
        `UPDATE order_intents SET state = $3, updated_at = now(),
           broker_order_id = coalesce($4, broker_order_id),
           filled_quantity = greatest(filled_quantity, coalesce($5::float8, filled_quantity)),
           average_fill_price = CASE WHEN $5::float8 IS NOT NULL AND $5::float8 >= filled_quantity
             THEN $6::float8 ELSE average_fill_price END,
           reject_reason = coalesce($7, reject_reason),
           submitted_at = CASE WHEN $8 THEN now() ELSE submitted_at END
         WHERE id = $1::uuid AND state = ANY($2::text[])
         RETURNING ${intentColumns}`,
        [
          id,
          [...from],
          to,
          change.brokerOrderId ?? null,
          change.filledQuantity ?? null,
          change.averageFillPrice ?? null,
          change.rejectReason ?? null,
          change.submitting === true,
        ],
      );
      if (!row) return undefined;
      if (change.settleOutbox)
        await tx.query(
          `UPDATE order_outbox SET processed_at = now() WHERE intent_id = $1::uuid AND processed_at IS NULL`,
          [id],
        );
      await appendAuditIn(tx, { ...audit, subject: id });
      const moved = toIntent(row);
      await appendEvent(tx, "order.updated", {
        intentId: moved.id,
        symbol: moved.symbol,
        side: moved.side,
        quantity: moved.quantity,
        state: moved.state,
        filledQuantity: moved.filledQuantity,
        averageFillPrice: moved.averageFillPrice,
        rejectReason: moved.rejectReason,
      });
      return moved;
    });
  }

  recordFill(fill: NewFill, actor: string): Promise<boolean> {
    return this.client.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO order_fills (fill_id, intent_id, quantity, price, fee, at)
         VALUES ($1, $2::uuid, $3, $4, $5, to_timestamp($6::float8 / 1000.0))
         ON CONFLICT (fill_id) DO NOTHING RETURNING fill_id`,
        [fill.fillId, fill.intentId, fill.quantity, fill.price, fill.fee, fill.atMs],
      );
      if (inserted.length === 0) return false;
      await appendAuditIn(tx, {
        actor,
        action: AuditAction.fill,
        subject: fill.intentId,
        details: fill,
      });
      return true;
    });
  }

  async recordedFillQuantity(intentId: string): Promise<number> {
    if (!uuid.test(intentId)) return 0;
    const [row] = await this.client.query<{ quantity: number }>(
      `SELECT coalesce(sum(quantity), 0)::float8 AS quantity FROM order_fills WHERE intent_id = $1::uuid`,
      [intentId],
    );
    return row!.quantity;
  }

  async pendingOutbox(limit: number) {
    const rows = await this.client.query<{
      id: string;
      intent_id: string;
      kind: "submit" | "cancel";
    }>(
      `SELECT id::text AS id, intent_id::text AS intent_id, kind FROM order_outbox
       WHERE processed_at IS NULL ORDER BY order_outbox.id LIMIT $1::int`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, intentId: row.intent_id, kind: row.kind }));
  }
}
