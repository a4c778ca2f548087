import type { AuditLog } from "./audit.ts";
import type { EventLog } from "./events.ts";
import type { OptimizationStore } from "./optimizations.ts";
import type { OrderBatchStore, OrderStore } from "./orders.ts";
import type { ControlsStore, LifecycleStore } from "./trading.ts";
import type { ValidationStore } from "./validation.ts";
import type { FindingsStore } from "./findings.ts";
import type { ResearchStore } from "./research.ts";
import type { InsightStore } from "./insight.ts";
import type { PortfolioStore } from "./portfolios.ts";
import type { CodeGenerationStore } from "./code-generations.ts";
import type { PriceAlertStore } from "./price-alerts.ts";
import type { CorporateAction } from "../../engine/adjust/corporate-actions.ts";
import type { BarSeries } from "../../engine/types.ts";

/** A split or dividend of one symbol; `exDateMs` is UTC midnight of the ex-date. */
export type SymbolCorporateAction = CorporateAction & { symbol: string };

export const Timeframe = { m1: "1m", m5: "5m", m15: "15m", h1: "1h", d1: "1d" } as const;
export type Timeframe = (typeof Timeframe)[keyof typeof Timeframe];
export const timeframes = Object.values(Timeframe) as [Timeframe, ...Timeframe[]];

/** How long one bar of each timeframe spans. */
export const timeframeMs: Readonly<Record<Timeframe, number>> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
};

export interface TimeRange {
  /** Inclusive lower bound, epoch ms UTC. */
  startMs?: number;
  /** Inclusive upper bound, epoch ms UTC. */
  endMs?: number;
}

export interface SymbolSummary {
  symbol: string;
  timeframe: Timeframe;
  bars: number;
  firstMs: number;
  lastMs: number;
}

export interface StoredStrategy {
  /** Content hash of the canonical spec (sha256 hex): the same spec always has the same id. */
  id: string;
  name: string;
  spec: unknown;
  createdAtMs: number;
  /** When it was archived: left out of listings until used again or restored. Null: listed. */
  archivedAtMs: number | null;
}

/** What update_strategy changes: each field only when given. */
export interface StrategyChanges {
  name?: string;
  /** A time archives it, null restores it. */
  archivedAtMs?: number | null;
}

export interface BacktestRecord {
  id: string;
  strategyId: string;
  startMs: number | null;
  endMs: number | null;
  initialCash: number;
  metrics: unknown;
  trades: unknown;
  equity: unknown;
  benchmarks: unknown;
  createdAtMs: number;
}

/** A strategy without its spec, for listings. */
export type StrategySummary = Omit<StoredStrategy, "spec">;

/** The metrics of a strategy's newest backtest that strategies can be ranked by. */
export const strategyRankings = ["sharpe", "totalReturn", "maxDrawdown"] as const;
export type StrategyRanking = (typeof strategyRankings)[number];

/** A backtest without its bulky trades, equity and benchmarks, for listings. */
export type BacktestSummary = Omit<BacktestRecord, "trades" | "equity" | "benchmarks">;

export interface StoredUniverse {
  name: string;
  description: string;
  symbols: string[];
  updatedAtMs: number;
}

/** One compute_correlations run: the latest matrix of a symbol set and window. */
export interface CorrelationSnapshot {
  id: string;
  symbols: string[];
  timeframe: Timeframe;
  windowBars: number;
  /** The last bar of the window, epoch ms UTC. */
  asOfMs: number;
  /** Row-major symbols.length x symbols.length correlations. */
  matrix: number[];
  averageCorrelation: number;
  firstEigenShare: number;
  createdAtMs: number;
}

/** A regime change of a symbol set's correlations (see engine/correlation/regime.ts). */
export interface CorrelationRegimeEvent {
  symbols: string[];
  timeframe: Timeframe;
  windowBars: number;
  atMs: number;
  metric: "averageCorrelation" | "firstEigenShare";
  direction: "rise" | "fall";
  value: number;
  baseline: number;
  shift: number;
}

/** A regime event as seen by one snapshot: its set, timeframe and window are the snapshot's. */
export type SnapshotRegimeEvent = Omit<
  CorrelationRegimeEvent,
  "symbols" | "timeframe" | "windowBars"
>;

export interface CurrencyStrengthSnapshot {
  id: string;
  asOfMs: number;
  horizonBars: number;
  /** Strongest first. */
  scores: { currency: string; score: number; rank: number }[];
  createdAtMs: number;
}

/** Which history to read: a symbol set (in its order) and window, newest first. */
export interface CorrelationHistoryQuery {
  symbols?: readonly string[];
  timeframe?: Timeframe;
  windowBars?: number;
  limit: number;
}

