import { text } from "../bots/core/message.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import { postToChannels } from "./digest-channels.ts";
import { firedAlertLine } from "../tools/alerts/alert-words.ts";
import { deliverEvents } from "../tools/events/deliver-events.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import type { EventLog } from "../tools/ports/events.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { JobHandler } from "../tools/ports/queue.ts";

/** The event cursor of the digest channels' alert posts. */
export const alertChannelsSubscriber = "digest-channels:price-alerts";

/**
 * The minute's alert check: runs check_price_alerts like any tool job, then posts every price
 * alert fired since the last post (by this check or any other checker, the terminal's too) to
 * each digest channel, from the event log: a worker that stopped mid-post posts the rest next
 * time. Without channels nothing is read, so the first configured channel starts from then.
 * A channel that fails is logged and the others still get it.
 */
export function priceAlertsPostJob(
  run: JobHandler<ToolJobData, unknown>,
  channels: readonly ChatSurface[],
  events: EventLog,
  log: Logger,
): JobHandler<ToolJobData, unknown> {
  return async (data, job) => {
    const before = await events.lastEventId();
    const result = await run(data, job);
    if (channels.length === 0) return result;
    await deliverEvents(
      events,
      { subscriber: alertChannelsSubscriber, topics: ["price.alert"], afterId: before },
      async (event) => {
        if (event.topic !== "price.alert") return;
        const line = firedAlertLine(event.payload);
        const message = { blocks: [text(`🔔 ${line}`)], summary: line };
        await postToChannels(channels, [message], log, "a price alert");
      },
    );
    return result;
  };
}
