import { nextOrderState } from "../../../engine/orders/order-state.ts";
import { AuditAction } from "../../ports/audit.ts";
import type {
  BatchDecisionResult,
  BatchProposal,
  BatchWithIntents,
  NewBatch,
  NewIntent,
  OrderBatch,
  OrderBatchStore,
} from "../../ports/orders.ts";
import { appendAuditIn } from "./audit-log.ts";
import type { SqlClient } from "./client.ts";
import {
  decidePending,
  decisionTime,
  insertIntent,
  intentColumns,
  recordDecided,
  refusalOf,
  toIntent,
  type IntentRow,
} from "./order-store.ts";
import { epochMs } from "./epoch-ms.ts";
import { uuidPattern as uuid } from "../../stored-id.ts";

// Order batches (migrations/0023_rebalance_batches.sql): one decision for many intents.

interface BatchRow {
  id: string;
  portfolio_id: string | null;
  broker: string;
  live: boolean;
  params_hash: string;
  state: OrderBatch["state"];
  approvers: string[];
  expires: number;
  decided_by: string | null;
  decided: number | null;
  summary: unknown;
  created: number;
}

const batchColumns = `id::text AS id, portfolio_id::text AS portfolio_id, broker, live, params_hash,
  state, approvers, ${epochMs("expires_at")} AS expires, decided_by, ${epochMs("decided_at")} AS decided,
  summary, ${epochMs("created_at")} AS created`;

const toBatch = (row: BatchRow): OrderBatch => ({
  id: row.id,
  portfolioId: row.portfolio_id,
  broker: row.broker,
  live: row.live,
  paramsHash: row.params_hash,
  state: row.state,
  approvers: row.approvers,
  expiresAtMs: Math.round(row.expires),
  decidedBy: row.decided_by,
  decidedAtMs: row.decided === null ? null : Math.round(row.decided),
  summary: row.summary,
  createdAtMs: Math.round(row.created),
});

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === "23505";

export class SqlOrderBatchStore implements OrderBatchStore {
  constructor(private readonly client: SqlClient) {}

  async proposeBatch(proposal: {
    batch: NewBatch;
    intents: readonly NewIntent[];
    actor: string;
    nowMs?: number;
  }): Promise<BatchProposal> {
    const { batch, intents, actor } = proposal;
    const nowMs = proposal.nowMs ?? null;
    try {
      return await this.client.transaction(async (tx): Promise<BatchProposal> => {
        if (batch.portfolioId !== null) {
          const pending = await pendingOf(tx, batch.portfolioId, nowMs);
          if (pending) return { ok: false, reason: "pending_exists", pending };
        }
        const [row] = await tx.query<BatchRow>(
          `INSERT INTO order_batches (portfolio_id, broker, live, params_hash, approvers, expires_at, summary)
           VALUES ($1::uuid, $2, $3, $4, $5::text[], to_timestamp($6::float8 / 1000.0), $7::jsonb)
           RETURNING ${batchColumns}`,
          [
            batch.portfolioId,
            batch.broker,
            batch.live,
            batch.paramsHash,
            batch.approvers,
            batch.expiresAtMs,
            JSON.stringify(batch.summary),
          ],
        );
        const stored = toBatch(row!);
        const rows: IntentRow[] = [];
        for (const [position, intent] of intents.entries()) {
          const intentRow = await insertIntent(tx, intent, { id: stored.id, position });
          rows.push(intentRow);
          await appendAuditIn(tx, {
            actor,
            action: AuditAction.orderProposed,
            subject: intentRow.id,
            details: {
              ...intent,
              batchId: stored.id,
              approvers: batch.approvers,
              expiresAtMs: batch.expiresAtMs,
            },
          });
        }
        return { ok: true, batch: stored, intents: rows.map(toIntent) };
      });
    } catch (error) {
      // Another proposal of the same portfolio committed first (one pending batch each).
      if (!isUniqueViolation(error) || batch.portfolioId === null) throw error;
      const pending = await pendingOf(this.client, batch.portfolioId, nowMs);
      if (!pending) throw error;
      return { ok: false, reason: "pending_exists", pending };
    }
  }

