import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { isoTime } from "../time-input.ts";
import { DenyReasonSchema, RiskCheckSchema } from "./order-schemas.ts";
import { judgeOrder, ProposeOrderInput, SizedForStage, withHaltReason } from "./propose-order.ts";
import { requireExecution } from "./require-execution.ts";

export const orderCheck = defineTool({
  name: "check_order",
  summary:
    "Would an order pass the risk gate now? Every check with its numbers, and nothing proposed, recorded or sent.",
  description:
    "Runs the risk gate on an order exactly as propose_order would at this moment (the account, positions and open orders from the broker, the limits, the trading state, the strategy's stage and its share of the size, the last trade) and says whether it would pass and why, without proposing it: no approval, no audit row, no order. propose_order proposes it for a human's approval; the gate checks it again then, and again at submission.",
  input: ProposeOrderInput,
  output: z.object({
    passes: z.boolean(),
    reason: DenyReasonSchema.nullable().describe("The first refusal, when it would not pass."),
    order: z.object({
      symbol: z.string(),
      side: z.enum(["buy", "sell"]),
      quantity: z
        .number()
        .nullable()
        .describe(
          "As the gate would carry it (a notional sized at the last trade, a stage's share); null: a notional the gate did not size.",
        ),
      type: z.enum(["market", "limit"]),
      limitPrice: z.number().nullable(),
    }),
    referencePrice: z.number().nullable().describe("The last trade the gate prices with."),
    priceSource: z.string(),
    notional: z.number().nullable(),
    equity: z.number().nullable().describe("The account's equity the limits are measured against."),
    queuedForSession: z
      .object({ opensAt: z.string() })
      .optional()
      .describe("The market is closed: a proposal would wait for this opening."),
    sizedForStage: SizedForStage.optional(),
    checks: z.array(RiskCheckSchema),
    broker: z.string(),
    live: z.boolean().describe("True when the broker trades real money."),
    asOf: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run(input, context) {
    const execution = requireExecution(context);
    const nowMs = context.clock.nowMs();
    const verdict = await judgeOrder(input, context, nowMs);
    const base = {
      order: {
        symbol: input.symbol,
        side: input.side,
        quantity: input.quantity ?? null,
        type: input.type,
        limitPrice: input.limitPrice ?? null,
      },
      priceSource: execution.prices.name,
      broker: execution.broker.name,
      live: execution.broker.live,
      asOf: isoTime(nowMs),
    };
    if (verdict.kind === "refused")
      return {
        ...base,
        passes: false,
        reason: verdict.reason,
        referencePrice: null,
        notional: null,
        equity: null,
        checks: [],
      };
    const { gathered, decision, fraction } = verdict;
    return {
      ...base,
      order: {
        ...base.order,
        quantity: decision.allowed ? decision.quantity : base.order.quantity,
      },
      passes: decision.allowed,
      reason: decision.allowed ? null : withHaltReason(decision.reason, gathered),
      referencePrice: gathered.price?.price ?? null,
      notional: decision.allowed ? decision.notional : null,
      equity: gathered.context.account.equity,
      ...(decision.allowed && decision.queuedForSession
        ? { queuedForSession: { opensAt: isoTime(decision.queuedForSession.opensAtMs) } }
        : {}),
      ...(fraction !== 1 ? { sizedForStage: { stage: "small_live" as const, fraction } } : {}),
      checks: decision.checks,
    };
  },
});
