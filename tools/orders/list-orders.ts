import { z } from "zod";
import { orderStates } from "../../engine/orders/order-state.ts";
import { defineTool } from "../define-tool.ts";
import { isoTime } from "../time-input.ts";
import { ApprovalViewSchema, BatchViewSchema, OrderViewSchema } from "./order-schemas.ts";
import { approvalView, batchView, orderView } from "./order-views.ts";

export const listOrders = defineTool({
  name: "list_orders",
  summary:
    "Orders and their states on the way to the broker, each with its clientOrderId, fills and any refusal reason.",
  description:
    "Order intents newest first, each with its state on the way to the broker (proposed, approved, submitting, submitted, partially_filled, filled, cancelled, rejected, declined, expired, unknown), its clientOrderId, fills and any reason it was refused.",
  input: z
    .object({
      states: z.array(z.enum(orderStates)).min(1).optional().describe("Only these states."),
      since: z
        .string()
        .datetime({ offset: true, message: "since must be an ISO-8601 time" })
        .optional()
        .describe("Only orders created at or after this time."),
      limit: z.number().int().min(1).max(1000).default(50),
    })
    .strict(),
  output: z.object({
    orders: z.array(OrderViewSchema),
    states: z.array(z.enum(orderStates)).nullable().describe("The states asked for, if any."),
    since: z.string().nullable().describe("The time asked for, if any."),
    asOf: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    // Orders whose approval ran out are expired, not proposed.
    await context.store.expireOverdue(context.clock.nowMs());
    const intents = await context.store.listIntents({
      ...(input.states ? { states: input.states } : {}),
      ...(input.since ? { sinceMs: Date.parse(input.since) } : {}),
      limit: input.limit,
    });
    return {
      orders: intents.map(orderView),
      states: input.states ?? null,
      since: input.since ?? null,
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});

export const listApprovals = defineTool({
  name: "list_approvals",
  summary:
    "Orders waiting for a human (or decided), with who may decide and until when, and rebalance batches with their orders.",
  description:
    "Approvals newest first (pending by default): each order waiting for a human, who may decide it and until when, with the order's exact parameters; and each rebalance batch, whose orders one approval decides together.",
  input: z
    .object({
      state: z.enum(["pending", "approved", "rejected", "expired", "all"]).default("pending"),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  output: z.object({
    approvals: z.array(ApprovalViewSchema.extend({ order: OrderViewSchema })),
    batches: z.array(BatchViewSchema).describe("Rebalances, newest first, in the same state."),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const state = input.state === "all" ? {} : { state: input.state };
    // A pending approval or batch past its time can no longer be decided: shown as what it is.
    await context.store.expireOverdue(context.clock.nowMs());
    const [approvals, batches] = await Promise.all([
      context.store.listApprovals({ ...state, limit: input.limit }),
      context.store.listBatches({ ...state, limit: input.limit }),
    ]);
    const shown = await Promise.all(
      approvals.map(async (approval) => {
        const intent = (await context.store.requestIntent(approval.intentId))!;
        return { ...approvalView(approval), order: orderView(intent) };
      }),
    );
    const shownBatches = await Promise.all(
      batches.map(async (batch) => batchView((await context.store.requestBatch(batch.id))!)),
    );
    return { approvals: shown, batches: shownBatches };
  },
});
