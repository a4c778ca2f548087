import type {
  StoredCustomRule,
  StoredValidationReport,
  ValidationStore,
} from "../../ports/validation.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { openJson, sealJson, type SealedTable } from "./sealed-columns.ts";
import { epochMs } from "./epoch-ms.ts";

// A validation report names the spec's parameters (the neighbours of the plateau rules, the
// values each rule saw): sealed with the store's SecretBox (sealed-columns.ts), bound to
// `<strategy id>:<version>`. The verdict stays a plain column.

const reportColumn = { table: "validation_reports", column: "report" };

/** The validation reports table as `alphadesk secrets reseal` walks it. */
export const sealedValidationReports: SealedTable = {
  table: "validation_reports",
  columns: ["report"],
  primaryKey: [{ column: "id", type: "bigint" }],
  rowKey: "strategy_id || ':' || version",
  rowName: "'validation report ' || version || ' of strategy ' || strategy_id",
};

const reportKey = (strategyId: string, version: number) => `${strategyId}:${version}`;

type RuleRow = Omit<StoredCustomRule, "createdAtMs"> & { created: number };
interface ReportRow {
  id: string;
  strategy_id: string;
  version: number;
  verdict: StoredValidationReport["verdict"];
  report: unknown;
  report_sealed: string | null;
  created: number;
}

const reportColumns = `id::text AS id, strategy_id, version, verdict, report, report_sealed,
  ${epochMs("created_at")} AS created`;

export class SqlValidationStore implements ValidationStore {
  constructor(
    private readonly client: SqlClient,
    private readonly secretBox?: SecretBox,
  ) {}

  async saveCustomRule(rule: Omit<StoredCustomRule, "createdAtMs">) {
    const [row] = await this.client.query<{ created: boolean }>(
      `INSERT INTO validation_rules (id, metric, comparison, threshold, severity, message)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET metric = EXCLUDED.metric, comparison = EXCLUDED.comparison,
         threshold = EXCLUDED.threshold, severity = EXCLUDED.severity, message = EXCLUDED.message
       RETURNING (xmax = 0) AS created`,
      [rule.id, rule.metric, rule.comparison, rule.threshold, rule.severity, rule.message],
    );
    return { created: row!.created };
  }

  async listCustomRules(): Promise<StoredCustomRule[]> {
    const rows = await this.client.query<RuleRow>(
      `SELECT id, metric, comparison, threshold, severity, message, ${epochMs("created_at")} AS created
       FROM validation_rules ORDER BY id`,
    );
    return rows.map(({ created, ...rule }) => ({ ...rule, createdAtMs: Math.round(created) }));
  }

  async setRuleDisabled(id: string, disabled: boolean): Promise<void> {
    await this.client.query(
      disabled
        ? `INSERT INTO disabled_validation_rules (id) VALUES ($1) ON CONFLICT DO NOTHING`
        : `DELETE FROM disabled_validation_rules WHERE id = $1`,
      [id],
    );
  }

  async listDisabledRules(): Promise<string[]> {
    const rows = await this.client.query<{ id: string }>(
      `SELECT id FROM disabled_validation_rules ORDER BY id`,
    );
    return rows.map((row) => row.id);
  }

  saveValidationReport(
    report: Pick<StoredValidationReport, "strategyId" | "verdict" | "report">,
  ): Promise<StoredValidationReport> {
    return this.client.transaction(async (tx) => {
      // One writer per strategy at a time, so two validations never take the same version.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('validation:' || $1))`, [
        report.strategyId,
      ]);
      // The version first: the envelope is bound to it.
      const [{ version } = { version: 1 }] = await tx.query<{ version: number }>(
        `SELECT coalesce(max(version), 0) + 1 AS version FROM validation_reports WHERE strategy_id = $1`,
        [report.strategyId],
      );
      const sealed = sealJson(
        this.secretBox,
        reportColumn,
        reportKey(report.strategyId, version),
        report.report,
      );
      const [row] = await tx.query<ReportRow>(
        `INSERT INTO validation_reports (strategy_id, version, verdict, report, report_sealed)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING ${reportColumns}`,
        [report.strategyId, version, report.verdict, sealed.plain, sealed.sealed],
      );
      return this.toReport(row!);
    });
  }

  async latestValidationReport(strategyId: string): Promise<StoredValidationReport | undefined> {
    const [row] = await this.client.query<ReportRow>(
      `SELECT ${reportColumns} FROM validation_reports WHERE strategy_id = $1
       ORDER BY version DESC LIMIT 1`,
      [strategyId],
    );
    return row ? this.toReport(row) : undefined;
  }

  private toReport(row: ReportRow): StoredValidationReport {
    return {
      id: row.id,
      strategyId: row.strategy_id,
      version: row.version,
      verdict: row.verdict,
      report: openJson(this.secretBox, reportColumn, {
        rowKey: reportKey(row.strategy_id, row.version),
        rowName: `validation report ${row.version} of strategy ${row.strategy_id}`,
        plain: row.report,
        sealed: row.report_sealed,
      }),
      createdAtMs: Math.round(row.created),
    };
  }
}
