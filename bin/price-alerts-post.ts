import { text } from "../bots/core/message.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import { postToChannels } from "./digest-channels.ts";
import { checkThenTell } from "../tools/alerts/fired-alerts.ts";
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
  return (data, job) =>
    checkThenTell(
      events,
      alertChannelsSubscriber,
      () => run(data, job),
      async (line) => {
        const message = { blocks: [text(`🔔 ${line}`)], summary: line };
        await postToChannels(channels, [message], log, "a price alert");
      },
      channels.length > 0,
    );
}
