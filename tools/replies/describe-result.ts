import { describePositionRisk } from "./position-risk.ts";
import { describeAccountPerformance } from "./account-performance.ts";
import { describeSnapshot } from "./snapshot.ts";
import { describeSeasonality } from "./seasonality.ts";
import { describePair } from "./pairs.ts";
import { describeSizing } from "./sizing.ts";
import { describeDrawdowns } from "./drawdowns.ts";
import { summarize } from "../summarize-result.ts";
import { describeApprovals } from "./approvals.ts";
import { describeBacktest } from "./backtest.ts";
import { describeBacktests } from "./backtests.ts";
import { describeComparison } from "./comparison.ts";
import { describeStoredBacktest } from "./stored-backtest.ts";
import { describeTerm } from "./glossary.ts";
import { describeSymbols } from "./symbols.ts";
import { describeBars, describeExport, describeFetch, describeImport } from "./bars.ts";
import { describeCode, describeCodeHistory, describeDiff } from "./code.ts";
import { describeCorrelations } from "./correlations.ts";
import { describeAuditCheck, describeDemoMarket } from "./data.ts";
import { describeDesk } from "./desk.ts";
import { describeIndicators } from "./indicators.ts";
import {
  describeExplanation,
  describeKillSwitch,
  describePerformanceContext,
  describePromotion,
  describeStrategyStatus,
} from "./lifecycle.ts";
import { describeCalendar, describeCurrencyStrength, describeRotation } from "./markets.ts";
import {
  describeOptimization,
  describeOptimizations,
  describeStoredOptimization,
} from "./optimization.ts";
import {
  describeOrders,
  describeCancellation,
  describeOrderCheck,
  describePositions,
  describeProposal,
} from "./orders.ts";
import { describePortfolio, describePortfolios } from "./portfolio.ts";
import { describeQuotes } from "./quotes.ts";
import {
  describeAlertCheck,
  describeAlerts,
  describeAlertsCancelled,
  describeAlertSet,
} from "./price-alerts.ts";
import { describeRebalance } from "./rebalance.ts";
import {
  describeIngest,
  describeSearch,
  describeSourceAdded,
  describeSources,
  describeSourceUpdated,
} from "./research.ts";
import { describeFindings, describeScan } from "./scanner.ts";
import { describeDeskSignals, describeSignals } from "./signals.ts";
import { describeStrategyOrders } from "./strategy-orders.ts";
import { describeStrategies, describeStrategyUpdated } from "./strategies.ts";
import { describeUniverseSaved, describeUniverses } from "./universes.ts";
import { describeRuleAdded, describeRuleSet, describeRules } from "./validation-rules.ts";
import { describeValidation } from "./validation.ts";

/**
 * Each tool's result in words, typed by the output it reads (the tool's own, validated by its
 * schema when it ran).
 */
const describers: Record<string, (output: never) => string> = {
  backtest_strategy: describeBacktest,
  list_backtests: describeBacktests,
  get_backtest: describeStoredBacktest,
  compare_backtests: describeComparison,
  drawdowns: describeDrawdowns,
  explain_term: describeTerm,
  list_symbols: describeSymbols,
  size_position: describeSizing,
  propose_order: describeProposal,
  check_order: describeOrderCheck,
  propose_strategy_orders: describeStrategyOrders,
  list_orders: describeOrders,
  cancel_order: describeCancellation,
  get_positions: describePositions,
  list_strategies: describeStrategies,
  update_strategy: describeStrategyUpdated,
  strategy_signals: describeSignals,
  desk_signals: describeDeskSignals,
  list_approvals: describeApprovals,
  scan_markets: describeScan,
  list_findings: describeFindings,
  compute_correlations: describeCorrelations,
  validate_strategy: describeValidation,
  get_validation: describeValidation,
  currency_strength: describeCurrencyStrength,
  market_calendar: describeCalendar,
  optimize_strategy: describeOptimization,
  get_optimization: describeStoredOptimization,
  list_optimizations: describeOptimizations,
  promote_strategy: describePromotion,
  strategy_status: describeStrategyStatus,
  explain_strategy: describeExplanation,
  sector_rotation: describeRotation,
  generate_demo_market: describeDemoMarket,
  list_universes: describeUniverses,
  verify_audit_log: describeAuditCheck,
  generate_code: describeCode,
  search_research: describeSearch,
  ingest_research: describeIngest,
  add_research_source: describeSourceAdded,
  list_research_sources: describeSources,
  update_research_source: describeSourceUpdated,
  kill_switch: describeKillSwitch,
  research_digest: ({ summary }: { summary: string }) => summary,
  construct_portfolio: describePortfolio,
  list_portfolios: describePortfolios,
  performance_context: describePerformanceContext,
  diff_generated_code: describeDiff,
  get_bars: describeBars,
  export_bars: describeExport,
  market_snapshot: describeSnapshot,
  seasonality: describeSeasonality,
  analyze_pair: describePair,
  position_risk: describePositionRisk,
  account_performance: describeAccountPerformance,
  compute_indicators: describeIndicators,
  import_bars: describeImport,
  fetch_bars: describeFetch,
  get_quotes: describeQuotes,
  set_price_alert: describeAlertSet,
  list_price_alerts: describeAlerts,
  cancel_price_alert: describeAlertsCancelled,
  check_price_alerts: describeAlertCheck,
  code_history: describeCodeHistory,
  list_validation_rules: describeRules,
  add_validation_rule: describeRuleAdded,
  set_validation_rule: describeRuleSet,
  define_universe: describeUniverseSaved,
  rebalance_portfolio: describeRebalance,
  desk_status: describeDesk,
};

/**
 * A tool result as a person reads it: a paragraph for the tools people ask for most, every
 * number as the tool gave it (formatted, never computed); the short field-by-field summary for
 * the rest. `maxCharacters` cuts a long one (a reader with a small window: a model).
 */
export function describeResult(
  toolName: string,
  output: Record<string, unknown>,
  maxCharacters = Number.POSITIVE_INFINITY,
): string {
  const describe = describers[toolName];
  const text = describe ? describe(output as never) : summarize(toolName, output);
  return text.length <= maxCharacters
    ? text
    : `${text.slice(0, maxCharacters)}\n… (cut here: the result itself holds the rest)`;
}
