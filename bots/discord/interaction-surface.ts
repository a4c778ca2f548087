import { MessageFlags, RequestMethod, Routes, type RawFile } from "discord.js";
import type { OutgoingMessage } from "../core/message.ts";
import type { ChatSurface, PostedMessage } from "../core/surface.ts";
import { discordEdit, discordPosts, discordTexts } from "./discord-messages.ts";
import type { DiscordRest } from "./discord-rest.ts";

/** The interaction a surface answers: its webhook is `/webhooks/{applicationId}/{token}`. */
export interface InteractionWebhook {
  applicationId: string;
  token: string;
}

const original = "@original";

/**
 * A conversation answered through an interaction's webhook, after a deferred response: for a
 * slash command the first post fills the deferred response (`@original`) and later posts are
 * follow-ups; for a button, `@original` is the card that was clicked (`originalMessageId`), so
 * every post is a follow-up and an edit of the card edits `@original`. A whisper is an ephemeral
 * follow-up. Used by both the HTTP interactions endpoint and the gateway bot.
 */
export class InteractionSurface implements ChatSurface {
  private originalClaimed: boolean;
  private originalId: string | undefined;

  constructor(
    private readonly discord: DiscordRest,
    private readonly webhook: InteractionWebhook,
    options: { originalMessageId?: string } = {},
  ) {
    this.originalId = options.originalMessageId;
    this.originalClaimed = options.originalMessageId !== undefined;
  }

  async post(message: OutgoingMessage): Promise<PostedMessage> {
    let posted: PostedMessage | undefined;
    for (const { body, files } of discordPosts(message)) {
      if (this.originalClaimed) {
        posted = await this.followUp(body, files);
      } else {
        // Claimed before the await, so a post made meanwhile becomes a follow-up.
        this.originalClaimed = true;
        posted = await this.send(RequestMethod.Patch, this.messageRoute(original), body, files);
        this.originalId = posted.id;
      }
    }
    return posted!;
  }

  async edit(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    const target = posted.id === this.originalId ? original : posted.id;
    await this.send(RequestMethod.Patch, this.messageRoute(target), discordEdit(message));
  }

  async whisper(text: string): Promise<void> {
    for (const body of discordTexts(text))
      await this.followUp({ ...body, flags: MessageFlags.Ephemeral });
  }

  /**
   * Removes the deferred response ("Alphadesk is thinking…") when nothing filled it: a turn that
   * only whispered would otherwise leave it spinning until the interaction expires.
   */
  async finish(): Promise<void> {
    if (this.originalClaimed) return;
    this.originalClaimed = true;
    await this.discord.send({
      method: RequestMethod.Delete,
      route: this.messageRoute(original),
      auth: false,
      secret: this.webhook.token,
    });
  }

  private followUp(body: object, files: RawFile[] = []): Promise<PostedMessage> {
    const { applicationId, token } = this.webhook;
    // `wait=true`: Discord answers with the message, whose id later edits need.
    const query = new URLSearchParams({ wait: "true" });
    return this.send(RequestMethod.Post, Routes.webhook(applicationId, token), body, files, query);
  }

  private messageRoute(messageId: string) {
    return Routes.webhookMessage(this.webhook.applicationId, this.webhook.token, messageId);
  }

  private send(
    method: RequestMethod,
    route: `/${string}`,
    body: object,
    files: RawFile[] = [],
    query?: URLSearchParams,
  ): Promise<PostedMessage> {
    return this.discord.sendMessage({
      method,
      route,
      body,
      files,
      ...(query ? { query } : {}),
      auth: false,
      secret: this.webhook.token,
    });
  }
}
