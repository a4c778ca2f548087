import type { CorporateAction } from "../../../engine/adjust/corporate-actions.ts";
import type { BarSeries } from "../../../engine/types.ts";
import { AlphadeskError, invalidData } from "../../errors.ts";
import type {
  BacktestRecord,
  BacktestSummary,
  CorrelationHistoryQuery,
  CorrelationRegimeEvent,
  CorrelationSnapshot,
  CurrencyStrengthSnapshot,
  SnapshotRegimeEvent,
  Store,
  StrategyChanges,
  StrategyRanking,
  StrategySummary,
  StoredStrategy,
  StoredUniverse,
  SymbolCorporateAction,
  SymbolSummary,
  Timeframe,
  TimeRange,
} from "../../ports/store.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import { backtestSummaryColumns, toBacktestSummary } from "./backtest-summary.ts";
import type { SqlClient } from "./client.ts";
import { SqlAuditLog } from "./audit-log.ts";
import * as correlations from "./correlation-store.ts";
import { SqlEventLog } from "./event-log.ts";
import { SqlFindingsStore } from "./findings-store.ts";
import { SqlOptimizationStore } from "./optimization-store.ts";
import { SqlOrderStore } from "./order-store.ts";
import { SqlOrderBatchStore } from "./order-batch-store.ts";
import { SqlControlsStore } from "./controls-store.ts";
import { SqlLifecycleStore } from "./lifecycle-store.ts";
import { SqlValidationStore } from "./validation-store.ts";
import { SqlResearchStore } from "./research-store.ts";
import { SqlInsightStore } from "./insight-store.ts";
import { SqlPortfolioStore } from "./portfolio-store.ts";
import { SqlCodeGenerationStore } from "./code-generation-store.ts";
import { SqlPriceAlertStore } from "./price-alert-store.ts";
import type { NewPriceAlert, PriceAlertState, SourcedPrice } from "../../ports/price-alerts.ts";
import type { CodeGenerationQuery, GeneratedProgram } from "../../ports/code-generations.ts";
import type { Finding } from "../../../engine/scanner/index.ts";
import type { EventTopic } from "../../ports/events.ts";
import type { NewAuditEntry } from "../../ports/audit.ts";
import type { OptimizationState, StoredTrial } from "../../ports/optimizations.ts";
import type { OrderState } from "../../../engine/orders/order-state.ts";
import type {
  Approval,
  IntentAudit,
  IntentChange,
  IntentQuery,
  NewFill,
  NewIntent,
} from "../../ports/orders.ts";
import type { ControlScope, ControlsChange, Holding, StrategyStage } from "../../ports/trading.ts";
import type { StoredCustomRule, StoredValidationReport } from "../../ports/validation.ts";
import type { ScanSummary, StoredFinding } from "../../ports/findings.ts";
import type {
  NewResearchDocument,
  NewResearchSource,
  ResearchFetchFailure,
  ResearchFetchRecord,
  ResearchLink,
  ResearchLinkCandidateQuery,
  ResearchQuery,
  ResearchSourceChanges,
  StoredResearchQuery,
} from "../../ports/research.ts";
import type { ExplanationLevel, StoredExplanation } from "../../ports/insight.ts";
import type { StoredPortfolio } from "../../ports/portfolios.ts";
import { readBarsPacked } from "./packed-bars.ts";
import { specFromRow, specToColumns, type SpecColumns } from "./strategy-specs.ts";
import { epochMs } from "./epoch-ms.ts";

/** Rows per INSERT: keeps each statement's parameters to a few MB. */
const chunkRows = 20_000;

