import { z } from "zod";
import { batchMessage } from "../bots/core/rebalance-view.ts";
import { text, type OutgoingMessage } from "../bots/core/message.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import { postToChannels } from "./digest-channels.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { JobHandler } from "../tools/ports/queue.ts";
import type { Store } from "../tools/ports/store.ts";

const Outcome = z.object({
  status: z.string(),
  portfolio: z.object({ id: z.string() }),
  batch: z.object({ id: z.string() }).optional(),
  orders: z
    .array(z.object({ symbol: z.string(), reason: z.object({ message: z.string() }).optional() }))
    .optional(),
});

const NewRegimeChanges = z.object({ newEvents: z.number() });

/**
 * The scheduled rebalance check: runs rebalance_portfolio like any tool job and posts what needs
 * a human to every digest channel: a proposal's card (its orders, one Approve, one Reject), or a
 * note that the risk gate denied every order. Nothing is posted when nothing triggered (or a
 * proposal already waits); without a stored portfolio the job skips. A channel that fails is
 * logged and the others still get it.
 */
export function rebalancePostJob(
  run: JobHandler<ToolJobData, unknown>,
  channels: readonly ChatSurface[],
  store: Pick<Store, "listPortfolios" | "requestBatch">,
  log: Logger,
): JobHandler<ToolJobData, unknown> {
  return async (data, job) => {
    if ((await store.listPortfolios({ limit: 1 })).length === 0)
      return { skipped: "no portfolio is stored (construct_portfolio stores one)" };
    const result = await run(data, job);
    const message = await messageFor(store, result);
    if (message) await postToChannels(channels, [message], log, "a rebalance proposal");
    return result;
  };
}

/**
 * A scheduled tool job that, when it was a correlation refresh storing a new regime change, runs
 * the rebalance check at once rather than at its daily slot. The refresh's result stands even if
 * the check fails (it is logged).
 */
export function rebalanceAfterRegimeChange(
  run: JobHandler<ToolJobData, unknown>,
  rebalance: JobHandler<ToolJobData, unknown>,
  log: Logger,
): JobHandler<ToolJobData, unknown> {
  return async (data, job) => {
    const result = await run(data, job);
    const changes = NewRegimeChanges.safeParse(result);
    if (data.tool === "compute_correlations" && changes.success && changes.data.newEvents > 0)
      try {
        await rebalance({ tool: "rebalance_portfolio", input: {} }, job);
      } catch (error) {
        log.error({ err: error }, "the rebalance check after a regime change failed");
      }
    return result;
  };
}

async function messageFor(
  store: Pick<Store, "requestBatch">,
  result: unknown,
): Promise<OutgoingMessage | undefined> {
  const outcome = Outcome.safeParse(result);
  if (!outcome.success) return undefined;
  const { status, portfolio, batch, orders } = outcome.data;
  if (status === "proposed" && batch) {
    const stored = await store.requestBatch(batch.id);
    return stored && batchMessage(stored);
  }
  if (status !== "denied") return undefined;
  const reasons = (orders ?? []).map((order) => `- ${order.symbol}: ${order.reason?.message}`);
  const body = `Portfolio ${portfolio.id} needs a rebalance, but the risk gate denied every order of it, so there is nothing to approve:\n${reasons.join("\n")}`;
  return {
    blocks: [text(body)],
    summary: `Rebalance of portfolio ${portfolio.id}: every order denied`,
  };
}
