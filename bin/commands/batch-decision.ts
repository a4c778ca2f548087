import { tableAsText, table } from "../../bots/core/message.ts";
import { rebalanceCard } from "../../tools/portfolio/rebalance-card.ts";
import type { BatchWithIntents } from "../../tools/ports/orders.ts";
import type { Runtime } from "../runtime.ts";

/** A rebalance batch's card as terminal text. */
export function batchCardText(batch: BatchWithIntents): string {
  const card = rebalanceCard(batch);
  return [...card.head, tableAsText(table(card.header, card.rows)), ...card.foot].join("\n");
}

/** Pending order batches (rebalances), newest first, as `alphadesk approvals` lists them. */
export async function pendingBatches(runtime: Pick<Runtime, "store">): Promise<BatchWithIntents[]> {
  const batches = await runtime.store.listBatches({ state: "pending", limit: 100 });
  const pending: BatchWithIntents[] = [];
  for (const batch of batches) {
    const stored = await runtime.store.requestBatch(batch.id);
    if (stored) pending.push(stored);
  }
  return pending;
}

/**
 * `alphadesk approve <batch id>` / `reject <batch id>` once confirmed: the batch's one decision,
 * recorded exactly once; approved, its orders go through the executor (each risk-checked again,
 * sells first) and each order's end is printed. Returns the exit code.
 */
export async function decideBatch(
  runtime: Pick<Runtime, "store" | "orderFlow">,
  batch: BatchWithIntents,
  approve: boolean,
  actor: string,
): Promise<number> {
  const decided = await runtime.store.decideBatch({
    batchId: batch.batch.id,
    approve,
    actor,
    paramsHash: batch.batch.paramsHash,
  });
  if (!decided.ok) {
    process.stderr.write(`${decided.message} (${decided.reason})\n`);
    return 1;
  }
  if (!approve) {
    process.stdout.write(`rejected: none of the ${decided.intents.length} orders will be sent\n`);
    return 0;
  }
  process.stdout.write(
    `approved by ${actor}; sending ${decided.intents.length} orders to ${decided.batch.broker}\n`,
  );
  const executor = await runtime.orderFlow();
  const pass = await executor.runOnce();
  await executor.settled();
  if (pass.blocked) process.stdout.write(`not sent yet: ${pass.blocked}\n`);
  const after = await runtime.store.requestBatch(batch.batch.id);
  for (const intent of after?.intents ?? [])
    process.stdout.write(
      `${intent.side} ${intent.quantity} ${intent.symbol}: ${intent.state}${intent.rejectReason ? ` (${intent.rejectReason})` : ""}\n`,
    );
  return 0;
}
