import { z } from "zod";
import { orderStates } from "../../engine/orders/order-state.ts";
import { defineTool } from "../define-tool.ts";
import { isoTime } from "../time-input.ts";
import { ApprovalViewSchema, OrderViewSchema } from "./order-schemas.ts";
import { approvalView, orderView } from "./order-views.ts";

export const listOrders = defineTool({
  name: "list_orders",
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
  output: z.object({ orders: z.array(OrderViewSchema), asOf: z.string() }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const intents = await context.store.listIntents({
      ...(input.states ? { states: input.states } : {}),
      ...(input.since ? { sinceMs: Date.parse(input.since) } : {}),
      limit: input.limit,
    });
    return { orders: intents.map(orderView), asOf: isoTime(context.clock.nowMs()) };
  },
});

export const listApprovals = defineTool({
  name: "list_approvals",
  description:
    "Approvals newest first (pending by default): each order waiting for a human, who may decide it and until when, with the order's exact parameters.",
  input: z
    .object({
      state: z.enum(["pending", "approved", "rejected", "expired", "all"]).default("pending"),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  output: z.object({
    approvals: z.array(ApprovalViewSchema.extend({ order: OrderViewSchema })),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const approvals = await context.store.listApprovals({
      ...(input.state === "all" ? {} : { state: input.state }),
      limit: input.limit,
    });
    const nowMs = context.clock.nowMs();
    const shown = await Promise.all(
      approvals.map(async (approval) => {
        const intent = (await context.store.requestIntent(approval.intentId))!;
        // A pending approval past its time can no longer be decided: show it as what it is.
        const state =
          approval.state === "pending" && approval.expiresAtMs <= nowMs
            ? "expired"
            : approval.state;
        return { ...approvalView({ ...approval, state }), order: orderView(intent) };
      }),
    );
    return { approvals: shown };
  },
});
