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
