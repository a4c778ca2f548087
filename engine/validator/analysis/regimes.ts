import type { BarSeries } from "../../types.ts";
import { lowerBound } from "../../bars.ts";
import { maxDrawdown } from "../../validation/monte-carlo.ts";
import { annualizedSharpe, median, totalReturnOf } from "./numbers.ts";
import type { DailySeries } from "./runs.ts";

/** The trend filter of the classic 200-day rule (Faber 2007, "A Quantitative Approach to Tactical Asset Allocation"). */
export const trendSmaBars = 200;
/** A month of trading days, the usual window of realized volatility. */
export const volatilityWindowBars = 20;

export type RegimeName = "bull" | "bear" | "highVolatility" | "lowVolatility";

export interface RegimeSlice {
  name: RegimeName;
  days: number;
  returns: Float64Array;
  /** Annualized; null with too few days or no variance. */
  sharpe: number | null;
  totalReturn: number;
  maxDrawdown: number;
}

export interface RegimeAnalysis {
  /** The universe's first symbol, whose trend and volatility define the regimes. */
  symbol: string;
  slices: Record<RegimeName, RegimeSlice>;
  /** The first symbol's return over each of the strategy's days (NaN where it has no bar). */
  marketReturns: Float64Array;
  /** Days with a defined trend regime (after the SMA's warm-up). */
  trendDays: number;
}

/**
 * Splits the strategy's daily returns by the regime of the universe's first symbol at the
 * previous bar's close (known before the day's return): bull when the close is above its
 * 200-bar SMA, bear below; high volatility when its 20-bar realized volatility (sample std of
 * log returns) is above that volatility's median over the whole history, low otherwise.
 */
export function classifyRegimes(daily: DailySeries, bars: BarSeries): RegimeAnalysis {
  const { close, timestampMs } = bars;
  const length = close.length;
  const sma = new Float64Array(length).fill(NaN);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    sum += close[i]!;
    if (i >= trendSmaBars) sum -= close[i - trendSmaBars]!;
    if (i >= trendSmaBars - 1) sma[i] = sum / trendSmaBars;
  }
  const volatility = new Float64Array(length).fill(NaN);
  for (let i = volatilityWindowBars; i < length; i++) {
    let total = 0;
    let squares = 0;
    for (let k = i - volatilityWindowBars + 1; k <= i; k++) {
      const r = Math.log(close[k]! / close[k - 1]!);
      total += r;
      squares += r * r;
    }
    const n = volatilityWindowBars;
    volatility[i] = Math.sqrt(Math.max(0, (squares - (total * total) / n) / (n - 1)));
  }
  const definedVolatility = volatility.filter((value) => !Number.isNaN(value));
  const volatilityMedian = median(definedVolatility) ?? NaN;

  const lastAtOrBefore = (timeMs: number) => lowerBound(timestampMs, timeMs + 1) - 1;
  const buckets: Record<RegimeName, number[]> = {
    bull: [],
    bear: [],
    highVolatility: [],
    lowVolatility: [],
  };
  const marketReturns = new Float64Array(daily.returns.length).fill(NaN);
  let previousBar = lastAtOrBefore(daily.baseTimeMs);
  let trendDays = 0;
  for (let k = 0; k < daily.returns.length; k++) {
    const bar = lastAtOrBefore(daily.timestampMs[k]!);
    const value = daily.returns[k]!;
    if (previousBar >= 0 && bar > previousBar)
      marketReturns[k] = close[bar]! / close[previousBar]! - 1;
    const state = bar - 1;
    if (state >= 0) {
      if (!Number.isNaN(sma[state]!)) {
        trendDays++;
        (close[state]! > sma[state]! ? buckets.bull : buckets.bear).push(value);
      }
      if (!Number.isNaN(volatility[state]!) && !Number.isNaN(volatilityMedian))
        (volatility[state]! > volatilityMedian
          ? buckets.highVolatility
          : buckets.lowVolatility
        ).push(value);
    }
    if (bar >= 0) previousBar = bar;
  }
  const slice = (name: RegimeName): RegimeSlice => {
    const returns = Float64Array.from(buckets[name]);
    return {
      name,
      days: returns.length,
      returns,
      sharpe: annualizedSharpe(returns),
      totalReturn: totalReturnOf(returns),
      maxDrawdown: maxDrawdown(returns),
    };
  };
  return {
    symbol: bars.symbol,
    slices: {
      bull: slice("bull"),
      bear: slice("bear"),
      highVolatility: slice("highVolatility"),
      lowVolatility: slice("lowVolatility"),
    },
    marketReturns,
    trendDays,
  };
}
