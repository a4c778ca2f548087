import { AlphadeskError, invalidData } from "../../errors.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";

/**
 * JSON columns that hold strategy parameters, at rest (migrations/0015_sealed_strategies.sql,
 * 0018_sealed_parameters.sql): each plaintext jsonb column `<column>` has a text column
 * `<column>_sealed` beside it that holds the value as a SecretBox envelope, authenticated with
 * `<table>.<column>:<row key>` so an envelope copied to another row or column does not open.
 * A store with a SecretBox writes envelopes only; one without writes plaintext as before. Both
 * read both forms; `resealTable` moves every value of a table to the current key.
 */

/** A plaintext jsonb column `column` of `table`, sealed in `<column>_sealed`. */
export interface SealedColumn {
  table: string;
  column: string;
}

/** Binds an envelope to its table, column and row: copied anywhere else, it does not open. */
export const associatedDataOf = (column: SealedColumn, rowKey: string) =>
  `${column.table}.${column.column}:${rowKey}`;

/** A value as the two columns store it: exactly one is set, or neither for an absent value. */
export interface SealedValue {
  plain: string | null;
  sealed: string | null;
}

/**
 * The columns to write for a value: its envelope with a box, its JSON text (for the jsonb
 * column) without one. `undefined` is no value (SQL NULL in both); `null` is JSON's null.
 */
export function sealJson(
  box: SecretBox | undefined,
  column: SealedColumn,
  rowKey: string,
  value: unknown,
): SealedValue {
  if (value === undefined) return { plain: null, sealed: null };
  const text = JSON.stringify(value);
  return box
    ? { plain: null, sealed: box.seal(text, associatedDataOf(column, rowKey)) }
    : { plain: text, sealed: null };
}

/** Where a stored value came from: its row's key (the associated data) and a name for messages. */
export interface StoredValue {
  rowKey: string;
  /** How messages name the row: "strategy 1a2b...", "finding 42". */
  rowName: string;
  /** The jsonb column as the driver parsed it. */
  plain: unknown;
  sealed: string | null;
}

/** The value of a stored row, opened when sealed; errors name the row and the key id. */
export function openJson(
  box: SecretBox | undefined,
  column: SealedColumn,
  stored: StoredValue,
): unknown {
  const { sealed, rowName } = stored;
  if (sealed === null) return stored.plain;
  if (!box) {
    throw new AlphadeskError(
      "secret_keys_missing",
      `${rowName}: its ${column.column} column is sealed (key "${keyIdOf(sealed)}") and this store was opened without a keyring; set ALPHADESK_SECRET_KEYS, or open it from the ALPHADESK_HOME that holds the secret-keys file`,
      "user",
    );
  }
  const text = naming(rowName, () => box.open(sealed, associatedDataOf(column, stored.rowKey)));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidData(`${rowName}: its sealed ${column.column} column opened but is not JSON`);
  }
}

/** A table with sealed columns, as `resealTable` walks it. */
export interface SealedTable {
  table: string;
  /** The plaintext jsonb columns that have a `<column>_sealed` beside them. */
  columns: readonly string[];
  /** The primary key, with SQL types: batches walk the table in its order. */
  primaryKey: readonly { column: string; type: string }[];
  /** SQL giving the row key the envelopes are bound to: the same text the store binds them to. */
  rowKey: string;
  /** SQL naming a row in messages, as the store names it. */
  rowName: string;
}

/** A table's sealed values under the current key, and its plaintext ones sealed. */
export interface ResealReport {
  /** Plaintext values (rows from before sealing) now sealed. */
  sealed: number;
  /** Envelopes moved to the current key, by the key id they had. */
  resealed: Record<string, number>;
  currentKeyId: string;
  /** After the run: values per key id, and plaintext ones (written meanwhile by a store without a box). */
  remaining: { byKeyId: Record<string, number>; plaintext: number };
}

/**
 * Seals a table's plaintext values and reseals the envelopes of older keys, `batchSize` rows per
 * transaction (rows locked while they change, so a concurrent writer waits rather than races).
 * Values already under the current key are not touched, so a second run changes nothing; a value
 * that does not open stops the run naming its row, after the batches before it committed.
 */
