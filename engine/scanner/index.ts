export { scanMarket } from "./scan.ts";
export {
  defaultScanOptions,
  patternFamilies,
  type Finding,
  type PatternFamily,
  type PeriodPerformance,
  type ScanOptions,
  type ScanResult,
} from "./types.ts";
