import type { IndicatorCall } from "../../engine/strategy/spec.ts";
import { formatNumber, span, type BarUnit } from "./voice.ts";

/** What an indicator's words are made from: its source in words and its parameters. */
export interface IndicatorContext {
  call: IndicatorCall;
  unit: BarUnit;
  /** The source series in plain words, e.g. "closing price". */
  source: string;
  /** The source's standard words when it is not the close, else empty. */
  ofSource: string;
}

interface IndicatorWords {
  plain(context: IndicatorContext): string;
  standard(context: IndicatorContext): string;
  /** The compact name: `SMA` gives "SMA(50)". */
  expert: string;
}

const n = (context: IndicatorContext, parameter = "period") =>
  formatNumber(context.call[parameter] as number);
const last = (context: IndicatorContext, parameter = "period") =>
  `the last ${span(n(context, parameter), context.unit)}`;
const sized = (context: IndicatorContext, parameter = "period") =>
  `${n(context, parameter)}-${context.unit.one}`;
const line = (context: IndicatorContext) => context.call.output as string;

function average(kind: string, weighting: string): IndicatorWords {
  return {
    plain: (c) => `the average ${c.source} of ${last(c)}${weighting}`,
    standard: (c) => `the ${sized(c)} ${kind} moving average${c.ofSource}`,
    expert: kind === "simple" ? "SMA" : kind === "exponential" ? "EMA" : kind.toUpperCase(),
  };
}

const macdParameters = (c: IndicatorContext) =>
  `${n(c, "fast")}, ${n(c, "slow")}, ${n(c, "signal")}`;
const bandSide = { upper: "top", middle: "middle", lower: "bottom" } as Record<string, string>;

/**
 * Every indicator of engine/indicators/catalog.ts in the three voices. Plain words avoid trading
 * terms altogether (the jargon-free texts are made of them).
 */