export async function resealTable(
  client: SqlClient,
  box: SecretBox,
  table: SealedTable,
  options: { batchSize?: number } = {},
): Promise<ResealReport> {
  const batchSize = options.batchSize ?? 200;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize must be a whole number, 1 or more (was ${batchSize})`);
  const report: ResealReport = {
    sealed: 0,
    resealed: {},
    currentKeyId: box.currentKeyId,
    remaining: { byKeyId: {}, plaintext: 0 },
  };
  const key = table.primaryKey.map((part) => part.column).join(", ");
  const keyEquals = (first: number) =>
    `(${key}) = (${table.primaryKey.map((part, i) => `$${first + i}::${part.type}`).join(", ")})`;
  const keyAfter = (first: number) =>
    `(${key}) > (${table.primaryKey.map((part, i) => `$${first + i}::${part.type}`).join(", ")})`;
  const pending = table.columns
    .map(
      (column) =>
        `(${column}_sealed IS NULL AND ${column} IS NOT NULL) OR split_part(${column}_sealed, '.', 2) <> $1`,
    )
    .join(" OR ");
  const selected = [
    ...table.primaryKey.map((part, i) => `${part.column}::text AS k${i}`),
    `${table.rowKey} AS row_key`,
    `${table.rowName} AS row_name`,
    ...table.columns.flatMap((column, i) => [
      `${column}::text AS p${i}`,
      `${column}_sealed AS s${i}`,
    ]),
  ].join(", ");
  let after: string[] | undefined;
  for (;;) {
    // Counted per batch and added once it commits: a batch that fails changed nothing.
    const batch = await client.transaction(async (tx) => {
      const rows = await tx.query<Record<string, string | null>>(
        `SELECT ${selected} FROM ${table.table}
         WHERE (${pending})${after ? ` AND ${keyAfter(3)}` : ""}
         ORDER BY ${key} LIMIT $2::int FOR UPDATE`,
        [box.currentKeyId, batchSize, ...(after ?? [])],
      );
      const counts = { rows: rows.length, sealed: 0, resealed: {} as Record<string, number> };
      for (const row of rows) {
        const rowKey = row.row_key!;
        const rowName = row.row_name!;
        const sets: string[] = [];
        const values: string[] = [];
        table.columns.forEach((column, i) => {
          const plain = row[`p${i}`] ?? null;
          const sealed = row[`s${i}`] ?? null;
          const associatedData = associatedDataOf({ table: table.table, column }, rowKey);
          let envelope: string;
          if (sealed === null) {
            if (plain === null) return;
            envelope = box.seal(plain, associatedData);
            counts.sealed++;
          } else {
            const from = keyIdOf(sealed);
            if (from === box.currentKeyId) return;
            envelope = naming(rowName, () => box.reseal(sealed, associatedData));
            counts.resealed[from] = (counts.resealed[from] ?? 0) + 1;
          }
          values.push(envelope);
          sets.push(`${column} = NULL, ${column}_sealed = $${values.length}`);
        });
        if (sets.length === 0) continue;
        const keyValues = table.primaryKey.map((_, i) => row[`k${i}`]!);
        await tx.query(
          `UPDATE ${table.table} SET ${sets.join(", ")} WHERE ${keyEquals(values.length + 1)}`,
          [...values, ...keyValues],
        );
      }
      if (rows.length > 0) {
        const last = rows[rows.length - 1]!;
        after = table.primaryKey.map((_, i) => last[`k${i}`]!);
      }
      return counts;
    });
    report.sealed += batch.sealed;
    for (const [keyId, n] of Object.entries(batch.resealed))
      report.resealed[keyId] = (report.resealed[keyId] ?? 0) + n;
    if (batch.rows < batchSize) break;
  }
  const pairs = table.columns.map((column) => `(${column}, ${column}_sealed)`).join(", ");
  const counts = await client.query<{ key_id: string | null; n: number }>(
    `SELECT split_part(v.sealed, '.', 2) AS key_id, count(*)::int AS n
     FROM ${table.table}, LATERAL (VALUES ${pairs}) AS v(plain, sealed)
     WHERE v.plain IS NOT NULL OR v.sealed IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  for (const row of counts) {
    if (row.key_id === null) report.remaining.plaintext = row.n;
    else report.remaining.byKeyId[row.key_id] = row.n;
  }
  return report;
}

/** The key id of an envelope, for messages; never the envelope itself. */
export function keyIdOf(envelope: string): string {
  return envelope.split(".")[1] ?? "?";
}

/** Puts the row's name in front of a SecretBox error, keeping its code and next step. */
function naming<T>(rowName: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof AlphadeskError)) throw error;
    // Two key files both name their key k1: the likelier cause when several processes share a server.
    const hint =
      error.code === "secret_unauthentic"
        ? "; or the key of that id here is not the one that sealed it (each ALPHADESK_HOME makes a secret-keys file of its own: give every process sharing the database the same ALPHADESK_SECRET_KEYS)"
        : "";
    throw new AlphadeskError(error.code, `${rowName}: ${error.message}${hint}`, error.nextStep);
  }
}
