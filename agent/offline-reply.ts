import { summarize } from "../tools/summarize-result.ts";
import type { ChatMessage } from "./messages.ts";
import { describeBacktest } from "./replies/backtest.ts";
import { describeCorrelations } from "./replies/correlations.ts";
import { describeApprovals, describeDeskStatus } from "./replies/desk.ts";
import {
  describeExplanation,
  describePromotion,
  describeStrategyStatus,
} from "./replies/lifecycle.ts";
import { describeCalendar, describeCurrencyStrength, describeRotation } from "./replies/markets.ts";
import { describeOptimization } from "./replies/optimization.ts";
import { describeOrders, describePositions, describeProposal } from "./replies/orders.ts";
import { describeFindings, describeScan } from "./replies/scanner.ts";
import { describeStrategies } from "./replies/strategies.ts";
import { describeValidation } from "./replies/validation.ts";

/**
 * Each tool's reply, typed by the output it reads. The output is the tool's own, validated by
 * its schema when it ran; a tool not listed gets the short summary the MCP face uses.
 */
const describers: Record<string, (output: never) => string> = {
  backtest_strategy: describeBacktest,
  propose_order: describeProposal,
  list_orders: describeOrders,
  get_positions: describePositions,
  list_strategies: describeStrategies,
  list_approvals: describeApprovals,
  desk_status: describeDeskStatus,
  scan_markets: describeScan,
  list_findings: describeFindings,
  compute_correlations: describeCorrelations,
  validate_strategy: describeValidation,
  currency_strength: describeCurrencyStrength,
  market_calendar: describeCalendar,
  optimize_strategy: describeOptimization,
  promote_strategy: describePromotion,
  strategy_status: describeStrategyStatus,
  explain_strategy: describeExplanation,
  sector_rotation: describeRotation,
};

/**
 * The offline planner's reply: every number copied from a tool result of this turn, nothing
 * computed or recalled: a readable paragraph per result (`describers`).
 */
export function offlineReply(turn: readonly ChatMessage[]): string {
  const parts: string[] = [];
  for (const message of turn) {
    if (message.role === "event") parts.push(message.content);
    if (message.role !== "tool") continue;
    const output = JSON.parse(message.content) as Record<string, unknown>;
    const describe = describers[message.name];
    if (!message.ok) {
      const error = (output as { error?: { message?: string } }).error;
      parts.push(`${message.name} failed: ${error?.message ?? "unknown error"}`);
    } else parts.push(describe ? describe(output as never) : summarize(message.name, output));
  }
  return parts.join("\n\n") || "Done.";
}
