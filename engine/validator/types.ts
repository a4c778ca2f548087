import type { Market } from "../calendar/sessions.ts";
import type { BacktestOptions } from "../strategy/backtest.ts";
import type { StrategySpec } from "../strategy/spec.ts";
import type { BarSeries } from "../types.ts";
import type { PerformanceMatrix } from "../validation/pbo.ts";
import type { ValidationContext } from "./context.ts";

export const ruleFamilies = [
  "data_integrity",
  "look_ahead",
  "significance",
  "robustness",
  "regime",
  "capacity",
  "portfolio",
  "equities",
  "futures",
  "fx",
  "crypto",
  "time_zones",
  "custom",
] as const;
export type RuleFamily = (typeof ruleFamilies)[number];

export const severities = ["critical", "warning", "info"] as const;
export type Severity = (typeof severities)[number];

export type RuleStatus = "pass" | "warn" | "fail" | "skip";

export interface RuleOutcome {
  status: RuleStatus;
  /** What was found and why it matters, with the number. */
  message: string;
  /** The rule's headline number, in the unit its message uses. */
  value?: number;
}

export interface RuleResult extends RuleOutcome {
  id: string;
  family: RuleFamily;
  severity: Severity;
  title: string;
}

export interface ValidationRule {
  /** kebab-case and stable: stored reports, disabled lists and the README refer to it. */
  id: string;
  family: RuleFamily;
  severity: Severity;
  title: string;
  check(context: ValidationContext): RuleOutcome;
}

export interface TrialSet {
  /** Strategies tried before this one was picked (parameter sets, rules, universes). */
  count: number;
  /** Per-period (daily, not annualized) Sharpe ratio of each trial tried. */
  sharpes?: Float64Array;
  /** Per-period returns of the trials (rows = days, columns = trials), for PBO. */
  matrix?: PerformanceMatrix;
}

export interface LiveStrategyReturns {
  name: string;
  timestampMs: Float64Array;
  /** Daily returns as fractions (0.01 = +1%). */
  returns: Float64Array;
}

export interface CorporateActionEvent {
  symbol: string;
  exDateMs: number;
  kind: "split" | "dividend";
  /** New shares per old share for a split (2 for 2-for-1, 0.1 for 1-for-10). */
  ratio?: number;
}

export interface FuturesSymbol {
  symbol: string;
  /** Dollars per point of price for one contract (MES: 5). */
  multiplier: number;
  /** True for a back-adjusted series stitched across rolls; false for raw prices. */
  continuous: boolean;
}

export interface ValidationInput {
  /** Already validated and bound (engine/strategy/spec.ts). */
  spec: StrategySpec;
  /** In spec.universe order. */
  bars: readonly BarSeries[];
  /** The market calendar of each symbol, in the same order. */
  markets: readonly Market[];
  /** As runBacktest takes them. */
  options: BacktestOptions;
  /** Seeds every resampling (bootstrap, reshuffle, price paths). */
  seed: number;
  trials?: TrialSet;
  /** The spec with each optimized parameter nudged (built by the caller from the template). */
  neighbours?: { label: string; spec: StrategySpec }[];
  /** Daily returns of strategies already live. */
  liveReturns?: LiveStrategyReturns[];
  account?: { equity: number };
  corporateActions?: CorporateActionEvent[];
  /** For CME symbols. */
  futures?: FuturesSymbol[];
}

/** A symbol's signals on its own bars: 1 where the strategy acts at the next bar's open. */
export interface SymbolSignals {
  entry: Uint8Array;
  exit: Uint8Array | null;
}

/**
 * Computes signals for one symbol, using only its bars up to each bar. The default compiles the
 * spec; another function validates a strategy written outside the spec language with the same
 * rules (and lets tests plant a leak).
 */
export type SignalFunction = (spec: StrategySpec, bars: BarSeries) => SymbolSignals;

export interface CustomRule {
  /** kebab-case, not the id of a built-in rule. */
  id: string;
  /** One of `metricNames`. */
  metric: string;
  /** The rule passes when `metric comparison threshold` holds, e.g. max_drawdown <= 0.25. */
  comparison: "<" | "<=" | ">" | ">=";
  threshold: number;
  severity: Severity;
  /** Shown when the rule fails, after the numbers. */
  message?: string;
}

export interface ValidateOptions {
  customRules?: CustomRule[];
  /** Rule ids (built-in or custom) to report as skipped. */
  disabled?: ReadonlySet<string>;
  /** Called with the share of rules done, from 0 to 1. */
  progress?: (fraction: number) => void;
  /** Signals from somewhere other than the spec's rules (see SignalFunction). */
  signals?: SignalFunction;
}

export interface KeyNumber {
  name: string;
  value: number | null;
  /** Plain language, e.g. "Sharpe 1.5: good risk-adjusted returns". */
  text: string;
}

export interface ValidationReport {
  verdict: "pass" | "warn" | "fail";
  rules: RuleResult[];
  keyNumbers: KeyNumber[];
  /** Every metric of `metricNames`: what custom rules compare. */
  metrics: Record<string, number | null>;
}