  async decideBatch(decision: {
    batchId: string;
    approve: boolean;
    actor: string;
    paramsHash: string;
    nowMs?: number;
  }): Promise<BatchDecisionResult> {
    if (!uuid.test(decision.batchId))
      return { ok: false, reason: "not_found", message: `no batch ${decision.batchId}` };
    return this.client.transaction(async (tx): Promise<BatchDecisionResult> => {
      const row = await decidePending<BatchRow>(tx, "order_batches", batchColumns, {
        ...decision,
        id: decision.batchId,
      });
      if (!row) return refusal(tx, decision);
      const batch = toBatch(row);
      const next = nextOrderState("proposed", { kind: decision.approve ? "approve" : "decline" });
      if (!next.ok) throw new Error(next.reason);
      const moved = await tx.query<IntentRow>(
        `UPDATE order_intents SET state = $2, updated_at = now()
         WHERE batch_id = $1::uuid AND state = 'proposed' RETURNING ${intentColumns}`,
        [batch.id, next.state],
      );
      const intents = await intentsOf(tx, batch.id);
      const movedIds = new Set(moved.map((intent) => intent.id));
      for (const intent of intents) {
        if (!movedIds.has(intent.id)) continue;
        // Queued in batch order: the executor sends them oldest row first, sells first.
        await recordDecided(tx, intent.id, decision, { batchId: batch.id });
      }
      return { ok: true, batch, intents };
    });
  }

  /** Pending batches past their expiry at `nowMs` marked expired, with their waiting intents. */
  expireOverdue(nowMs: number): Promise<number> {
    return expire(
      this.client,
      `state = 'pending' AND expires_at <= to_timestamp($1::float8 / 1000.0)`,
      [nowMs],
    );
  }

  async requestBatch(id: string): Promise<BatchWithIntents | undefined> {
    if (!uuid.test(id)) return undefined;
    const [row] = await this.client.query<BatchRow>(
      `SELECT ${batchColumns} FROM order_batches WHERE id = $1::uuid`,
      [id],
    );
    return row ? { batch: toBatch(row), intents: await intentsOf(this.client, id) } : undefined;
  }

  async listBatches(query: {
    portfolioId?: string;
    state?: OrderBatch["state"];
    limit: number;
  }): Promise<OrderBatch[]> {
    if (query.portfolioId !== undefined && !uuid.test(query.portfolioId)) return [];
    const rows = await this.client.query<BatchRow>(
      `SELECT ${batchColumns} FROM order_batches
       WHERE ($1::uuid IS NULL OR portfolio_id = $1::uuid) AND ($2::text IS NULL OR state = $2::text)
       ORDER BY created_at DESC, seq DESC LIMIT $3::int`,
      [query.portfolioId ?? null, query.state ?? null, query.limit],
    );
    return rows.map(toBatch);
  }
}

async function intentsOf(client: SqlClient, batchId: string) {
  const rows = await client.query<IntentRow>(
    `SELECT ${intentColumns} FROM order_intents WHERE batch_id = $1::uuid ORDER BY batch_position`,
    [batchId],
  );
  return rows.map(toIntent);
}

/** The portfolio's pending batch, once one past its expiry is marked expired (with its intents). */
async function pendingOf(
  client: SqlClient,
  portfolioId: string,
  nowMs: number | null,
): Promise<OrderBatch | undefined> {
  await expire(
    client,
    `portfolio_id = $1::uuid AND state = 'pending' AND expires_at <= ${decisionTime(2)}`,
    [portfolioId, nowMs],
  );
  const [row] = await client.query<BatchRow>(
    `SELECT ${batchColumns} FROM order_batches WHERE portfolio_id = $1::uuid AND state = 'pending'`,
    [portfolioId],
  );
  return row ? toBatch(row) : undefined;
}

/** Marks the pending batches `where` selects expired, and their intents still waiting; how many. */
async function expire(client: SqlClient, where: string, params: unknown[]): Promise<number> {
  const [row] = await client.query<{ count: number }>(
    `WITH expired AS (
       UPDATE order_batches SET state = 'expired', decided_at = now() WHERE ${where} RETURNING id
     ), intents AS (
       UPDATE order_intents SET state = 'expired', updated_at = now()
       WHERE batch_id IN (SELECT id FROM expired) AND state = 'proposed'
     )
     SELECT count(*)::int AS count FROM expired`,
    params,
  );
  return row?.count ?? 0;
}

/** Why a decision did not take, named from the batch as it stands. */
async function refusal(
  tx: SqlClient,
  decision: { batchId: string; actor: string; paramsHash: string; nowMs?: number },
): Promise<BatchDecisionResult> {
  const [current] = await tx.query<BatchRow & { unexpired: boolean }>(
    `SELECT ${batchColumns}, expires_at > ${decisionTime(2)} AS unexpired
     FROM order_batches WHERE id = $1::uuid`,
    [decision.batchId, decision.nowMs ?? null],
  );
  return refusalOf("batch", decision.batchId, decision.actor, current, async () => {
    await expire(tx, `id = $1::uuid AND state = 'pending'`, [current!.id]);
  });
}
