import { unadjust, type CorporateAction, type PlannedAction } from "../adjust/corporate-actions.ts";
import { formatDay } from "../calendar/civil-date.ts";
import type { Market } from "../calendar/sessions.ts";
import { futuresRoots } from "../futures/contracts.ts";
import type { BarSeries } from "../types.ts";
import {
  annualVolatility,
  factorAssets,
  futuresModels,
  marketOfClass,
  type AssetClass,
  type FactorAsset,
  type FuturesModel,
} from "./assets.ts";
import { etfActions, madeUpActions } from "./corporate-actions.ts";
import { factorPaths, type FactorName, type FactorPaths } from "./factors.ts";
import { contractBars } from "./futures.ts";
import { garchPath } from "./garch.ts";
import { barReturns, dayGrid, onGrid, stepsPerYear, tradingDays, type DayGrid } from "./grid.ts";
import { madeUpName, marketVolatilityRatio, regimeCycle, type Regime } from "./made-up.ts";
import { barsFromReturns, roundedToTick, tickFor } from "./ohlcv.ts";
import { randomStreams, type RandomStream } from "./streams.ts";

export { AssetClass } from "./assets.ts";
export { Regime } from "./made-up.ts";

export interface SymbolProfile {
  symbol: string;
  assetClass: AssetClass;
  /** The calendar whose trading dates carry its bars. */
  market: Market;
  /** The made-up names' planted regime; factor assets and futures are random walks. */
  regime: Regime;
  /** Planted annual drift of log price, as a fraction (0.08 = 8% a year), market included. */
  annualDriftRatio: number;
  /** Planted annual volatility, as a fraction. */
  annualVolatilityRatio: number;
  /** A futures root's contracts, in expiry order: their bars are what is stored. */
  contracts?: string[];
}

export interface MarketSeries {
  /**
   * Raw bars, as a market prints them: splits and dividends are in the prices. In the order
   * of the symbols asked for; a futures root gives its contracts' bars in expiry order.
   */
  bars: BarSeries[];
  /** One per symbol asked for, in order. */
  profiles: SymbolProfile[];
  /** The splits and dividends in the raw bars; `backAdjust` with them gives the adjusted series. */
  corporateActions: (CorporateAction & { symbol: string })[];
}

export interface MarketOptions {
  seed?: number;
  symbols?: string[];
  years?: number;
  /** The first calendar day (its UTC date counts); default 2020-01-02. */
  startMs?: number;
}

/**
 * Made-up tickers with planted regimes (trending, mean-reverting, random walk), a split and
 * dividends. Any symbol the market does not model is made up the same way.
 */
export const madeUpSymbols = [
  "ACME",
  "BOLT",
  "CRUX",
  "DYNA",
  "ECHO",
  "FLUX",
  "GLOW",
  "HALO",
  "IRIS",
  "JADE",
  "KITE",
  "LUMA",
];

/**
 * The default demo market: SPY, the made-up names, then the cross-asset universe (index,
 * sector, commodity and bond ETFs, FX majors, crypto pairs) and the CME micros. The data is
 * synthetic: real tickers, not real prices.
 */
export const demoSymbols = [
  "SPY",
  ...madeUpSymbols,
  ...factorAssets.map((asset) => asset.symbol).filter((symbol) => symbol !== "SPY"),
  ...futuresModels.map((model) => model.root),
];

const dayMs = 86_400_000;
const assetBySymbol = new Map(factorAssets.map((asset) => [asset.symbol, asset]));
const futuresByRoot = new Map<string, FuturesModel>(
  futuresModels.map((model) => [model.root, model]),
);
const contractCode = new RegExp(`^(${futuresRoots.join("|")})[FGHJKMNQUVXZ]\\d{2}$`);
/** Contract codes run 2000-2099, and the roll schedule looks a year back. */
const [futuresFirstDay, futuresLastDay] = [
  Date.UTC(2001, 0, 1) / dayMs,
  Date.UTC(2099, 0, 1) / dayMs,
];

/**
 * A seeded market of daily bars, each dated 00:00 UTC of its trading date on its market's
 * calendar (NYSE for stocks and ETFs, weekdays for FX, every day for crypto, CME trade dates
 * for futures contracts).
 *
 * A factor model drives it (factors.ts, assets.ts): independent GARCH(1,1) factors with
 * Student-t shocks (US equity, technology, small caps, duration, credit, dollar, gold, oil,
 * commodity currencies, crypto, altcoins), per-asset loadings that plant plausible
 * correlations, and each asset's own GARCH noise. The CME micros are stored as contracts that
 * follow an ETF's path with a carry each (futures.ts). Made-up names load on the equity factor
 * with a random beta and carry a planted regime (made-up.ts). Each factor, symbol and contract
 * draws from its own stream of the seed, so a symbol's bars do not depend on what else is asked.
 */