interface BarRow {
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * The Store over any SqlClient: the same SQL for PGlite and PostgreSQL servers. With a SecretBox,
 * strategy parameters (strategy specs, findings' specs and parameters, optimizations' templates,
 * settings, results and trial parameters, validation reports) are stored sealed (AES-256-GCM)
 * and never as plaintext; without one (tests, tools that never see a keyring) they are stored as
 * plaintext jsonb. Either reads both forms, sealed ones only with a box that holds their key.
 */
/** The best first by each ranking: the highest Sharpe and return, the shallowest drawdown. */
type StrategyRow = SpecColumns & { name: string; created: number; archived: number | null };
const strategyColumns = `id, name, spec, spec_sealed, ${epochMs("created_at")} AS created, ${epochMs("archived_at")} AS archived`;

const rankings: Record<StrategyRanking, string> = {
  sharpe: "(b.metrics->>'sharpe')::float8 DESC",
  totalReturn: "(b.metrics->>'totalReturn')::float8 DESC",
  maxDrawdown: "(b.metrics->>'maxDrawdown')::float8 ASC",
};

/** Each strategy's newest backtest's metrics as `b.metrics` (NULL when never backtested). */
const newestBacktestMetrics = `LEFT JOIN LATERAL (SELECT metrics FROM backtests
    WHERE strategy_id = s.id ORDER BY created_at DESC, seq DESC LIMIT 1) b ON true`;

export class SqlStore implements Store {
  private readonly findings: SqlFindingsStore;
  private readonly events: SqlEventLog;
  private readonly optimizations: SqlOptimizationStore;
  private readonly validation: SqlValidationStore;
  private readonly audit: SqlAuditLog;
  private readonly orders: SqlOrderStore;
  private readonly batches: SqlOrderBatchStore;
  private readonly controls: SqlControlsStore;
  private readonly lifecycle: SqlLifecycleStore;
  private readonly research: SqlResearchStore;
  private readonly insight: SqlInsightStore;
  private readonly portfolios: SqlPortfolioStore;
  private readonly codeGenerations: SqlCodeGenerationStore;
  private readonly priceAlerts: SqlPriceAlertStore;

  constructor(
    private readonly client: SqlClient,
    private readonly secretBox?: SecretBox,
  ) {
    this.audit = new SqlAuditLog(client);
    this.orders = new SqlOrderStore(client);
    this.batches = new SqlOrderBatchStore(client);
    this.controls = new SqlControlsStore(client);
    this.lifecycle = new SqlLifecycleStore(client);
    this.validation = new SqlValidationStore(client, secretBox);
    this.findings = new SqlFindingsStore(client, secretBox);
    this.events = new SqlEventLog(client);
    this.optimizations = new SqlOptimizationStore(client, secretBox);
    this.research = new SqlResearchStore(client);
    this.insight = new SqlInsightStore(client, secretBox);
    this.portfolios = new SqlPortfolioStore(client);
    this.codeGenerations = new SqlCodeGenerationStore(client, secretBox);
    this.priceAlerts = new SqlPriceAlertStore(client);
  }

  proposeIntent(
    intent: NewIntent,
    approval: { approvers: string[]; expiresAtMs: number },
    actor: string,
  ) {
    return translateErrors(() => this.orders.proposeIntent(intent, approval, actor));
  }

  decideApproval(decision: {
    approvalId: string;
    approve: boolean;
    actor: string;
    paramsHash: string;
    nowMs?: number;
  }) {
    return this.orders.decideApproval(decision);
  }

  proposeBatch(proposal: Parameters<SqlOrderBatchStore["proposeBatch"]>[0]) {
    return translateErrors(() => this.batches.proposeBatch(proposal));
  }

  decideBatch(decision: Parameters<SqlOrderBatchStore["decideBatch"]>[0]) {
    return this.batches.decideBatch(decision);
  }

  requestBatch(id: string) {
    return this.batches.requestBatch(id);
  }

  async expireOverdue(nowMs: number) {
    return (await this.orders.expireOverdue(nowMs)) + (await this.batches.expireOverdue(nowMs));
  }

  listBatches(query: Parameters<Store["listBatches"]>[0]) {
    return this.batches.listBatches(query);
  }

  requestIntent(id: string) {
    return this.orders.requestIntent(id);
  }

  requestApproval(id: string) {
    return this.orders.requestApproval(id);
  }

  listApprovals(query: { state?: Approval["state"]; limit: number }) {
    return this.orders.listApprovals(query);
  }

  pendingOutbox(limit: number) {
    return this.orders.pendingOutbox(limit);
  }

  listIntents(query: IntentQuery) {
    return this.orders.listIntents(query);
  }

