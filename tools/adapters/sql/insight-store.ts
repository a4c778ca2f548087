import type { ExplanationLevel, InsightStore, StoredExplanation } from "../../ports/insight.ts";
import type { StoredOptimization } from "../../ports/optimizations.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { SqlOptimizationStore } from "./optimization-store.ts";
import { openJson, sealJson, type SealedTable } from "./sealed-columns.ts";
import { epochMs } from "./epoch-ms.ts";

// Strategy explanations (migrations/0020_strategy_explanations.sql) name the strategy's rules
// and parameters: sealed with the store's SecretBox (sealed-columns.ts), bound to
// `<strategy id>:<level>:<jargon free>`.

const explanationColumn = { table: "strategy_explanations", column: "explanation" };

/** The explanations table as `alphadesk secrets reseal` would walk it. */
export const sealedExplanations: SealedTable = {
  table: "strategy_explanations",
  columns: ["explanation"],
  primaryKey: [
    { column: "strategy_id", type: "text" },
    { column: "level", type: "text" },
    { column: "jargon_free", type: "boolean" },
  ],
  rowKey: "strategy_id || ':' || level || ':' || jargon_free",
  rowName: "level || ' explanation of strategy ' || strategy_id",
};

const rowKey = (strategyId: string, level: string, jargonFree: boolean) =>
  `${strategyId}:${level}:${jargonFree}`;

interface ExplanationRow {
  strategy_id: string;
  level: ExplanationLevel;
  jargon_free: boolean;
  source: StoredExplanation["source"];
  explanation: unknown;
  explanation_sealed: string | null;
  saved: number;
}

const columns = `strategy_id, level, jargon_free, source, explanation, explanation_sealed,
  ${epochMs("saved_at")} AS saved`;

export class SqlInsightStore implements InsightStore {
  private readonly optimizations: SqlOptimizationStore;

  constructor(
    private readonly client: SqlClient,
    private readonly secretBox?: SecretBox,
  ) {
    this.optimizations = new SqlOptimizationStore(client, secretBox);
  }

  async saveStrategyExplanation(
    explanation: Omit<StoredExplanation, "savedAtMs">,
  ): Promise<StoredExplanation> {
    const { strategyId, level, jargonFree, source } = explanation;
    const sealed = sealJson(
      this.secretBox,
      explanationColumn,
      rowKey(strategyId, level, jargonFree),
      explanation.explanation,
    );
    const [row] = await this.client.query<ExplanationRow>(
      `INSERT INTO strategy_explanations (strategy_id, level, jargon_free, source, explanation, explanation_sealed)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (strategy_id, level, jargon_free) DO UPDATE SET source = EXCLUDED.source,
         explanation = EXCLUDED.explanation, explanation_sealed = EXCLUDED.explanation_sealed,
         saved_at = now()
       RETURNING ${columns}`,
      [strategyId, level, jargonFree, source, sealed.plain, sealed.sealed],
    );
    return this.toExplanation(row!);
  }

  async requestStrategyExplanation(
    strategyId: string,
    level: ExplanationLevel,
    jargonFree: boolean,
  ): Promise<StoredExplanation | undefined> {
    const [row] = await this.client.query<ExplanationRow>(
      `SELECT ${columns} FROM strategy_explanations
       WHERE strategy_id = $1 AND level = $2 AND jargon_free = $3`,
      [strategyId, level, jargonFree],
    );
    return row ? this.toExplanation(row) : undefined;
  }

  async listLadderOptimizations(limit: number): Promise<StoredOptimization[]> {
    // A sealed result is opened to tell whether it holds a ladder.
    const rows = await this.client.query<{ id: string }>(
      `SELECT id::text AS id FROM optimizations
       WHERE state = 'completed' AND (result ? 'ladder' OR result_sealed IS NOT NULL)
       ORDER BY updated_at DESC, seq DESC LIMIT $1::int`,
      [limit],
    );
    const found: StoredOptimization[] = [];
    for (const { id } of rows) {
      const optimization = await this.optimizations.requestOptimization(id);
      const result = optimization?.result as { ladder?: unknown } | null | undefined;
      if (optimization && result?.ladder !== undefined) found.push(optimization);
    }
    return found;
  }

  private toExplanation(row: ExplanationRow): StoredExplanation {
    return {
      strategyId: row.strategy_id,
      level: row.level,
      jargonFree: row.jargon_free,
      source: row.source,
      explanation: openJson(this.secretBox, explanationColumn, {
        rowKey: rowKey(row.strategy_id, row.level, row.jargon_free),
        rowName: `${row.level} explanation of strategy ${row.strategy_id}`,
        plain: row.explanation,
        sealed: row.explanation_sealed,
      }),
      savedAtMs: Math.round(row.saved),
    };
  }
}