export function generateMarket(options: MarketOptions = {}): MarketSeries {
  const { seed = 42, symbols = demoSymbols, years = 5, startMs = Date.UTC(2020, 0, 2) } = options;
  checkOptions(seed, symbols, years, startMs);
  const grid = dayGrid(Math.floor(startMs / dayMs), years);
  const stream = randomStreams(seed);
  const factors = factorPaths(grid, stream);
  const daysOf = memo((market: Market) => tradingDays(grid, market));
  const incrementsOf = memo((asset: FactorAsset) =>
    assetIncrements(asset, grid, daysOf(marketOfClass[asset.assetClass]), factors, stream),
  );
  let equityOnNyse: Float64Array | undefined;
  for (const symbol of symbols) {
    const market = marketOfSymbol(symbol);
    if (daysOf(market).length === 0)
      throw new RangeError(
        `years is too short: ${symbol} trades on ${market} dates and there are none from ${formatDay(grid.firstDay)} to ${formatDay(grid.firstDay + grid.length - 1)}`,
      );
  }

  const bars: BarSeries[] = [];
  const profiles: SymbolProfile[] = [];
  const corporateActions: (CorporateAction & { symbol: string })[] = [];
  const emit = (series: BarSeries, planned: PlannedAction[], tick: number) => {
    if (planned.length === 0) return bars.push(roundedToTick(series, tick));
    const { raw, actions } = unadjust(series, planned);
    // A split divides the volumes before it: keep whole shares.
    bars.push(roundedToTick({ ...raw, volume: raw.volume.map(Math.round) }, tick));
    for (const action of actions) corporateActions.push({ ...action, symbol: series.symbol });
  };
  let madeUpIndex = 0;
  for (const symbol of symbols) {
    const asset = assetBySymbol.get(symbol);
    const model = futuresByRoot.get(symbol);
    if (asset) {
      const market = marketOfClass[asset.assetClass];
      const days = daysOf(market);
      const volatility = annualVolatility(asset);
      const series = barsFromReturns(
        symbol,
        timesOf(grid, days),
        barReturns(incrementsOf(asset), days),
        asset.startPrice,
        volatility / Math.sqrt(stepsPerYear(grid, days)),
        baseVolume(asset.assetClass, asset.startPrice, stream(`volume:${symbol}`)),
        stream(`bars:${symbol}`),
      );
      emit(series, etfActions(series.timestampMs, asset), tickOf(asset));
      profiles.push({
        symbol,
        assetClass: asset.assetClass,
        market,
        regime: "randomWalk",
        annualDriftRatio: asset.annualDriftRatio,
        annualVolatilityRatio: volatility,
      });
    } else if (model) {
      const underlying = assetBySymbol.get(model.underlying)!;
      const days = daysOf("CME");
      const volatility = annualVolatility(underlying);
      const path = barsFromReturns(
        symbol,
        timesOf(grid, days),
        barReturns(incrementsOf(underlying), days),
        model.startPrice,
        volatility / Math.sqrt(stepsPerYear(grid, days)),
        baseVolume("future", model.startPrice, stream(`volume:${symbol}`)),
        stream(`bars:${symbol}`),
      );
      const contracts = contractBars(model, grid, days, path, stream);
      bars.push(...contracts);
      profiles.push({
        symbol,
        assetClass: "future",
        market: "CME",
        regime: "randomWalk",
        annualDriftRatio: underlying.annualDriftRatio,
        annualVolatilityRatio: volatility,
        contracts: contracts.map((contract) => contract.symbol),
      });
    } else {
      const days = daysOf("NYSE");
      const regime = regimeCycle[madeUpIndex % regimeCycle.length]!;
      const barsPerYear = stepsPerYear(grid, days);
      equityOnNyse ??= barReturns(
        factors.equity.map((value) => marketVolatilityRatio * value),
        days,
      );
      const name = madeUpName(regime, equityOnNyse, barsPerYear, stream(`name:${symbol}`));
      const series = barsFromReturns(
        symbol,
        timesOf(grid, days),
        name.returns,
        name.firstClose,
        name.annualVolatilityRatio / Math.sqrt(barsPerYear),
        name.baseVolume,
        stream(`bars:${symbol}`),
      );
      emit(series, madeUpActions(series.timestampMs, madeUpIndex), 0.01);
      profiles.push({
        symbol,
        assetClass: "stock",
        market: "NYSE",
        regime,
        annualDriftRatio: name.annualDriftRatio,
        annualVolatilityRatio: name.annualVolatilityRatio,
      });
      madeUpIndex++;
    }
  }
  return { bars, profiles, corporateActions };
}