  moveIntent(
    id: string,
    from: readonly OrderState[],
    to: OrderState,
    change: IntentChange,
    audit: IntentAudit,
  ) {
    return translateErrors(() => this.orders.moveIntent(id, from, to, change, audit));
  }

  recordedFillQuantity(intentId: string) {
    return this.orders.recordedFillQuantity(intentId);
  }

  recordFill(fill: NewFill, actor: string) {
    return translateErrors(() => this.orders.recordFill(fill, actor));
  }

  requestControls(scope: ControlScope) {
    return this.controls.requestControls(scope);
  }

  setControls(scope: ControlScope, change: ControlsChange, actor: string) {
    return translateErrors(() => this.controls.setControls(scope, change, actor));
  }

  listControls() {
    return this.controls.listControls();
  }

  dayStartEquity(broker: string, day: string, equity: number) {
    return translateErrors(() => this.controls.dayStartEquity(broker, day, equity));
  }

  requestStage(strategyId: string) {
    return this.lifecycle.requestStage(strategyId);
  }

  listStages(stages?: readonly StrategyStage[]) {
    return this.lifecycle.listStages(stages);
  }

  setStage(
    strategyId: string,
    stage: StrategyStage,
    evidence: unknown,
    actor: string,
    nowMs: number,
  ) {
    return translateErrors(() =>
      this.lifecycle.setStage(strategyId, stage, evidence, actor, nowMs),
    );
  }

  reconciliationBaseline(broker: string) {
    return this.lifecycle.reconciliationBaseline(broker);
  }

  saveReconciliationBaseline(broker: string, holdings: Holding[], actor: string) {
    return translateErrors(() =>
      this.lifecycle.saveReconciliationBaseline(broker, holdings, actor),
    );
  }

  strategyFills(strategyId: string, query: { live: boolean; sinceMs: number }) {
    return this.lifecycle.strategyFills(strategyId, query);
  }

  accountFills(broker: string) {
    return this.lifecycle.accountFills(broker);
  }

  netFilled(broker: string) {
    return this.lifecycle.netFilled(broker);
  }

  appendAudit(entry: NewAuditEntry) {
    return translateErrors(() => this.audit.appendAudit(entry));
  }

  verifyAuditLog() {
    return this.audit.verifyAuditLog();
  }

  listAudit(query: { subject?: string; limit: number }) {
    return this.audit.listAudit(query);
  }

  saveCustomRule(rule: Omit<StoredCustomRule, "createdAtMs">) {
    return translateErrors(() => this.validation.saveCustomRule(rule));
  }

  listCustomRules() {
    return this.validation.listCustomRules();
  }

  setRuleDisabled(id: string, disabled: boolean) {
    return this.validation.setRuleDisabled(id, disabled);
  }

  listDisabledRules() {
    return this.validation.listDisabledRules();
  }

  saveValidationReport(report: Pick<StoredValidationReport, "strategyId" | "verdict" | "report">) {
    return translateErrors(() => this.validation.saveValidationReport(report));
  }

  latestValidationReport(strategyId: string) {
    return this.validation.latestValidationReport(strategyId);
  }

  openOptimization(request: { key: string; template: unknown; settings: unknown }) {
    return this.optimizations.openOptimization(request);
  }

  saveTrial(optimizationId: string, trial: StoredTrial) {
    return translateErrors(() => this.optimizations.saveTrial(optimizationId, trial));
  }

  finishOptimization(id: string, state: OptimizationState, result: unknown) {
    return this.optimizations.finishOptimization(id, state, result);
  }

  requestOptimization(id: string) {
    return this.optimizations.requestOptimization(id);
  }

  listOptimizations(query: { limit: number; state?: OptimizationState }) {
    return this.optimizations.listOptimizations(query);
  }

  listTrials(id: string, stage?: string) {
    return this.optimizations.listTrials(id, stage);
  }

  readEvents(query: { afterId: number; topics?: readonly EventTopic[]; limit: number }) {
    return this.events.readEvents(query);
  }

  lastEventId() {
    return this.events.lastEventId();
  }

