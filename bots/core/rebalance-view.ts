import { rebalanceCard } from "../../tools/portfolio/rebalance-card.ts";
import type { BatchWithIntents, OrderBatchStore } from "../../tools/ports/orders.ts";
import { DecisionButton, encodeDecisionValue } from "./decide.ts";
import { ButtonStyle, preformatted, table, type Block, type OutgoingMessage } from "./message.ts";

/**
 * The order batches among a turn's `waitingFor` (the ones its rebalance_portfolio calls
 * proposed), as the database holds them now; approval ids are left out.
 */
export async function readWaitingBatches(
  store: Pick<OrderBatchStore, "requestBatch">,
  waitingFor: readonly string[],
): Promise<BatchWithIntents[]> {
  const batches: BatchWithIntents[] = [];
  for (const id of waitingFor) {
    const stored = await store.requestBatch(id);
    if (stored) batches.push(stored);
  }
  return batches;
}

/**
 * A rebalance batch's card, from its rows (`rebalanceCard`): every order with its risk verdict,
 * and while it is pending one Approve for them all and one Reject, whose value carries the batch
 * id and its parameters hash.
 */
export function batchMessage(batch: BatchWithIntents): OutgoingMessage {
  const card = rebalanceCard(batch);
  const blocks: Block[] = [
    preformatted(card.head.join("\n")),
    table(card.header, card.rows),
    preformatted(card.foot.join("\n")),
  ];
  const { id, paramsHash, state } = batch.batch;
  if (state === "pending") {
    const value = encodeDecisionValue({ approvalId: id, paramsHash });
    blocks.push({
      kind: "buttons",
      buttons: [
        {
          id: DecisionButton.BATCH_APPROVE,
          label: `Approve ${batch.intents.length} order(s)`,
          style: ButtonStyle.PRIMARY,
          value,
        },
        { id: DecisionButton.BATCH_REJECT, label: "Reject", style: ButtonStyle.DANGER, value },
      ],
    });
  }
  return { blocks, summary: `${card.head[0]} (${state})` };
}
