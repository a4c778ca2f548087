import { AlphadeskError, invalidData } from "../../errors.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";

/**
 * Strategy specs at rest (migrations/0015_sealed_strategies.sql): sealed in `spec_sealed` when
 * the store has a SecretBox, plaintext `spec` in rows written before that or by a store without
 * one. Both forms read back; `resealStrategySpecs` moves every row to the current key.
 */

/** Binds an envelope to its row and column: copied to another strategy, it does not open. */
export const specAssociatedData = (id: string) => `strategies.spec:${id}`;

export interface SpecColumns {
  id: string;
  spec: unknown;
  spec_sealed: string | null;
}

/** The columns to insert for a spec: sealed when there is a box, the plaintext only without one. */
export function specToColumns(
  box: SecretBox | undefined,
  id: string,
  spec: unknown,
): { spec: string | null; sealed: string | null } {
  const text = JSON.stringify(spec);
  return box
    ? { spec: null, sealed: box.seal(text, specAssociatedData(id)) }
    : { spec: text, sealed: null };
}

/** The spec of a stored row, opened when sealed; errors name the strategy and the key id. */
export function specFromRow(box: SecretBox | undefined, row: SpecColumns): unknown {
  if (row.spec_sealed === null) return row.spec;
  if (!box) {
    throw new AlphadeskError(
      "secret_keys_missing",
      `strategy ${row.id}: its spec is sealed (key "${keyIdOf(row.spec_sealed)}") and this store was opened without a keyring; set ALPHADESK_SECRET_KEYS, or open it from the ALPHADESK_HOME that holds the secret-keys file`,
      "user",
    );
  }
  const text = withStrategyId(row.id, () => box.open(row.spec_sealed!, specAssociatedData(row.id)));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidData(`strategy ${row.id}: its sealed spec opened but is not JSON`);
  }
}

/** Every sealed strategy spec under the current key, and every plaintext one sealed. */
export interface ResealReport {
  /** Plaintext specs (rows from before sealing) now sealed. */
  sealed: number;
  /** Envelopes moved to the current key, by the key id they had. */
  resealed: Record<string, number>;
  currentKeyId: string;
  /** After the run: specs per key id, and plaintext ones (written meanwhile by a store without a box). */
  remaining: { byKeyId: Record<string, number>; plaintext: number };
}

/**
 * Seals the plaintext specs and reseals the envelopes of older keys, `batchSize` rows per
 * transaction (rows locked while they change, so a concurrent writer waits rather than races).
 * Rows already under the current key are not touched, so a second run changes nothing; a row
 * that does not open stops the run with its strategy id, after the batches before it committed.
 */
export async function resealStrategySpecs(
  client: SqlClient,
  box: SecretBox,
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
  let afterId = "";
  for (;;) {
    // Counted per batch and added once it commits: a batch that fails changed nothing.
    const batch = await client.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; spec_text: string | null; sealed: string | null }>(
        `SELECT id, spec::text AS spec_text, spec_sealed AS sealed FROM strategies
         WHERE id > $1 AND (spec_sealed IS NULL OR split_part(spec_sealed, '.', 2) <> $2)
         ORDER BY id LIMIT $3::int FOR UPDATE`,
        [afterId, box.currentKeyId, batchSize],
      );
      const counts = { rows: rows.length, sealed: 0, resealed: {} as Record<string, number> };
      for (const row of rows) {
        const associatedData = specAssociatedData(row.id);
        let envelope: string;
        if (row.sealed === null) {
          envelope = box.seal(row.spec_text!, associatedData);
          counts.sealed++;
        } else {
          const from = keyIdOf(row.sealed);
          envelope = withStrategyId(row.id, () => box.reseal(row.sealed!, associatedData));
          counts.resealed[from] = (counts.resealed[from] ?? 0) + 1;
        }
        await tx.query("UPDATE strategies SET spec = NULL, spec_sealed = $2 WHERE id = $1", [
          row.id,
          envelope,
        ]);
      }
      if (rows.length > 0) afterId = rows[rows.length - 1]!.id;
      return counts;
    });
    report.sealed += batch.sealed;
    for (const [keyId, n] of Object.entries(batch.resealed))
      report.resealed[keyId] = (report.resealed[keyId] ?? 0) + n;
    if (batch.rows < batchSize) break;
  }
  const counts = await client.query<{ key_id: string | null; n: number }>(
    `SELECT split_part(spec_sealed, '.', 2) AS key_id, count(*)::int AS n
     FROM strategies GROUP BY 1 ORDER BY 1`,
  );
  for (const row of counts) {
    if (row.key_id === null) report.remaining.plaintext = row.n;
    else report.remaining.byKeyId[row.key_id] = row.n;
  }
  return report;
}

/** The key id of an envelope, for messages; never the envelope itself. */
function keyIdOf(envelope: string): string {
  return envelope.split(".")[1] ?? "?";
}

/** Puts the strategy's id in front of a SecretBox error, keeping its code and next step. */
function withStrategyId<T>(id: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof AlphadeskError)) throw error;
    // Two key files both name their key k1: the likelier cause when several processes share a server.
    const hint =
      error.code === "secret_unauthentic"
        ? "; or the key of that id here is not the one that sealed it (each ALPHADESK_HOME makes a secret-keys file of its own: give every process sharing the database the same ALPHADESK_SECRET_KEYS)"
        : "";
    throw new AlphadeskError(error.code, `strategy ${id}: ${error.message}${hint}`, error.nextStep);
  }
}