  eventCursor(subscriber: string) {
    return this.events.eventCursor(subscriber);
  }

  saveEventCursor(subscriber: string, lastId: number) {
    return this.events.saveEventCursor(subscriber, lastId);
  }

  saveScan(scan: ScanSummary, found: readonly Finding[]) {
    return translateErrors(() => this.findings.saveScan(scan, found));
  }

  requestFinding(id: string): Promise<StoredFinding | undefined> {
    return this.findings.requestFinding(id);
  }

  findingTrials(id: string): Promise<number | undefined> {
    return this.findings.findingTrials(id);
  }

  listFindings(options: { limit: number; includeDecayed?: boolean; pattern?: string }) {
    return this.findings.listFindings(options);
  }

  addResearchSource(source: NewResearchSource) {
    return translateErrors(() => this.research.addResearchSource(source));
  }

  updateResearchSource(sourceId: string, changes: ResearchSourceChanges) {
    return this.research.updateResearchSource(sourceId, changes);
  }

  listResearchSources() {
    return this.research.listResearchSources();
  }

  requestResearchSource(id: string) {
    return this.research.requestResearchSource(id);
  }

  recordResearchFetch(sourceId: string, fetch: ResearchFetchRecord) {
    return translateErrors(() => this.research.recordResearchFetch(sourceId, fetch));
  }

  claimResearchRead(
    sourceId: string,
    attempt: { attemptAtMs: number; previousAttemptAtMs?: number | null },
  ) {
    return this.research.claimResearchRead(sourceId, attempt);
  }

  recordResearchFailure(sourceId: string, failure: ResearchFetchFailure) {
    return translateErrors(() => this.research.recordResearchFailure(sourceId, failure));
  }

  requestKnownResearchUrls(urls: readonly string[]) {
    return this.research.requestKnownResearchUrls(urls);
  }

  listStrategiesToRelink(limit: number) {
    return this.research.listStrategiesToRelink(limit);
  }

  requestResearchLinkCandidates(query: ResearchLinkCandidateQuery) {
    return this.research.requestResearchLinkCandidates(query);
  }

  saveStrategyRelink(strategyId: string, links: readonly ResearchLink[]) {
    return translateErrors(() => this.research.saveStrategyRelink(strategyId, links));
  }

  saveResearchDocument(document: NewResearchDocument) {
    return translateErrors(() => this.research.saveResearchDocument(document));
  }

  requestResearchDocument(id: string) {
    return this.research.requestResearchDocument(id);
  }

  linkResearch(links: readonly ResearchLink[]) {
    return translateErrors(() => this.research.linkResearch(links));
  }

  searchResearch(query: ResearchQuery) {
    return this.research.searchResearch(query);
  }

  listStoredResearch(query: StoredResearchQuery) {
    return this.research.listStoredResearch(query);
  }

  saveStrategyExplanation(explanation: Omit<StoredExplanation, "savedAtMs">) {
    return translateErrors(() => this.insight.saveStrategyExplanation(explanation));
  }

  requestStrategyExplanation(strategyId: string, level: ExplanationLevel, jargonFree: boolean) {
    return this.insight.requestStrategyExplanation(strategyId, level, jargonFree);
  }

  listLadderOptimizations(limit: number) {
    return this.insight.listLadderOptimizations(limit);
  }

  savePortfolio(portfolio: Omit<StoredPortfolio, "id" | "createdAtMs">) {
    return translateErrors(() => this.portfolios.savePortfolio(portfolio));
  }

  requestPortfolio(id: string) {
    return this.portfolios.requestPortfolio(id);
  }

  listPortfolios(query: { assets?: readonly string[]; limit: number }) {
    return this.portfolios.listPortfolios(query);
  }

  latestBacktests(strategyIds: readonly string[]) {
    return this.portfolios.latestBacktests(strategyIds);
  }

  recordCodeGeneration(
    generation: Omit<GeneratedProgram, "bytes" | "strategyName"> & { code: string; actor: string },
  ) {
    return translateErrors(() => this.codeGenerations.recordCodeGeneration(generation));
  }

  listCodeGenerations(query: CodeGenerationQuery) {
    return this.codeGenerations.listCodeGenerations(query);
  }

