import { summarize } from "../tools/summarize-result.ts";
import type { ChatMessage } from "./messages.ts";
import { describeCorrelations, type CorrelationOutput } from "./replies/correlations.ts";
import { describeApprovals, describeDeskStatus, type ApprovalsOutput } from "./replies/desk.ts";
import { fixed, percent } from "./replies/format.ts";
import {
  describeCalendar,
  describeCurrencyStrength,
  type CalendarOutput,
  type CurrencyStrengthOutput,
} from "./replies/markets.ts";
import { describeFindings, describeScan, type ScanOutput } from "./replies/scanner.ts";
import { describeValidation, type ValidationOutput } from "./replies/validation.ts";

interface BacktestOutput {
  id: string;
  strategyId: string;
  metrics: {
    startTime: string | null;
    endTime: string | null;
    totalReturn: number;
    cagr: number | null;
    sharpe: number | null;
    maxDrawdown: number;
    trades: number;
    winRate: number | null;
  };
  benchmarks?: Record<string, { name: string; metrics: { totalReturn: number } } | null>;
  warnings?: string[];
}

interface ProposeOutput {
  status: "pending" | "approved" | "denied";
  approval?: { id: string; expiresAt: string; approvers: string[] };
  order?: {
    side: string;
    quantity: number;
    symbol: string;
    type: string;
    limitPrice: number | null;
    referencePrice: number | null;
    notional: number | null;
    broker: string;
    live: boolean;
  };
  reason?: { code: string; message: string };
  queuedForSession?: { opensAt: string };
}

/**
 * The offline planner's reply: every number copied from a tool result of this turn, nothing
 * computed or recalled. Backtests and orders get a readable paragraph; other tools the short
 * summary the MCP face uses.
 */
export function offlineReply(turn: readonly ChatMessage[]): string {
  const parts: string[] = [];
  for (const message of turn) {
    if (message.role === "event") parts.push(message.content);
    if (message.role !== "tool") continue;
    const output = JSON.parse(message.content) as Record<string, unknown>;
    if (!message.ok) {
      const error = (output as { error?: { message?: string } }).error;
      parts.push(`${message.name} failed: ${error?.message ?? "unknown error"}`);
    } else if (message.name === "backtest_strategy")
      parts.push(describeBacktest(output as unknown as BacktestOutput));
    else if (message.name === "propose_order")
      parts.push(describeProposal(output as unknown as ProposeOutput));
    else if (message.name === "list_orders")
      parts.push(describeOrders(output as unknown as Orders));
    else if (message.name === "get_positions")
      parts.push(describePositions(output as unknown as Positions));
    else if (message.name === "list_strategies")
      parts.push(describeStrategies(output as unknown as Strategies));
    else if (message.name === "list_approvals")
      parts.push(describeApprovals(output as unknown as ApprovalsOutput));
    else if (message.name === "desk_status")
      parts.push(describeDeskStatus(output as unknown as { asOf: string }));
    else if (message.name === "scan_markets")
      parts.push(describeScan(output as unknown as ScanOutput));
    else if (message.name === "list_findings")
      parts.push(describeFindings(output as unknown as Pick<ScanOutput, "findings">));
    else if (message.name === "compute_correlations")
      parts.push(describeCorrelations(output as unknown as CorrelationOutput));
    else if (message.name === "validate_strategy")
      parts.push(describeValidation(output as unknown as ValidationOutput));
    else if (message.name === "currency_strength")
      parts.push(describeCurrencyStrength(output as unknown as CurrencyStrengthOutput));
    else if (message.name === "market_calendar")
      parts.push(describeCalendar(output as unknown as CalendarOutput));
    else parts.push(summarize(message.name, output));
  }
  return parts.join("\n\n") || "Done.";
}

