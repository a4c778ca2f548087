import { bollinger, donchian, keltner } from "./bands.ts";
import { dayOfMonth, dayOfWeek, daysToMonthEnd } from "./calendar.ts";
import { adx, minusDi, plusDi } from "./directional.ts";
import { highestBars, lowestBars, rollingMax, rollingMin } from "./extremes.ts";
import { macd } from "./macd.ts";
import { dema, ema, sma, tema, wma } from "./moving-averages.ts";
import { cci, mfi, momentum, roc } from "./oscillators.ts";
import { rsi, stochRsi } from "./rsi.ts";
import { linRegSlope, rollingStd, zScore } from "./statistics.ts";
import { stochastic, williamsR } from "./stochastic.ts";
import { atr, natr } from "./volatility.ts";
import { obv, vwap } from "./volume.ts";

export interface IndicatorInputs {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Bar times (epoch ms UTC); the calendar indicators need them, the strategy evaluator passes them. */
  timestampMs?: Float64Array;
}

export type IndicatorOutput = Float64Array | Record<string, Float64Array>;
/**
 * Arrays an indicator writes into instead of allocating: one for a single series, one per line
 * name (any left out is allocated) otherwise. Each must have the input's length; every element
 * is overwritten, so a recycled array's old values never show through.
 */
export type IndicatorBuffers = Float64Array | Partial<Record<string, Float64Array>>;
type SeriesCompute = (
  inputs: IndicatorInputs,
  source: Float64Array,
  params: Record<string, number>,
  out?: Float64Array,
) => Float64Array;

export interface ParameterRule {
  default: number;
  min: number;
  max: number;
  /** Whole numbers of bars unless false. */
  integer: boolean;
}

export interface IndicatorDefinition {
  description: string;
  parameters: Record<string, ParameterRule>;
  /** Names of the output lines, or null for a single series. */
  outputs: readonly string[] | null;
  /** Computed on one series (`source`, close by default) rather than on the bars. */
  usesSource: boolean;
  /** Index of the first defined value for a clean input (TA-Lib's lookback). */
  lookback(params: Record<string, number>): number;
  compute(
    inputs: IndicatorInputs,
    source: Float64Array,
    params: Record<string, number>,
    out?: IndicatorBuffers,
  ): IndicatorOutput;
}

const bars = (value: number, min = 2): ParameterRule => ({
  default: value,
  min,
  max: 100_000,
  integer: true,
});
const real = (value: number): ParameterRule => ({
  default: value,
  min: 0.0001,
  max: 100,
  integer: false,
});
const p = (params: Record<string, number>, name: string) => params[name]!;
/** A multi-output indicator's buffers, by line name. */
type Lines = Partial<Record<string, Float64Array>>;
const series = (
  description: string,
  compute: SeriesCompute,
  lookback: IndicatorDefinition["lookback"],
  parameters: Record<string, ParameterRule>,
  usesSource = true,
): IndicatorDefinition => ({
  description,
  parameters,
  outputs: null,
  usesSource,
  lookback,
  compute,
});