  requestGeneratedProgram(contentHash: string) {
    return this.codeGenerations.requestGeneratedProgram(contentHash);
  }

  savePriceAlert(alert: NewPriceAlert) {
    return translateErrors(() => this.priceAlerts.savePriceAlert(alert));
  }

  listPriceAlerts(query: { states?: readonly PriceAlertState[]; symbol?: string; limit: number }) {
    return this.priceAlerts.listPriceAlerts(query);
  }

  findPriceAlerts(prefix: string) {
    return this.priceAlerts.findPriceAlerts(prefix);
  }

  cancelPriceAlert(id: string, actor: string) {
    return this.priceAlerts.cancelPriceAlert(id, actor);
  }

  triggerPriceAlert(id: string, price: SourcedPrice) {
    return translateErrors(() => this.priceAlerts.triggerPriceAlert(id, price));
  }

  async writeBars(
    timeframe: Timeframe,
    series: readonly BarSeries[],
  ): Promise<{ imported: number; symbols: string[] }> {
    const symbols = series.map((bars) => bars.symbol);
    let imported = 0;
    await translateErrors(() =>
      this.client.transaction(async (tx) => {
        await tx.query(
          "INSERT INTO instruments (symbol) SELECT unnest($1::text[]) ON CONFLICT (symbol) DO NOTHING",
          [symbols],
        );
        // New symbols go in by COPY where the client offers it; ones with stored bars are upserted.
        const stored = new Set(
          (
            await tx.query<{ symbol: string }>(
              "SELECT DISTINCT symbol FROM bars WHERE timeframe = $1 AND symbol = ANY($2::text[])",
              [timeframe, symbols],
            )
          ).map((row) => row.symbol),
        );
        const copy = tx.copyCsv?.bind(tx);
        for (const bars of series) {
          imported +=
            stored.has(bars.symbol) || !copy
              ? await upsertBars(tx, timeframe, bars)
              : await copyBars(copy, timeframe, bars);
        }
      }),
    );
    return { imported, symbols };
  }

  async requestBars(
    symbol: string,
    timeframe: Timeframe,
    range: TimeRange = {},
  ): Promise<BarSeries | undefined> {
    if (this.client.prefersPackedRows) return readBarsPacked(this.client, symbol, timeframe, range);
    const rows = await this.client.query<BarRow>(
      `SELECT ${epochMs("ts")} AS t, open, high, low, close, volume FROM bars
       WHERE symbol = $1 AND timeframe = $2
         AND ($3::float8 IS NULL OR ts >= to_timestamp($3::float8 / 1000.0))
         AND ($4::float8 IS NULL OR ts <= to_timestamp($4::float8 / 1000.0))
       ORDER BY ts`,
      [symbol, timeframe, range.startMs ?? null, range.endMs ?? null],
    );
    if (rows.length === 0) return undefined;
    const column = (pick: (row: BarRow) => number) => Float64Array.from(rows, pick);
    return {
      symbol,
      timestampMs: column((row) => Math.round(row.t)),
      open: column((row) => row.open),
      high: column((row) => row.high),
      low: column((row) => row.low),
      close: column((row) => row.close),
      volume: column((row) => row.volume),
    };
  }

  async listSymbols(timeframe?: Timeframe): Promise<SymbolSummary[]> {
    const rows = await this.client.query<{
      symbol: string;
      timeframe: Timeframe;
      bars: number;
      first: number;
      last: number;
    }>(
      `SELECT symbol, timeframe, count(*)::int AS bars, ${epochMs("min(ts)")} AS first, ${epochMs("max(ts)")} AS last
       FROM bars WHERE ($1::text IS NULL OR timeframe = $1) GROUP BY symbol, timeframe ORDER BY symbol, timeframe`,
      [timeframe ?? null],
    );
    return rows.map((row) => ({
      symbol: row.symbol,
      timeframe: row.timeframe,
      bars: row.bars,
      firstMs: Math.round(row.first),
      lastMs: Math.round(row.last),
    }));
  }