function describeBacktest(result: BacktestOutput): string {
  const m = result.metrics;
  const lines = [
    `Backtest ${result.id} (strategy ${result.strategyId.slice(0, 12)}…), ${m.startTime?.slice(0, 10) ?? "?"} to ${m.endTime?.slice(0, 10) ?? "?"}:`,
    `total return ${percent(m.totalReturn)}, CAGR ${percent(m.cagr)}, Sharpe ${fixed(m.sharpe)}, max drawdown ${percent(m.maxDrawdown)}, ${m.trades} trades, win rate ${percent(m.winRate)}.`,
  ];
  for (const benchmark of Object.values(result.benchmarks ?? {}))
    if (benchmark)
      lines.push(
        `Benchmark ${benchmark.name}: total return ${percent(benchmark.metrics.totalReturn)}.`,
      );
  for (const warning of result.warnings ?? []) lines.push(`Note: ${warning}`);
  return lines.join("\n");
}

function describeProposal(result: ProposeOutput): string {
  if (result.status === "denied")
    return `The risk gate denied the order: ${result.reason?.message ?? result.reason?.code ?? "no reason"}`;
  const order = result.order!;
  const price = order.type === "limit" ? `limit ${order.limitPrice}` : "at market";
  const lines = [
    `${order.live ? "LIVE" : "Paper"} order proposed on ${order.broker}: ${order.side} ${order.quantity} ${order.symbol} ${price} (last trade ${order.referencePrice}, notional about ${order.notional}).`,
  ];
  if (result.status === "approved")
    lines.push(
      "A paper auto-approval policy approved it; it goes to the broker after a fresh risk check.",
    );
  else
    lines.push(
      `It waits for ${result.approval!.approvers.join(" or ")} to approve it until ${result.approval!.expiresAt}: nothing reaches the broker before that.`,
    );
  if (result.queuedForSession)
    lines.push(
      `The market is closed: it will be sent when the session opens at ${result.queuedForSession.opensAt}.`,
    );
  return lines.join("\n");
}

interface Orders {
  orders: {
    clientOrderId: string;
    state: string;
    side: string;
    quantity: number;
    symbol: string;
    filledQuantity: number;
    averageFillPrice: number | null;
    rejectReason: string | null;
  }[];
}

function describeOrders(result: Orders): string {
  if (result.orders.length === 0) return "No orders yet.";
  return [
    `${result.orders.length} order(s), newest first:`,
    ...result.orders.map(
      (order) =>
        `- ${order.state}: ${order.side} ${order.quantity} ${order.symbol}${order.filledQuantity > 0 ? `, ${order.filledQuantity} filled at ${order.averageFillPrice}` : ""}${order.rejectReason ? ` (${order.rejectReason})` : ""} [${order.clientOrderId}]`,
    ),
  ].join("\n");
}

interface Positions {
  broker: string;
  account: { equity: number; cash: number; buyingPower: number };
  positions: {
    symbol: string;
    quantity: number;
    averageEntryPrice: number;
    marketValue: number;
    unrealizedPnl: number;
  }[];
}

function describePositions(result: Positions): string {
  const { account } = result;
  return [
    `${result.broker}: equity ${account.equity}, cash ${account.cash}, buying power ${account.buyingPower}.`,
    ...(result.positions.length === 0
      ? ["No positions."]
      : result.positions.map(
          (p) =>
            `- ${p.symbol}: ${p.quantity} at ${p.averageEntryPrice}, worth ${p.marketValue}, unrealized P&L ${p.unrealizedPnl}`,
        )),
  ].join("\n");
}

interface Strategies {
  strategies: {
    id: string;
    name: string;
    stage: string;
    latestBacktest: {
      totalReturn: number | null;
      sharpe: number | null;
      maxDrawdown: number | null;
      trades: number | null;
    } | null;
  }[];
}

function describeStrategies({ strategies }: Strategies): string {
  if (strategies.length === 0)
    return 'No strategies stored yet: backtest one first, e.g. "backtest a 20/50 moving average crossover on SPY".';
  return [
    `${strategies.length} stored ${strategies.length === 1 ? "strategy" : "strategies"}, newest first:`,
    ...strategies.map(({ id, name, stage, latestBacktest: run }) => {
      const numbers = run
        ? `latest backtest: total return ${percent(run.totalReturn)}, Sharpe ${fixed(run.sharpe)}, max drawdown ${percent(run.maxDrawdown)}, ${run.trades ?? "n/a"} trades`
        : "not backtested";
      return `- ${name} (${id.slice(0, 12)}…, ${stage.replace("_", " ")}): ${numbers}`;
    }),
  ].join("\n");
}
