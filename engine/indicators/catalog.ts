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
const series = (
  description: string,
  compute: IndicatorDefinition["compute"],
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
    (_, s, q) => sma(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  ema: series(
    "Exponential moving average, seeded with an SMA.",
    (_, s, q) => ema(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  wma: series(
    "Linearly weighted moving average.",
    (_, s, q) => wma(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  dema: series(
    "Double exponential moving average.",
    (_, s, q) => dema(s, p(q, "period")),
    (q) => 2 * (p(q, "period") - 1),
    { period: bars(20) },
  ),
  tema: series(
    "Triple exponential moving average.",
    (_, s, q) => tema(s, p(q, "period")),
    (q) => 3 * (p(q, "period") - 1),
    { period: bars(20) },
  ),
  rsi: series(
    "Relative Strength Index (Wilder), 0-100.",
    (_, s, q) => rsi(s, p(q, "period")),
    (q) => p(q, "period"),
    { period: bars(14) },
  ),
  macd: {
    description: "MACD: EMA(fast) - EMA(slow), its signal EMA, and the histogram.",
    parameters: { fast: bars(12), slow: bars(26), signal: bars(9) },
    outputs: ["macd", "signal", "histogram"],
    usesSource: true,
    lookback: (q) => p(q, "slow") - 1 + p(q, "signal") - 1,
    compute: (_, s, q) => ({ ...macd(s, p(q, "fast"), p(q, "slow"), p(q, "signal")) }),
  },
  bollinger: {
    description: "Bollinger Bands: SMA ± stdDev population standard deviations.",
    parameters: { period: bars(20), stdDev: real(2) },
    outputs: ["upper", "middle", "lower"],
    usesSource: true,
    lookback: (q) => p(q, "period") - 1,
    compute: (_, s, q) => ({ ...bollinger(s, p(q, "period"), p(q, "stdDev")) }),
  },
  stochRsi: {
    description: "Stochastic RSI: fast stochastic of RSI, 0-100.",
    parameters: { period: bars(14), stochPeriod: bars(14, 1), dPeriod: bars(3, 1) },
    outputs: ["k", "d"],
    usesSource: true,
    lookback: (q) => p(q, "period") + p(q, "stochPeriod") - 1 + p(q, "dPeriod") - 1,
    compute: (_, s, q) => ({
      ...stochRsi(s, p(q, "period"), p(q, "stochPeriod"), p(q, "dPeriod")),
    }),
  },
  roc: series(
    "Rate of change over `period` bars, in percent.",
    (_, s, q) => roc(s, p(q, "period")),
    (q) => p(q, "period"),
    { period: bars(10, 1) },
  ),
  momentum: series(
    "Change over `period` bars: x - x[t-period].",
    (_, s, q) => momentum(s, p(q, "period")),
    (q) => p(q, "period"),
    { period: bars(10, 1) },
  ),
  rollingStd: series(
    "Rolling population standard deviation.",
    (_, s, q) => rollingStd(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  zScore: series(
    "(x - SMA) / standard deviation over `period` bars.",
    (_, s, q) => zScore(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  linRegSlope: series(
    "Slope of the least-squares line over `period` bars, per bar.",
    (_, s, q) => linRegSlope(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(14) },
  ),
  rollingMin: series(
    "Lowest value of the last `period` bars.",
    (_, s, q) => rollingMin(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  rollingMax: series(
    "Highest value of the last `period` bars.",
    (_, s, q) => rollingMax(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  highestBars: series(
    "Bars since the highest value of the last `period` bars (0 = this bar).",
    (_, s, q) => highestBars(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  lowestBars: series(
    "Bars since the lowest value of the last `period` bars (0 = this bar).",
    (_, s, q) => lowestBars(s, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
  ),
  atr: series(
    "Average true range (Wilder).",
    (b, _, q) => atr(b.high, b.low, b.close, p(q, "period")),
    (q) => p(q, "period"),
    { period: bars(14, 1) },
    false,
  ),
  natr: series(
    "ATR as a percentage of the close.",
    (b, _, q) => natr(b.high, b.low, b.close, p(q, "period")),
    (q) => p(q, "period"),
    { period: bars(14) },
    false,
  ),
  adx: series(
    "Average directional index (Wilder), trend strength 0-100.",
    (b, _, q) => adx(b.high, b.low, b.close, p(q, "period")),
    (q) => 2 * p(q, "period") - 1,
    { period: bars(14) },
    false,
  ),
  plusDi: series(
    "+DI: upward directional indicator (Wilder).",
    (b, _, q) => plusDi(b.high, b.low, b.close, p(q, "period")),
    (q) => p(q, "period"),
    { period: bars(14) },
    false,
  ),
  minusDi: series(
    "-DI: downward directional indicator (Wilder).",
    (b, _, q) => minusDi(b.high, b.low, b.close, p(q, "period")),
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
    compute: (b, _, q) => ({
      ...stochastic(b.high, b.low, b.close, p(q, "kPeriod"), p(q, "kSmoothing"), p(q, "dPeriod")),
    }),
  },
  cci: series(
    "Commodity Channel Index.",
    (b, _, q) => cci(b.high, b.low, b.close, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(20) },
    false,
  ),
  williamsR: series(
    "Williams %R, -100 to 0.",
    (b, _, q) => williamsR(b.high, b.low, b.close, p(q, "period")),
    (q) => p(q, "period") - 1,
    { period: bars(14) },
    false,
  ),
  mfi: series(
    "Money Flow Index, 0-100.",
    (b, _, q) => mfi(b.high, b.low, b.close, b.volume, p(q, "period")),
    (q) => p(q, "period"),
    { period: bars(14) },
    false,
  ),
  obv: series(
    "On-balance volume.",
    (b) => obv(b.close, b.volume),
    () => 0,
    {},
    false,
  ),
  vwap: series(
    "Volume-weighted average of the typical price; cumulative, or over `period` bars when given.",
    (b, _, q) => vwap(b.high, b.low, b.close, b.volume, p(q, "period")),
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
    compute: (b, _, q) => ({ ...donchian(b.high, b.low, p(q, "period")) }),
  },
  keltner: {
    description: "Keltner channel: EMA(close) ± multiplier × ATR.",
    parameters: { period: bars(20), multiplier: real(2), atrPeriod: bars(10, 1) },
    outputs: ["upper", "middle", "lower"],
    usesSource: false,
    lookback: (q) => Math.max(p(q, "period") - 1, p(q, "atrPeriod")),
    compute: (b, _, q) => ({
      ...keltner(b.high, b.low, b.close, p(q, "period"), p(q, "multiplier"), p(q, "atrPeriod")),
    }),
  },
  dayOfWeek: series(
    "Weekday of the bar's UTC date: 0 = Sunday ... 6 = Saturday.",
    (b) => dayOfWeek(timestamps(b, "dayOfWeek")),
    () => 0,
    {},
    false,
  ),
  dayOfMonth: series(
    "Day of the month of the bar's UTC date, 1-31.",
    (b) => dayOfMonth(timestamps(b, "dayOfMonth")),
    () => 0,
    {},
    false,
  ),
  daysToMonthEnd: series(
    "Calendar days from the bar's UTC date to the last day of its month (0 on the last day).",
    (b) => daysToMonthEnd(timestamps(b, "daysToMonthEnd")),
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
