import { RequestMethod, Routes } from "discord.js";
import type { OutgoingMessage } from "../core/message.ts";
import type { ChatSurface, PostedMessage } from "../core/surface.ts";
import { discordEdit, discordPosts, discordTexts } from "./discord-messages.ts";
import type { DiscordRest } from "./discord-rest.ts";

/**
 * A conversation in a channel or direct message, answering a person's message with the bot's own
 * messages (`POST /channels/{id}/messages`), edited in place by id. Plain messages cannot be
 * ephemeral, so a whisper is a reply to the person's message that mentions them.
 */
export class ChannelSurface implements ChatSurface {
  constructor(
    private readonly discord: DiscordRest,
    private readonly channelId: string,
    /** The person's message a whisper answers; absent for posts nobody asked for (a digest). */
    private readonly replyToMessageId?: string,
  ) {}

  async post(message: OutgoingMessage): Promise<PostedMessage> {
    let posted: PostedMessage | undefined;
    for (const { body, files } of discordPosts(message))
      posted = await this.discord.sendMessage({
        method: RequestMethod.Post,
        route: Routes.channelMessages(this.channelId),
        body,
        files,
      });
    return posted!;
  }

  async edit(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    await this.discord.send({
      method: RequestMethod.Patch,
      route: Routes.channelMessage(this.channelId, posted.id),
      body: discordEdit(message),
    });
  }

  async whisper(text: string): Promise<void> {
    for (const body of discordTexts(text))
      await this.discord.send({
        method: RequestMethod.Post,
        route: Routes.channelMessages(this.channelId),
        body: {
          ...body,
          ...(this.replyToMessageId
            ? {
                allowed_mentions: { ...body.allowed_mentions, replied_user: true },
                message_reference: { message_id: this.replyToMessageId, fail_if_not_exists: false },
              }
            : {}),
        },
      });
  }
}
