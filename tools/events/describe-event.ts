import type { StoredEvent } from "../ports/events.ts";
import { isoTime } from "../time-input.ts";
import { findingSymbols } from "../replies/format.ts";
import { firedAlertLine } from "../alerts/alert-words.ts";

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const signed = (value: number) => `${value >= 0 ? "+" : ""}${fixed(value)}`;

/** One plain line per event, for the terminal and the chat layer's posts. */
export function describeEvent(event: StoredEvent): string {
  const at = isoTime(event.atMs);
  if (event.topic === "scan.completed") {
    const scan = event.payload;
    const head = `${at} scan ${scan.scanId}: ${scan.symbolsScanned} symbols, ${scan.candidatesTested} candidates tested, ${scan.findings} findings (${scan.newFindingsCount} new), ${scan.decayed} decayed`;
    const fresh = scan.newFindings.map(
      (finding) =>
        `  new finding ${finding.id}: ${finding.pattern} ${findingSymbols(finding.symbols)} ${finding.direction}, q ${finding.qValue.toPrecision(2)}, out-of-sample Sharpe ${fixed(finding.outOfSampleSharpe)}`,
    );
    return [head, ...fresh].join("\n");
  }
  if (event.topic === "approval.pending") {
    const order = event.payload;
    return `${at} approval ${order.approvalId} pending: ${describeOrder(order)} on ${order.broker}${order.strategyId ? ` for strategy ${order.strategyId}` : ""}; ${order.approvers.join(", ")} may decide until ${isoTime(order.expiresAtMs)}`;
  }
  if (event.topic === "order.updated") {
    const order = event.payload;
    const fills =
      order.filledQuantity > 0 && order.averageFillPrice !== null
        ? `, ${order.filledQuantity} filled at ${order.averageFillPrice}`
        : "";
    return `${at} order ${order.intentId} ${order.state}: ${order.side} ${order.quantity} ${order.symbol}${fills}${order.rejectReason ? ` (${order.rejectReason})` : ""}`;
  }
  if (event.topic === "trading.state") {
    const change = event.payload;
    return `${at} trading ${change.state} for ${change.scope} by ${change.actor}${change.reason ? `: ${change.reason}` : ""}`;
  }
  if (event.topic === "price.alert") return `${at} ${firedAlertLine(event.payload)}`;
  const regime = event.payload;
  return `${at} correlation regime: ${regime.metric} ${regime.direction === "rise" ? "rose" : "fell"} to ${fixed(regime.value)} from ${fixed(regime.baseline)} (${signed(regime.shift)}) on ${isoTime(regime.atMs).slice(0, 10)}, ${regime.windowBars}-bar window over ${regime.symbols.join(", ")}`;
}

function describeOrder(order: {
  side: string;
  quantity: number;
  symbol: string;
  type: string;
  limitPrice: number | null;
}): string {
  return `${order.side} ${order.quantity} ${order.symbol} ${order.type === "limit" ? `limit ${order.limitPrice}` : "at market"}`;
}
