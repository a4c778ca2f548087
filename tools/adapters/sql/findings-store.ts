import type { Finding } from "../../../engine/scanner/index.ts";
import type { FindingsStore, ScanSummary, StoredFinding } from "../../ports/findings.ts";
import type { SqlClient } from "./client.ts";
import { appendEvent } from "./event-log.ts";

// The Store's scans and findings, kept apart from store.ts so each file does one job.

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

interface FindingRow {
  id: string;
  key: string;
  pattern: Finding["pattern"];
  symbols: string[];
  direction: Finding["direction"];
  parameters: Finding["parameters"];
  effect_size: number;
  statistic: number;
  p_value: number;
  q_value: number;
  in_sample: Finding["inSample"];
  out_of_sample: Finding["outOfSample"];
  explanation: string;
  strategy_spec: Finding["strategySpec"];
  spec_fidelity: Finding["specFidelity"];
  first_seen: number;
  last_confirmed: number;
  times_confirmed: number;
  decayed: number | null;
}

const columns = `id::text AS id, key, pattern, symbols, direction, parameters, effect_size, statistic,
  p_value, q_value, in_sample, out_of_sample, explanation, strategy_spec, spec_fidelity,
  ${epochMs("first_seen_at")} AS first_seen, ${epochMs("last_confirmed_at")} AS last_confirmed,
  times_confirmed, ${epochMs("decayed_at")} AS decayed`;

function toFinding(row: FindingRow): StoredFinding {
  return {
    id: row.id,
    key: row.key,
    pattern: row.pattern,
    symbols: row.symbols,
    direction: row.direction,
    parameters: row.parameters,
    effectSize: row.effect_size,
    statistic: row.statistic,
    pValue: row.p_value,
    qValue: row.q_value,
    inSample: row.in_sample,
    outOfSample: row.out_of_sample,
    explanation: row.explanation,
    strategySpec: row.strategy_spec,
    specFidelity: row.spec_fidelity,
    firstSeenMs: Math.round(row.first_seen),
    lastConfirmedMs: Math.round(row.last_confirmed),
    timesConfirmed: row.times_confirmed,
    decayedMs: row.decayed === null ? null : Math.round(row.decayed),
  };
}

export class SqlFindingsStore implements FindingsStore {
  constructor(private readonly client: SqlClient) {}

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
        const [row] = await tx.query<FindingRow>(
          `INSERT INTO findings (key, pattern, symbols, direction, parameters, effect_size, statistic,
             p_value, q_value, in_sample, out_of_sample, explanation, strategy_spec, spec_fidelity,
             first_seen_at, last_confirmed_at, last_scan_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now(), now(), $15)
           ON CONFLICT (key) DO UPDATE SET
             effect_size = EXCLUDED.effect_size, statistic = EXCLUDED.statistic,
             p_value = EXCLUDED.p_value, q_value = EXCLUDED.q_value,
             in_sample = EXCLUDED.in_sample, out_of_sample = EXCLUDED.out_of_sample,
             explanation = EXCLUDED.explanation, strategy_spec = EXCLUDED.strategy_spec,
             last_confirmed_at = now(), times_confirmed = findings.times_confirmed + 1,
             decayed_at = NULL, last_scan_id = EXCLUDED.last_scan_id
           RETURNING ${columns}`,
          [
            finding.key,
            finding.pattern,
            finding.symbols,
            finding.direction,
            JSON.stringify(finding.parameters),
            finding.effectSize,
            finding.statistic,
            finding.pValue,
            finding.qValue,
            JSON.stringify(finding.inSample),
            JSON.stringify(finding.outOfSample),
            finding.explanation,
            JSON.stringify(finding.strategySpec),
            finding.specFidelity,
            scanId,
          ],
        );
        stored.push(toFinding(row!));
      }
      // Known findings this scan could have found again (same family, symbols all scanned) but did not.
      const decayed = await tx.query<{ id: string }>(
        `UPDATE findings SET decayed_at = now()
         WHERE decayed_at IS NULL AND last_scan_id <> $1
           AND pattern = ANY($2::text[]) AND symbols <@ $3::text[]
           AND strategy_spec->>'timeframe' = $4
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
    return row && toFinding(row);
  }

  async listFindings(options: { limit: number; includeDecayed?: boolean; pattern?: string }) {
    const rows = await this.client.query<FindingRow>(
      `SELECT ${columns} FROM findings
       WHERE ($1::boolean OR decayed_at IS NULL) AND ($2::text IS NULL OR pattern = $2)
       ORDER BY last_confirmed_at DESC, q_value LIMIT $3`,
      [options.includeDecayed ?? false, options.pattern ?? null, options.limit],
    );
    return rows.map(toFinding);
  }
}
