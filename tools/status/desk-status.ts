import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { StrategyRow, strategyRows } from "../lifecycle/strategy-rows.ts";
import { isoTime } from "../time-input.ts";

/** Intent states of an order on its way to the broker or open there. */
const inFlight = ["approved", "submitting", "unknown", "submitted", "partially_filled"] as const;

export const deskStatus = defineTool({
  name: "desk_status",
  description:
    "The desk at a glance: whether trading is on (or halted, and why) and on which broker, approvals waiting for a human, orders on their way or open, every strategy past backtest by stage (days since deployed to it, P&L, gap to its backtest, correlation with the rest of the portfolio), and background jobs running now with their progress.",
  input: z.object({}).strict(),
  output: z.object({
    trading: z.object({
      state: z.enum(["active", "reducing", "halted"]),
      reason: z.string().nullable(),
      broker: z.string().nullable().describe("Null when no broker is configured."),
    }),
    approvalsPending: z.number().int(),
    openOrders: z.number().int(),
    strategies: z.array(StrategyRow),
    jobs: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        state: z.enum(["waiting", "active"]),
        progress: z.number().nullable().describe("0 to 1; null before its first report."),
        message: z.string().nullable(),
        enqueuedAt: z.string(),
      }),
    ),
    asOf: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(_input, context) {
    const { store, execution, fanOut } = context;
    const [account, halted, pending, open, jobs] = await Promise.all([
      store.requestControls("account"),
      execution?.halt.read(),
      store.listApprovals({ state: "pending", limit: 1000 }),
      store.listIntents({ states: [...inFlight], limit: 1000 }),
      fanOut?.running(100) ?? [],
    ]);
    const strategies = await strategyRows(context);
    return {
      trading: {
        state: halted ? ("halted" as const) : account.state,
        reason: halted?.reason ?? account.reason,
        broker: execution?.broker.name ?? null,
      },
      approvalsPending: pending.length,
      openOrders: open.length,
      strategies,
      jobs: jobs.map((job) => ({
        id: job.id,
        name: job.name,
        state: job.state,
        progress: job.fraction,
        message: job.message,
        enqueuedAt: isoTime(job.enqueuedAtMs),
      })),
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});
