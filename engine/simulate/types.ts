import type { BarSeries } from "../types.ts";

/** Distance of a stop, target or trailing stop from its reference price. */
export type ExitDistance =
  | { kind: "percent"; percent: number }
  /** `atr` holds ATR per bar; the distance is fixed at entry from the value on the signal bar. */
  | { kind: "atr"; multiple: number; atr: Float64Array };

export type ExitReason = "signal" | "stopLoss" | "takeProfit" | "trailingStop" | "timeExit";

/** One symbol's bars and its signals, evaluated on each bar's close with data up to that bar. */
export interface SymbolPlan {
  bars: BarSeries;
  /** 1 where a new position should open at the next bar's open. */
  entry: Uint8Array;
  /** 1 where an open position should close at the next bar's open. */
  exit: Uint8Array | null;
  /** Fraction of equity per bar when sizing is "perBar" (volatility target); NaN blocks entry. */
  sizeFraction: Float64Array | null;
  stopLoss: ExitDistance | null;
  takeProfit: ExitDistance | null;
  trailingStop: ExitDistance | null;
}

export type SizingRule =
  | { kind: "fraction"; fraction: number }
  | { kind: "notional"; notional: number }
  | { kind: "perBar" };

export interface SimulationConfig {
  initialCash: number;
  /** 1 for long, -1 for short. */
  direction: 1 | -1;
  sizing: SizingRule;
  feeRate: number;
  slippageRate: number;
  timeExitBars: number | null;
  /** Bars before this time feed indicators but take no positions. */
  startMs: number | null;
  /** Bars after this time are ignored. */
  endMs: number | null;
}

export interface Trade {
  symbol: string;
  side: "long" | "short";
  entryTimeMs: number;
  entryPrice: number;
  exitTimeMs: number;
  exitPrice: number;
  quantity: number;
  /** Net of both fees. */
  pnl: number;
  fees: number;
  barsHeld: number;
  exitReason: ExitReason;
}

export interface OpenPosition {
  symbol: string;
  side: "long" | "short";
  entryTimeMs: number;
  entryPrice: number;
  quantity: number;
  lastPrice: number;
  unrealizedPnl: number;
}

/**
 * Reusable output buffers for many simulations in a row (a parameter grid): the result's
 * equity and exposure become views into them, valid until the next run.
 */
export interface SimulationBuffers {
  equity: Float64Array;
  grossExposure: Float64Array;
}

export interface SimulationResult {
  /** Bar times of the simulated period (may be a view into the input bars). */
  timestampMs: Float64Array;
  equity: Float64Array;
  /** Gross position value / equity at each close. */
  grossExposure: Float64Array;
  trades: Trade[];
  openPositions: OpenPosition[];
  tradedNotional: number;
  feesPaid: number;
  /** Entries skipped because no buying power was left. */
  skippedEntries: number;
}
