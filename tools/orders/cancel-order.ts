import { z } from "zod";
import { AlphadeskError, invalidInput, notFound } from "../errors.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { AuditAction } from "../ports/audit.ts";
import type { Execution } from "../ports/execution.ts";
import type { OrderIntent } from "../ports/orders.ts";
import { applyBrokerOrder } from "./apply-broker-order.ts";
import { OrderViewSchema } from "./order-schemas.ts";
import { orderView } from "./order-views.ts";
import { requireExecution } from "./require-execution.ts";

/** An order's id as list_orders shows it, its approval's id, or the start of either (8+ characters). */
const OrderIdInput = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[0-9a-f][0-9a-f-]{7,35}$/,
    "must be an order's id (its clientOrderId, as list_orders shows it) or its approval's, or the first 8 or more characters of either",
  );

/** Broker answers to a cancel that mean "nothing open to cancel": the lookup says what it became. */
const notOpenCodes = new Set(["order_not_open", "order_not_cancelable", "not_found"]);

const Outcome = z
  .enum(["declined", "cancelled", "cancel_requested", "filled_first"])
  .describe(
    "declined: its approval was rejected, nothing was sent; cancelled: it will not trade (more); cancel_requested: the broker has the request and has not confirmed it yet; filled_first: it filled before the cancel took.",
  );

export const cancelOrder = defineTool({
  name: "cancel_order",
  summary:
    "Cancel one order: reject it while it waits for approval, withdraw it before it is sent, or cancel it at the broker.",
  description:
    "Cancel one order by its id (list_orders' clientOrderId, or its approval's id as a card shows it; either by its first 8+ characters) without halting anything else. An order waiting for approval is rejected (only one of its approvers may); an approved order not yet sent is withdrawn; an open order at the broker is cancelled there, and what filled before stays filled. The kill switch cancels everything at once.",
  input: z.object({ orderId: OrderIdInput }).strict(),
  output: z.object({ outcome: Outcome, order: OrderViewSchema, detail: z.string() }),
  effect: "write",
  idempotent: true,
  openWorld: true,
  async run(input, context) {
    const execution = requireExecution(context);
    const intent = await findIntent(context, input.orderId);
    if (intent.broker !== execution.broker.name)
      throw invalidInput(
        `order ${intent.id} went to ${intent.broker}, and this process is connected to ${execution.broker.name}: cancel it where it was sent`,
      );
    switch (intent.state) {
      case "proposed":
        return await decline(context, intent);
      case "approved": {
        const withdrawn = await context.store.moveIntent(
          intent.id,
          ["approved"],
          "cancelled",
          { rejectReason: `cancelled by ${context.actor} before it was sent`, settleOutbox: true },
          {
            actor: context.actor,
            action: AuditAction.orderUpdated,
            details: { event: "cancelled_before_send" },
          },
        );
        if (withdrawn)
          return {
            outcome: "cancelled" as const,
            order: orderView(withdrawn),
            detail: "It was approved but not yet sent: it never reaches the broker.",
          };
        // The executor took it in the meantime: what it is now decides.
        return await cancelAtBroker(context, execution, await reread(context, intent));
      }
      default:
        return await cancelAtBroker(context, execution, intent);
    }
  },
});

/**
 * The order an id names: an order's id (its clientOrderId) or its approval's, whole or by their
 * start, since a card shows the approval's id and a list the order's.
 */
async function findIntent(context: ToolContext, id: string): Promise<OrderIntent> {
  const { store } = context;
  const exact = (await store.requestIntent(id)) ?? (await store.requestApproval(id));
  const candidates = exact
    ? ["intentId" in exact ? exact.intentId : exact.id]
    : [
        ...new Set([
          ...(await store.listIntents({ limit: 1000 }))
            .filter((intent) => intent.id.startsWith(id))
            .map((intent) => intent.id),
          ...(await store.listApprovals({ limit: 1000 }))
            .filter((approval) => approval.id.startsWith(id))
            .map((approval) => approval.intentId),
        ]),
      ];
  if (candidates.length > 1)
    throw invalidInput(
      `${candidates.length} orders start with ${id} (their ids or their approvals'): give more of the id`,
      [{ path: ["orderId"], message: "matches more than one order" }],
    );
  const intent = candidates[0] && (await store.requestIntent(candidates[0]));
  if (intent) return intent;
  throw notFound(
    `no order or approval ${id}: list_orders shows each order's id (its clientOrderId)`,
  );
}

