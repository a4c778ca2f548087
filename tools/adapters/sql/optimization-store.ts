import type {
  OptimizationState,
  OptimizationStore,
  StoredOptimization,
  StoredTrial,
} from "../../ports/optimizations.ts";
import type { SqlClient } from "./client.ts";

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

interface OptimizationRow {
  id: string;
  key: string;
  template: unknown;
  settings: unknown;
  state: OptimizationState;
  result: unknown;
  created: number;
  updated: number;
}

const columns = `id::text AS id, key, template, settings, state, result,
  ${epochMs("created_at")} AS created, ${epochMs("updated_at")} AS updated`;

const toOptimization = (row: OptimizationRow): StoredOptimization => ({
  id: row.id,
  key: row.key,
  template: row.template,
  settings: row.settings,
  state: row.state,
  result: row.result,
  createdAtMs: Math.round(row.created),
  updatedAtMs: Math.round(row.updated),
});

const trialColumns = `stage, number, params, state, value, metrics, error`;

export class SqlOptimizationStore implements OptimizationStore {
  constructor(private readonly client: SqlClient) {}

  async openOptimization(request: { key: string; template: unknown; settings: unknown }) {
    // Insert-or-read in one statement, so two processes opening the same request share a row.
    const [row] = await this.client.query<OptimizationRow>(
      `INSERT INTO optimizations (key, template, settings) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET updated_at = optimizations.updated_at
       RETURNING ${columns}`,
      [request.key, JSON.stringify(request.template), JSON.stringify(request.settings)],
    );
    const optimization = toOptimization(row!);
    return { optimization, trials: await this.listTrials(optimization.id) };
  }

  async saveTrial(optimizationId: string, trial: StoredTrial): Promise<void> {
    await this.client.query(
      `INSERT INTO optimization_trials (optimization_id, ${trialColumns})
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        optimizationId,
        trial.stage,
        trial.number,
        JSON.stringify(trial.params),
        trial.state,
        trial.value,
        trial.metrics === null ? null : JSON.stringify(trial.metrics),
        trial.error,
      ],
    );
  }

  async finishOptimization(id: string, state: OptimizationState, result: unknown): Promise<void> {
    await this.client.query(
      `UPDATE optimizations SET state = $2, result = $3, updated_at = now() WHERE id = $1::uuid`,
      [id, state, result === undefined ? null : JSON.stringify(result)],
    );
  }

  async requestOptimization(id: string): Promise<StoredOptimization | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.client.query<OptimizationRow>(
      `SELECT ${columns} FROM optimizations WHERE id = $1::uuid`,
      [id],
    );
    return row ? toOptimization(row) : undefined;
  }

  async listTrials(id: string, stage?: string): Promise<StoredTrial[]> {
    const rows = await this.client.query<StoredTrial>(
      `SELECT ${trialColumns} FROM optimization_trials
       WHERE optimization_id = $1::uuid AND ($2::text IS NULL OR stage = $2)
       ORDER BY stage, number`,
      [id, stage ?? null],
    );
    return rows;
  }
}