/** The system of record. Every multi-row write is one transaction: all or nothing. */
export interface Store
  extends
    FindingsStore,
    EventLog,
    OptimizationStore,
    ValidationStore,
    AuditLog,
    OrderStore,
    OrderBatchStore,
    ControlsStore,
    LifecycleStore,
    ResearchStore,
    InsightStore,
    PortfolioStore,
    CodeGenerationStore,
    PriceAlertStore {
  /**
   * Marks every pending approval and order batch whose expiry is at or before `nowMs` expired,
   * with their orders still waiting: what lists and counts show is then what may still be decided.
   * How many approvals and batches it marked.
   */
  expireOverdue(nowMs: number): Promise<number>;
  /** Inserts bars (replacing rows with the same symbol, timeframe and timestamp); creates instruments as needed. */
  writeBars(
    timeframe: Timeframe,
    series: readonly BarSeries[],
  ): Promise<{ imported: number; symbols: string[] }>;
  /** Bars of one symbol in time order, or undefined when the store has none in the range. */
  requestBars(
    symbol: string,
    timeframe: Timeframe,
    range?: TimeRange,
  ): Promise<BarSeries | undefined>;
  listSymbols(timeframe?: Timeframe): Promise<SymbolSummary[]>;
  /**
   * Idempotent: saving the same id twice keeps the first row (its name too), but lists it again
   * if it was archived: it is in use.
   */
  saveStrategy(
    strategy: Omit<StoredStrategy, "createdAtMs" | "archivedAtMs">,
  ): Promise<StoredStrategy>;
  requestStrategy(id: string): Promise<StoredStrategy | undefined>;
  /** Renames, archives or restores a strategy; undefined when no strategy has that id. */
  updateStrategy(id: string, changes: StrategyChanges): Promise<StoredStrategy | undefined>;
  saveBacktest(record: Omit<BacktestRecord, "id" | "createdAtMs">): Promise<BacktestRecord>;
  requestBacktest(id: string): Promise<BacktestRecord | undefined>;
  /**
   * The newest strategies first, at most `limit`; with `rankBy`, the best by that metric of each
   * one's newest backtest first (drawdown: the shallowest), those never backtested last. With
   * `idPrefixes`, only strategies whose id starts with one of them (lowercase hex), archived or
   * not; without, archived strategies are left out, or listed alone with `archived: "only"`.
   */
  listStrategies(
    limit: number,
    rankBy?: StrategyRanking,
    idPrefixes?: readonly string[],
    archived?: "hide" | "only",
  ): Promise<StrategySummary[]>;
  /** The newest backtests first (of one strategy when given), at most `limit`. */
  listBacktests(limit: number, strategyId?: string): Promise<BacktestSummary[]>;
  /** Creates or replaces a user-defined universe; `created` tells which. */
  saveUniverse(
    universe: Omit<StoredUniverse, "updatedAtMs">,
  ): Promise<{ universe: StoredUniverse; created: boolean }>;
  listUniverses(): Promise<StoredUniverse[]>;
  /** Inserts or replaces actions (keyed by symbol, ex-date and kind) in one transaction. */
  writeCorporateActions(actions: readonly SymbolCorporateAction[]): Promise<{ written: number }>;
  /** A symbol's actions in ex-date order. */
  requestCorporateActions(symbol: string): Promise<CorporateAction[]>;
  /**
   * Stores a snapshot and the regime events it saw (of its symbol set, timeframe and window),
   * in one transaction; an event already stored for the same set, timeframe, window, metric
   * and time is kept, not repeated. A new event at or after the set's previous snapshot (or,
   * for its first snapshot, on its as-of date) is also logged for subscribers.
   */
  saveCorrelationSnapshot(
    snapshot: Omit<CorrelationSnapshot, "id" | "createdAtMs">,
    events: readonly SnapshotRegimeEvent[],
  ): Promise<{ snapshot: CorrelationSnapshot; newEvents: number }>;
  /** Snapshots newest first. */
  listCorrelationSnapshots(query: CorrelationHistoryQuery): Promise<CorrelationSnapshot[]>;
  /** Regime events, latest `atMs` first. */
  listRegimeEvents(query: CorrelationHistoryQuery): Promise<CorrelationRegimeEvent[]>;
  saveCurrencyStrength(
    snapshot: Omit<CurrencyStrengthSnapshot, "id" | "createdAtMs">,
  ): Promise<CurrencyStrengthSnapshot>;
  /** Currency strength snapshots newest first, of one horizon when given. */
  listCurrencyStrength(query: {
    horizonBars?: number;
    limit: number;
  }): Promise<CurrencyStrengthSnapshot[]>;
  close(): Promise<void>;
}
