import { text } from "../bots/core/message.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import type { Config } from "./config.ts";
import { postToChannels, threadSurfaces, type ThreadSurfaces } from "./digest-channels.ts";
import { checkThenTell } from "../tools/alerts/fired-alerts.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import type { EventLog } from "../tools/ports/events.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { JobHandler } from "../tools/ports/queue.ts";

/** The event cursor of the worker's alert posts. */
export const alertChannelsSubscriber = "digest-channels:price-alerts";

/** Where fired alerts go: the conversation each was set in, else the digest channels. */
export interface AlertDestinations {
  channels: readonly ChatSurface[];
  /** A conversation's surface by its thread id, when its platform is configured. */
  inThread: ThreadSurfaces;
  /** True when some platform is configured, so some conversation could be posted to. */
  threadsReachable: boolean;
}

/**
 * The setter's own id on the platform of the conversation an alert goes back to (`slack:U1` set
 * it in `slack:T1:C1:…`): mentioned there, so they are notified; else none.
 */
function setterIn(thread: string, actor: string): string | undefined {
  const platform = `${thread.split(":")[0]}:`;
  return actor.startsWith(platform) ? actor.slice(platform.length) : undefined;
}

/** The digest channels and, with a platform's bot token, the conversations alerts were set in. */
export function alertDestinations(
  config: Config,
  channels: readonly ChatSurface[],
  log: Logger,
): AlertDestinations {
  return {
    channels,
    inThread: threadSurfaces(config, log),
    threadsReachable: [config.SLACK_BOT_TOKEN, config.DISCORD_TOKEN].some(Boolean),
  };
}

/**
 * The minute's alert check: runs check_price_alerts like any tool job, then posts every price
 * alert fired since the last post (by this check or any other checker, the terminal's too), from
 * the event log: into the Slack thread or Discord channel it was set in, else (set outside a
 * chat, or that post failed) to each digest channel. A worker that stopped mid-post posts the
 * rest next time. With nowhere to post nothing is read, so the first configured place starts
 * from then. A channel that fails is logged and the others still get it.
 */
export function priceAlertsPostJob(
  run: JobHandler<ToolJobData, unknown>,
  destinations: AlertDestinations,
  events: EventLog,
  log: Logger,
): JobHandler<ToolJobData, unknown> {
  const { channels, inThread, threadsReachable } = destinations;
  return (data, job) =>
    checkThenTell(
      events,
      alertChannelsSubscriber,
      () => run(data, job),
      async (line, fired) => {
        const message = { blocks: [text(`🔔 ${line}`)], summary: line };
        const origin = fired.thread ? inThread(fired.thread) : undefined;
        if (origin)
          try {
            const setter = setterIn(fired.thread!, fired.actor);
            await origin.post(setter ? { ...message, notify: setter } : message);
            return;
          } catch (error) {
            log.error(
              { err: error },
              "could not post a price alert to the conversation it was set in: the digest channels get it",
            );
          }
        await postToChannels(channels, [message], log, "a price alert");
      },
      channels.length > 0 || threadsReachable,
    );
}
