import type { OrderBatchStore, OrderStore } from "../../tools/ports/orders.ts";
import type { OutgoingMessage } from "./message.ts";
import { batchMessage } from "./rebalance-view.ts";
import { approvalMessage } from "./render-turn.ts";
import type { ChatSurface, PostedMessage } from "./surface.ts";

/** A card posted with buttons: an approval's or an order batch's, where it was posted. */
export interface OpenCard {
  kind: "approval" | "batch";
  /** The approval's or the batch's id. */
  id: string;
  threadId: string;
  posted: PostedMessage;
  surface: ChatSurface;
}

/**
 * The card redrawn from its rows once what it asks is no longer pending (decided, expired,
 * cancelled): its state, and no buttons. Undefined while it waits, or when its rows are gone.
 */
export async function settledCard(
  store: Pick<OrderStore & OrderBatchStore, "requestApproval" | "requestIntent" | "requestBatch">,
  card: OpenCard,
): Promise<OutgoingMessage | undefined> {
  if (card.kind === "batch") {
    const batch = await store.requestBatch(card.id);
    return batch && batch.batch.state !== "pending" ? batchMessage(batch) : undefined;
  }
  const approval = await store.requestApproval(card.id);
  if (!approval || approval.state === "pending") return undefined;
  const intent = await store.requestIntent(approval.intentId);
  return intent && approvalMessage({ approval, intent });
}
