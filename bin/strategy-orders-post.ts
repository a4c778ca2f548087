import { text, type OutgoingMessage } from "../bots/core/message.ts";
import { approvalMessage, readWaitingApprovals } from "../bots/core/render-turn.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import {
  pendingStrategyApprovals,
  ProposeStrategyOrdersOutput,
} from "../tools/orders/strategy-orders-schema.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { OrderStore } from "../tools/ports/orders.ts";
import type { JobHandler } from "../tools/ports/queue.ts";
import { describeStrategyOrders } from "../tools/replies/strategy-orders.ts";
import { postToChannels } from "./digest-channels.ts";

/**
 * The scheduled strategy orders: runs propose_strategy_orders like any tool job and, when it
 * proposed anything, posts to every digest channel what each strategy's rules called for and
 * one card per order waiting for a human (Approve, Reject). A day without orders posts nothing.
 */
export function strategyOrdersPostJob(
  run: JobHandler<ToolJobData, unknown>,
  channels: readonly ChatSurface[],
  store: Pick<OrderStore, "requestApproval" | "requestIntent">,
  log: Logger,
): JobHandler<ToolJobData, unknown> {
  return async (data, job) => {
    const result = await run(data, job);
    const parsed = ProposeStrategyOrdersOutput.safeParse(result);
    if (!parsed.success) return result;
    const proposed = parsed.data.strategies.some((strategy) => strategy.proposals.length > 0);
    if (!proposed) return result;
    const summary = describeStrategyOrders(parsed.data);
    const messages: OutgoingMessage[] = [
      { blocks: [text(summary)], summary: summary.split("\n")[0]! },
      ...(await readWaitingApprovals(store, pendingStrategyApprovals(parsed.data))).map(
        approvalMessage,
      ),
    ];
    await postToChannels(channels, messages, log, "the strategies' orders");
    return result;
  };
}
