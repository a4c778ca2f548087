import { denialHelp } from "./denial-help.ts";
import { count, inWords, utc } from "./format.ts";

interface Outcome {
  status: "pending" | "approved" | "denied";
  approval?: { id: string; expiresAt: string; approvers: string[] };
  reason?: { code: string; message: string };
  queuedForSession?: { opensAt: string };
}

interface StrategyOrders {
  broker: string;
  live: boolean;
  strategies: {
    strategyId: string;
    name: string;
    stage: string;
    lastBar: string | null;
    proposals: {
      symbol: string;
      side: string;
      quantity: number;
      kind: "entry" | "close";
      why: string;
      basis: string;
      outcome: Outcome;
    }[];
    notes: { symbol: string | null; note: string }[];
  }[];
}

function outcomeWords(outcome: Outcome): string {
  if (outcome.status === "denied") return `denied by the risk gate: ${outcome.reason?.message}`;
  const queued = outcome.queuedForSession
    ? `, sent when the session opens at ${utc(outcome.queuedForSession.opensAt)}`
    : "";
  return outcome.status === "approved"
    ? `approved by the strategy's paper auto-approval${queued}`
    : `waits for approval by ${outcome.approval!.approvers.join(" or ")} until ${utc(outcome.approval!.expiresAt)}${queued} [approval ${outcome.approval!.id}]`;
}

/** propose_strategy_orders: per strategy, the orders its rules called for and what became of each. */
export function describeStrategyOrders(result: StrategyOrders): string {
  const where = `${result.live ? "LIVE (real money)" : "paper"} on ${result.broker}`;
  if (result.strategies.length === 0)
    return `No strategy trades ${where}: promote_strategy moves a validated one to paper${result.live ? ", then small_live" : ""}.`;
  const proposed = result.strategies.reduce((sum, each) => sum + each.proposals.length, 0);
  const lines = [
    `${count(result.strategies.length, "strategy", "strategies")} read, ${count(proposed, "order")} proposed, ${where}:`,
  ];
  for (const strategy of result.strategies) {
    const at = strategy.lastBar ? `, signals at the close of ${strategy.lastBar.slice(0, 10)}` : "";
    const nothing =
      strategy.proposals.length + strategy.notes.length === 0 ? ": nothing to trade" : ":";
    lines.push(`- "${strategy.name}" (${inWords(strategy.stage)}${at})${nothing}`);
    for (const order of strategy.proposals)
      lines.push(
        `  - ${order.side} ${order.quantity} ${order.symbol} (${order.kind === "close" ? "closes it" : "entry"}: ${order.why}; ${order.basis}): ${outcomeWords(order.outcome)}`,
      );
    for (const note of strategy.notes)
      lines.push(`  - ${note.symbol ? `${note.symbol}: ` : ""}${note.note}`);
  }
  const denials = result.strategies.flatMap((strategy) =>
    strategy.proposals.flatMap(({ outcome }) => (outcome.reason ? [outcome.reason.code] : [])),
  );
  for (const code of new Set(denials)) {
    const help = denialHelp(code);
    if (help) lines.push(help);
  }
  if (proposed > 0)
    lines.push(
      "These follow the strategies' own rules, not advice; nothing reaches the broker before its approval.",
    );
  return lines.join("\n");
}
