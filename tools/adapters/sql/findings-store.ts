import type { Finding } from "../../../engine/scanner/index.ts";
import type { FindingsStore, ScanSummary, StoredFinding } from "../../ports/findings.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { appendEvent } from "./event-log.ts";
import { openJson, sealJson, type SealedTable } from "./sealed-columns.ts";
import { epochMs } from "./epoch-ms.ts";

// The Store's scans and findings, kept apart from store.ts so each file does one job.
// A finding's spec and parameters are strategy parameters: sealed with the store's SecretBox
// (sealed-columns.ts), bound to the finding's key, which names it in every scan. The timeframe
// has a column of its own, so a scan can decay findings of its timeframe without opening specs.

const specColumn = { table: "findings", column: "strategy_spec" };
const parametersColumn = { table: "findings", column: "parameters" };

/** The findings table as `alphadesk secrets reseal` walks it. */
export const sealedFindings: SealedTable = {
  table: "findings",
  columns: ["strategy_spec", "parameters"],
  primaryKey: [{ column: "id", type: "bigint" }],
  rowKey: "key",
  rowName: "'finding ' || id",
};

interface FindingRow {
  id: string;
  key: string;
  pattern: Finding["pattern"];
  symbols: string[];
  direction: Finding["direction"];
  parameters: Finding["parameters"] | null;
  parameters_sealed: string | null;
  effect_size: number;
  statistic: number;
  p_value: number;
  q_value: number;
  in_sample: Finding["inSample"];
  out_of_sample: Finding["outOfSample"];
  explanation: string;
  strategy_spec: Finding["strategySpec"] | null;
  strategy_spec_sealed: string | null;
  spec_fidelity: Finding["specFidelity"];
  first_seen: number;
  last_confirmed: number;
  times_confirmed: number;
  decayed: number | null;
}

const columns = `id::text AS id, key, pattern, symbols, direction, parameters, parameters_sealed,
  effect_size, statistic, p_value, q_value, in_sample, out_of_sample, explanation, strategy_spec,
  strategy_spec_sealed, spec_fidelity,
  ${epochMs("first_seen_at")} AS first_seen, ${epochMs("last_confirmed_at")} AS last_confirmed,
  times_confirmed, ${epochMs("decayed_at")} AS decayed`;

function toFinding(box: SecretBox | undefined, row: FindingRow): StoredFinding {
  const stored = (plain: unknown, sealed: string | null) => ({
    rowKey: row.key,
    rowName: `finding ${row.id}`,
    plain,
    sealed,
  });
  return {
    id: row.id,
    key: row.key,
    pattern: row.pattern,
    symbols: row.symbols,
    direction: row.direction,
    parameters: openJson(
      box,
      parametersColumn,
      stored(row.parameters, row.parameters_sealed),
    ) as Finding["parameters"],
    effectSize: row.effect_size,
    statistic: row.statistic,
    pValue: row.p_value,
    qValue: row.q_value,
    inSample: row.in_sample,
    outOfSample: row.out_of_sample,
    explanation: row.explanation,
    strategySpec: openJson(
      box,
      specColumn,
      stored(row.strategy_spec, row.strategy_spec_sealed),
    ) as Finding["strategySpec"],
    specFidelity: row.spec_fidelity,
    firstSeenMs: Math.round(row.first_seen),
    lastConfirmedMs: Math.round(row.last_confirmed),
    timesConfirmed: row.times_confirmed,
    decayedMs: row.decayed === null ? null : Math.round(row.decayed),
  };
}

export class SqlFindingsStore implements FindingsStore {
  constructor(
    private readonly client: SqlClient,
    private readonly secretBox?: SecretBox,
  ) {}