async function reread(context: ToolContext, intent: OrderIntent): Promise<OrderIntent> {
  return (await context.store.requestIntent(intent.id)) ?? intent;
}

/** A proposed order's pending approval, rejected by the caller: the same rule as the card's button. */
async function decline(context: ToolContext, intent: OrderIntent) {
  const approval = (await context.store.listApprovals({ state: "pending", limit: 1000 })).find(
    (pending) => pending.intentId === intent.id,
  );
  if (!approval)
    throw new AlphadeskError(
      "order_in_batch",
      `order ${intent.id} waits for approval with the other orders of its rebalance: \`alphadesk approvals\` shows the batch, and rejecting it cancels them all`,
      "user",
    );
  const decided = await context.store.decideApproval({
    approvalId: approval.id,
    approve: false,
    actor: context.actor,
    paramsHash: approval.paramsHash,
    nowMs: context.clock.nowMs(),
  });
  if (!decided.ok)
    throw new AlphadeskError(
      decided.reason === "not_allowed" ? "not_allowed" : "not_pending",
      decided.reason === "not_allowed"
        ? `only its approvers (${approval.approvers.join(", ")}) may reject order ${intent.id}, not ${context.actor}: \`alphadesk reject ${approval.id}\` or the card's Reject button`
        : `order ${intent.id} could not be rejected: ${decided.message}`,
      "user",
    );
  return {
    outcome: "declined" as const,
    order: orderView(decided.intent),
    detail: `Its approval ${approval.id} was rejected by ${context.actor}: nothing was sent.`,
  };
}

/**
 * Asks the broker to cancel an order it holds, then moves the intent to what the broker says
 * (the trade-updates stream would too; a move the state machine already made changes nothing).
 */
async function cancelAtBroker(context: ToolContext, execution: Execution, intent: OrderIntent) {
  if (intent.state === "submitting" || intent.state === "unknown")
    throw new AlphadeskError(
      "order_in_flight",
      `order ${intent.id} is on its way to ${intent.broker} and its outcome is being resolved: ask again in a moment`,
      "retryable",
    );
  if (intent.state !== "submitted" && intent.state !== "partially_filled")
    throw new AlphadeskError(
      "order_not_open",
      `order ${intent.id} is already ${intent.state}${filledWords(intent)}: nothing is left to cancel`,
      "user",
    );
  await context.store.appendAudit({
    actor: context.actor,
    action: AuditAction.orderCancelRequested,
    subject: intent.id,
    details: { broker: intent.broker, brokerOrderId: intent.brokerOrderId },
  });
  try {
    if (intent.brokerOrderId) await execution.broker.cancel(intent.brokerOrderId);
  } catch (error) {
    if (!(error instanceof AlphadeskError && notOpenCodes.has(error.code))) throw error;
  }
  const found = await execution.broker.orderByClientId(intent.id);
  const moved = found
    ? await applyBrokerOrder(context.store, intent, found, context.actor)
    : undefined;
  const now = moved ?? (await reread(context, intent));
  if (now.state === "cancelled")
    return {
      outcome: "cancelled" as const,
      order: orderView(now),
      detail: `${intent.broker} cancelled it${filledWords(now)}.`,
    };
  if (now.state === "filled")
    return {
      outcome: "filled_first" as const,
      order: orderView(now),
      detail: `It filled before the cancel took${filledWords(now)}.`,
    };
  return {
    outcome: "cancel_requested" as const,
    order: orderView(now),
    detail: `${intent.broker} has the cancel request and has not confirmed it yet: list_orders shows when it does.`,
  };
}

function filledWords(intent: OrderIntent): string {
  return intent.filledQuantity > 0
    ? ` (${intent.filledQuantity} of ${intent.quantity} filled at ${intent.averageFillPrice})`
    : "";
}
