export { bollinger, donchian, keltner, type BandsOutput } from "./bands.ts";
export {
  indicatorCatalog,
  withDefaults,
  type IndicatorDefinition,
  type IndicatorInputs,
  type IndicatorName,
  type IndicatorOutput,
} from "./catalog.ts";
export { adx, minusDi, plusDi } from "./directional.ts";
export { highestBars, lowestBars, rollingMax, rollingMin } from "./extremes.ts";
export { macd, type MacdOutput } from "./macd.ts";
export { dema, ema, sma, tema, wma } from "./moving-averages.ts";
export { cci, mfi, momentum, roc } from "./oscillators.ts";
export { rsi, stochRsi, type StochasticOutput } from "./rsi.ts";
export { linRegSlope, rollingStd, zScore } from "./statistics.ts";
export { stochastic, williamsR } from "./stochastic.ts";
export { atr, natr } from "./volatility.ts";
export { obv, vwap } from "./volume.ts";