  saveScan(scan: ScanSummary, findings: readonly Finding[]) {
    return this.client.transaction(async (tx) => {
      const [{ id: scanId } = { id: "" }] = await tx.query<{ id: string }>(
        `INSERT INTO scans (options, symbols, candidates_tested, findings, started_at)
         VALUES ($1, $2, $3, $4, to_timestamp($5::float8 / 1000.0)) RETURNING id::text AS id`,
        [
          JSON.stringify(scan.options),
          scan.symbols.length,
          scan.candidatesTested,
          findings.length,
          scan.startedMs,
        ],
      );
      const stored: StoredFinding[] = [];
      for (const finding of findings) {
        const parameters = sealJson(
          this.secretBox,
          parametersColumn,
          finding.key,
          finding.parameters,
        );
        const spec = sealJson(this.secretBox, specColumn, finding.key, finding.strategySpec);
        // A confirmation rewrites the parameters too (the same, as the key holds them), so a
        // legacy row confirmed by a store with a box is sealed, and one under an old key moves.
        const [row] = await tx.query<FindingRow>(
          `INSERT INTO findings (key, pattern, symbols, direction, parameters, parameters_sealed,
             effect_size, statistic, p_value, q_value, in_sample, out_of_sample, explanation,
             strategy_spec, strategy_spec_sealed, spec_fidelity, timeframe,
             first_seen_at, last_confirmed_at, last_scan_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             now(), now(), $18)
           ON CONFLICT (key) DO UPDATE SET
             parameters = EXCLUDED.parameters, parameters_sealed = EXCLUDED.parameters_sealed,
             effect_size = EXCLUDED.effect_size, statistic = EXCLUDED.statistic,
             p_value = EXCLUDED.p_value, q_value = EXCLUDED.q_value,
             in_sample = EXCLUDED.in_sample, out_of_sample = EXCLUDED.out_of_sample,
             explanation = EXCLUDED.explanation, strategy_spec = EXCLUDED.strategy_spec,
             strategy_spec_sealed = EXCLUDED.strategy_spec_sealed, timeframe = EXCLUDED.timeframe,
             last_confirmed_at = now(), times_confirmed = findings.times_confirmed + 1,
             decayed_at = NULL, last_scan_id = EXCLUDED.last_scan_id
           RETURNING ${columns}`,
          [
            finding.key,
            finding.pattern,
            finding.symbols,
            finding.direction,
            parameters.plain,
            parameters.sealed,
            finding.effectSize,
            finding.statistic,
            finding.pValue,
            finding.qValue,
            JSON.stringify(finding.inSample),
            JSON.stringify(finding.outOfSample),
            finding.explanation,
            spec.plain,
            spec.sealed,
            finding.specFidelity,
            finding.strategySpec.timeframe,
            scanId,
          ],
        );
        stored.push(toFinding(this.secretBox, row!));
      }
      // Known findings this scan could have found again (same family, symbols all scanned) but did not.
      const decayed = await tx.query<{ id: string }>(
        `UPDATE findings SET decayed_at = now()
         WHERE decayed_at IS NULL AND last_scan_id <> $1
           AND pattern = ANY($2::text[]) AND symbols <@ $3::text[]
           AND timeframe = $4
         RETURNING id::text AS id`,
        [scanId, scan.families, scan.symbols, scan.timeframe],
      );
      const fresh = stored.filter((finding) => finding.timesConfirmed === 1);
      await appendEvent(tx, "scan.completed", {
        scanId,
        symbolsScanned: scan.symbols.length,
        candidatesTested: scan.candidatesTested,
        findings: stored.length,
        newFindings: fresh.slice(0, 10).map((finding) => ({
          id: finding.id,
          pattern: finding.pattern,
          symbols: finding.symbols,
          direction: finding.direction,
          qValue: finding.qValue,
          outOfSampleSharpe: finding.outOfSample.sharpe,
          explanation: finding.explanation,
        })),
        newFindingsCount: fresh.length,
        decayed: decayed.length,
      });
      return { scanId, findings: stored, decayed: decayed.length };
    });
  }

  async requestFinding(id: string): Promise<StoredFinding | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await this.client.query<FindingRow>(
      `SELECT ${columns} FROM findings WHERE id = $1::bigint`,
      [id],
    );
    return row && toFinding(this.secretBox, row);
  }

  async findingTrials(id: string): Promise<number | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row] = await this.client.query<{ candidates: number }>(
      `SELECT s.candidates_tested AS candidates FROM findings f JOIN scans s ON s.id = f.last_scan_id
       WHERE f.id = $1::bigint`,
      [id],
    );
    return row?.candidates;
  }

  async listFindings(options: { limit: number; includeDecayed?: boolean; pattern?: string }) {
    const rows = await this.client.query<FindingRow>(
      `SELECT ${columns} FROM findings
       WHERE ($1::boolean OR decayed_at IS NULL) AND ($2::text IS NULL OR pattern = $2)
       ORDER BY last_confirmed_at DESC, q_value LIMIT $3`,
      [options.includeDecayed ?? false, options.pattern ?? null, options.limit],
    );
    return rows.map((row) => toFinding(this.secretBox, row));
  }
}
