import { REST } from "discord.js";
import { webApi } from "@slack/bolt";
import { digestMessages } from "../bots/core/digest-view.ts";
import type { OutgoingMessage } from "../bots/core/message.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import { ChannelSurface } from "../bots/discord/channel-surface.ts";
import { DiscordRest } from "../bots/discord/discord-rest.ts";
import { SlackSurface } from "../bots/slack/slack-surface.ts";
import type { JobHandler } from "../tools/ports/queue.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import type { Config } from "./config.ts";

/** The chat channels the morning digest goes to: SLACK_DIGEST_CHANNEL, DISCORD_DIGEST_CHANNEL. */
export function digestChannels(config: Config, log: Logger): ChatSurface[] {
  const channels: ChatSurface[] = [];
  if (config.SLACK_BOT_TOKEN && config.SLACK_DIGEST_CHANNEL) {
    const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    });
    channels.push(
      new SlackSurface(
        client,
        { channel: config.SLACK_DIGEST_CHANNEL, threadTs: null, userId: "" },
        log,
      ),
    );
  }
  if (config.DISCORD_TOKEN && config.DISCORD_DIGEST_CHANNEL) {
    const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {});
    channels.push(
      new ChannelSurface(
        new DiscordRest(rest.setToken(config.DISCORD_TOKEN), log),
        config.DISCORD_DIGEST_CHANNEL,
      ),
    );
  }
  return channels;
}

/**
 * The scheduled digest: runs research_digest like any tool job, then posts it to every digest
 * channel (summary, then a message per section with Open / Validate buttons). A channel that
 * fails is logged and the others still get it; the job's result is the digest either way.
 */
export function digestPostJob(
  run: JobHandler<ToolJobData, unknown>,
  channels: readonly ChatSurface[],
  log: Logger,
): JobHandler<ToolJobData, unknown> {
  return async (data, job) => {
    const digest = await run(data, job);
    await postToChannels(channels, digestMessages(digest) ?? [], log, "the digest");
    return digest;
  };
}

/**
 * Posts the messages, in order, to each channel: a channel that fails is logged (naming `what`)
 * and skipped, and the others still get them.
 */
export async function postToChannels(
  channels: readonly ChatSurface[],
  messages: readonly OutgoingMessage[],
  log: Logger,
  what: string,
): Promise<void> {
  for (const channel of channels) {
    try {
      for (const message of messages) await channel.post(message);
    } catch (error) {
      log.error({ err: error }, `could not post ${what} to a channel`);
    }
  }
}
