export { alignCloses, logReturns, type AlignedCloses, type CloseSeries } from "./align.ts";
export {
  currencies,
  currencyStrength,
  rankDescending,
  usdMajors,
  type Currency,
} from "./currency-strength.ts";
export { firstEigen, firstEigenShare, type FirstEigen } from "./eigen.ts";
export { correlationPath, type CorrelationPath } from "./path.ts";
export { detectRegimeShifts, RegimeMetric, type RegimeEvent, type RegimeRule } from "./regime.ts";
export { RollingCorrelation } from "./rolling.ts";
export {
  Quadrant,
  quadrantOf,
  relativeStrength,
  sectorRotation,
  type HorizonRanks,
  type RotationSignal,
  type SectorRotation,
} from "./sector-rotation.ts";
export { correlationClusters } from "./clusters.ts";
export { correlationToRest } from "./to-rest.ts";