  async saveStrategy(
    strategy: Omit<StoredStrategy, "createdAtMs" | "archivedAtMs">,
  ): Promise<StoredStrategy> {
    const columns = specToColumns(this.secretBox, strategy.id, strategy.spec);
    await translateErrors(() =>
      this.client.query(
        `INSERT INTO strategies (id, name, spec, spec_sealed) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (id) DO UPDATE SET archived_at = NULL WHERE strategies.archived_at IS NOT NULL`,
        [strategy.id, strategy.name, columns.spec, columns.sealed],
      ),
    );
    return (await this.requestStrategy(strategy.id))!;
  }

  async requestStrategy(id: string): Promise<StoredStrategy | undefined> {
    const [row] = await this.client.query<StrategyRow>(
      `SELECT ${strategyColumns} FROM strategies WHERE id = $1`,
      [id],
    );
    return row && this.toStrategy(row);
  }

  async updateStrategy(id: string, changes: StrategyChanges): Promise<StoredStrategy | undefined> {
    // Each field is set only when given: CASE keeps the stored value otherwise.
    const [row] = await translateErrors(() =>
      this.client.query<StrategyRow>(
        `UPDATE strategies SET
           name = CASE WHEN $2::boolean THEN $3 ELSE name END,
           archived_at = CASE WHEN $4::boolean THEN to_timestamp($5::float8 / 1000.0) ELSE archived_at END
         WHERE id = $1 RETURNING ${strategyColumns}`,
        [
          id,
          changes.name !== undefined,
          changes.name ?? null,
          changes.archivedAtMs !== undefined,
          changes.archivedAtMs ?? null,
        ],
      ),
    );
    return row && this.toStrategy(row);
  }

  private toStrategy(row: StrategyRow): StoredStrategy {
    return {
      id: row.id,
      name: row.name,
      spec: specFromRow(this.secretBox, row),
      createdAtMs: Math.round(row.created),
      archivedAtMs: row.archived === null ? null : Math.round(row.archived),
    };
  }

  async saveBacktest(record: Omit<BacktestRecord, "id" | "createdAtMs">): Promise<BacktestRecord> {
    const [row] = await translateErrors(() =>
      this.client.query<{ id: string; created: number }>(
        `INSERT INTO backtests (strategy_id, start_at, end_at, initial_cash, metrics, trades, equity, benchmarks)
         VALUES ($1, to_timestamp($2::float8 / 1000.0), to_timestamp($3::float8 / 1000.0), $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb)
         RETURNING id::text AS id, ${epochMs("created_at")} AS created`,
        [
          record.strategyId,
          record.startMs,
          record.endMs,
          record.initialCash,
          JSON.stringify(record.metrics),
          JSON.stringify(record.trades),
          JSON.stringify(record.equity),
          JSON.stringify(record.benchmarks),
        ],
      ),
    );
    return { ...record, id: row!.id, createdAtMs: Math.round(row!.created) };
  }

  async requestBacktest(id: string): Promise<BacktestRecord | undefined> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      return undefined;
    const [row] = await this.client.query<{
      id: string;
      strategy_id: string;
      start_ms: number | null;
      end_ms: number | null;
      initial_cash: number;
      metrics: unknown;
      trades: unknown;
      equity: unknown;
      benchmarks: unknown;
      created: number;
    }>(
      `SELECT id::text AS id, strategy_id, ${epochMs("start_at")} AS start_ms, ${epochMs("end_at")} AS end_ms, initial_cash,
              metrics, trades, equity, benchmarks, ${epochMs("created_at")} AS created
       FROM backtests WHERE id = $1::uuid`,
      [id],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      strategyId: row.strategy_id,
      startMs: row.start_ms === null ? null : Math.round(row.start_ms),
      endMs: row.end_ms === null ? null : Math.round(row.end_ms),
      initialCash: row.initial_cash,
      metrics: row.metrics,
      trades: row.trades,
      equity: row.equity,
      benchmarks: row.benchmarks,
      createdAtMs: Math.round(row.created),
    };
  }

