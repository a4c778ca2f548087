import type { ExitReason } from "../../../engine/simulate/types.ts";
import type { RunOptions } from "./run.ts";

/** One row of the parity table: a spec (as a user writes it), the run's options, and what it must exercise. */
export interface ParityCase {
  title: string;
  spec: Record<string, unknown>;
  options?: RunOptions;
  /** Exit reasons the engine's trades must include, so the row tests what its title claims. */
  exercises?: ExitReason[];
}

const costs = { feeBps: 2, slippageBps: 3 };
const strategy = (name: string, fields: Record<string, unknown>) => ({
  name,
  universe: ["AAA"],
  costs,
  ...fields,
});
const crossing = (fast: unknown, slow: unknown) => ({
  entry: { crossAbove: [fast, slow] },
  exit: { crossBelow: [fast, slow] },
});
const close = "close";
const previous = (of: unknown, bars = 1) => ({ lag: { of, bars } });
const holes = { div: [close, { sub: [{ highestBars: { period: 3 } }, 1] }] };
const between = (value: unknown, low: number, high: number) => ({
  and: [{ gte: [value, low] }, { lte: [value, high] }],
});

/** Every indicator of the catalog, every output line, each in a rule that trades. */
const indicatorCases: ParityCase[] = [
  { title: "sma", spec: strategy("sma", crossing(close, { sma: { period: 20 } })) },
  {
    title: "ema",
    spec: strategy("ema", crossing({ ema: { period: 12 } }, { ema: { period: 26 } })),
  },
  {
    title: "wma",
    spec: strategy("wma", {
      entry: { gt: [close, { wma: { period: 10 } }] },
      exit: { lt: [close, { wma: { period: 10 } }] },
    }),
  },
  { title: "dema", spec: strategy("dema", crossing(close, { dema: { period: 15 } })) },
  { title: "tema", spec: strategy("tema", crossing(close, { tema: { period: 10 } })) },
  {
    title: "rsi",
    spec: strategy("rsi", {
      entry: { lt: [{ rsi: { period: 5 } }, 35] },
      exit: { gt: [{ rsi: { period: 5 } }, 65] },
    }),
  },
  {
    title: "macd: macd, signal, histogram",
    spec: strategy("macd", {
      entry: { crossAbove: [{ macd: { output: "macd" } }, { macd: { output: "signal" } }] },
      exit: { lt: [{ macd: { output: "histogram" } }, 0] },
    }),
  },
  {
    title: "bollinger: upper, middle, lower",
    spec: strategy("bollinger", {
      entry: { crossBelow: [close, { bollinger: { period: 20, stdDev: 1.5, output: "lower" } }] },
      exit: {
        or: [
          { gt: [close, { bollinger: { period: 20, stdDev: 1.5, output: "upper" } }] },
          { crossAbove: [close, { bollinger: { period: 20, stdDev: 1.5, output: "middle" } }] },
        ],
      },
    }),
  },
  {
    title: "stochRsi: k, d",
    spec: strategy("stochRsi", {
      entry: {
        and: [
          { crossAbove: [{ stochRsi: { output: "k" } }, { stochRsi: { output: "d" } }] },
          { lt: [{ stochRsi: { output: "k" } }, 50] },
        ],
      },
      exit: { crossBelow: [{ stochRsi: { output: "k" } }, { stochRsi: { output: "d" } }] },
    }),
  },
  {
    title: "roc",
    spec: strategy("roc", {
      entry: { gt: [{ roc: { period: 10 } }, 2] },
      exit: { lt: [{ roc: { period: 10 } }, -1] },
    }),
  },
  { title: "momentum", spec: strategy("momentum", crossing({ momentum: { period: 10 } }, 0)) },
  {
    title: "rollingStd",
    spec: strategy("rollingStd", {
      entry: {
        lt: [{ sub: [close, { sma: { period: 20 } }] }, { mul: [-1, { rollingStd: {} }] }],
      },
      exit: { gt: [close, { sma: { period: 20 } }] },
    }),
  },
  {
    title: "zScore",
    spec: strategy("zScore", {
      entry: { lt: [{ zScore: { period: 20 } }, -1] },
      exit: { gt: [{ zScore: { period: 20 } }, 0] },
    }),
  },
  {
    title: "linRegSlope",
    spec: strategy("linRegSlope", crossing({ linRegSlope: { period: 14 } }, 0)),
  },
  {
    title: "rollingMax, rollingMin on high and low",
    spec: strategy("breakout", {
      entry: { gt: [close, previous({ rollingMax: { period: 20, source: "high" } })] },
      exit: { lt: [close, previous({ rollingMin: { period: 10, source: "low" } })] },
    }),
  },
  {
    title: "highestBars, lowestBars",
    spec: strategy("bars since extremes", {
      entry: { lte: [{ highestBars: { period: 20 } }, 0] },
      exit: { lte: [{ lowestBars: { period: 10 } }, 0] },
    }),
  },
  {
    title: "atr",
    spec: strategy("atr", {
      entry: { gt: [{ sub: [close, previous(close)] }, { atr: { period: 14 } }] },
      exit: { lt: [{ sub: [close, previous(close)] }, { mul: [-0.5, { atr: { period: 14 } }] }] },
    }),
  },
  {
    title: "natr",
    spec: strategy("natr", {
      entry: {
        and: [{ gt: [{ natr: {} }, 1.5] }, { crossAbove: [close, { sma: { period: 10 } }] }],
      },
      exit: { crossBelow: [close, { sma: { period: 10 } }] },
    }),
  },
  {
    title: "adx, plusDi, minusDi",
    spec: strategy("adx", {
      entry: { and: [{ gt: [{ adx: {} }, 20] }, { gt: [{ plusDi: {} }, { minusDi: {} }] }] },
      exit: { crossBelow: [{ plusDi: {} }, { minusDi: {} }] },
    }),
  },
  {
    title: "stochastic: k, d",
    spec: strategy("stochastic", {
      entry: {
        and: [
          { crossAbove: [{ stochastic: { output: "k" } }, { stochastic: { output: "d" } }] },
          { lt: [{ stochastic: { output: "k" } }, 40] },
        ],
      },
      exit: { gt: [{ stochastic: { kPeriod: 5, kSmoothing: 1, dPeriod: 1, output: "k" } }, 80] },
    }),
  },
  { title: "cci", spec: strategy("cci", crossing({ cci: {} }, -100)) },
  {
    title: "williamsR",
    spec: strategy("williamsR", {
      entry: { lt: [{ williamsR: {} }, -80] },
      exit: { gt: [{ williamsR: {} }, -20] },
    }),
  },
  {
    title: "mfi",
    spec: strategy("mfi", {
      entry: { lt: [{ mfi: {} }, 35] },
      exit: { gt: [{ mfi: {} }, 65] },
    }),
  },
  {
    title: "obv, and an SMA of it",
    spec: strategy("obv", crossing({ obv: {} }, { sma: { period: 20, source: { obv: {} } } })),
  },
  { title: "vwap, cumulative", spec: strategy("vwap", crossing(close, { vwap: {} })) },
  {
    title: "vwap over 20 bars",
    spec: strategy("vwap 20", crossing(close, { vwap: { period: 20 } })),
  },
  {
    title: "donchian: upper, middle, lower",
    spec: strategy("donchian", {
      entry: { gt: [close, previous({ donchian: { period: 20, output: "upper" } })] },
      exit: { lt: [close, previous({ donchian: { period: 20, output: "middle" } })] },
      filters: [{ gt: [close, { donchian: { period: 10, output: "lower" } }] }],
    }),
  },
  {
    title: "keltner: upper, middle, lower",
    spec: strategy("keltner", {
      entry: { crossBelow: [close, { keltner: { output: "lower", multiplier: 1 } }] },
      exit: {
        or: [
          { gt: [close, { keltner: { output: "middle", multiplier: 1 } }] },
          { gt: [close, { keltner: { output: "upper", multiplier: 1 } }] },
        ],
      },
    }),
  },
  {
    title: "dayOfWeek, dayOfMonth, daysToMonthEnd",
    spec: strategy("turn of the month", {
      entry: { or: [{ lte: [{ daysToMonthEnd: {} }, 1] }, between({ dayOfWeek: {} }, 5, 5)] },
      exit: between({ dayOfMonth: {} }, 3, 20),
    }),
  },
];

