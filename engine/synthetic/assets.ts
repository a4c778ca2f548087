import type { Market } from "../calendar/sessions.ts";
import type { FuturesRoot } from "../futures/contracts.ts";
import type { FactorName } from "./factors.ts";

export const AssetClass = {
  stock: "stock",
  etf: "etf",
  fx: "fx",
  future: "future",
  crypto: "crypto",
} as const;
export type AssetClass = keyof typeof AssetClass;

export const marketOfClass: Readonly<Record<AssetClass, Market>> = {
  stock: "NYSE",
  etf: "NYSE",
  fx: "FX",
  future: "CME",
  crypto: "CRYPTO",
};

export interface FactorAsset {
  symbol: string;
  assetClass: "etf" | "fx" | "crypto";
  /** The price the path starts from: roughly the level of early 2020. */
  startPrice: number;
  /** Annual drift of the log total return, as a fraction. */
  annualDriftRatio: number;
  /** The annual volatility each factor contributes, signed (factors have unit volatility). */
  loadings: Partial<Record<FactorName, number>>;
  /** Annual volatility of the asset's own GARCH(1,1) noise, as a fraction. */
  idiosyncraticVolatilityRatio: number;
  /** Cash dividends, each this fraction of the price, paid quarterly or monthly. */
  dividend?: { every: "quarter" | "month"; yieldRatio: number };
}

const etf = (
  symbol: string,
  startPrice: number,
  annualDriftRatio: number,
  idiosyncraticVolatilityRatio: number,
  loadings: FactorAsset["loadings"],
  dividend?: FactorAsset["dividend"],
): FactorAsset => ({
  symbol,
  assetClass: "etf",
  startPrice,
  annualDriftRatio,
  loadings,
  idiosyncraticVolatilityRatio,
  ...(dividend ? { dividend } : {}),
});
const quarterly = (yieldRatio: number) => ({ every: "quarter", yieldRatio }) as const;
const monthly = (yieldRatio: number) => ({ every: "month", yieldRatio }) as const;
const fx = (
  symbol: string,
  startPrice: number,
  idiosyncraticVolatilityRatio: number,
  loadings: FactorAsset["loadings"],
): FactorAsset => ({
  symbol,
  assetClass: "fx",
  startPrice,
  annualDriftRatio: 0,
  loadings,
  idiosyncraticVolatilityRatio,
});
const crypto = (
  symbol: string,
  startPrice: number,
  annualDriftRatio: number,
  idiosyncraticVolatilityRatio: number,
  loadings: FactorAsset["loadings"],
): FactorAsset => ({
  symbol,
  assetClass: "crypto",
  startPrice,
  annualDriftRatio,
  loadings,
  idiosyncraticVolatilityRatio,
});

