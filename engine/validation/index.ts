export {
  bootstrapSharpeInterval,
  type BootstrapOptions,
  type SharpeInterval,
} from "./bootstrap.ts";
export {
  pricePathWorstReturns,
  tradeReshuffleDrawdowns,
  type DrawdownDistribution,
  type PricePathOptions,
  type ReshuffleOptions,
  type TotalReturnDistribution,
} from "./monte-carlo.ts";
export {
  probabilityOfBacktestOverfitting,
  type OverfittingOptions,
  type OverfittingResult,
  type PerformanceMatrix,
} from "./pbo.ts";
export { sharpeDifferenceTest, type SharpeDifference } from "./sharpe-difference.ts";
export {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  minimumTrackRecordLength,
  probabilisticSharpeRatio,
  sharpeMoments,
  type DeflatedSharpeInput,
  type MinimumTrackRecordInput,
  type ProbabilisticSharpeInput,
  type SharpeEstimate,
  type SharpeMoments,
} from "./sharpe-inference.ts";
