import type { CorporateAction } from "../../engine/adjust/corporate-actions.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { Timeframe } from "./store.ts";

/** A source of market data: raw (unadjusted) bars and the corporate actions that adjust them. */
export interface MarketDataProvider {
  readonly name: string;
  /** Raw bars in [startMs, endMs], in time order; undefined when the provider has none. */
  requestBars(
    symbol: string,
    timeframe: Timeframe,
    startMs: number,
    endMs: number,
  ): Promise<BarSeries | undefined>;
  /** Splits and cash dividends with an ex-date in [startMs, endMs]. */
  requestCorporateActions(
    symbol: string,
    startMs: number,
    endMs: number,
  ): Promise<CorporateAction[]>;
  /** The latest quote and trade of each symbol, when the provider serves them. */
  latestQuotes?(symbols: readonly string[]): Promise<LatestQuote[]>;
}

export interface LatestQuote {
  symbol: string;
  /** Absent when the provider has no quote for the symbol. */
  quote?: { timeMs: number; bid: number; bidSize: number; ask: number; askSize: number };
  trade?: { timeMs: number; price: number; size: number };
}
