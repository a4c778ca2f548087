import { z } from "zod";
import type { TurnToolCall } from "../../agent/run-turn.ts";
import { rebalanceCard } from "../../tools/portfolio/rebalance-card.ts";
import type { BatchWithIntents, OrderBatchStore } from "../../tools/ports/orders.ts";
import { DecisionButton, encodeDecisionValue } from "./decide.ts";
import { ButtonStyle, preformatted, table, type Block, type OutgoingMessage } from "./message.ts";

const Proposed = z.object({ status: z.literal("proposed"), batch: z.object({ id: z.string() }) });

/** The batches rebalance_portfolio proposed in these calls, as the database holds them now. */
export async function readProposedBatches(
  store: Pick<OrderBatchStore, "requestBatch">,
  calls: readonly TurnToolCall[],
): Promise<BatchWithIntents[]> {
  const batches: BatchWithIntents[] = [];
  for (const call of calls) {
    if (!call.ok || call.name !== "rebalance_portfolio") continue;
    const proposed = Proposed.safeParse(call.output);
    if (!proposed.success) continue;
    const stored = await store.requestBatch(proposed.data.batch.id);
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
