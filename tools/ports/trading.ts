import type { RiskLimits, TradingState } from "../../engine/risk/index.ts";

/** Controls apply to the whole account or to one strategy (`strategy:<id>`). */
export type ControlScope = "account" | `strategy:${string}`;

export interface TradingControls {
  scope: ControlScope;
  state: TradingState;
  /** An override layer of risk limits: it can only tighten (engine/risk effectiveLimits). */
  limits: Partial<RiskLimits>;
  /** Paper orders of this scope skip the human click; live orders never do. */
  autoApprovePaper: boolean;
  reason: string | null;
  updatedBy: string;
  updatedAtMs: number;
}

export interface ControlsChange {
  state?: TradingState;
  limits?: Partial<RiskLimits>;
  autoApprovePaper?: boolean;
  reason?: string;
}

/** Trading state, limits and policies, persisted; every change is audited in its transaction. */
export interface ControlsStore {
  /** The scope's controls; a scope never set is active, with no overrides. */
  requestControls(scope: ControlScope): Promise<TradingControls>;
  /**
   * Changes a scope's controls with its audit row (`kill_switch` when it halts,
   * `limits.changed` when limits or the policy change, `trading.state` otherwise).
   */
  setControls(scope: ControlScope, change: ControlsChange, actor: string): Promise<TradingControls>;
  /** Every scope ever set. */
  listControls(): Promise<TradingControls[]>;
  /**
   * A broker account's equity at the start of `day` (YYYY-MM-DD): the first call of the day
   * stores `equity` and every later call returns what was stored.
   */
  dayStartEquity(broker: string, day: string, equity: number): Promise<number>;
}

export const strategyStages = ["backtest", "paper", "small_live", "full_live"] as const;
export type StrategyStage = (typeof strategyStages)[number];

export interface StageRecord {
  strategyId: string;
  stage: StrategyStage;
  /** When the strategy entered the stage (its creation for a strategy never promoted). */
  sinceMs: number;
  /** What the last promotion rested on. */
  evidence: unknown;
  updatedBy: string;
}

export interface Holding {
  symbol: string;
  /** Signed: negative for a short. */
  quantity: number;
}

/** Stages of strategies and reconciliation baselines; every change is audited in its transaction. */
export interface LifecycleStore {
  /** A stored strategy's stage; undefined when no strategy has the id. */
  requestStage(strategyId: string): Promise<StageRecord | undefined>;
  /** Strategies promoted past backtest, of the given stages (default all). */
  listStages(stages?: readonly StrategyStage[]): Promise<StageRecord[]>;
  setStage(
    strategyId: string,
    stage: StrategyStage,
    evidence: unknown,
    actor: string,
    nowMs: number,
  ): Promise<StageRecord>;
  /** Holdings at `broker` Alphadesk did not trade; undefined when no baseline was taken. */
  reconciliationBaseline(broker: string): Promise<Holding[] | undefined>;
  /** Replaces the baseline (a human accepted the broker's positions, or the first check). */
  saveReconciliationBaseline(broker: string, holdings: Holding[], actor: string): Promise<void>;
  /**
   * A strategy's filled orders on paper or live brokers since `sinceMs`, oldest first: signed
   * filled quantity at its average price, with the fees of its recorded fills.
   */
  strategyFills(
    strategyId: string,
    query: { live: boolean; sinceMs: number },
  ): Promise<{ symbol: string; quantity: number; price: number; fee: number; atMs: number }[]>;
  /** Every filled order of Alphadesk's at `broker`, strategy or not, oldest first, as `strategyFills` gives them. */
  accountFills(
    broker: string,
  ): Promise<{ symbol: string; quantity: number; price: number; fee: number; atMs: number }[]>;
  /** Net filled quantity per symbol of Alphadesk's own orders at `broker`, with the strategies that traded it. */
  netFilled(broker: string): Promise<(Holding & { strategyIds: string[] })[]>;
}
