import type { StrategySpec } from "../strategy/spec.ts";

export const patternFamilies = [
  "momentum",
  "mean_reversion",
  "pairs",
  "day_of_week",
  "turn_of_month",
  "breakout",
  "volatility_regime",
  "gap",
  "cross_asset_lead_lag",
] as const;
export type PatternFamily = (typeof patternFamilies)[number];

export interface ScanOptions {
  families: PatternFamily[];
  /** Benjamini-Hochberg false discovery rate level (default 0.05). */
  alpha: number;
  /** Round-trip trading cost in basis points of traded notional (default 5). */
  costBps: number;
  /** Fraction of each series used in-sample; the rest confirms out of sample (default 0.7). */
  inSampleRatio: number;
  /** The bars' timeframe ("1d", "1h", ...): specs trade it and finding keys include it. */
  timeframe: string;
}

export const defaultScanOptions: ScanOptions = {
  families: [...patternFamilies],
  alpha: 0.05,
  costBps: 5,
  inSampleRatio: 0.7,
  timeframe: "1d",
};

export interface PeriodPerformance {
  /** Annualized Sharpe of daily net returns over every bar of the period (flat days count as 0). */
  sharpe: number;
  /** Mean net log return per trade, after costs, in basis points. */
  meanReturnBps: number;
  trades: number;
}

export interface Finding {
  /** Stable dedup key: pattern + symbols + parameters. */
  key: string;
  pattern: PatternFamily;
  symbols: string[];
  direction: "long" | "short" | "long_short";
  parameters: Record<string, number | string>;
  /** Standardized effect (see each family); in-sample. */
  effectSize: number;
  statistic: number;
  pValue: number;
  qValue: number;
  inSample: PeriodPerformance;
  outOfSample: PeriodPerformance;
  explanation: string;
  /** Runnable by runBacktest on the same bars. */
  strategySpec: StrategySpec;
  /**
   * "exact": the spec trades the very positions that were tested. "proxy": the spec language
   * evaluates each symbol on its own bars, so a two-symbol rule (pairs, lead-lag) is given as
   * the closest single-symbol rule; the explanation says so.
   */
  specFidelity: "exact" | "proxy";
}

/**
 * A candidate that stood out before the correction (p <= alpha) and still did not become a
 * finding: its q-value is above alpha, or it did not hold out of sample after costs.
 */
export interface NearMiss {
  pattern: PatternFamily;
  symbols: string[];
  direction: Finding["direction"];
  parameters: Finding["parameters"];
  pValue: number;
  qValue: number;
  reason: "q_above_alpha" | "not_confirmed";
  outOfSample: PeriodPerformance;
}

export interface ScanResult {
  findings: Finding[];
  candidatesTested: number;
  /** The strongest candidates that did not survive, smallest q first (at most `nearMissesKept`). */
  nearMisses: NearMiss[];
  rejected: { insufficientData: string[] };
}
