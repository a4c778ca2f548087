import { z } from "zod";
import type { BatchWithIntents } from "../ports/orders.ts";
import { isoTime } from "../time-input.ts";
import { RebalanceSummary } from "./rebalance-schema.ts";

export interface RebalanceCard {
  /** What it is and why it was proposed. */
  head: string[];
  /** One row per order: the batch's intents in order, then the orders the risk gate denied. */
  header: string[];
  rows: string[][];
  /** What a click does, who may click until when, and the hash a click names. */
  foot: string[];
}

/** What an intent's risk record shows on the card (propose_order and rebalance_portfolio keep both). */
const RiskShown = z.object({ referencePrice: z.number(), notional: z.number() }).partial();

const money = (value: number) => value.toFixed(2);
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * A rebalance batch as a human decides it, built from the database rows (never from model text):
 * every order with its side, fractional quantity, last trade, notional and risk verdict, why the
 * batch was proposed, and what Approve and Reject do.
 */
export function rebalanceCard({ batch, intents }: BatchWithIntents): RebalanceCard {
  const parsed = RebalanceSummary.safeParse(batch.summary);
  const summary = parsed.success ? parsed.data : undefined;
  const denied = summary?.denied ?? [];
  const head = [
    `${batch.live ? "LIVE REBALANCE (real money)" : "Paper rebalance"} on ${batch.broker}: ${intents.length} order(s) to approve${denied.length > 0 ? `, ${denied.length} denied by the risk gate` : ""}`,
  ];
  if (summary) {
    const { portfolio, triggers } = summary;
    head.push(
      `  portfolio ${portfolio.id} (${portfolio.objective}, over ${portfolio.source}); equity ${money(summary.equity)}`,
    );
    const why: string[] = [];
    if (triggers.drift && summary.maxDrift)
      why.push(
        `${summary.maxDrift.symbol} holds ${percent(summary.maxDrift.currentWeight)} against its target of ${percent(summary.maxDrift.targetWeight)} (threshold ${percent(summary.driftThreshold)})`,
      );
    for (const event of triggers.regimeEvents.slice(0, 3))
      why.push(
        `correlation regime: ${event.metric} ${event.direction} of ${event.shift.toFixed(2)} over ${event.symbols.join(", ")} (${event.windowBars} bars) on ${event.at.slice(0, 10)}`,
      );
    if (triggers.forced) why.push("asked for (force)");
    head.push(`  why: ${why.join("; ") || "asked for"}`);
    for (const warning of summary.warnings) head.push(`  note: ${warning}`);
  }
  const rows = intents.map((intent) => {
    const risk = RiskShown.safeParse(intent.risk);
    const shown = risk.success ? risk.data : {};
    return [
      intent.side.toUpperCase(),
      intent.symbol,
      String(intent.quantity),
      shown.referencePrice === undefined ? "?" : String(shown.referencePrice),
      shown.notional === undefined ? "?" : money(shown.notional),
      "passed",
      intent.state,
    ];
  });
  for (const order of denied)
    rows.push([
      order.side.toUpperCase(),
      order.symbol,
      String(order.quantity),
      String(order.referencePrice),
      money(order.notional),
      `DENIED ${order.reason.code}`,
      "not sent",
    ]);
  const decided =
    batch.state === "pending"
      ? `${batch.approvers.join(", ")} may decide until ${isoTime(batch.expiresAtMs)}`
      : `${batch.decidedBy ? `by ${batch.decidedBy} ` : ""}at ${isoTime(batch.decidedAtMs ?? batch.expiresAtMs)}`;
  const opensAtMs = intents.find((intent) => intent.queuedUntilMs !== null)?.queuedUntilMs ?? null;
  const foot = [
    ...denied.map((order) => `  ${order.symbol} not sent: ${order.reason.message}`),
    ...(opensAtMs === null
      ? []
      : [
          `  market closed: approved orders are sent when the session opens at ${isoTime(opensAtMs)}`,
        ]),
    `  Approve sends the ${intents.length} passed order(s) in this order (sells first), each risk-checked again when it is sent; Reject sends none.`,
    `  batch ${batch.id}: ${batch.state}, ${decided}`,
    `  parameters hash ${batch.paramsHash.slice(0, 16)}…`,
  ];
  return {
    head,
    header: ["Side", "Symbol", "Quantity", "Last trade", "Notional", "Risk", "State"],
    rows,
    foot,
  };
}
