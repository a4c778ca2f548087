import type { BacktestSummary } from "./store.ts";

/** One construct_portfolio run as stored: the history of a set of assets' target weights. */
export interface StoredPortfolio {
  id: string;
  /** What was weighted, sorted: strategy ids, or the names of raw return series. */
  assets: string[];
  source: "strategies" | "returns";
  objective: string;
  /** The input as run (defaults applied), raw return values left out. */
  request: unknown;
  weights: Record<string, number>;
  /** Annualized. */
  expectedReturn: number;
  /** Annualized. */
  volatility: number;
  /** The tool's whole output. */
  result: unknown;
  actor: string;
  createdAtMs: number;
}

/** A stored portfolio without its request and result, for listings. */
export type PortfolioSummary = Omit<StoredPortfolio, "request" | "result">;

/** What construct_portfolio keeps and reads. */
export interface PortfolioStore {
  savePortfolio(portfolio: Omit<StoredPortfolio, "id" | "createdAtMs">): Promise<StoredPortfolio>;
  requestPortfolio(id: string): Promise<StoredPortfolio | undefined>;
  /** Portfolios newest first, of exactly this set of assets (in any order) when given. */
  listPortfolios(query: { assets?: readonly string[]; limit: number }): Promise<PortfolioSummary[]>;
  /** Each strategy's newest stored backtest, without its bulky columns; absent when it has none. */
  latestBacktests(strategyIds: readonly string[]): Promise<Map<string, BacktestSummary>>;
}
