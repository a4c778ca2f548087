import { denialHelp } from "./denial-help.ts";
import { figure, percent, priceText, signed, signedAmount, utc } from "./format.ts";

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

export function describeProposal(result: ProposeOutput): string {
  if (result.status === "denied") {
    const denied = `The risk gate denied the order: ${result.reason?.message ?? result.reason?.code ?? "no reason"}`;
    const next = denialHelp(result.reason?.code);
    return next ? `${denied}\n${next}` : denied;
  }
  const order = result.order!;
  const lines = [
    `${order.live ? "LIVE" : "Paper"} order proposed on ${order.broker}: ${order.side} ${order.quantity} ${order.symbol} ${priceText(order)} (last trade ${order.referencePrice === null ? "n/a" : figure(order.referencePrice)}, notional about ${order.notional === null ? "n/a" : figure(order.notional)}).`,
  ];
  if (result.status === "approved")
    lines.push(
      "A paper auto-approval policy approved it; it goes to the broker after a fresh risk check.",
    );
  else
    lines.push(
      `It waits for ${result.approval!.approvers.join(" or ")} to approve it until ${utc(result.approval!.expiresAt)}: nothing reaches the broker before that.`,
    );
  if (result.queuedForSession)
    lines.push(
      `The market is closed: it will be sent when the session opens at ${utc(result.queuedForSession.opensAt)}.`,
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
    type: string;
    limitPrice: number | null;
    filledQuantity: number;
    averageFillPrice: number | null;
    rejectReason: string | null;
  }[];
  /** The filter asked for (older results lack it). */
  states?: string[] | null;
  since?: string | null;
}

/** "buy 5 AAPL", "sell 2 AAPL limit 190". */
export function orderWords(
  order: Pick<Orders["orders"][number], "side" | "quantity" | "symbol" | "limitPrice">,
): string {
  const limit = order.limitPrice === null ? "" : ` limit ${order.limitPrice}`;
  return `${order.side} ${order.quantity} ${order.symbol}${limit}`;
}

export function describeOrders(result: Orders): string {
  const states = result.states?.map((state) => state.replace(/_/g, " "));
  const since = result.since ? ` since ${utc(result.since)}` : "";
  if (result.orders.length === 0)
    return states || since
      ? `No ${states ? `${states.join(" or ")} ` : ""}orders${since}.`
      : "No orders yet.";
  return [
    `${result.orders.length} ${states ? `${states.join(" or ")} ` : ""}order(s)${since}, newest first:`,
    ...result.orders.map(
      (order) =>
        `- ${order.state}: ${orderWords(order)}${order.filledQuantity > 0 ? `, ${order.filledQuantity} filled at ${order.averageFillPrice}` : ""}${order.rejectReason ? ` (${order.rejectReason})` : ""} [${order.clientOrderId}]`,
    ),
  ].join("\n");
}

interface Cancellation {
  outcome: "declined" | "cancelled" | "cancel_requested" | "filled_first";
  order: Orders["orders"][number] & { broker: string };
  detail: string;
}

const cancellationHeads: Record<Cancellation["outcome"], string> = {
  declined: "Rejected",
  cancelled: "Cancelled",
  cancel_requested: "Cancel requested for",
  filled_first: "Too late to cancel",
};

/** cancel_order: what happened to the one order, in the tool's words. */
export function describeCancellation(result: Cancellation): string {
  const { order } = result;
  return `${cancellationHeads[result.outcome]}: ${orderWords(order)} on ${order.broker} [${order.clientOrderId}], now ${order.state}. ${result.detail}`;
}

/** get_positions' and desk_status' `today`. */
export interface TodayView {
  startEquity: number;
  change: number;
  changeFraction: number;
  since: "previousClose" | "firstSeen";
  /** Absent from results stored before the tools gave it. */
  lossLimit?: { fraction: number; amount: number; loss: number; left: number };
}