/** Every indicator by its public name: the strategy DSL and compute_indicators dispatch through this table. */
export const indicatorCatalog = {
  sma: series(
    "Simple moving average.",
    (_, s, q, o) => sma(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  ema: series(
    "Exponential moving average, seeded with an SMA.",
    (_, s, q, o) => ema(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  wma: series(
    "Linearly weighted moving average.",
    (_, s, q, o) => wma(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  dema: series(
    "Double exponential moving average.",
    (_, s, q, o) => dema(s, p(q, "period"), o),
    (q) => 2 * (p(q, "period") - 1),
    { period: bars(20) },
  ),
  tema: series(
    "Triple exponential moving average.",
    (_, s, q, o) => tema(s, p(q, "period"), o),
    (q) => 3 * (p(q, "period") - 1),
    { period: bars(20) },
  ),
  rsi: series(
    "Relative Strength Index (Wilder), 0-100.",
    (_, s, q, o) => rsi(s, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(14) },
  ),
  macd: {
    description: "MACD: EMA(fast) - EMA(slow), its signal EMA, and the histogram.",
    parameters: { fast: bars(12), slow: bars(26), signal: bars(9) },
    outputs: ["macd", "signal", "histogram"],
    usesSource: true,
    lookback: (q) => p(q, "slow") - 1 + p(q, "signal") - 1,
    compute: (_, s, q, o?: Lines) => ({
      ...macd(s, p(q, "fast"), p(q, "slow"), p(q, "signal"), o),
    }),
  },
  bollinger: {
    description: "Bollinger Bands: SMA ± stdDev population standard deviations.",
    parameters: { period: bars(20), stdDev: real(2) },
    outputs: ["upper", "middle", "lower"],
    usesSource: true,
    lookback: (q) => p(q, "period") - 1,
    compute: (_, s, q, o?: Lines) => ({ ...bollinger(s, p(q, "period"), p(q, "stdDev"), o) }),
  },
  stochRsi: {
    description: "Stochastic RSI: fast stochastic of RSI, 0-100.",
    parameters: { period: bars(14), stochPeriod: bars(14, 1), dPeriod: bars(3, 1) },
    outputs: ["k", "d"],
    usesSource: true,
    lookback: (q) => p(q, "period") + p(q, "stochPeriod") - 1 + p(q, "dPeriod") - 1,
    compute: (_, s, q, o?: Lines) => ({
      ...stochRsi(s, p(q, "period"), p(q, "stochPeriod"), p(q, "dPeriod"), o),
    }),
  },
  roc: series(
    "Rate of change over `period` bars, in percent.",
    (_, s, q, o) => roc(s, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(10, 1) },
  ),
  momentum: series(
    "Change over `period` bars: x - x[t-period].",
    (_, s, q, o) => momentum(s, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(10, 1) },
  ),
  rollingStd: series(
    "Rolling population standard deviation.",
    (_, s, q, o) => rollingStd(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  zScore: series(
    "(x - SMA) / standard deviation over `period` bars.",
    (_, s, q, o) => zScore(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  linRegSlope: series(
    "Slope of the least-squares line over `period` bars, per bar.",
    (_, s, q, o) => linRegSlope(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(14) },
  ),
  rollingMin: series(
    "Lowest value of the last `period` bars.",
    (_, s, q, o) => rollingMin(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  rollingMax: series(
    "Highest value of the last `period` bars.",
    (_, s, q, o) => rollingMax(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  highestBars: series(
    "Bars since the highest value of the last `period` bars (0 = this bar).",
    (_, s, q, o) => highestBars(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  lowestBars: series(
    "Bars since the lowest value of the last `period` bars (0 = this bar).",
    (_, s, q, o) => lowestBars(s, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  atr: series(
    "Average true range (Wilder).",
    (b, _, q, o) => atr(b.high, b.low, b.close, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(14, 1) },
    false,
  ),
  natr: series(
    "ATR as a percentage of the close.",
    (b, _, q, o) => natr(b.high, b.low, b.close, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(14) },
    false,
  ),
  adx: series(
    "Average directional index (Wilder), trend strength 0-100.",
    (b, _, q, o) => adx(b.high, b.low, b.close, p(q, "period"), o),
    (q) => 2 * p(q, "period") - 1,
    { period: bars(14) },
    false,
  ),
  plusDi: series(
    "+DI: upward directional indicator (Wilder).",
    (b, _, q, o) => plusDi(b.high, b.low, b.close, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(14) },
    false,
  ),
  minusDi: series(
    "-DI: downward directional indicator (Wilder).",
    (b, _, q, o) => minusDi(b.high, b.low, b.close, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(14) },
    false,
  ),
  stochastic: {
    description: "Slow stochastic oscillator %K and %D, 0-100.",
    parameters: { kPeriod: bars(14, 1), kSmoothing: bars(3, 1), dPeriod: bars(3, 1) },
    outputs: ["k", "d"],
    usesSource: false,
    lookback: (q) => p(q, "kPeriod") - 1 + p(q, "kSmoothing") - 1 + p(q, "dPeriod") - 1,
    compute: (b, _, q, o?: Lines) => ({
      ...stochastic(
        b.high,
        b.low,
        b.close,
        p(q, "kPeriod"),
        p(q, "kSmoothing"),
        p(q, "dPeriod"),
        o,
      ),
    }),
  },
  cci: series(
    "Commodity Channel Index.",
    (b, _, q, o) => cci(b.high, b.low, b.close, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
    false,
  ),
  williamsR: series(
    "Williams %R, -100 to 0.",
    (b, _, q, o) => williamsR(b.high, b.low, b.close, p(q, "period"), o),
    (q) => p(q, "period") - 1,
    { period: bars(14) },
    false,
  ),
  mfi: series(
    "Money Flow Index, 0-100.",
    (b, _, q, o) => mfi(b.high, b.low, b.close, b.volume, p(q, "period"), o),
    (q) => p(q, "period"),
    { period: bars(14) },
    false,
  ),
  obv: series(
    "On-balance volume.",
    (b, _, __, o) => obv(b.close, b.volume, o),
    () => 0,
    {},
    false,
  ),
  vwap: series(
    "Volume-weighted average of the typical price; cumulative, or over `period` bars when given.",
    (b, _, q, o) => vwap(b.high, b.low, b.close, b.volume, p(q, "period"), o),
    (q) => Math.max(0, p(q, "period") - 1),
    { period: { default: 0, min: 0, max: 100_000, integer: true } },
    false,
  ),
  donchian: {
    description: "Donchian channel: highest high, lowest low and their mean over `period` bars.",
    parameters: { period: bars(20) },
    outputs: ["upper", "middle", "lower"],
    usesSource: false,
    lookback: (q) => p(q, "period") - 1,
    compute: (b, _, q, o?: Lines) => ({ ...donchian(b.high, b.low, p(q, "period"), o) }),
  },
  keltner: {
    description: "Keltner channel: EMA(close) ± multiplier × ATR.",
    parameters: { period: bars(20), multiplier: real(2), atrPeriod: bars(10, 1) },
    outputs: ["upper", "middle", "lower"],
    usesSource: false,
    lookback: (q) => Math.max(p(q, "period") - 1, p(q, "atrPeriod")),
    compute: (b, _, q, o?: Lines) => ({
      ...keltner(b.high, b.low, b.close, p(q, "period"), p(q, "multiplier"), p(q, "atrPeriod"), o),
    }),
  },
  dayOfWeek: series(
    "Weekday of the bar's UTC date: 0 = Sunday ... 6 = Saturday.",
    (b, _, __, o) => dayOfWeek(timestamps(b, "dayOfWeek"), o),
    () => 0,
    {},
    false,
  ),
  dayOfMonth: series(
    "Day of the month of the bar's UTC date, 1-31.",
    (b, _, __, o) => dayOfMonth(timestamps(b, "dayOfMonth"), o),
    () => 0,
    {},
    false,
  ),
  daysToMonthEnd: series(
    "Calendar days from the bar's UTC date to the last day of its month (0 on the last day).",
    (b, _, __, o) => daysToMonthEnd(timestamps(b, "daysToMonthEnd"), o),
    () => 0,
    {},
    false,
  ),
} satisfies Record<string, IndicatorDefinition>;

function timestamps(inputs: IndicatorInputs, name: string): Float64Array {
  if (!inputs.timestampMs) throw new RangeError(`${name} needs the bars' timestampMs`);
  return inputs.timestampMs;
}

export type IndicatorName = keyof typeof indicatorCatalog;

/** Parameters with their defaults filled in. */
export function withDefaults(
  name: IndicatorName,
  params: Record<string, unknown>,
): Record<string, number> {
  const filled: Record<string, number> = {};
  for (const [parameter, rule] of Object.entries(
    indicatorCatalog[name].parameters as Record<string, ParameterRule>,
  )) {
    const value = params[parameter];
    filled[parameter] = typeof value === "number" ? value : rule.default;
  }
  return filled;
}
