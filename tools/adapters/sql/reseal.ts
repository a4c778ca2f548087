import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { sealedFindings } from "./findings-store.ts";
import { sealedOptimizations, sealedTrials } from "./optimization-store.ts";
import { resealTable, type ResealReport, type SealedTable } from "./sealed-columns.ts";
import { sealedStrategies } from "./strategy-specs.ts";
import { sealedValidationReports } from "./validation-store.ts";
import { sealedExplanations } from "./insight-store.ts";
import { sealedPrograms } from "./code-generation-store.ts";

/** Every table with sealed columns, and what `alphadesk secrets reseal` calls it. */
export const sealedTables: readonly { label: string; table: SealedTable }[] = [
  { label: "Strategy specs", table: sealedStrategies },
  { label: "Findings (strategy_spec, parameters)", table: sealedFindings },
  { label: "Optimizations (template, settings, result)", table: sealedOptimizations },
  { label: "Optimization trials (params)", table: sealedTrials },
  { label: "Validation reports (report)", table: sealedValidationReports },
  { label: "Strategy explanations (explanation)", table: sealedExplanations },
  { label: "Generated programs (code)", table: sealedPrograms },
];

export interface TableResealReport extends ResealReport {
  label: string;
  table: string;
}

/**
 * Seals every plaintext value of every sealed table and reseals the envelopes of older keys,
 * table by table, `batchSize` rows per transaction. Stops at the first value that does not open,
 * naming its row: the batches before it stay committed, and a rerun continues.
 */
export async function resealSealedTables(
  client: SqlClient,
  box: SecretBox,
  options: { batchSize?: number } = {},
): Promise<TableResealReport[]> {
  const reports: TableResealReport[] = [];
  for (const { label, table } of sealedTables) {
    const report = await resealTable(client, box, table, options);
    reports.push({ label, table: table.table, ...report });
  }
  return reports;
}
