import { z } from "zod";
import {
  checkOrder,
  floorToStep,
  quantityStep,
  type CheckResult,
  type DenyReason,
  type OrderRequest,
  type RiskDecision,
} from "../../engine/risk/index.ts";
import { marketOf } from "../bars/market-of.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { AuditAction } from "../ports/audit.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { isoTime } from "../time-input.ts";
import {
  ApprovalViewSchema,
  DenyReasonSchema,
  OrderViewSchema,
  positive,
  RiskCheckSchema,
} from "./order-schemas.ts";
import { approvalView, orderView } from "./order-views.ts";
import { stageSizeFraction } from "../lifecycle/stage-evidence.ts";
import { paramsHash } from "./params-hash.ts";
import { requireExecution } from "./require-execution.ts";
import { gatherRiskContext, type GatheredContext } from "./risk-context.ts";

export const ProposeOrderInput = z
  .object({
    symbol: SymbolSchema.transform((symbol) => symbol.toUpperCase()),
    side: z.enum(["buy", "sell"]),
    quantity: positive("quantity").optional().describe("Units: shares, coins, contracts."),
    notional: positive("notional")
      .optional()
      .describe(
        "Account currency instead of a quantity: sized at the last trade, rounded down to whole contracts (futures) or 9 decimal places.",
      ),
    type: z.enum(["market", "limit"]).default("market"),
    limitPrice: positive("limitPrice")
      .optional()
      .describe("Required for, and only for, limit orders."),
    strategyId: StrategyIdInput.optional().describe(
      "The stored strategy the order is for; its stage decides where it may trade.",
    ),
  })
  .strict()
  .superRefine((order, context) => {
    if ((order.quantity === undefined) === (order.notional === undefined))
      context.addIssue({
        code: "custom",
        path: ["quantity"],
        message: "give exactly one of quantity and notional",
      });
    if ((order.type === "limit") !== (order.limitPrice !== undefined))
      context.addIssue({
        code: "custom",
        path: ["limitPrice"],
        message:
          order.type === "limit"
            ? "a limit order needs limitPrice"
            : "limitPrice is only for limit orders (type: limit)",
      });
  });

const Priced = z.object({
  referencePrice: z.number().nullable().describe("The last trade the gate priced the order with."),
  priceSource: z.string(),
  notional: z.number().nullable(),
  live: z.boolean().describe("True when the broker trades real money."),
});

export const SizedForStage = z
  .object({ stage: z.literal("small_live"), fraction: z.number() })
  .describe("The strategy trades live at this fraction of the size asked for.");

export const ProposeOrderOutput = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("pending"),
    approval: ApprovalViewSchema,
    order: OrderViewSchema.extend(Priced.shape),
    queuedForSession: z.object({ opensAt: z.string() }).optional(),
    sizedForStage: SizedForStage.optional(),
    checks: z.array(RiskCheckSchema),
  }),
  z.object({
    status: z.literal("approved"),
    autoApproved: z.literal(true).describe("A paper strategy's auto-approval policy decided."),
    approval: ApprovalViewSchema,
    order: OrderViewSchema.extend(Priced.shape),
    queuedForSession: z.object({ opensAt: z.string() }).optional(),
    sizedForStage: SizedForStage.optional(),
    checks: z.array(RiskCheckSchema),
  }),
  z.object({
    status: z.literal("denied"),
    reason: DenyReasonSchema,
    checks: z.array(RiskCheckSchema),
  }),
]);

/** The policy's approver id: an auto-approval is on record as this actor. */
const autoApprover = "policy:auto-approve-paper";

export const proposeOrder = defineTool({
  name: "propose_order",
  summary:
    "Propose an order: the risk gate checks it and, if it passes, a human must approve it before anything reaches the broker.",
  description:
    "Propose a broker order. It runs the risk gate and, when every check passes, creates a pending approval that only a human can approve (a chat button or `alphadesk approve <id>`); nothing is sent to the broker before that. Outside market hours an order is queued for the next session. Returns the approval or the denial with its reason code and numbers.",
  input: ProposeOrderInput,
  output: ProposeOrderOutput,
  effect: "order",
  openWorld: true,
  run: (input, context) => proposeAtStage(input, context),
});

