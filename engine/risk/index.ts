export {
  checkOrder,
  patternDayTraderMinimumEquity,
  patternDayTradesBeforeRestriction,
} from "./gate.ts";
export { dailyLoss, type DailyLoss, type DayAccount } from "./daily-loss.ts";
export { defaultLimits, effectiveLimits, hardLimits } from "./limits.ts";
export { floorToStep, quantityStep, relativeTolerance } from "./numbers.ts";
export {
  largestPassing,
  positionAt,
  sizeToStop,
  type SizedToStop,
  type StopSizing,
} from "./position-size.ts";
export {
  checkOrderSequence,
  type AccountSnapshot,
  type CheckResult,
  type DenyCode,
  type DenyReason,
  type MarketSnapshot,
  type OpenOrder,
  type OrderRequest,
  type OrderSide,
  type PositionSnapshot,
  type RecentOrder,
  type RiskContext,
  type RiskDecision,
  type RiskLimits,
  type TradingState,
} from "./types.ts";
