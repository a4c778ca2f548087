import { REST } from "discord.js";
import { webApi } from "@slack/bolt";
import { digestMessages } from "../bots/core/digest-view.ts";
import { Platform, type OutgoingMessage } from "../bots/core/message.ts";
import { parseThreadId } from "../bots/core/threads.ts";
import type { ChatSurface } from "../bots/core/surface.ts";
import { ChannelSurface } from "../bots/discord/channel-surface.ts";
import { DiscordRest } from "../bots/discord/discord-rest.ts";
import { SlackSurface } from "../bots/slack/slack-surface.ts";
import type { JobHandler } from "../tools/ports/queue.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import type { Config } from "./config.ts";

/** A Slack Web API client on the bot token (SLACK_API_URL when set: a test's fake Slack). */
function slackClient(config: Config, token: string): webApi.WebClient {
  return new webApi.WebClient(token, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
  });
}

/** Discord's REST API on the bot token (DISCORD_API_URL when set: a test's fake Discord). */
function discordRest(config: Config, token: string, log: Logger): DiscordRest {
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {});
  return new DiscordRest(rest.setToken(token), log);
}

/** The chat channels the morning digest goes to: SLACK_DIGEST_CHANNEL, DISCORD_DIGEST_CHANNEL. */
export function digestChannels(config: Config, log: Logger): ChatSurface[] {
  const channels: ChatSurface[] = [];
  if (config.SLACK_BOT_TOKEN && config.SLACK_DIGEST_CHANNEL)
    channels.push(
      new SlackSurface(
        slackClient(config, config.SLACK_BOT_TOKEN),
        { channel: config.SLACK_DIGEST_CHANNEL, threadTs: null, userId: "" },
        log,
      ),
    );
  if (config.DISCORD_TOKEN && config.DISCORD_DIGEST_CHANNEL)
    channels.push(
      new ChannelSurface(
        discordRest(config, config.DISCORD_TOKEN, log),
        config.DISCORD_DIGEST_CHANNEL,
      ),
    );
  return channels;
}

/**
 * Posts into a conversation by its agent thread id (`slack:T1:C1:1700000000.0001`, a Discord
 * channel's), when that platform's bot token is configured; undefined for any other thread (the
 * terminal's) or platform.
 */
export type ThreadSurfaces = (thread: string) => ChatSurface | undefined;

export function threadSurfaces(config: Config, log: Logger): ThreadSurfaces {
  const slack = config.SLACK_BOT_TOKEN ? slackClient(config, config.SLACK_BOT_TOKEN) : undefined;
  const discord = config.DISCORD_TOKEN ? discordRest(config, config.DISCORD_TOKEN, log) : undefined;
  return (thread) => {
    const parsed = parseThreadId(thread);
    if (!parsed.ok) return undefined;
    const { platform, conversationId, threadKey } = parsed.address;
    if (platform === Platform.SLACK && slack)
      return new SlackSurface(
        slack,
        { channel: conversationId, threadTs: threadKey, userId: "" },
        log,
      );
    if (platform === Platform.DISCORD && discord)
      return new ChannelSurface(discord, conversationId);
    return undefined;
  };
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