/**
 * propose_order's work. `stageSized`: the order is already at the size the strategy's stage
 * trades (a close of what it holds, an entry sized from its traded capital), so a small_live
 * stage does not take a tenth of it again; the stage still decides where it may trade.
 */
export async function proposeAtStage(
  input: z.output<typeof ProposeOrderInput>,
  context: ToolContext,
  { stageSized = false }: { stageSized?: boolean } = {},
): Promise<z.output<typeof ProposeOrderOutput>> {
  const execution = requireExecution(context);
  const nowMs = context.clock.nowMs();
  const verdict = await judgeOrder(input, context, nowMs, { stageSized });
  const denied = async (
    order: object,
    reason: DenyReason | StageRefusal,
    checks: CheckResult[],
  ) => {
    await context.store.appendAudit({
      actor: context.actor,
      action: AuditAction.orderDenied,
      subject: null,
      details: { order, reason },
    });
    return { status: "denied" as const, reason, checks };
  };
  if (verdict.kind === "refused") return denied(input, verdict.reason, []);
  const { order, gathered, decision, fraction } = verdict;
  if (!decision.allowed)
    return denied(order, withHaltReason(decision.reason, gathered), decision.checks);
  const { broker } = execution;
  const parameters = {
    broker: broker.name,
    symbol: input.symbol,
    side: input.side,
    quantity: decision.quantity,
    type: input.type,
    limitPrice: input.limitPrice ?? null,
    strategyId: input.strategyId ?? null,
  };
  const hash = paramsHash(parameters);
  const autoApprove = !broker.live && (await autoApproves(context, input.strategyId));
  const approvers = [...execution.approvers, ...(autoApprove ? [autoApprover] : [])];
  const proposed = await context.store.proposeIntent(
    {
      ...parameters,
      live: broker.live,
      paramsHash: hash,
      risk: {
        checks: decision.checks,
        referencePrice: gathered.price!.price,
        priceSource: execution.prices.name,
        notional: decision.notional,
      },
      queuedUntilMs: decision.queuedForSession?.opensAtMs ?? null,
    },
    { approvers, expiresAtMs: nowMs + execution.approvalTtlMs },
    context.actor,
  );
  let { intent, approval } = proposed;
  if (autoApprove) {
    const decided = await context.store.decideApproval({
      approvalId: approval.id,
      approve: true,
      actor: autoApprover,
      paramsHash: hash,
      nowMs,
    });
    if (!decided.ok) throw new Error(`auto-approval failed: ${decided.message}`);
    ({ intent, approval } = decided);
    execution.wake();
  }
  const shown = {
    approval: approvalView(approval),
    order: {
      ...orderView(intent),
      referencePrice: gathered.price!.price,
      priceSource: execution.prices.name,
      notional: decision.notional,
      live: broker.live,
    },
    ...(decision.queuedForSession
      ? { queuedForSession: { opensAt: isoTime(decision.queuedForSession.opensAtMs) } }
      : {}),
    ...(fraction !== 1 ? { sizedForStage: { stage: "small_live" as const, fraction } } : {}),
    checks: decision.checks,
  };
  return autoApprove
    ? { status: "approved" as const, autoApproved: true as const, ...shown }
    : { status: "pending" as const, ...shown };
}

/** The strategy's stage refuses the order before the gate is asked. */
type StageRefusal = { code: "STRATEGY_STAGE"; message: string };

/**
 * An order as the risk gate judges it now, nothing proposed or recorded: the strategy stage's
 * refusal (or a stage's share below one unit), else the gate's decision on the order at the
 * stage's size, with what the gate read. propose_order proposes what passes; check_order only
 * says.
 */
export async function judgeOrder(
  input: z.output<typeof ProposeOrderInput>,
  context: ToolContext,
  nowMs: number,
  { stageSized = false }: { stageSized?: boolean } = {},
): Promise<
  | { kind: "refused"; reason: StageRefusal }
  | {
      kind: "judged";
      order: OrderRequest;
      gathered: GatheredContext;
      decision: RiskDecision;
      fraction: number;
    }