/** Sources other than the close, nested indicators, NaN inside a series, and every operator. */
const expressionCases: ParityCase[] = [
  {
    title: "price sources open, high, low, volume, hl2, hlc3, ohlc4",
    spec: strategy("price sources", {
      entry: {
        and: [
          { gt: [{ sma: { period: 5, source: "hl2" } }, { sma: { period: 15, source: "hlc3" } }] },
          { gt: ["open", { ema: { period: 10, source: "ohlc4" } }] },
          { gt: ["volume", { sma: { period: 20, source: "volume" } }] },
        ],
      },
      exit: { lt: [{ sub: ["high", "low"] }, { mul: [0.01, "close"] }] },
    }),
  },
  {
    title: "indicators of indicators: ema of rsi, macd of ohlc4, stochRsi of an ema",
    spec: strategy("nested", {
      entry: {
        and: [
          { crossAbove: [{ rsi: {} }, { ema: { period: 9, source: { rsi: {} } } }] },
          { gt: [{ macd: { fast: 5, slow: 13, signal: 4, source: "ohlc4", output: "macd" } }, 0] },
        ],
      },
      exit: {
        gt: [{ stochRsi: { period: 10, source: { ema: { period: 5 } }, output: "k" } }, 80],
      },
    }),
  },
  {
    title: "every arithmetic operator, constants on the left",
    spec: strategy("arithmetic", {
      entry: {
        gt: [
          {
            div: [
              { add: [{ max: [close, "open"] }, { abs: { sub: ["low", "high"] } }] },
              { min: [{ mul: [2, "open"] }, previous(close, 3)] },
            ],
          },
          0.51,
        ],
      },
      exit: { lt: [0.5, { div: ["open", { add: ["close", "open"] }] }] },
    }),
  },
  {
    title: "division by zero, and NaN inside series fed to indicators",
    spec: strategy("holes", {
      // highestBars - 1 is 0 where the 3-bar high is one bar old: the ratio is undefined there.
      entry: { gt: [{ rollingMax: { period: 4, source: holes } }, 0] },
      exit: {
        or: [
          { lt: [{ lowestBars: { period: 4, source: holes } }, 1] },
          { gt: [{ ema: { period: 3, source: holes } }, 0] },
          { gt: [{ rsi: { period: 3, source: holes } }, 50] },
        ],
      },
    }),
  },
  {
    title: "long lags and long periods",
    spec: strategy("slow", crossing(close, previous({ sma: { period: 200 } }, 30))),
  },
];

