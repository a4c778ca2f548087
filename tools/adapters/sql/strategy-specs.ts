import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import {
  associatedDataOf,
  openJson,
  resealTable,
  sealJson,
  type ResealReport,
  type SealedTable,
} from "./sealed-columns.ts";

/**
 * Strategy specs at rest (migrations/0015_sealed_strategies.sql): sealed in `spec_sealed` when
 * the store has a SecretBox, plaintext `spec` in rows written before that or by a store without
 * one. Both forms read back; `resealStrategySpecs` moves every row to the current key.
 */

export type { ResealReport } from "./sealed-columns.ts";

const specColumn = { table: "strategies", column: "spec" };

/** The strategies table as `alphadesk secrets reseal` walks it. */
export const sealedStrategies: SealedTable = {
  table: "strategies",
  columns: ["spec"],
  primaryKey: [{ column: "id", type: "text" }],
  rowKey: "id",
  rowName: "'strategy ' || id",
};

/** Binds an envelope to its row and column: copied to another strategy, it does not open. */
export const specAssociatedData = (id: string) => associatedDataOf(specColumn, id);

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
  const { plain, sealed } = sealJson(box, specColumn, id, spec);
  return { spec: plain, sealed };
}

/** The spec of a stored row, opened when sealed; errors name the strategy and the key id. */
export function specFromRow(box: SecretBox | undefined, row: SpecColumns): unknown {
  return openJson(box, specColumn, {
    rowKey: row.id,
    rowName: `strategy ${row.id}`,
    plain: row.spec,
    sealed: row.spec_sealed,
  });
}

/**
 * Seals the plaintext specs and reseals the envelopes of older keys, `batchSize` rows per
 * transaction; see `resealTable`. A second run changes nothing.
 */
export function resealStrategySpecs(
  client: SqlClient,
  box: SecretBox,
  options: { batchSize?: number } = {},
): Promise<ResealReport> {
  return resealTable(client, box, sealedStrategies, options);
}