/**
 * Why the synthetic market cannot make `symbol`, or undefined when it can: a modelled asset, a
 * futures root, or a made-up stock. Pairs it does not model, lower-case spellings of modelled
 * symbols and single contracts are refused.
 */
export function syntheticSymbolProblem(symbol: string): string | undefined {
  if (assetBySymbol.has(symbol) || futuresByRoot.has(symbol)) return undefined;
  const upper = symbol.toUpperCase();
  if (assetBySymbol.has(upper) || futuresByRoot.has(upper))
    return `${symbol}: symbols are case-sensitive; write ${upper}`;
  const contract = contractCode.exec(upper);
  if (contract)
    return `${symbol} is a ${contract[1]} contract: ask for the root ${contract[1]}, which creates its contracts`;
  if (symbol.includes("/")) {
    const pairs = factorAssets.filter((asset) => asset.symbol.includes("/"));
    return `${symbol}: no synthetic model for this pair; the demo market has ${pairs.map((asset) => asset.symbol).join(", ")}`;
  }
  return undefined;
}

/** An asset's daily log returns on the grid: drift and own noise on its trading days, plus its factors. */
function assetIncrements(
  asset: FactorAsset,
  grid: DayGrid,
  days: Int32Array,
  factors: FactorPaths,
  stream: (key: string) => RandomStream,
): Float64Array {
  const perYear = stepsPerYear(grid, days);
  const own = garchPath(
    days.length,
    asset.idiosyncraticVolatilityRatio / Math.sqrt(perYear),
    stream(`asset:${asset.symbol}`).shock,
  );
  const drift = asset.annualDriftRatio / perYear;
  for (let k = 0; k < own.length; k++) own[k]! += drift;
  const increments = onGrid(grid, days, own);
  for (const [factor, loading] of Object.entries(asset.loadings) as [FactorName, number][]) {
    const path = factors[factor];
    for (let index = 0; index < grid.length; index++) increments[index]! += loading * path[index]!;
  }
  return increments;
}

function marketOfSymbol(symbol: string): Market {
  const asset = assetBySymbol.get(symbol);
  if (asset) return marketOfClass[asset.assetClass];
  return futuresByRoot.has(symbol) ? "CME" : "NYSE";
}

function timesOf(grid: DayGrid, days: Int32Array): Float64Array {
  return Float64Array.from(days, (index) => (grid.firstDay + index) * dayMs);
}

/** Shares (contracts, coins) a day: a dollar turnover of $20 million to $2 billion at the start price. */
function baseVolume(assetClass: AssetClass, startPrice: number, { uniform }: RandomStream): number {
  const turnover = 2e7 * 100 ** uniform();
  // A micro contract's notional is a few index points' dollar value, not the index level.
  const unitPrice = assetClass === "future" ? startPrice * 5 : startPrice;
  return Math.max(100, Math.round(turnover / unitPrice));
}

function tickOf(asset: FactorAsset): number {
  if (asset.assetClass === "etf") return 0.01;
  if (asset.assetClass === "fx") return asset.startPrice > 20 ? 0.001 : 0.00001;
  return tickFor(asset.startPrice);
}

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}

function checkOptions(seed: number, symbols: string[], years: number, startMs: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
    problems.push(`seed must be a whole number from 0 to 4294967295 (was ${seed})`);
  if (!(years > 0 && years <= 50))
    problems.push(`years must be more than 0 and at most 50 (was ${years})`);
  if (symbols.length === 0) problems.push("symbols must list at least one symbol");
  const repeated = symbols.filter((symbol, index) => symbols.indexOf(symbol) !== index);
  if (repeated.length > 0)
    problems.push(`symbols lists ${[...new Set(repeated)].join(", ")} more than once`);
  for (const symbol of symbols) {
    const problem = syntheticSymbolProblem(symbol);
    if (problem) problems.push(problem);
  }
  if (!Number.isFinite(startMs))
    problems.push(`startMs must be a time in epoch ms (was ${startMs})`);
  else if (years > 0 && symbols.some((symbol) => futuresByRoot.has(symbol))) {
    const grid = dayGrid(Math.floor(startMs / dayMs), Math.min(years, 50));
    if (grid.firstDay < futuresFirstDay || grid.firstDay + grid.length > futuresLastDay)
      problems.push(
        `futures contracts are dated 2001-2098, but the market spans ${formatDay(grid.firstDay)} to ${formatDay(grid.firstDay + grid.length - 1)}`,
      );
  }
  if (problems.length > 0) throw new RangeError(problems.join("; "));
}