> {
  const execution = requireExecution(context);
  const stage = await stageFor(context, input.strategyId, execution.broker.live);
  if ("refusal" in stage) return { kind: "refused", reason: stage.refusal };
  const fraction = stageSized ? 1 : stage.fraction;
  const market = marketOf(input.symbol);
  // 3 x 0.1 is 0.30000000000000004 in binary: the human must approve the quantity the broker
  // is sent, so the stage's share is kept to 12 significant digits, and a quantity to the
  // market's step (whole contracts, billionths).
  const sized = (amount: number) =>
    fraction === 1 ? amount : Number((amount * fraction).toPrecision(12));
  const quantity =
    input.quantity === undefined || fraction === 1
      ? input.quantity
      : floorToStep(sized(input.quantity), quantityStep(market));
  if (quantity === 0)
    return {
      kind: "refused",
      reason: {
        code: "STRATEGY_STAGE" as const,
        message: `STRATEGY_STAGE: the strategy's stage trades ${fraction * 100}% of each order, and ${input.quantity} x ${fraction} is less than one tradable unit of ${input.symbol}`,
      },
    };
  const gathered = await gatherRiskContext(execution, context.store, input, nowMs);
  const order: OrderRequest = {
    symbol: input.symbol,
    side: input.side,
    ...(quantity !== undefined ? { quantity } : {}),
    ...(input.notional !== undefined ? { notional: sized(input.notional) } : {}),
    type: input.type,
    ...(input.limitPrice !== undefined ? { limitPrice: input.limitPrice } : {}),
    ...(input.strategyId !== undefined ? { strategyId: input.strategyId } : {}),
    market,
  };
  const decision = gathered.price
    ? checkOrder(order, gathered.context)
    : unpriced(gathered, input.symbol, execution.prices.name);
  return { kind: "judged", order, gathered, decision, fraction };
}

/**
 * A strategy's stage decides where its orders may go: live brokers only from small_live on
 * (small_live at a tenth of the size), paper only once promoted past backtest. An id no stored
 * strategy has is refused: approval cards show the id, so it must name something real.
 */
async function stageFor(
  context: ToolContext,
  strategyId: string | undefined,
  live: boolean,
): Promise<{ fraction: number } | { refusal: { code: "STRATEGY_STAGE"; message: string } }> {
  if (!strategyId) return { fraction: 1 };
  const stage = await context.store.requestStage(strategyId);
  const refuse = (message: string) => ({
    refusal: { code: "STRATEGY_STAGE" as const, message: `STRATEGY_STAGE: ${message}` },
  });
  if (!stage) return refuse(`no stored strategy ${strategyId}: backtest_strategy stores it`);
  if (live) {
    if (stage.stage !== "small_live" && stage.stage !== "full_live")
      return refuse(
        `strategy ${strategyId} is at ${stage.stage}: live orders need it promoted to small_live (promote_strategy)`,
      );
    return { fraction: stageSizeFraction[stage.stage] };
  }
  if (stage.stage === "backtest")
    return refuse(
      `strategy ${strategyId} is at backtest: promote it to paper (promote_strategy, after a validator pass) before it trades`,
    );
  return { fraction: 1 };
}

async function autoApproves(context: ToolContext, strategyId: string | undefined) {
  if (!strategyId) return false;
  const controls = await context.store.requestControls(`strategy:${strategyId}`);
  return controls.autoApprovePaper;
}

/** No price to check with: halted still says halted; otherwise the order is unpriced. */
export function unpriced(gathered: GatheredContext, symbol: string, source: string) {
  const halted = gathered.context.state === "halted";
  const check: CheckResult = halted
    ? {
        code: "TRADING_HALTED",
        passed: false,
        message: "TRADING_HALTED: trading is halted: no order passes",
      }
    : {
        code: "STALE_PRICE",
        passed: false,
        message: `STALE_PRICE: no last trade of ${symbol} from ${source}; an order is never sized without a price`,
      };
  return {
    allowed: false as const,
    reason: { code: check.code, message: check.message },
    checks: [check],
  };
}

export function withHaltReason(reason: DenyReason, gathered: GatheredContext): DenyReason {
  if (reason.code !== "TRADING_HALTED" || !gathered.halt) return reason;
  const { halt } = gathered;
  return {
    ...reason,
    message: `${reason.message} (kill switch by ${halt.actor} at ${isoTime(halt.atMs)}: ${halt.reason})`,
  };
}
