import { explainStrategy } from "../research/insight/explain-strategy.ts";
import { performanceContext } from "../research/insight/performance-context.ts";
import { addResearchSource } from "../research/tools/add-research-source.ts";
import { listResearchSources } from "../research/tools/list-research-sources.ts";
import { updateResearchSource } from "../research/tools/update-research-source.ts";
import { ingestResearch } from "../research/tools/ingest-research.ts";
import { researchDigest } from "../research/tools/research-digest.ts";
import { searchResearch } from "../research/tools/search-research.ts";
import { backtestStrategy } from "./backtest/backtest-strategy.ts";
import { compareBacktests } from "./backtest/compare-backtests.ts";
import { getBacktest } from "./backtest/get-backtest.ts";
import { drawdowns } from "./backtest/drawdowns.ts";
import { explainTerm } from "./glossary/explain-term.ts";
import { listBacktests } from "./backtest/list-backtests.ts";
import { fetchBars } from "./bars/fetch-bars.ts";
import { exportBars } from "./bars/export-bars.ts";
import { getBars } from "./bars/get-bars.ts";
import { marketSnapshot } from "./bars/market-snapshot.ts";
import { seasonality } from "./bars/seasonality.ts";
import { analyzePair } from "./pairs/analyze-pair.ts";
import { listSymbols } from "./bars/list-symbols.ts";
import { importBars } from "./bars/import-bars.ts";
import { marketCalendar } from "./calendar/market-calendar.ts";
import { generateCode } from "./codegen/generate-code.ts";
import { codeHistory } from "./codegen/code-history.ts";
import { diffGeneratedCode } from "./codegen/diff-generated-code.ts";
import { computeCorrelations } from "./correlation/compute-correlations.ts";
import { currencyStrength } from "./correlation/currency-strength.ts";
import { sectorRotation } from "./correlation/sector-rotation.ts";
import { verifyAuditLog } from "./audit/verify-audit-log.ts";
import type { Tool } from "./define-tool.ts";
import { listFindings } from "./scanner/list-findings.ts";
import { scanMarkets } from "./scanner/scan-markets.ts";
import { generateDemoMarket } from "./demo/generate-demo-market.ts";
import { computeIndicators } from "./indicators/compute-indicators.ts";
import { optimizeStrategy } from "./optimizer/optimize-strategy.ts";
import { getOptimization } from "./optimizer/get-optimization.ts";
import { listOptimizations } from "./optimizer/list-optimizations.ts";
import { promoteStrategy } from "./lifecycle/promote-strategy.ts";
import { strategyStatus } from "./lifecycle/strategy-status.ts";
import { listStrategies } from "./strategy/list-strategies.ts";
import { updateStrategy } from "./strategy/update-strategy.ts";
import { strategySignals } from "./strategy/strategy-signals.ts";
import { deskSignals } from "./strategy/desk-signals.ts";
import { deskStatus } from "./status/desk-status.ts";
import { constructPortfolioTool } from "./portfolio/construct-portfolio.ts";
import { rebalancePortfolio } from "./portfolio/rebalance-portfolio.ts";
import { listPortfolios } from "./portfolio/list-portfolios.ts";
import { positionRisk } from "./orders/position-risk.ts";
import { getPositions } from "./orders/get-positions.ts";
import { killSwitch } from "./orders/kill-switch.ts";
import { cancelOrder } from "./orders/cancel-order.ts";
import { listApprovals, listOrders } from "./orders/list-orders.ts";
import { proposeOrder } from "./orders/propose-order.ts";
import { orderCheck } from "./orders/check-order.ts";
import { proposeStrategyOrders } from "./orders/propose-strategy-orders.ts";
import { sizePosition } from "./orders/size-position.ts";
import { getQuotes } from "./quotes/get-quotes.ts";
import { accountPerformance } from "./orders/account-performance.ts";
import { setPriceAlert } from "./alerts/set-price-alert.ts";
import { listPriceAlerts } from "./alerts/list-price-alerts.ts";
import { cancelPriceAlert } from "./alerts/cancel-price-alert.ts";
import { checkPriceAlerts } from "./alerts/check-price-alerts.ts";
import {
  addValidationRule,
  listValidationRules,
  setValidationRule,
} from "./validator/rule-tools.ts";
import { validateStrategy } from "./validator/validate-strategy.ts";
import { getValidation } from "./validator/get-validation.ts";
import { defineUniverse, listUniverses } from "./universes/universe-tools.ts";

/** The registry: the one import surface for the command line, the agent, MCP and the chat faces. */
export const tools: readonly Tool[] = [
  importBars,
  fetchBars,
  getBars,
  exportBars,
  marketSnapshot,
  seasonality,
  analyzePair,
  listSymbols,
  getQuotes,
  setPriceAlert,
  listPriceAlerts,
  cancelPriceAlert,
  checkPriceAlerts,
  computeIndicators,
  backtestStrategy,
  listStrategies,
  updateStrategy,
  strategySignals,
  deskSignals,
  listBacktests,
  getBacktest,
  compareBacktests,
  drawdowns,
  optimizeStrategy,
  listOptimizations,
  getOptimization,
  validateStrategy,
  getValidation,
  generateCode,
  codeHistory,
  diffGeneratedCode,
  listValidationRules,
  addValidationRule,
  setValidationRule,
  scanMarkets,
  listFindings,
  generateDemoMarket,
  marketCalendar,
  listUniverses,
  defineUniverse,
  computeCorrelations,
  currencyStrength,
  sectorRotation,
  sizePosition,
  orderCheck,
  proposeOrder,
  proposeStrategyOrders,
  listApprovals,
  listOrders,
  getPositions,
  positionRisk,
  accountPerformance,
  cancelOrder,
  killSwitch,
  promoteStrategy,
  strategyStatus,
  deskStatus,
  constructPortfolioTool,
  listPortfolios,
  rebalancePortfolio,
  verifyAuditLog,
  searchResearch,
  addResearchSource,
  listResearchSources,
  updateResearchSource,
  ingestResearch,
  researchDigest,
  explainStrategy,
  performanceContext,
  explainTerm,
] as readonly Tool[];

export function findTool(name: string): Tool | undefined {
  return tools.find((tool) => tool.name === name);
}

export type { BacktestResult } from "./backtest/backtest-strategy.ts";
export type { Tool, ToolContext, ToolEffect } from "./define-tool.ts";
export { runTool } from "./run-tool.ts";
