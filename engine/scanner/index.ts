export {
  mergeScanParts,
  planScan,
  runScanWork,
  scanMarket,
  scanMarketSteps,
  splitScanWork,
  type ScanPart,
  type ScanWork,
} from "./scan.ts";
export { minimumBars } from "./prepared.ts";
export {
  defaultScanOptions,
  patternFamilies,
  type Finding,
  type PatternFamily,
  type PeriodPerformance,
  type ScanOptions,
  type ScanResult,
} from "./types.ts";