  async listStrategies(
    limit: number,
    rankBy?: StrategyRanking,
    idPrefixes?: readonly string[],
    archived: "hide" | "only" = "hide",
  ): Promise<StrategySummary[]> {
    const rank = rankBy ? `${rankings[rankBy]} NULLS LAST,` : "";
    const rows = await this.client.query<{
      id: string;
      name: string;
      created: number;
      archived: number | null;
    }>(
      `SELECT s.id, s.name, ${epochMs("s.created_at")} AS created, ${epochMs("s.archived_at")} AS archived
       FROM strategies s
       ${rankBy ? newestBacktestMetrics : ""}
       WHERE CASE WHEN $2::text[] IS NOT NULL
               THEN EXISTS (SELECT 1 FROM unnest($2::text[]) p WHERE starts_with(s.id, p))
               ELSE (s.archived_at IS NOT NULL) = $3::boolean END
       ORDER BY ${rank} s.created_at DESC, s.seq DESC LIMIT $1::int`,
      [limit, idPrefixes ? [...idPrefixes] : null, archived === "only"],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAtMs: Math.round(row.created),
      archivedAtMs: row.archived === null ? null : Math.round(row.archived),
    }));
  }

  async listBacktests(limit: number, strategyId?: string): Promise<BacktestSummary[]> {
    const rows = await this.client.query<BacktestSummary>(
      `SELECT ${backtestSummaryColumns} FROM backtests
       WHERE $2::text IS NULL OR strategy_id = $2::text
       ORDER BY created_at DESC, seq DESC LIMIT $1::int`,
      [limit, strategyId ?? null],
    );
    return rows.map(toBacktestSummary);
  }

  async saveUniverse(
    universe: Omit<StoredUniverse, "updatedAtMs">,
  ): Promise<{ universe: StoredUniverse; created: boolean }> {
    const [row] = await translateErrors(() =>
      this.client.query<UniverseRow & { created: boolean }>(
        `INSERT INTO universes (name, description, symbols) VALUES ($1, $2, $3::text[])
         ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, symbols = EXCLUDED.symbols, updated_at = now()
         RETURNING name, description, symbols, ${epochMs("updated_at")} AS updated, (xmax = 0) AS created`,
        [universe.name, universe.description, universe.symbols],
      ),
    );
    return { universe: toUniverse(row!), created: row!.created };
  }

  async listUniverses(): Promise<StoredUniverse[]> {
    const rows = await this.client.query<UniverseRow>(
      `SELECT name, description, symbols, ${epochMs("updated_at")} AS updated FROM universes ORDER BY name`,
    );
    return rows.map(toUniverse);
  }

  async writeCorporateActions(
    actions: readonly SymbolCorporateAction[],
  ): Promise<{ written: number }> {
    if (actions.length === 0) return { written: 0 };
    await translateErrors(() =>
      this.client.query(
        `INSERT INTO corporate_actions (symbol, ex_date, kind, ratio, amount)
         SELECT s, (to_timestamp(d / 1000.0) AT TIME ZONE 'UTC')::date, k, r, a
         FROM unnest($1::text[], $2::float8[], $3::text[], $4::float8[], $5::float8[]) AS u(s, d, k, r, a)
         ON CONFLICT (symbol, ex_date, kind) DO UPDATE SET ratio = EXCLUDED.ratio, amount = EXCLUDED.amount`,
        [
          actions.map((action) => action.symbol),
          actions.map((action) => action.exDateMs),
          actions.map((action) => action.kind),
          actions.map((action) => (action.kind === "split" ? action.ratio : null)),
          actions.map((action) => (action.kind === "dividend" ? action.amount : null)),
        ],
      ),
    );
    return { written: actions.length };
  }

  async requestCorporateActions(symbol: string): Promise<CorporateAction[]> {
    const rows = await this.client.query<{
      day: number;
      kind: "split" | "dividend";
      ratio: number | null;
      amount: number | null;
    }>(
      `SELECT (ex_date - DATE '1970-01-01') AS day, kind, ratio, amount FROM corporate_actions WHERE symbol = $1 ORDER BY ex_date, kind`,
      [symbol],
    );
    return rows.map((row) =>
      row.kind === "split"
        ? { kind: "split", exDateMs: row.day * 86_400_000, ratio: row.ratio! }
        : { kind: "dividend", exDateMs: row.day * 86_400_000, amount: row.amount! },
    );
  }

  saveCorrelationSnapshot(
    snapshot: Omit<CorrelationSnapshot, "id" | "createdAtMs">,
    events: readonly SnapshotRegimeEvent[],
  ): Promise<{ snapshot: CorrelationSnapshot; newEvents: number }> {
    return translateErrors(() =>
      correlations.saveCorrelationSnapshot(this.client, snapshot, events),
    );
  }

  listCorrelationSnapshots(query: CorrelationHistoryQuery): Promise<CorrelationSnapshot[]> {
    return correlations.listCorrelationSnapshots(this.client, query);
  }

  listRegimeEvents(query: CorrelationHistoryQuery): Promise<CorrelationRegimeEvent[]> {
    return correlations.listRegimeEvents(this.client, query);
  }

  saveCurrencyStrength(
    snapshot: Omit<CurrencyStrengthSnapshot, "id" | "createdAtMs">,
  ): Promise<CurrencyStrengthSnapshot> {
    return translateErrors(() => correlations.saveCurrencyStrength(this.client, snapshot));
  }

  listCurrencyStrength(query: {
    horizonBars?: number;
    limit: number;
  }): Promise<CurrencyStrengthSnapshot[]> {
    return correlations.listCurrencyStrength(this.client, query);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

interface UniverseRow {
  name: string;
  description: string;
  symbols: string[];
  updated: number;
}

function toUniverse(row: UniverseRow): StoredUniverse {
  return {
    name: row.name,
    description: row.description,
    symbols: row.symbols,
    updatedAtMs: Math.round(row.updated),
  };
}

/** Constraint violations become invalid_data errors that name the constraint, not stack traces. */
async function translateErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AlphadeskError) throw error;
    const code = (error as { code?: string }).code;
    const constraint = (error as { constraint?: string }).constraint;
    if (code?.startsWith("23")) {
      throw invalidData(
        `the database refused the write (${constraint ?? code}): ${(error as Error).message}; nothing was written`,
      );
    }
    throw error;
  }
}

