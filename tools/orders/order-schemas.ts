import { z } from "zod";
import { checkOrderSequence } from "../../engine/risk/index.ts";

const DenyCodeSchema = z.enum(checkOrderSequence as [string, ...string[]]);

/** A positive, finite number in an order's input, named in its error. */
export const positive = (what: string) =>
  z.number().positive(`${what} must be greater than 0`).finite(`${what} must be finite`);

export const RiskCheckSchema = z.object({
  code: DenyCodeSchema,
  passed: z.boolean(),
  limit: z.number().optional(),
  actual: z.number().optional(),
  field: z.string().optional(),
  message: z.string(),
});

export const DenyReasonSchema = z.object({
  code: z
    .enum(["STRATEGY_STAGE", ...checkOrderSequence])
    .describe(
      "Stable: the risk check that refused the order, or STRATEGY_STAGE when the strategy's stage does not allow this broker.",
    ),
  message: z.string(),
  limit: z.number().optional(),
  actual: z.number().optional(),
  field: z.string().optional(),
});

/** An order intent as every order tool shows it. */
export const OrderViewSchema = z.object({
  intentId: z.string().describe("Also the broker's client_order_id."),
  clientOrderId: z.string(),
  broker: z.string(),
  live: z.boolean().describe("True when the broker trades real money."),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  quantity: z.number(),
  type: z.enum(["market", "limit"]),
  limitPrice: z.number().nullable(),
  strategyId: z.string().nullable(),
  state: z.string(),
  filledQuantity: z.number(),
  averageFillPrice: z.number().nullable(),
  brokerOrderId: z.string().nullable(),
  rejectReason: z.string().nullable(),
  queuedUntil: z.string().nullable().describe("Waits for this session opening (ISO-8601 UTC)."),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ApprovalViewSchema = z.object({
  id: z.string(),
  intentId: z.string(),
  state: z.enum(["pending", "approved", "rejected", "expired"]),
  approvers: z.array(z.string()),
  expiresAt: z.string(),
  paramsHash: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

/** A rebalance's orders, decided together: one approval of the batch id sends or declines all. */
export const BatchViewSchema = ApprovalViewSchema.omit({ intentId: true }).extend({
  id: z.string().describe("Approve it with `alphadesk approve <id>` or the card's one button."),
  portfolioId: z.string().nullable(),
  broker: z.string(),
  live: z.boolean().describe("True when the broker trades real money."),
  orders: z.array(OrderViewSchema).describe("In the order they go out: sells first."),
});
