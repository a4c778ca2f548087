import { z } from "zod";
import { storedIdInput } from "../stored-id.ts";
import { DenyReasonSchema, RiskCheckSchema } from "../orders/order-schemas.ts";

/** A stored portfolio's id, as construct_portfolio and list_portfolios give it. */
export const PortfolioIdInput = storedIdInput(
  "portfolio",
  "construct_portfolio and list_portfolios",
);

export const RebalancePortfolioInput = z
  .object({
    portfolioId: PortfolioIdInput.optional().describe(
      "The stored portfolio to rebalance (default: the newest one).",
    ),
    driftThreshold: z
      .number()
      .gt(0, "`driftThreshold` must be greater than 0 (a share of equity, e.g. 0.05)")
      .max(1, "`driftThreshold` must be at most 1 (a share of equity, e.g. 0.05)")
      .default(0.05)
      .describe(
        "A symbol whose weight is further than this from its target (absolute, a share of equity) triggers a rebalance (default 0.05: 5 percentage points).",
      ),
    minOrderNotional: z
      .number()
      .min(0, "`minOrderNotional` must be at least 0")
      .max(1_000_000, "`minOrderNotional` must be at most 1000000")
      .default(10)
      .describe("Orders smaller than this, in account currency, are left out (default 10)."),
    force: z
      .boolean()
      .default(false)
      .describe(
        "Propose the rebalance even when neither drift nor a correlation regime change triggers it (a proposal still waiting for a decision is never stacked: decide it first).",
      ),
  })
  .strict();
export type RebalancePortfolioInput = z.output<typeof RebalancePortfolioInput>;

const Drift = z.object({
  symbol: z.string(),
  currentWeight: z.number().describe("Share of equity held now."),
  targetWeight: z.number(),
  drift: z.number().describe("currentWeight - targetWeight."),
});

export const RegimeEventView = z.object({
  symbols: z.array(z.string()),
  windowBars: z.number(),
  metric: z.enum(["averageCorrelation", "firstEigenShare"]),
  direction: z.enum(["rise", "fall"]),
  at: z.string().describe("Date of the bar the change was measured on (ISO-8601 UTC)."),
  shift: z.number(),
});

const BatchView = z.object({
  id: z.string().describe("The batch: one Approve decides all its orders."),
  state: z.enum(["pending", "approved", "rejected", "expired"]),
  orders: z.number().int().describe("Orders a click on Approve sends."),
  approvers: z.array(z.string()),
  expiresAt: z.string(),
  paramsHash: z.string(),
});

export const RebalanceOrderView = z.object({
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  quantity: z.number().describe("Units, fractional."),
  referencePrice: z.number().describe("The last trade it was sized and risk-checked with."),
  notional: z.number(),
  currentWeight: z.number(),
  targetWeight: z.number(),
  verdict: z.enum(["passed", "denied"]).describe("The risk gate's verdict at proposal."),
  reason: DenyReasonSchema.optional().describe("Why the risk gate denied it."),
  checks: z.array(RiskCheckSchema),
  intentId: z.string().optional().describe("The order intent (client order id) of a passed order."),
  queuedUntil: z.string().optional().describe("Waits for this session opening (ISO-8601 UTC)."),
});
export type RebalanceOrderView = z.output<typeof RebalanceOrderView>;

const common = {
  portfolio: z.object({
    id: z.string(),
    objective: z.string(),
    source: z.enum(["strategies", "returns"]),
    createdAt: z.string(),
  }),
  broker: z.string(),
  live: z.boolean().describe("True when the broker trades real money."),
  equity: z.number(),
  buyingPower: z.number(),
  driftThreshold: z.number(),
  maxDrift: Drift.nullable().describe("The symbol furthest from its target."),
  drifts: z
    .array(Drift)
    .describe(
      "Every symbol of the portfolio, furthest from target first (a brief reply: the ten furthest).",
    ),
  triggers: z.object({
    drift: z.boolean().describe("A symbol drifted past driftThreshold."),
    forced: z.boolean(),
    regimeEvents: z
      .array(RegimeEventView)
      .describe(
        "Correlation regime changes over at least two of the portfolio's symbols dated since it was built (or since its last rebalance proposal).",
      ),
  }),
  warnings: z.array(z.string()),
};

/** The tool's outcomes, with orders in the given form. */
function outcomes<Order extends z.ZodType>(order: Order) {
  return z.discriminatedUnion("status", [
    z
      .object({ status: z.literal("in_range"), ...common })
      .describe("Nothing triggered a rebalance: no proposal."),
    z
      .object({ status: z.literal("nothing_to_trade"), ...common })
      .describe("Triggered, but every order would be below minOrderNotional."),
    z
      .object({ status: z.literal("waiting"), ...common, batch: BatchView })
      .describe("An earlier proposal of this portfolio still waits for a decision."),
    z
      .object({ status: z.literal("denied"), ...common, orders: z.array(order) })
      .describe("The risk gate denied every order: nothing to approve."),
    z
      .object({
        status: z.literal("proposed"),
        ...common,
        batch: BatchView,
        orders: z.array(order),
      })
      .describe(
        "One approval card for the batch: Approve sends every passed order (sells first), each risk-checked again at submission; Reject sends none.",
      ),
  ]);
}

export const RebalancePortfolioOutput = outcomes(RebalanceOrderView);
export type RebalancePortfolioOutput = z.output<typeof RebalancePortfolioOutput>;

/** A reply's form: the ten largest drifts, and the orders without their list of checks. */
export const RebalancePortfolioBrief = outcomes(RebalanceOrderView.omit({ checks: true }));

/** What a rebalance batch keeps beside its intents (`OrderBatch.summary`): its card reads it. */
export const RebalanceSummary = z.object({
  portfolio: common.portfolio.omit({ createdAt: true }),
  equity: z.number(),
  driftThreshold: z.number(),
  maxDrift: Drift.nullable(),
  triggers: common.triggers,
  /** Regime events dated up to here were shown: the next proposal counts only later ones. */
  regimeThroughMs: z.number(),
  denied: z.array(
    RebalanceOrderView.pick({
      symbol: true,
      side: true,
      quantity: true,
      referencePrice: true,
      notional: true,
    }).extend({ reason: z.object({ code: z.string(), message: z.string() }) }),
  ),
  warnings: z.array(z.string()),
});
export type RebalanceSummary = z.output<typeof RebalanceSummary>;
