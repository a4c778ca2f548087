import { createHash } from "node:crypto";
import { invalidInput } from "../../errors.ts";
import type { AuditEntry, AuditLog, AuditVerification, NewAuditEntry } from "../../ports/audit.ts";
import type { SqlClient } from "./client.ts";

/** The previous hash of the first entry. */
export const genesisHash = "0".repeat(64);

/** Entries read per query while verifying. */
const verifyBatchRows = 2000;

/** An entry's hashed fields as the database prints them (see migrations/0011_audit.sql). */
export interface HashedAuditFields {
  id: string;
  /** `at` as epoch microseconds, a decimal integer. */
  atMicros: string;
  actor: string;
  action: string;
  subject: string | null;
  /** PostgreSQL's jsonb text output of `details`. */
  detailsJson: string;
  previousHash: string;
}

/** A text field of the hashed text: its UTF-8 byte length and value, so no value can pass for two fields. */
const hashedField = (value: string | null) =>
  value === null ? "-" : `${Buffer.byteLength(value, "utf8")}:${value}`;

/** The text an entry's hash covers; the trigger `audit_log_chain` builds the same in SQL. */
export function auditHashedText(fields: HashedAuditFields): string {
  return [
    "alphadesk.audit.v1",
    fields.id,
    fields.atMicros,
    hashedField(fields.actor),
    hashedField(fields.action),
    hashedField(fields.subject),
    hashedField(fields.detailsJson),
    fields.previousHash,
  ].join("|");
}

export function auditHash(fields: HashedAuditFields): string {
  return createHash("sha256").update(auditHashedText(fields), "utf8").digest("hex");
}

interface EntryRow {
  id: string;
  at_ms: number;
  actor: string;
  action: string;
  subject: string | null;
  details: unknown;
  previous_hash: string;
  hash: string;
}

const entryColumns = `id::text AS id, (extract(epoch FROM at) * 1000)::float8 AS at_ms, actor, action,
  subject, details, previous_hash, hash`;

const toEntry = (row: EntryRow): AuditEntry => ({
  id: row.id,
  atMs: Math.round(row.at_ms),
  actor: row.actor,
  action: row.action,
  subject: row.subject,
  details: row.details,
  previousHash: row.previous_hash,
  hash: row.hash,
});

/**
 * Appends an audit entry inside the caller's transaction, so it commits or rolls back with what
 * it records. The database sets its id, time and hashes. Until that transaction ends it holds the
 * chain's lock and every other audit writer waits: append last, then commit promptly. Under
 * REPEATABLE READ or SERIALIZABLE a concurrent append makes it fail with a serialization error
 * (SQLSTATE 40001): retry the transaction.
 */
export async function appendAuditIn(tx: SqlClient, entry: NewAuditEntry): Promise<AuditEntry> {
  const details = JSON.stringify(entry.details) as string | undefined;
  if (details === undefined) {
    throw invalidInput(
      "`details` of an audit entry must be a JSON value (was undefined or a function); pass {} for none",
      [{ path: ["details"], message: "not a JSON value" }],
    );
  }
  const [row] = await tx.query<EntryRow>(
    `INSERT INTO audit_log (actor, action, subject, details) VALUES ($1, $2, $3, $4::jsonb)
     RETURNING ${entryColumns}`,
    [entry.actor, entry.action, entry.subject ?? null, details],
  );
  return toEntry(row!);
}

interface HashedRow {
  id: string;
  at_micros: string;
  actor: string;
  action: string;
  subject: string | null;
  details_json: string;
  previous_hash: string;
  hash: string;
}

const short = (hash: string) => `${hash.slice(0, 12)}...`;

export class SqlAuditLog implements AuditLog {
  constructor(private readonly client: SqlClient) {}

  /**
   * In a transaction of its own although it is one statement: a refused entry then rolls back on
   * its connection, where a failed pooled query (`pg`) discards the connection.
   */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.client.transaction((tx) => appendAuditIn(tx, entry));
  }

  /**
   * Reads the head first and then the entries up to it, a batch at a time: entries appended
   * meanwhile are past the head and left for the next verification, and every entry up to the
   * head committed with it, so no snapshot is needed.
   */
  async verifyAuditLog(): Promise<AuditVerification> {
    const [head] = await this.client.query<{ last_id: string }>(
      `SELECT last_id::text AS last_id FROM audit_log_head`,
    );
    if (!head) {
      return { ok: false, rows: 0, problem: "audit_log_head has no row: the chain's tip is lost" };
    }
    const lastId = BigInt(head.last_id);
    let rows = 0;
    let expectedId = 1n;
    let previousHash = genesisHash;
    let failure: { firstBadId: string; problem: string } | undefined;
    for (let afterId = 0n; ;) {
      // `audit_log.id`: a bare `id` in ORDER BY would be the text output column.
      const batch = await this.client.query<HashedRow>(
        `SELECT id::text AS id, ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_micros,
                actor, action, subject, details::text AS details_json, previous_hash, hash
         FROM audit_log WHERE id > $1::bigint AND id <= $2::bigint ORDER BY audit_log.id LIMIT $3::int`,
        [afterId.toString(), lastId.toString(), verifyBatchRows],
      );
      for (const row of batch) {
        rows += 1;
        failure ??= checkEntry(row, expectedId, previousHash);
        expectedId = BigInt(row.id) + 1n;
        previousHash = row.hash;
      }
      if (batch.length < verifyBatchRows) break;
      afterId = BigInt(batch.at(-1)!.id);
    }
    if (!failure && expectedId <= lastId) {
      failure = {
        firstBadId: expectedId.toString(),
        problem: `entries ${expectedId}..${lastId} are missing from the end: the chain head records ${lastId} entries`,
      };
    }
    return failure ? { ok: false, rows, ...failure } : { ok: true, rows };
  }

  async listAudit(query: { subject?: string; limit: number }): Promise<AuditEntry[]> {
    const rows = await this.client.query<EntryRow>(
      `SELECT ${entryColumns} FROM audit_log
       WHERE ($1::text IS NULL OR subject = $1) ORDER BY audit_log.id DESC LIMIT $2::int`,
      [query.subject ?? null, query.limit],
    );
    return rows.map(toEntry);
  }
}

/** The first thing wrong with one entry, given where the chain stood before it. */
function checkEntry(
  row: HashedRow,
  expectedId: bigint,
  previousHash: string,
): { firstBadId: string; problem: string } | undefined {
  if (BigInt(row.id) !== expectedId) {
    return {
      firstBadId: expectedId.toString(),
      problem: `entry ${expectedId} is missing: the log goes from entry ${expectedId - 1n} to entry ${row.id}`,
    };
  }
  const recomputed = auditHash({
    id: row.id,
    atMicros: row.at_micros,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detailsJson: row.details_json,
    previousHash: row.previous_hash,
  });
  if (recomputed !== row.hash) {
    return {
      firstBadId: row.id,
      problem: `entry ${row.id} was altered: its contents hash to ${short(recomputed)}, not to its stored hash ${short(row.hash)}`,
    };
  }
  if (row.previous_hash !== previousHash) {
    const expected =
      expectedId === 1n
        ? "the genesis value (64 zeros)"
        : `entry ${expectedId - 1n}'s hash ${short(previousHash)}`;
    return {
      firstBadId: row.id,
      problem: `entry ${row.id} does not link to the entry before it: its previous hash ${short(row.previous_hash)} is not ${expected}`,
    };
  }
  return undefined;
}
