import { unadjust, type CorporateAction, type PlannedAction } from "../adjust/corporate-actions.ts";
import { mulberry32, normalSource, unitStudentT } from "../random.ts";
import type { BarSeries } from "../types.ts";

export const Regime = {
  trending: "trending",
  meanReverting: "meanReverting",
  randomWalk: "randomWalk",
} as const;
export type Regime = keyof typeof Regime;

export interface SymbolProfile {
  symbol: string;
  regime: Regime;
  /** Planted annual drift of log price, as a fraction (0.08 = 8% a year), market included. */
  annualDriftRatio: number;
  /** Planted annual volatility, as a fraction. */
  annualVolatilityRatio: number;
}

export interface MarketSeries {
  /** Raw bars, as a market prints them: splits and dividends are in the prices. */
  bars: BarSeries[];
  profiles: SymbolProfile[];
  /** The splits and dividends in the raw bars; `backAdjust` with them gives the adjusted series. */
  corporateActions: (CorporateAction & { symbol: string })[];
}

export interface MarketOptions {
  seed?: number;
  symbols?: string[];
  years?: number;
  startMs?: number;
}

/**
 * Demo tickers. The data is synthetic: these are made-up names (and a synthetic SPY that plays
 * the market index), not real prices.
 */
export const demoSymbols = [
  "SPY",
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

const dayMs = 86_400_000;
const tradingDays = 252;
/** Degrees of freedom of the Student-t shocks: fat tails like daily equity returns. */
const tailDegrees = 5;
const regimeCycle: Regime[] = ["trending", "meanReverting", "randomWalk"];

/**
 * A seeded market of daily bars (weekdays at 21:00 UTC, the US close; holidays ignored): every
 * name loads on a common market factor with GARCH(1,1) volatility clustering and Student-t
 * shocks; trending names carry a persistent drift, mean-reverting names are pulled toward a
 * slowly moving fair value, random walks have neither. SPY (when listed) is the market factor.
 */
export function generateMarket(options: MarketOptions = {}): MarketSeries {
  const {
    seed = 42,
    symbols = demoSymbols,
    years = 5,
    startMs = Date.UTC(2020, 0, 2, 21),
  } = options;
  checkOptions(seed, symbols, years, startMs);
  const times = weekdays(startMs, years);
  const length = times.length;
  const uniform = mulberry32(seed);
  const normal = normalSource(uniform);
  const shock = unitStudentT(normal, tailDegrees);
  const market = garchPath(length, 0.16 / Math.sqrt(tradingDays), shock);

  const bars: BarSeries[] = [];
  const profiles: SymbolProfile[] = [];
  let regimeIndex = 0;
  for (const symbol of symbols) {
    const isIndex = symbol === "SPY";
    const regime = isIndex ? "randomWalk" : regimeCycle[regimeIndex++ % regimeCycle.length]!;
    const beta = isIndex ? 1 : 0.6 + 0.7 * uniform();
    const annualVolatility = isIndex ? 0.16 : 0.15 + 0.3 * uniform();
    const annualDrift = isIndex ? 0.07 : -0.02 + 0.14 * uniform();
    // Idiosyncratic volatility so that the total matches the planted annual volatility.
    const idiosyncraticDaily =
      Math.sqrt(Math.max(annualVolatility ** 2 - (beta * 0.16) ** 2, 0.0025)) /
      Math.sqrt(tradingDays);
    const idiosyncratic = isIndex
      ? new Float64Array(length)
      : garchPath(length, idiosyncraticDaily, shock);
    const returns = new Float64Array(length);
    const drift = annualDrift / tradingDays;
    const firstClose = 20 + 180 * uniform();
    let trend = 0;
    let idiosyncraticLevel = 0;
    let fairValue = 0;
    for (let t = 0; t < length; t++) {
      let idio = idiosyncratic[t]!;
      if (regime === "trending") {
        // A persistent AR(1) drift (about 6 weeks' memory, ±0.1 daily sigma): runs that make
        // multi-day returns positively autocorrelated.
        trend = 0.975 * trend + 0.022 * idiosyncraticDaily * normal();
        idio += trend;
      } else if (regime === "meanReverting") {
        // The idiosyncratic price is pulled toward a slowly wandering fair value: short-horizon reversal.
        fairValue += 0.2 * idiosyncraticDaily * normal();
        idio -= 0.2 * (idiosyncraticLevel - fairValue);
      }
      idiosyncraticLevel += idio;
      returns[t] = drift + beta * market[t]! + idio;
    }
    bars.push(
      toBars(
        symbol,
        times,
        returns,
        firstClose,
        annualVolatility / Math.sqrt(tradingDays),
        uniform,
        normal,
      ),
    );
    profiles.push({
      symbol,
      regime,
      annualDriftRatio: annualDrift,
      annualVolatilityRatio: annualVolatility,
    });
  }
  const corporateActions: (CorporateAction & { symbol: string })[] = [];
  const raw = bars.map((series, index) => {
    const planned = plannedActions(series, index);
    if (planned.length === 0) return series;
    const planted = unadjust(series, planned);
    for (const action of planted.actions)
      corporateActions.push({ ...action, symbol: series.symbol });
    return planted.raw;
  });
  return { bars: raw, profiles, corporateActions };
}

/**
 * Corporate actions so adjustment is exercised offline: the second name splits 4-for-1 halfway
 * through; the third name and SPY pay quarterly dividends (0.8% and 0.35% of the price).
 */
function plannedActions(series: BarSeries, index: number): PlannedAction[] {
  const times = series.timestampMs;
  if (times.length < 130) return [];
  const exDate = (bar: number) => Math.floor(times[bar]! / dayMs) * dayMs;
  if (index === 1) return [{ kind: "split", exDateMs: exDate(times.length >> 1), ratio: 4 }];
  if (index === 2 || series.symbol === "SPY") {
    const yieldRatio = series.symbol === "SPY" ? 0.0035 : 0.008;
    const quarters: PlannedAction[] = [];
    for (let bar = 60; bar < times.length; bar += 63)
      quarters.push({ kind: "dividend", exDateMs: exDate(bar), yieldRatio });
    return quarters;
  }
  return [];
}

/** Returns with GARCH(1,1) volatility around a daily level: clusters of calm and turbulence. */
function garchPath(length: number, dailyVolatility: number, shock: () => number): Float64Array {
  // alpha + beta < 1 with a finite fourth moment under t(5) shocks (beta² + 2αβ + 9α² < 1).
  const alpha = 0.06;
  const beta = 0.92;
  const omega = dailyVolatility ** 2 * (1 - alpha - beta);
  const path = new Float64Array(length);
  let variance = dailyVolatility ** 2;
  for (let t = 0; t < length; t++) {
    const value = Math.sqrt(variance) * shock();
    path[t] = value;
    variance = omega + alpha * value * value + beta * variance;
  }
  return path;
}

/** OHLCV around close-to-close log returns: an overnight gap, an intraday range, volume rising with the move. */
function toBars(
  symbol: string,
  times: Float64Array,
  returns: Float64Array,
  firstClose: number,
  dailyVolatility: number,
  uniform: () => number,
  normal: () => number,
): BarSeries {
  const length = times.length;
  const open = new Float64Array(length);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  const close = new Float64Array(length);
  const volume = new Float64Array(length);
  const baseVolume = 2e5 + 5e6 * uniform();
  let previousClose = firstClose;
  for (let t = 0; t < length; t++) {
    const r = returns[t]!;
    const gap = r * 0.25 + 0.1 * dailyVolatility * normal();
    const opened = previousClose * Math.exp(gap);
    const closed = previousClose * Math.exp(r);
    const top = Math.max(opened, closed);
    const bottom = Math.min(opened, closed);
    open[t] = opened;
    close[t] = closed;
    high[t] = top * Math.exp(Math.abs(normal()) * 0.4 * dailyVolatility);
    low[t] = bottom * Math.exp(-Math.abs(normal()) * 0.4 * dailyVolatility);
    volume[t] = Math.round(
      baseVolume * Math.exp(0.3 * normal()) * (1 + Math.abs(r) / dailyVolatility),
    );
    previousClose = closed;
  }
  return { symbol, timestampMs: times, open, high, low, close, volume };
}

function weekdays(startMs: number, years: number): Float64Array {
  const endMs = startMs + years * 365.25 * dayMs;
  const times: number[] = [];
  for (let time = startMs; time < endMs; time += dayMs) {
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) times.push(time);
  }
  return Float64Array.from(times);
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
  if (!Number.isFinite(startMs))
    problems.push(`startMs must be a time in epoch ms (was ${startMs})`);
  if (problems.length > 0) throw new RangeError(problems.join("; "));
}