/**
 * The cross-asset universe (the symbols of tools/universes/builtin.ts, bar the futures roots).
 * Correlations follow from the loadings: with independent unit-volatility factors,
 * corr(a, b) = Σ_f a_f·b_f / (σ_a·σ_b) and σ² = Σ_f a_f² + idiosyncratic². Planted values and
 * annual volatilities (σ), with what markets showed over 2015-2024 as the target:
 *
 * | pair               | planted | typical (daily returns) | | asset    | σ     |
 * |--------------------|---------|-------------------------| |----------|-------|
 * | SPY-QQQ            |  0.89   |  0.85 to 0.95           | | SPY      | 16.0% |
 * | SPY-IWM            |  0.84   |  0.80 to 0.90           | | QQQ      | 19.0% |
 * | SPY-DIA            |  0.96   |  0.93 to 0.98           | | IWM      | 20.1% |
 * | SPY-sector ETFs    |  0.54 (XLU) to 0.88 (XLI) | 0.5 to 0.9 | | sectors | 12-24% |
 * | SPY-XLE            |  0.61   |  0.5 to 0.7             | | GLD      | 14.5% |
 * | SPY-TLT            | -0.21   | -0.4 to +0.1            | | SLV      | 28.4% |
 * | SPY-IEF            | -0.17   | -0.4 to +0.1            | | USO      | 35.7% |
 * | SPY-SHY            | -0.15   | -0.3 to +0.1            | | UNG      | 46.6% |
 * | TLT-IEF            |  0.95   |  0.90 to 0.97           | | TLT      | 14.4% |
 * | LQD-TLT            |  0.83   |  0.7 to 0.9             | | IEF      |  6.9% |
 * | HYG-SPY            |  0.64   |  0.6 to 0.8             | | SHY      |  1.4% |
 * | LQD-HYG            |  0.55   |  0.4 to 0.7             | | LQD      |  7.9% |
 * | GLD-SLV            |  0.77   |  0.75 to 0.85           | | HYG      |  7.8% |
 * | USO-UNG            |  0.25   |  0.1 to 0.4             | | EUR/USD  |  7.4% |
 * | XLE-USO            |  0.57   |  0.4 to 0.7             | | GBP/USD  |  7.4% |
 * | EUR/USD-GBP/USD    |  0.65   |  0.55 to 0.75           | | USD/JPY  |  7.8% |
 * | AUD/USD-NZD/USD    |  0.83   |  0.80 to 0.92           | | USD/CHF  |  7.0% |
 * | EUR/USD-AUD/USD    |  0.55   |  0.45 to 0.65           | | USD/CAD  |  6.1% |
 * | EUR/USD-USD/CHF    | -0.76   | -0.7 to -0.9            | | AUD/USD  |  7.9% |
 * | EUR/USD-USD/JPY    | -0.56   | -0.2 to -0.6            | | NZD/USD  |  7.8% |
 * | AUD/USD-USD/CAD    | -0.56   | -0.5 to -0.7            | | BTC/USD  | 63%   |
 * | BTC/USD-ETH/USD    |  0.88   |  0.8 to 0.9             | | ETH/USD  | 74%   |
 * | ETH/USD-SOL/USD    |  0.83   |  0.7 to 0.85            | | SOL/USD  | 84%   |
 * | BTC/USD-SPY        |  0.19   |  0.1 to 0.4             | | DOGE/USD | 83%   |
 *
 * Calendar effects shave a little off: an equity's Monday return is compared with crypto's
 * three days, and a bar after a holiday spans two days of the factors.
 */
export const factorAssets: readonly FactorAsset[] = [
  etf("SPY", 322, 0.07, 0.01, { equity: 0.16 }, quarterly(0.0035)),
  etf("QQQ", 214, 0.09, 0.03, { equity: 0.17, technology: 0.08 }, quarterly(0.0015)),
  etf("IWM", 166, 0.05, 0.04, { equity: 0.17, smallCap: 0.1 }, quarterly(0.003)),
  etf("DIA", 286, 0.06, 0.045, { equity: 0.15 }, quarterly(0.0045)),
  etf("XLB", 62, 0.06, 0.1, { equity: 0.16, gold: 0.03 }, quarterly(0.0045)),
  etf("XLC", 54, 0.07, 0.07, { equity: 0.15, technology: 0.06 }, quarterly(0.002)),
  etf("XLE", 60, 0.02, 0.15, { equity: 0.15, oil: 0.12 }, quarterly(0.009)),
  etf("XLF", 31, 0.06, 0.1, { equity: 0.17, duration: -0.04 }, quarterly(0.0045)),
  etf("XLI", 82, 0.06, 0.09, { equity: 0.17 }, quarterly(0.004)),
  etf("XLK", 93, 0.11, 0.04, { equity: 0.17, technology: 0.1 }, quarterly(0.0018)),
  etf("XLP", 63, 0.05, 0.08, { equity: 0.09, duration: 0.03 }, quarterly(0.0065)),
  etf("XLRE", 39, 0.04, 0.11, { equity: 0.14, duration: 0.06 }, quarterly(0.008)),
  etf("XLU", 65, 0.05, 0.11, { equity: 0.08, duration: 0.06 }, quarterly(0.008)),
  etf("XLV", 102, 0.07, 0.09, { equity: 0.11 }, quarterly(0.004)),
  etf("XLY", 126, 0.08, 0.07, { equity: 0.16, technology: 0.05 }, quarterly(0.002)),
  etf("GLD", 146, 0.05, 0.02, { gold: 0.14, dollar: -0.03 }),
  etf("SLV", 17, 0.03, 0.17, { gold: 0.22, dollar: -0.03, equity: 0.05 }),
  etf("USO", 48, 0, 0.05, { oil: 0.35, equity: 0.05 }),
  etf("UNG", 16, -0.05, 0.45, { oil: 0.12 }),
  etf("DBA", 16, 0.01, 0.11, { oil: 0.03, dollar: -0.03, equity: 0.03 }),
  etf("TLT", 136, 0.02, 0.01, { duration: 0.14, equity: -0.03 }, monthly(0.0022)),
  etf("IEF", 109, 0.015, 0.02, { duration: 0.065, equity: -0.012 }, monthly(0.0018)),
  etf("SHY", 85, 0.012, 0.006, { duration: 0.012, equity: -0.002 }, monthly(0.0012)),
  etf("LQD", 128, 0.03, 0.02, { duration: 0.07, credit: 0.03, equity: 0.01 }, monthly(0.0027)),
  etf("HYG", 87, 0.04, 0.025, { equity: 0.05, credit: 0.05, duration: 0.02 }, monthly(0.0042)),
  fx("EUR/USD", 1.12, 0.035, { dollar: -0.065 }),
  fx("GBP/USD", 1.31, 0.05, { dollar: -0.055 }),
  fx("USD/JPY", 108.5, 0.05, { dollar: 0.05, duration: -0.03, equity: 0.015 }),
  fx("USD/CHF", 0.97, 0.035, { dollar: 0.06 }),
  fx("AUD/USD", 0.7, 0.03, { dollar: -0.05, commodityCurrencies: 0.05, equity: 0.02 }),
  fx("USD/CAD", 1.3, 0.045, {
    dollar: 0.035,
    commodityCurrencies: -0.015,
    oil: -0.01,
    equity: -0.01,
  }),
  fx("NZD/USD", 0.67, 0.035, { dollar: -0.05, commodityCurrencies: 0.045, equity: 0.02 }),
  crypto("BTC/USD", 7200, 0.3, 0.15, { crypto: 0.6, equity: 0.12 }),
  crypto("ETH/USD", 130, 0.3, 0.2, { crypto: 0.65, altcoins: 0.25, equity: 0.14 }),
  crypto("SOL/USD", 1.5, 0.4, 0.4, { crypto: 0.6, altcoins: 0.4, equity: 0.14 }),
  crypto("XRP/USD", 0.19, 0.1, 0.4, { crypto: 0.5, altcoins: 0.35, equity: 0.1 }),
  crypto("ADA/USD", 0.033, 0.2, 0.35, { crypto: 0.55, altcoins: 0.4, equity: 0.12 }),
  crypto("DOGE/USD", 0.002, 0.3, 0.55, { crypto: 0.5, altcoins: 0.35, equity: 0.1 }),
  crypto("AVAX/USD", 4, 0.3, 0.4, { crypto: 0.6, altcoins: 0.4, equity: 0.14 }),
  crypto("LTC/USD", 41, 0.05, 0.3, { crypto: 0.6, altcoins: 0.2, equity: 0.1 }),
];

