import { count, priceText, utc } from "./format.ts";

interface OrderLine {
  side: string;
  quantity: number;
  symbol: string;
  type: string;
  limitPrice: number | null;
  broker: string;
  live: boolean;
}

interface Decidable {
  id: string;
  state: string;
  approvers: string[];
  expiresAt: string;
  decidedBy: string | null;
}

interface ApprovalsOutput {
  approvals: (Decidable & { order: OrderLine })[];
  batches: (Decidable & { broker: string; live: boolean; orders: OrderLine[] })[];
}

const orderText = (order: OrderLine) =>
  `${order.side} ${order.quantity} ${order.symbol} ${priceText(order)}`;

const decision = (row: Decidable) =>
  row.state === "pending"
    ? `${row.approvers.join(" or ")} may decide until ${utc(row.expiresAt)}`
    : row.decidedBy
      ? `${row.state} by ${row.decidedBy}`
      : row.state;

/** list_approvals: each order and rebalance batch waiting for a person (or decided), by id. */
export function describeApprovals({ approvals, batches }: ApprovalsOutput): string {
  if (approvals.length === 0 && batches.length === 0) return "No approvals to show.";
  const lines = [
    `${count(approvals.length, "order approval")} and ${count(batches.length, "rebalance batch", "rebalance batches")}, newest first:`,
    ...approvals.map(
      (row) =>
        `- ${row.state}: ${row.order.live ? "LIVE " : ""}${orderText(row.order)} on ${row.order.broker}; ${decision(row)} [approval ${row.id}]`,
    ),
    ...batches.map(
      (row) =>
        `- ${row.state}: ${row.live ? "LIVE " : ""}rebalance of ${count(row.orders.length, "order")} on ${row.broker} (${row.orders.map(orderText).join(", ")}); ${decision(row)} [batch ${row.id}]`,
    ),
  ];
  if ([...approvals, ...batches].some((row) => row.state === "pending"))
    lines.push(
      "Decide one on its card in chat, or in a terminal with `npx alphadesk approve <id>`.",
    );
  return lines.join("\n");
}
