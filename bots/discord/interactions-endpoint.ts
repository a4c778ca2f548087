import type { IncomingMessage, ServerResponse } from "node:http";
import { InteractionResponseType, MessageFlags, REST } from "discord.js";
import { HttpError, readRawBody } from "../../tools/http/request-body.ts";
import type { Logger } from "../../tools/ports/logger.ts";
import type { Conversations } from "../core/conversation.ts";
import { Platform } from "../core/message.ts";
import { alphadeskCommandName } from "./alphadesk-command.ts";
import { parseCustomId } from "./discord-messages.ts";
import { DiscordRest } from "./discord-rest.ts";
import { discordAddress, discordIncoming } from "./discord-thread.ts";
import { InFlight } from "../core/in-flight.ts";
import { parseInteraction, type DiscordInteraction } from "./interaction-request.ts";
import { InteractionVerifier } from "./interaction-signature.ts";
import { InteractionSurface } from "./interaction-surface.ts";
import { headerOf, sendJson } from "../../tools/http/send-json.ts";

export interface DiscordInteractionsOptions {
  conversations: Pick<Conversations, "message" | "button">;
  /** The application's public key (DISCORD_PUBLIC_KEY): 64 hex digits; empty is refused. */
  publicKeyHex: string;
  log: Logger;
  /** Discord's REST API base, e.g. a local fake's `http://127.0.0.1:4000/api`; default Discord's. */
  restApi?: string;
  /** How far a request's timestamp may lie from now, either way; default 5 minutes. */
  toleranceMs?: number;
  /** Larger request bodies get 413; default 256 KiB (an interaction is a few KiB). */
  maxBodyBytes?: number;
  nowMs?: () => number;
}

/** A node request handler for `POST /discord/interactions`. */
export interface DiscordInteractionsHandler {
  (request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Resolves once the turns and clicks started by the requests so far have finished. */
  idle(): Promise<void>;
}

/**
 * Discord's HTTP interactions endpoint: every request's Ed25519 signature, timestamp window and
 * freshness are checked before anything else (401, and nothing done, otherwise). A ping gets a
 * pong; `/alphadesk` a deferred response at once, then the turn runs and its messages go through
 * the interaction's webhook; a button click a deferred update, then the decision, shown on the
 * card. Discord's 3-second deadline is met because the work runs after the response.
 */
export function createDiscordInteractionsHandler(
  options: DiscordInteractionsOptions,
): DiscordInteractionsHandler {
  const verifier = new InteractionVerifier(options);
  const { conversations, log } = options;
  // The interaction routes are authorized by the interaction token: no bot token is needed.
  const discord = new DiscordRest(new REST(options.restApi ? { api: options.restApi } : {}), log);
  const inFlight = new InFlight(log, "Discord");
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;

  /** The response to send at once, and the work the interaction asks for, to run after it. */
  function answer(interaction: DiscordInteraction): { reply: object; work?: () => Promise<void> } {
    switch (interaction.kind) {
      case "ping":
        return { reply: { type: InteractionResponseType.Pong } };
      case "command": {
        if (interaction.commandName !== alphadeskCommandName)
          return {
            reply: {
              type: InteractionResponseType.ChannelMessageWithSource,
              data: {
                content: `I only know /${alphadeskCommandName}.`,
                flags: MessageFlags.Ephemeral,
              },
            },
          };
        const { webhook, person, place, text } = interaction;
        return {
          reply: { type: InteractionResponseType.DeferredChannelMessageWithSource },
          async work() {
            const surface = new InteractionSurface(discord, webhook);
            await conversations.message(discordIncoming(place, person, text), surface);
            await surface.finish();
          },
        };
      }
      case "button": {
        const { webhook, person, place, messageId, customId } = interaction;
        return {
          reply: { type: InteractionResponseType.DeferredMessageUpdate },
          work: () =>
            conversations.button(
              {
                platform: Platform.DISCORD,
                userId: person.userId,
                ...parseCustomId(customId),
                address: discordAddress(place),
                card: { id: messageId },
              },
              new InteractionSurface(discord, webhook, { originalMessageId: messageId }),
            ),
        };
      }
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (request.method !== "POST")
        throw new HttpError(405, "send interactions with POST", { allow: "POST" });
      const body = await readRawBody(request, maxBodyBytes);
      const verdict = verifier.verify(
        {
          signature: headerOf(request, "x-signature-ed25519"),
          timestamp: headerOf(request, "x-signature-timestamp"),
        },
        body,
      );
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason }, "Discord interaction refused");
        throw new HttpError(401, verdict.reason);
      }
      const { reply, work } = answer(parseInteraction(body));
      sendJson(response, 200, reply);
      if (work) inFlight.start("interaction", work);
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(response, error.status, { error: error.message }, error.headers);
        return;
      }
      log.error({ err: error }, "Discord interaction failed");
      sendJson(response, 500, { error: "internal error" });
    }
  }

  return Object.assign(handle, { idle: () => inFlight.idle() });
}