/** gt, gte, lt, lte, crossAbove, crossBelow, and, or, not, true and false, filters. */
const ruleCases: ParityCase[] = [
  {
    title: "gte, lte, not, and the UNKNOWN that not keeps",
    spec: strategy("not", {
      entry: { not: { gte: [close, { sma: { period: 50 } }] } },
      exit: { not: { lte: [close, { sma: { period: 10 } }] } },
    }),
  },
  {
    title: "or with false, and with true, nested",
    spec: strategy("logic", {
      entry: {
        or: [
          false,
          { and: [true, { crossAbove: [{ ema: { period: 5 } }, { ema: { period: 20 } }] }] },
          { and: [{ lt: [{ rsi: {} }, 30] }, { not: { lt: [close, { sma: { period: 100 } }] } }] },
        ],
      },
      exit: { or: [{ crossBelow: [{ ema: { period: 5 } }, { ema: { period: 20 } }] }, false] },
    }),
  },
  {
    title: "entry true with a time exit: hold 60 bars, buy again",
    spec: strategy("hold 60 bars", { entry: true, timeExit: { bars: 60 } }),
    exercises: ["timeExit"],
  },
  {
    title: "several filters, one with UNKNOWN warm-up",
    spec: strategy("filters", {
      ...crossing({ ema: { period: 5 } }, { ema: { period: 15 } }),
      filters: [
        { gt: [close, { sma: { period: 150 } }] },
        { not: { gt: [{ adx: {} }, 40] } },
        { or: [{ lt: [{ rsi: {} }, 70] }, false] },
      ],
    }),
  },
];

