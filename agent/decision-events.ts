import type { Store } from "../tools/ports/store.ts";

/** Where a resumed turn reads what a human decided: the rows, never the interrupt. */
export type DecisionRows = Pick<Store, "requestApproval" | "requestIntent" | "requestBatch">;

/** An approval's outcome as the database has it: its state, who decided it, its order's state. */
export async function approvalEvent(rows: DecisionRows, id: string): Promise<string> {
  const approval = await rows.requestApproval(id);
  if (!approval) return `approval ${id} is not stored`;
  const intent = await rows.requestIntent(approval.intentId);
  return `approval ${id}: ${approval.state}${decider(approval.decidedBy)}; order ${approval.intentId} is ${intent?.state ?? "unknown"}`;
}

/** An order batch's outcome as the database has it: its state, who decided it, each order's state. */
export async function batchEvent(rows: DecisionRows, id: string): Promise<string> {
  const stored = await rows.requestBatch(id);
  if (!stored) return `batch ${id} is not stored`;
  const { batch, intents } = stored;
  const orders = intents.map(
    (intent) =>
      `${intent.side} ${intent.quantity} ${intent.symbol} is ${intent.state}${intent.rejectReason ? ` (${intent.rejectReason})` : ""}`,
  );
  return `batch ${id}: ${batch.state}${decider(batch.decidedBy)}; its ${intents.length} order(s): ${orders.join(", ")}`;
}

const decider = (decidedBy: string | null) => (decidedBy ? ` by ${decidedBy}` : "");