/** Inserts or replaces one series' rows, a chunk at a time, as unnest arrays. */
async function upsertBars(tx: SqlClient, timeframe: Timeframe, bars: BarSeries): Promise<number> {
  for (let from = 0; from < bars.timestampMs.length; from += chunkRows) {
    const to = Math.min(bars.timestampMs.length, from + chunkRows);
    const column = (values: Float64Array) => Array.from(values.subarray(from, to));
    await tx.query(
      `INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume)
       SELECT $1, $2, to_timestamp(t / 1000.0), o, h, l, c, v
       FROM unnest($3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[]) AS u(t, o, h, l, c, v)
       ON CONFLICT (symbol, timeframe, ts) DO UPDATE
       SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume`,
      [
        bars.symbol,
        timeframe,
        column(bars.timestampMs),
        column(bars.open),
        column(bars.high),
        column(bars.low),
        column(bars.close),
        column(bars.volume),
      ],
    );
  }
  return bars.timestampMs.length;
}

const barColumns = ["symbol", "timeframe", "ts", "open", "high", "low", "close", "volume"];

/**
 * Loads a series the store does not hold yet with COPY, a chunk at a time. Numbers print in
 * JavaScript's shortest exact form, so they read back bit for bit; the table's checks still apply.
 */
async function copyBars(
  copy: NonNullable<SqlClient["copyCsv"]>,
  timeframe: Timeframe,
  bars: BarSeries,
): Promise<number> {
  const symbol = csvField(bars.symbol);
  for (let from = 0; from < bars.timestampMs.length; from += chunkRows) {
    const to = Math.min(bars.timestampMs.length, from + chunkRows);
    const lines: string[] = [];
    for (let i = from; i < to; i++) {
      lines.push(
        `${symbol},${timeframe},${new Date(bars.timestampMs[i]!).toISOString()},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`,
      );
    }
    await copy("bars", barColumns, `${lines.join("\n")}\n`);
  }
  return bars.timestampMs.length;
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
const csvField = (value: string) =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