export interface FuturesModel {
  root: FuturesRoot;
  /** The factor asset whose path the index or commodity follows. */
  underlying: string;
  /** Where the underlying's level starts, in index points or dollars. */
  startPrice: number;
  /** Annual cost of carry: a contract trades at underlying·exp(carry·years to expiry). */
  carryRatio: number;
  /** Standard deviation of each contract's own carry around it (contango and backwardation). */
  carrySpreadRatio: number;
}

/** The CME micros, each following an ETF's path: MES tracks SPY, MNQ QQQ, ..., MCL USO. */
export const futuresModels: readonly FuturesModel[] = [
  { root: "MES", underlying: "SPY", startPrice: 3250, carryRatio: 0.015, carrySpreadRatio: 0.004 },
  { root: "MNQ", underlying: "QQQ", startPrice: 8800, carryRatio: 0.02, carrySpreadRatio: 0.004 },
  { root: "M2K", underlying: "IWM", startPrice: 1660, carryRatio: 0.01, carrySpreadRatio: 0.005 },
  { root: "MYM", underlying: "DIA", startPrice: 28800, carryRatio: 0.012, carrySpreadRatio: 0.004 },
  { root: "MGC", underlying: "GLD", startPrice: 1550, carryRatio: 0.035, carrySpreadRatio: 0.006 },
  { root: "MCL", underlying: "USO", startPrice: 61, carryRatio: 0, carrySpreadRatio: 0.1 },
];

export function annualVolatility(asset: FactorAsset): number {
  let variance = asset.idiosyncraticVolatilityRatio ** 2;
  for (const loading of Object.values(asset.loadings)) variance += loading ** 2;
  return Math.sqrt(variance);
}

/** The correlation the loadings plant between two assets' returns over the same period. */
export function plantedCorrelation(a: FactorAsset, b: FactorAsset): number {
  let covariance = 0;
  for (const [factor, loading] of Object.entries(a.loadings))
    covariance += loading * (b.loadings[factor as FactorName] ?? 0);
  return covariance / (annualVolatility(a) * annualVolatility(b));
}