/** Short positions, every stop, target and trailing kind, time exits. */
const exitCases: ParityCase[] = [
  {
    title: "short with an exit rule",
    spec: strategy("short", { side: "short", ...crossing({ sma: { period: 30 } }, close) }),
  },
  {
    title: "stop loss in percent",
    spec: strategy("percent stop", {
      ...crossing({ ema: { period: 5 } }, { ema: { period: 30 } }),
      stopLoss: { percent: 2 },
    }),
    exercises: ["stopLoss", "signal"],
  },
  {
    title: "stop loss in ATR",
    spec: strategy("atr stop", {
      ...crossing({ ema: { period: 5 } }, { ema: { period: 30 } }),
      stopLoss: { atrMultiple: 1.5, atrPeriod: 10 },
    }),
    exercises: ["stopLoss", "signal"],
  },
  {
    title: "take profit in percent, no exit rule",
    spec: strategy("percent target", {
      entry: { lt: [{ rsi: { period: 3 } }, 25] },
      takeProfit: { percent: 1.5 },
    }),
    exercises: ["takeProfit"],
  },
  {
    title: "take profit in ATR with a stop: both touched, the stop wins",
    spec: strategy("atr target", {
      entry: { lt: [{ rsi: { period: 3 } }, 25] },
      takeProfit: { atrMultiple: 1 },
      stopLoss: { atrMultiple: 1 },
    }),
    exercises: ["takeProfit", "stopLoss"],
  },
  {
    title: "trailing stop in percent",
    spec: strategy("percent trail", {
      entry: { crossAbove: [close, { sma: { period: 20 } }] },
      trailingStop: { percent: 4 },
    }),
    exercises: ["trailingStop"],
  },
  {
    title: "trailing stop in ATR above a wider stop loss",
    spec: strategy("atr trail", {
      entry: { crossAbove: [close, { sma: { period: 20 } }] },
      trailingStop: { atrMultiple: 2, atrPeriod: 7 },
      stopLoss: { percent: 8 },
    }),
    exercises: ["trailingStop"],
  },
  {
    title: "time exit",
    spec: strategy("time exit", { entry: { lt: [{ rsi: {} }, 40] }, timeExit: { bars: 5 } }),
    exercises: ["timeExit"],
  },
  {
    title: "short: stop, target, trailing stop and time exit together",
    spec: strategy("short exits", {
      side: "short",
      entry: { crossBelow: [close, { sma: { period: 10 } }] },
      exit: { crossAbove: [close, { sma: { period: 30 } }] },
      stopLoss: { percent: 2 },
      takeProfit: { atrMultiple: 3 },
      trailingStop: { percent: 4 },
      timeExit: { bars: 8 },
    }),
    exercises: ["signal", "stopLoss", "takeProfit", "trailingStop", "timeExit"],
  },
  {
    title: "short with an ATR trailing stop and a percent target",
    spec: strategy("short trail", {
      side: "short",
      entry: { lt: [{ roc: { period: 5 } }, -2] },
      trailingStop: { atrMultiple: 1.5 },
      takeProfit: { percent: 4 },
    }),
    exercises: ["trailingStop", "takeProfit"],
  },
];

/** Each sizing mode, with shared cash over several symbols and unaligned timelines. */
const sizingCases: ParityCase[] = [
  {
    title: "fraction of equity over four symbols on three calendars",
    spec: strategy("shared cash", {
      universe: ["AAA", "BBB", "BTC/USD", "EUR/USD"],
      ...crossing({ ema: { period: 10 } }, { ema: { period: 40 } }),
      sizing: { fractionOfEquity: 0.3 },
    }),
  },
  {
    title: "fraction of equity with stops over several symbols: exits free cash for entries",
    spec: strategy("shared cash with stops", {
      universe: ["BTC/USD", "AAA", "EUR/USD"],
      entry: { lt: [{ rsi: { period: 4 } }, 30] },
      exit: { gt: [{ rsi: { period: 4 } }, 60] },
      stopLoss: { atrMultiple: 2 },
      sizing: { fractionOfEquity: 0.6 },
    }),
    exercises: ["stopLoss"],
  },
  {
    title: "fixed notional, more than the cash: capped by buying power",
    spec: strategy("fixed notional", {
      universe: ["AAA", "BBB"],
      ...crossing({ sma: { period: 5 } }, { sma: { period: 20 } }),
      sizing: { fixedNotional: 70_000 },
    }),
  },
  {
    title: "fixed notional, short",
    spec: strategy("fixed notional short", {
      side: "short",
      universe: ["BBB"],
      ...crossing({ sma: { period: 20 } }, { sma: { period: 5 } }),
      sizing: { fixedNotional: 10_000 },
    }),
  },
  ...(["1m", "5m", "15m", "1h", "1d"] as const).map((timeframe) => ({
    title: `volatility target on ${timeframe} (annualization)`,
    spec: strategy(`volatility target ${timeframe}`, {
      timeframe,
      universe: ["AAA", "EUR/USD"],
      ...crossing({ ema: { period: 8 } }, { ema: { period: 21 } }),
      sizing: {
        volatilityTarget: {
          annualVolatilityPercent: timeframe === "1d" ? 12 : 1,
          lookbackBars: 30,
          maxFractionOfEquity: 0.7,
        },
      },
    }),
  })),
];

/** backtest_strategy's options: a start after a warm-up, an end, other cash. */
const optionCases: ParityCase[] = [
  {
    title: "start, end and initial cash",
    spec: strategy("window", {
      universe: ["AAA", "BTC/USD"],
      ...crossing(close, { sma: { period: 50 } }),
      sizing: { fractionOfEquity: 0.5 },
      trailingStop: { percent: 6 },
    }),
    options: { start: "2020-09-01", end: "2022-06-30", initialCash: 25_000 },
  },
  {
    title: "zero costs",
    spec: strategy("free", {
      ...crossing({ ema: { period: 5 } }, { ema: { period: 10 } }),
      costs: { feeBps: 0, slippageBps: 0 },
    }),
  },
];

export const parityCases: readonly ParityCase[] = [
  ...indicatorCases,
  ...expressionCases,
  ...ruleCases,
  ...exitCases,
  ...sizingCases,
  ...optionCases,
];
