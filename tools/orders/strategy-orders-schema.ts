import { z } from "zod";
import { strategyStages } from "../ports/trading.ts";
import { ProposeOrderOutput } from "./propose-order.ts";

const Proposal = z.object({
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  quantity: z.number(),
  kind: z.enum(["entry", "close"]),
  why: z.string().describe("The rule (or the rules' flat position) the order follows."),
  basis: z.string().describe("How the quantity was decided."),
  outcome: ProposeOrderOutput.describe("propose_order's answer: pending, auto-approved or denied."),
});

const StrategyRun = z.object({
  strategyId: z.string(),
  name: z.string(),
  stage: z.enum(strategyStages),
  lastBar: z.string().nullable().describe("The newest stored bar the signals were read at."),
  stale: z.boolean().describe("The newest bar is too old for today's signals: nothing proposed."),
  equity: z
    .number()
    .nullable()
    .describe(
      "What entries were sized from: the capital the stage trades plus the P&L of the strategy's fills since the stage began, at most the account's equity.",
    ),
  proposals: z.array(Proposal),
  notes: z.array(z.object({ symbol: z.string().nullable(), note: z.string() })),
});

export const ProposeStrategyOrdersOutput = z.object({
  broker: z.string(),
  live: z.boolean(),
  strategies: z.array(StrategyRun),
  asOf: z.string(),
});
export type StrategyRunView = z.output<typeof StrategyRun>;
export type ProposalView = z.output<typeof Proposal>;

/** The proposals of a propose_strategy_orders result that wait for a human. */
export function pendingStrategyApprovals(output: unknown): string[] {
  const parsed = ProposeStrategyOrdersOutput.safeParse(output);
  if (!parsed.success) return [];
  return parsed.data.strategies.flatMap((strategy) =>
    strategy.proposals.flatMap(({ outcome }) =>
      outcome.status === "pending" ? [outcome.approval.id] : [],
    ),
  );
}