/** "Today: -1200 (-1.20%) since the previous close (...). Daily loss limit 2.0% = 2200: 1000 left." */
export function todayLine(today: TodayView): string {
  const since =
    today.since === "previousClose"
      ? `since the previous close (equity ${figure(today.startEquity)})`
      : `since the desk's first look today (equity ${figure(today.startEquity)}; the broker reports no close)`;
  const head = `Today: ${signedAmount(today.change)} (${signed(today.changeFraction)}) ${since}.`;
  const limit = today.lossLimit;
  if (!limit) return head;
  const cap = `Daily loss limit ${percent(limit.fraction, 1)} = ${figure(limit.amount)}`;
  return limit.left > 0
    ? `${head} ${cap}: ${figure(limit.left)} left${limit.loss > 0 ? ` (lost ${figure(limit.loss)})` : ""}.`
    : `${head} ${cap} reached (lost ${figure(limit.loss)}): only orders that reduce exposure pass until the next trading day.`;
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
  /** Absent from results stored before get_positions gave it. */
  today?: TodayView;
  /** Absent from results stored before get_positions gave them. */
  ordersUnsettled?: {
    symbol: string;
    side: string;
    quantity: number;
    filledQuantity: number;
    state: string;
  }[];
}

const unsettledWords: Record<string, string> = {
  proposed: "waiting for approval",
  approved: "approved, not yet sent",
  submitting: "being sent",
  unknown: "sent, its fate being checked",
  submitted: "open at the broker",
  partially_filled: "partly filled",
};

export function describePositions(result: Positions): string {
  const { account, today } = result;
  return [
    `${result.broker}: equity ${account.equity}, cash ${account.cash}, buying power ${account.buyingPower}.`,
    ...(today ? [todayLine(today)] : []),
    ...(result.positions.length === 0
      ? ["No positions."]
      : result.positions.map(
          (p) =>
            `- ${p.symbol}: ${p.quantity} at ${p.averageEntryPrice}, worth ${p.marketValue}, unrealized P&L ${p.unrealizedPnl}`,
        )),
    ...(result.ordersUnsettled?.length
      ? [
          `Orders not yet settled: ${result.ordersUnsettled
            .map(
              (order) =>
                `${order.side} ${order.quantity} ${order.symbol} (${unsettledWords[order.state] ?? order.state}${order.filledQuantity > 0 ? `, ${order.filledQuantity} filled` : ""})`,
            )
            .join(", ")}.`,
        ]
      : []),
  ].join("\n");
}

interface OrderCheck {
  passes: boolean;
  reason: { code: string; message: string } | null;
  order: {
    side: string;
    quantity: number | null;
    symbol: string;
    type: string;
    limitPrice: number | null;
  };
  referencePrice: number | null;
  notional: number | null;
  equity: number | null;
  queuedForSession?: { opensAt: string };
  sizedForStage?: { fraction: number };
  broker: string;
  live: boolean;
}

/** check_order: the gate's verdict on an order now, and that nothing was proposed. */
export function describeOrderCheck(result: OrderCheck): string {
  const { order } = result;
  const what =
    order.quantity === null
      ? `${order.side} ${order.symbol}`
      : orderWords({ ...order, quantity: order.quantity });
  const where = `${result.broker}${result.live ? " (real money)" : ""}`;
  if (!result.passes) {
    const lines = [
      `"${what}" would not pass the risk gate on ${where} now: ${result.reason?.message ?? "no reason"}. Nothing was proposed.`,
    ];
    const next = denialHelp(result.reason?.code);
    if (next) lines.push(next);
    return lines.join("\n");
  }
  const size =
    result.notional === null
      ? ""
      : ` (about ${figure(result.notional)} at the last trade ${result.referencePrice === null ? "n/a" : figure(result.referencePrice)}${result.equity ? `, ${percent(result.notional / result.equity)} of the ${figure(result.equity)} equity` : ""})`;
  const lines = [
    `"${what}" would pass the risk gate on ${where} now${size}. Nothing was proposed: "${what}" proposes it for a person's approval, and the gate checks it again then and at submission.`,
  ];
  if (result.sizedForStage)
    lines.push(
      `Its strategy trades at small live: ${percent(result.sizedForStage.fraction)} of the size asked for, as above.`,
    );
  if (result.queuedForSession)
    lines.push(
      `The market is closed: a proposal would wait for the session opening at ${utc(result.queuedForSession.opensAt)}.`,
    );
  return lines.join("\n");
}
