import { z } from "zod";
import { effectiveLimits } from "../../engine/risk/index.ts";
import { defineTool } from "../define-tool.ts";
import { StrategyRow, strategyRows } from "../lifecycle/strategy-rows.ts";
import type { ResearchSource } from "../ports/research.ts";
import { isoTime } from "../time-input.ts";
import { Today, todayOf } from "../orders/today.ts";
import type { BrokerAccount } from "../ports/broker.ts";
import type { Execution } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";

/** Intent states of an order on its way to the broker or open there. */
const inFlight = ["approved", "submitting", "unknown", "submitted", "partially_filled"] as const;

const FailingSource = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  consecutiveFailures: z.number().int().describe("Reads failed in a row."),
  lastError: z.string().describe("Why the last read failed."),
  lastErrorAt: z.string().describe("When the last failed read started (ISO-8601)."),
  lastReadAt: z
    .string()
    .nullable()
    .describe("When the last good read started (ISO-8601); null: never read."),
});

function failingSources(sources: readonly ResearchSource[]): z.input<typeof FailingSource>[] {
  return sources
    .filter((source) => source.consecutiveFailures > 0 && source.pausedAtMs === null)
    .sort((a, b) => b.consecutiveFailures - a.consecutiveFailures)
    .map((source) => ({
      id: source.id,
      name: source.name,
      url: source.url,
      consecutiveFailures: source.consecutiveFailures,
      lastError: source.lastError ?? "unknown",
      lastErrorAt: isoTime(source.lastErrorAtMs ?? 0),
      lastReadAt: source.lastFetchedAtMs === null ? null : isoTime(source.lastFetchedAtMs),
    }));
}

/** The status view still shows the rest when the broker does not answer. */
async function todayOrError(execution: Execution, store: Store, nowMs: number) {
  let account: BrokerAccount;
  try {
    account = await execution.broker.account();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return { today: await todayOf(execution, store, account, nowMs) };
}

const RiskLimitsView = z.object({
  maxOrderQuantity: z.number().describe("Units per order."),
  maxOrderNotional: z.number().describe("Account currency per order."),
  maxPositionNotional: z.number().describe("Account currency per symbol after the order."),
  maxGrossExposure: z.number().describe("Fraction of equity (1 = 100%)."),
  maxNetExposure: z.number().describe("Fraction of equity."),
  dailyLossLimit: z.number().describe("Fraction of the day's starting equity."),
  maxOrdersPerMinute: z.number(),
  priceCollarBps: z.number(),
  maxPriceAgeMs: z.number(),
  duplicateWindowMs: z.number(),
  allowSymbols: z.array(z.string()).optional(),
  denySymbols: z.array(z.string()),
  maxClusterExposure: z.number().describe("Fraction of equity in one correlation cluster."),
  allowOutsideHours: z.boolean(),
});

export const deskStatus = defineTool({
  name: "desk_status",
  summary:
    "The status view: trading state, approvals and rebalance batches waiting, orders in flight, strategies by stage, background jobs with progress.",
  description:
    "The desk at a glance: whether trading is on (or halted, and why) and on which broker, the risk limits in force and today's loss against the daily one, approvals and rebalance batches waiting for a human, orders on their way or open, every strategy past backtest by stage (days since deployed to it, P&L, gap to its backtest, correlation with the rest of the portfolio), background jobs running now with their progress, and research sources whose last read failed.",
  input: z.object({}).strict(),
  output: z.object({
    trading: z.object({
      state: z.enum(["active", "reducing", "halted"]),
      reason: z.string().nullable(),
      broker: z.string().nullable().describe("Null when no broker is configured."),
    }),
    riskLimits: RiskLimitsView.nullable()
      .default(null)
      .describe(
        "The pre-trade limits every order of the account is checked against (RISK_LIMITS over the defaults, within the hard boundaries, tightened by the account's own controls); null when no broker is configured. A strategy's own controls may tighten them further.",
      ),
    today: Today.nullable()
      .default(null)
      .describe(
        "Today's profit and loss and the room left under the daily loss limit; null when no broker is configured or it did not answer (brokerError says why).",
      ),
    brokerError: z
      .string()
      .nullable()
      .default(null)
      .describe("Why the broker's account could not be read, when it could not."),
    approvalsPending: z.number().int(),
    batchesPending: z
      .number()
      .int()
      .describe("Rebalances waiting for their one approval (list_approvals shows them)."),
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
    research: z.object({
      sources: z.number().int().describe("Research sources stored."),
      failing: z
        .array(FailingSource)
        .describe("Sources whose last read failed, most failures in a row first."),
    }),
    asOf: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(_input, context) {
    const { store, execution, fanOut } = context;
    // Approvals past their time are no longer waiting for anyone.
    await store.expireOverdue(context.clock.nowMs());
    const [account, halted, pending, batches, open, jobs, sources] = await Promise.all([
      store.requestControls("account"),
      execution?.halt.read(),
      store.listApprovals({ state: "pending", limit: 1000 }),
      store.listBatches({ state: "pending", limit: 1000 }),
      store.listIntents({ states: [...inFlight], limit: 1000 }),
      fanOut?.running(100) ?? [],
      store.listResearchSources(),
    ]);
    const strategies = await strategyRows(context);
    const day = execution ? await todayOrError(execution, store, context.clock.nowMs()) : undefined;
    return {
      trading: {
        state: halted ? ("halted" as const) : account.state,
        reason: halted?.reason ?? account.reason,
        broker: execution?.broker.name ?? null,
      },
      riskLimits: execution
        ? (effectiveLimits(execution.limits, account.limits) as z.input<typeof RiskLimitsView>)
        : null,
      today: day?.today ?? null,
      brokerError: day?.error ?? null,
      approvalsPending: pending.length,
      batchesPending: batches.length,
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
      research: { sources: sources.length, failing: failingSources(sources) },
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});