export const indicatorWords: Record<string, IndicatorWords> = {
  sma: average("simple", ""),
  ema: average("exponential", ", weighted towards the latest"),
  wma: average("weighted", ", weighted towards the latest"),
  dema: {
    plain: (c) => `a fast-reacting average ${c.source} of ${last(c)}`,
    standard: (c) => `the ${sized(c)} double exponential moving average${c.ofSource}`,
    expert: "DEMA",
  },
  tema: {
    plain: (c) => `a very fast-reacting average ${c.source} of ${last(c)}`,
    standard: (c) => `the ${sized(c)} triple exponential moving average${c.ofSource}`,
    expert: "TEMA",
  },
  rsi: {
    plain: (c) =>
      `a gauge from zero to a hundred of recent rises against falls of the ${c.source} over ${last(c)}`,
    standard: (c) => `the ${sized(c)} RSI${c.ofSource}`,
    expert: "RSI",
  },
  macd: {
    plain: (c) => {
      const gap = `the gap between the ${sized(c, "fast")} and the ${sized(c, "slow")} average ${c.source}`;
      if (line(c) === "signal") return `a ${sized(c, "signal")} smoothing of ${gap}`;
      if (line(c) === "histogram") return `${gap}, minus its ${sized(c, "signal")} smoothing`;
      return gap;
    },
    standard: (c) =>
      `the MACD ${line(c) === "macd" ? "line" : line(c)} (${macdParameters(c)})${c.ofSource}`,
    expert: "MACD",
  },
  bollinger: {
    plain: (c) =>
      line(c) === "middle"
        ? `the average ${c.source} of ${last(c)}`
        : `the ${bandSide[line(c)]} of the ${c.source}'s usual range: its average of ${last(c)} ${line(c) === "upper" ? "plus" : "minus"} ${n(c, "stdDev")} times its typical swing`,
    standard: (c) => `the ${line(c)} Bollinger band (${n(c)}, ${n(c, "stdDev")})${c.ofSource}`,
    expert: "BB",
  },
  stochRsi: {
    plain: (c) =>
      `where the gauge of rises against falls sits within its range of ${last(c, "stochPeriod")}, from zero to a hundred${line(c) === "d" ? ", smoothed" : ""}`,
    standard: (c) =>
      `the stochastic RSI %${line(c).toUpperCase()} (${n(c)}, ${n(c, "stochPeriod")})`,
    expert: "STOCHRSI",
  },
  roc: {
    plain: (c) => `the percent change of the ${c.source} over ${last(c)}`,
    standard: (c) => `the ${sized(c)} rate of change${c.ofSource}`,
    expert: "ROC",
  },
  momentum: {
    plain: (c) => `the change of the ${c.source} over ${last(c)}`,
    standard: (c) => `the ${sized(c)} momentum${c.ofSource}`,
    expert: "MOM",
  },
  rollingStd: {
    plain: (c) => `how much the ${c.source} typically swings around its average over ${last(c)}`,
    standard: (c) => `the ${sized(c)} standard deviation${c.ofSource}`,
    expert: "STDEV",
  },
  zScore: {
    plain: (c) =>
      `how far the ${c.source} is from its average of ${last(c)}, counted in typical swings`,
    standard: (c) => `the ${sized(c)} z-score${c.ofSource}`,
    expert: "ZSCORE",
  },
  linRegSlope: {
    plain: (c) => `the slope of the straight line that best fits the ${c.source} over ${last(c)}`,
    standard: (c) => `the ${sized(c)} linear regression slope${c.ofSource}`,
    expert: "SLOPE",
  },
  rollingMin: {
    plain: (c) => `the lowest ${c.source} of ${last(c)}`,
    standard: (c) => `the ${sized(c)} low${c.ofSource}`,
    expert: "MIN",
  },
  rollingMax: {
    plain: (c) => `the highest ${c.source} of ${last(c)}`,
    standard: (c) => `the ${sized(c)} high${c.ofSource}`,
    expert: "MAX",
  },
  highestBars: {
    plain: (c) => `how many ${c.unit.many} ago the highest ${c.source} of ${last(c)} was`,
    standard: (c) => `${c.unit.many} since the ${sized(c)} high${c.ofSource}`,
    expert: "HIGHESTBARS",
  },
  lowestBars: {
    plain: (c) => `how many ${c.unit.many} ago the lowest ${c.source} of ${last(c)} was`,
    standard: (c) => `${c.unit.many} since the ${sized(c)} low${c.ofSource}`,
    expert: "LOWESTBARS",
  },
  atr: {
    plain: (c) => `the typical price range of one ${c.unit.one} over ${last(c)}`,
    standard: (c) => `the ${sized(c)} average true range`,
    expert: "ATR",
  },
  natr: {
    plain: (c) =>
      `the typical price range of one ${c.unit.one} over ${last(c)}, as a percent of the price`,
    standard: (c) => `the ${sized(c)} normalized average true range`,
    expert: "NATR",
  },
  adx: {
    plain: (c) => `how strong the trend is, up or down, from zero to a hundred, over ${last(c)}`,
    standard: (c) => `the ${sized(c)} ADX (trend strength)`,
    expert: "ADX",
  },
  plusDi: {
    plain: (c) => `the strength of upward moves over ${last(c)}`,
    standard: (c) => `the ${sized(c)} +DI`,
    expert: "+DI",
  },
  minusDi: {
    plain: (c) => `the strength of downward moves over ${last(c)}`,
    standard: (c) => `the ${sized(c)} -DI`,
    expert: "-DI",
  },
  stochastic: {
    plain: (c) =>
      `where the closing price sits within its high-to-low range of ${last(c, "kPeriod")}, from zero to a hundred${line(c) === "d" ? ", smoothed" : ""}`,
    standard: (c) =>
      `the stochastic %${line(c).toUpperCase()} (${n(c, "kPeriod")}, ${n(c, "kSmoothing")}, ${n(c, "dPeriod")})`,
    expert: "STOCH",
  },
  cci: {
    plain: (c) =>
      `how far the typical price is from its average of ${last(c)}, in typical deviations`,
    standard: (c) => `the ${sized(c)} CCI`,
    expert: "CCI",
  },
  williamsR: {
    plain: (c) =>
      `how far the closing price is below its high of ${last(c)}, from zero to minus a hundred`,
    standard: (c) => `the ${sized(c)} Williams %R`,
    expert: "WILLR",
  },
  mfi: {
    plain: (c) =>
      `a gauge from zero to a hundred of buying against selling, weighted by trading volume, over ${last(c)}`,
    standard: (c) => `the ${sized(c)} money flow index`,
    expert: "MFI",
  },
  obv: {
    plain: (c) =>
      `the running total of trading volume, added on up ${c.unit.many} and taken away on down ${c.unit.many}`,
    standard: () => "on-balance volume",
    expert: "OBV",
  },
  vwap: {
    plain: (c) =>
      `the average price paid ${c.call.period ? `over ${last(c)}` : `since the first ${c.unit.one}`}, weighted by trading volume`,
    standard: (c) => `the ${c.call.period ? `${sized(c)} ` : ""}volume-weighted average price`,
    expert: "VWAP",
  },
  donchian: {
    plain: (c) =>
      line(c) === "upper"
        ? `the highest high of ${last(c)}`
        : line(c) === "lower"
          ? `the lowest low of ${last(c)}`
          : `the midpoint between the highest high and the lowest low of ${last(c)}`,
    standard: (c) => `the ${bandSide[line(c)]} of the ${sized(c)} Donchian channel`,
    expert: "DONCHIAN",
  },
  keltner: {
    plain: (c) =>
      line(c) === "middle"
        ? `the average closing price of ${last(c)}`
        : `the average closing price of ${last(c)} ${line(c) === "upper" ? "plus" : "minus"} ${n(c, "multiplier")} times the typical price range of one ${c.unit.one}`,
    standard: (c) =>
      `the ${line(c)} Keltner channel (${n(c)}, ${n(c, "multiplier")}, ${n(c, "atrPeriod")})`,
    expert: "KELTNER",
  },
  dayOfWeek: {
    plain: () => "the weekday",
    standard: () => "the day of the week",
    expert: "DAYOFWEEK",
  },
  dayOfMonth: {
    plain: () => "the day of the month",
    standard: () => "the day of the month",
    expert: "DAYOFMONTH",
  },
  daysToMonthEnd: {
    plain: () => "the number of days left in the month",
    standard: () => "the days to the month's end",
    expert: "DAYSTOMONTHEND",
  },
};
