import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
} from "discord.js";
import type { Logger } from "../../tools/ports/logger.ts";
import type { Conversations } from "../core/conversation.ts";
import { Platform } from "../core/message.ts";
import {
  alphadeskCommandName,
  alphadeskMessageOption,
  registerAlphadeskCommand,
} from "./alphadesk-command.ts";
import { ChannelSurface } from "./channel-surface.ts";
import { parseCustomId } from "./discord-messages.ts";
import { describeDiscordError, DiscordRest } from "./discord-rest.ts";
import { discordAddress, discordIncoming, type DiscordPlace } from "./discord-thread.ts";
import { InFlight } from "../core/in-flight.ts";
import { InteractionSurface } from "./interaction-surface.ts";

export interface DiscordBotOptions {
  conversations: Pick<Conversations, "message" | "button">;
  /** The bot token (DISCORD_TOKEN). */
  token: string;
  /** The application id (DISCORD_APPLICATION_ID): `/alphadesk` is registered for it. */
  applicationId: string;
  /**
   * Discord's REST API base, e.g. a local fake's `http://127.0.0.1:4000/api`; default Discord's.
   * The gateway's address comes from `GET /gateway/bot` there.
   */
  restApi?: string;
  log: Logger;
}

export interface DiscordBot {
  readonly client: Client;
  /** Resolves once the work started by the events so far has finished. */
  idle(): Promise<void>;
  /** Takes no new events, lets the work in flight finish, then leaves the gateway. */
  stop(): Promise<void>;
}

/**
 * The Discord bot over the gateway: logs in, registers `/alphadesk`, and answers the slash command
 * (a deferred reply, then the turn through the interaction's webhook), clicks on card buttons (a
 * deferred update, then the decision shown on the card), and direct messages and mentions (plain
 * replies in the channel). Other bots, itself included, are ignored. Resolves once ready.
 */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { conversations, applicationId, log } = options;
  if (options.token.trim() === "")
    throw new Error("the Discord bot token is empty (DISCORD_TOKEN)");
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      GatewayIntentBits.MessageContent,
    ],
    // A direct message's channel is not cached before its first message arrives.
    partials: [Partials.Channel],
    ...(options.restApi ? { rest: { api: options.restApi } } : {}),
  });
  const discord = new DiscordRest(client.rest, log);
  const inFlight = new InFlight(log, "Discord");

  async function onSlashCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    if (interaction.commandName !== alphadeskCommandName) return;
    if (!(await acknowledged("deferring the reply", () => interaction.deferReply()))) return;
    const surface = new InteractionSurface(discord, webhookOf(interaction));
    const text = interaction.options.getString(alphadeskMessageOption) ?? "";
    await conversations.message(
      discordIncoming(placeOf(interaction), personOf(interaction), text),
      surface,
    );
    await surface.finish();
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    if (!(await acknowledged("deferring the update", () => interaction.deferUpdate()))) return;
    const card = { id: interaction.message.id };
    await conversations.button(
      {
        platform: Platform.DISCORD,
        userId: interaction.user.id,
        ...parseCustomId(interaction.customId),
        address: discordAddress(placeOf(interaction)),
        card,
      },
      new InteractionSurface(discord, webhookOf(interaction), { originalMessageId: card.id }),
    );
  }

  async function onMessage(message: Message, botUserId: string): Promise<void> {
    const text = message.content.replaceAll(new RegExp(`<@!?${botUserId}>`, "g"), "").trim();
    const person = {
      userId: message.author.id,
      displayName: message.member?.displayName ?? message.author.displayName,
    };
    const place = { guildId: message.guildId, channelId: message.channelId };
    const surface = new ChannelSurface(discord, message.channelId, message.id);
    await conversations.message(discordIncoming(place, person, text), surface);
  }

  /** Runs an interaction's acknowledgement; false (logged) when Discord refused it. */
  async function acknowledged(what: string, acknowledge: () => Promise<unknown>) {
    try {
      await acknowledge();
      return true;
    } catch (error) {
      log.error(describeDiscordError(error), `Discord: ${what} failed`);
      return false;
    }
  }

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (interaction.isChatInputCommand())
      inFlight.start("slash command", () => onSlashCommand(interaction));
    else if (interaction.isButton()) inFlight.start("button click", () => onButton(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    const botUserId = client.user?.id;
    if (!botUserId || message.author.bot || message.webhookId || message.system) return;
    if (message.inGuild() && !message.mentions.users.has(botUserId)) return;
    inFlight.start("message", () => onMessage(message, botUserId));
  });
  client.on(Events.Error, (error) => log.error({ err: error }, "Discord client error"));
  client.on(Events.Warn, (warning) => log.warn({ warning }, "Discord client warning"));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  if (client.application && client.application.id !== applicationId)
    log.warn(
      { applicationId, tokenApplicationId: client.application.id },
      "DISCORD_APPLICATION_ID is not the application of DISCORD_TOKEN",
    );
  // A failed registration is logged by DiscordRest; messages and existing commands still work.
  await registerAlphadeskCommand(discord, applicationId).catch(() => undefined);
  log.info({ user: client.user?.tag, applicationId }, "Discord bot ready");

  return {
    client,
    idle: () => inFlight.idle(),
    async stop() {
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      await inFlight.idle();
      await client.destroy();
    },
  };
}

const webhookOf = (interaction: Interaction) => ({
  applicationId: interaction.applicationId,
  token: interaction.token,
});

const placeOf = (interaction: Interaction): DiscordPlace => ({
  guildId: interaction.guildId,
  // Empty when Discord names no channel: the conversation logic then says it cannot follow.
  channelId: interaction.channelId ?? "",
});

const personOf = (interaction: Interaction) => ({
  userId: interaction.user.id,
  displayName: interaction.user.displayName,
});
