export {
  bestTradeShare,
  bootstrapSamples,
  laterStartBars,
  monteCarloRuns,
  pboPartitions,
  sharpeConfidence,
  ValidationContext,
} from "./context.ts";
export { customRuleProblem, customValidationRule } from "./custom-rules.ts";
export { keyNumbersOf } from "./key-numbers.ts";
export {
  computeMetrics,
  metricCatalogue,
  metricNames,
  metricValue,
  type MetricDefinition,
} from "./metrics.ts";
export { builtInRules } from "./rules/index.ts";
export { runRule, validateStrategy, verdictOf } from "./runner.ts";
export { compareTruncated, type TruncationComparison } from "./analysis/truncation.ts";
export {
  ruleFamilies,
  severities,
  type CorporateActionEvent,
  type CustomRule,
  type FuturesSymbol,
  type KeyNumber,
  type LiveStrategyReturns,
  type RuleFamily,
  type RuleOutcome,
  type RuleResult,
  type RuleStatus,
  type Severity,
  type SignalFunction,
  type SymbolSignals,
  type TrialSet,
  type ValidateOptions,
  type ValidationInput,
  type ValidationReport,
  type ValidationRule,
} from "./types.ts";
