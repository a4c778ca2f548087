import { randomUUID } from "node:crypto";
import type {
  OptimizationState,
  OptimizationStore,
  StoredOptimization,
  StoredTrial,
} from "../../ports/optimizations.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { SqlClient } from "./client.ts";
import { openJson, sealJson, type SealedTable } from "./sealed-columns.ts";
import { epochMs } from "./epoch-ms.ts";

// An optimization's template, settings and result, and each trial's parameters, are strategy
// parameters: sealed with the store's SecretBox (sealed-columns.ts). An optimization's values
// are bound to its id, a trial's to `<optimization id>:<number>:<stage>` (the stage last: it is
// free text, the others are not).

const templateColumn = { table: "optimizations", column: "template" };
const settingsColumn = { table: "optimizations", column: "settings" };
const resultColumn = { table: "optimizations", column: "result" };
const paramsColumn = { table: "optimization_trials", column: "params" };

/** The optimizations table as `alphadesk secrets reseal` walks it. */
export const sealedOptimizations: SealedTable = {
  table: "optimizations",
  columns: ["template", "settings", "result"],
  primaryKey: [{ column: "id", type: "uuid" }],
  rowKey: "id::text",
  rowName: "'optimization ' || id",
};

/** The trials table as `alphadesk secrets reseal` walks it. */
export const sealedTrials: SealedTable = {
  table: "optimization_trials",
  columns: ["params"],
  primaryKey: [
    { column: "optimization_id", type: "uuid" },
    { column: "stage", type: "text" },
    { column: "number", type: "int" },
  ],
  rowKey: "optimization_id::text || ':' || number || ':' || stage",
  rowName: "'trial ' || number || ' (' || stage || ') of optimization ' || optimization_id",
};

const trialKey = (optimizationId: string, stage: string, number: number) =>
  `${optimizationId}:${number}:${stage}`;
const trialName = (optimizationId: string, stage: string, number: number) =>
  `trial ${number} (${stage}) of optimization ${optimizationId}`;

/**
 * A uuid as PostgreSQL prints it (lower case, hyphenated), so the key an envelope is bound to
 * is the one the row reads back; anything else is left for the database to refuse.
 */
function canonicalUuid(id: string): string {
  const hex = id
    .replace(/^\{(.*)\}$/, "$1")
    .replaceAll("-", "")
    .toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface OptimizationRow {
  id: string;
  key: string;
  template: unknown;
  template_sealed: string | null;
  settings: unknown;
  settings_sealed: string | null;
  state: OptimizationState;
  result: unknown;
  result_sealed: string | null;
  created: number;
  updated: number;
}

const columns = `id::text AS id, key, template, template_sealed, settings, settings_sealed, state,
  result, result_sealed, ${epochMs("created_at")} AS created, ${epochMs("updated_at")} AS updated`;

type TrialRow = Omit<StoredTrial, "params"> & {
  optimization_id: string;
  params: StoredTrial["params"] | null;
  params_sealed: string | null;
};

const trialColumns = `stage, number, params, state, value, metrics, error`;

export class SqlOptimizationStore implements OptimizationStore {
  constructor(
    private readonly client: SqlClient,
    private readonly secretBox?: SecretBox,
  ) {}

  async openOptimization(request: { key: string; template: unknown; settings: unknown }) {
    // The id is made here, not by the database, so the envelopes can be bound to it; when the
    // key exists, the stored row (its id, its envelopes) wins and these are dropped.
    const id = randomUUID();
    const template = sealJson(this.secretBox, templateColumn, id, request.template);
    const settings = sealJson(this.secretBox, settingsColumn, id, request.settings);
    // Insert-or-read in one statement, so two processes opening the same request share a row.
    const [row] = await this.client.query<OptimizationRow>(
      `INSERT INTO optimizations (id, key, template, template_sealed, settings, settings_sealed)
       VALUES ($1::uuid, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO UPDATE SET updated_at = optimizations.updated_at
       RETURNING ${columns}`,
      [id, request.key, template.plain, template.sealed, settings.plain, settings.sealed],
    );
    const optimization = this.toOptimization(row!);
    return { optimization, trials: await this.listTrials(optimization.id) };
  }

  async saveTrial(optimizationId: string, trial: StoredTrial): Promise<void> {
    const id = canonicalUuid(optimizationId);
    const params = sealJson(
      this.secretBox,
      paramsColumn,
      trialKey(id, trial.stage, trial.number),
      trial.params,
    );
    await this.client.query(
      `INSERT INTO optimization_trials (optimization_id, ${trialColumns}, params_sealed)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        id,
        trial.stage,
        trial.number,
        params.plain,
        trial.state,
        trial.value,
        trial.metrics === null ? null : JSON.stringify(trial.metrics),
        trial.error,
        params.sealed,
      ],
    );
  }

  async finishOptimization(id: string, state: OptimizationState, result: unknown): Promise<void> {
    const canonical = canonicalUuid(id);
    const sealed = sealJson(this.secretBox, resultColumn, canonical, result);
    await this.client.query(
      `UPDATE optimizations SET state = $2, result = $3, result_sealed = $4, updated_at = now()
       WHERE id = $1::uuid`,
      [canonical, state, sealed.plain, sealed.sealed],
    );
  }

  async requestOptimization(id: string): Promise<StoredOptimization | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.client.query<OptimizationRow>(
      `SELECT ${columns} FROM optimizations WHERE id = $1::uuid`,
      [id],
    );
    return row ? this.toOptimization(row) : undefined;
  }

  async listOptimizations(query: {
    limit: number;
    state?: OptimizationState;
  }): Promise<StoredOptimization[]> {
    const rows = await this.client.query<OptimizationRow>(
      `SELECT ${columns} FROM optimizations WHERE ($1::text IS NULL OR state = $1)
       ORDER BY created_at DESC, id LIMIT $2`,
      [query.state ?? null, query.limit],
    );
    return rows.map((row) => this.toOptimization(row));
  }

  async listTrials(id: string, stage?: string): Promise<StoredTrial[]> {
    const rows = await this.client.query<TrialRow>(
      `SELECT optimization_id::text AS optimization_id, ${trialColumns}, params_sealed
       FROM optimization_trials
       WHERE optimization_id = $1::uuid AND ($2::text IS NULL OR stage = $2)
       ORDER BY stage, number`,
      [id, stage ?? null],
    );
    return rows.map(({ optimization_id: optimizationId, params, params_sealed, ...trial }) => ({
      stage: trial.stage,
      number: trial.number,
      params: openJson(this.secretBox, paramsColumn, {
        rowKey: trialKey(optimizationId, trial.stage, trial.number),
        rowName: trialName(optimizationId, trial.stage, trial.number),
        plain: params,
        sealed: params_sealed,
      }) as StoredTrial["params"],
      state: trial.state,
      value: trial.value,
      metrics: trial.metrics,
      error: trial.error,
    }));
  }

  private toOptimization(row: OptimizationRow): StoredOptimization {
    const open = (column: typeof templateColumn, plain: unknown, sealed: string | null) =>
      openJson(this.secretBox, column, {
        rowKey: row.id,
        rowName: `optimization ${row.id}`,
        plain,
        sealed,
      });
    return {
      id: row.id,
      key: row.key,
      template: open(templateColumn, row.template, row.template_sealed),
      settings: open(settingsColumn, row.settings, row.settings_sealed),
      state: row.state,
      result: open(resultColumn, row.result, row.result_sealed),
      createdAtMs: Math.round(row.created),
      updatedAtMs: Math.round(row.updated),
    };
  }
}
