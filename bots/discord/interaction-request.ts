import { InteractionType } from "discord.js";
import { z } from "zod";
import { HttpError } from "../../tools/http/request-body.ts";
import { alphadeskMessageOption } from "./alphadesk-command.ts";
import type { DiscordPlace } from "./discord-thread.ts";
import type { InteractionWebhook } from "./interaction-surface.ts";

/** Who acted, as the conversation logic names them. */
export interface DiscordPerson {
  userId: string;
  displayName: string;
}

/** What an interaction asks of the bot: the parts of Discord's payload the faces use. */
export type DiscordInteraction =
  | { kind: "ping" }
  | {
      kind: "command";
      commandName: string;
      text: string;
      webhook: InteractionWebhook;
      person: DiscordPerson;
      place: DiscordPlace;
    }
  | {
      kind: "button";
      customId: string;
      /** The message whose button was clicked: the card. */
      messageId: string;
      webhook: InteractionWebhook;
      person: DiscordPerson;
      place: DiscordPlace;
    };

const Snowflake = z.string().regex(/^\d{1,20}$/, "expected a snowflake (digits)");
const User = z.object({ id: Snowflake, username: z.string(), global_name: z.string().nullish() });

/** The fields every command and component interaction has (Discord's interaction object). */
const Context = z.object({
  id: Snowflake,
  application_id: Snowflake,
  token: z.string().min(1),
  guild_id: Snowflake.optional(),
  channel: z.object({ id: Snowflake }).optional(),
  channel_id: Snowflake.optional(),
  /** In a guild; `user` in a direct message. */
  member: z.object({ user: User, nick: z.string().nullish() }).optional(),
  user: User.optional(),
});

const CommandData = z.object({
  name: z.string(),
  options: z.array(z.object({ name: z.string(), value: z.unknown().optional() })).default([]),
});
const ComponentData = z.object({ custom_id: z.string().max(100) });
const ComponentMessage = z.object({ id: Snowflake });

/**
 * A verified interaction request's body as what it asks: a ping, a slash command, or a click on a
 * button; 400 (naming the field) for JSON that is not an interaction, or one of another type.
 */
export function parseInteraction(body: Buffer): DiscordInteraction {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "request body is not valid JSON");
  }
  const type = z.object({ type: z.number().int() }).safeParse(json);
  if (!type.success) throw new HttpError(400, "an interaction needs a numeric `type`");
  switch (type.data.type) {
    case InteractionType.Ping:
      return { kind: "ping" };
    case InteractionType.ApplicationCommand: {
      const command = parsed(Context.extend({ data: CommandData }), json);
      const option = command.data.options.find((o) => o.name === alphadeskMessageOption);
      return {
        kind: "command",
        commandName: command.data.name,
        text: typeof option?.value === "string" ? option.value : "",
        ...contextOf(command),
      };
    }
    case InteractionType.MessageComponent: {
      const click = parsed(
        Context.extend({ data: ComponentData, message: ComponentMessage }),
        json,
      );
      return {
        kind: "button",
        customId: click.data.custom_id,
        messageId: click.message.id,
        ...contextOf(click),
      };
    }
    default:
      throw new HttpError(
        400,
        `unsupported interaction type ${type.data.type} (this endpoint answers pings, /alphadesk and buttons)`,
      );
  }
}

function parsed<T extends z.ZodType>(schema: T, json: unknown): z.output<T> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new HttpError(400, `interaction field \`${issue.path.join(".")}\`: ${issue.message}`);
}

function contextOf(interaction: z.output<typeof Context>) {
  const user = interaction.member?.user ?? interaction.user;
  if (!user) throw new HttpError(400, "the interaction names no user (`member.user` or `user`)");
  const channelId = interaction.channel?.id ?? interaction.channel_id;
  if (!channelId) throw new HttpError(400, "the interaction names no channel (`channel.id`)");
  return {
    webhook: { applicationId: interaction.application_id, token: interaction.token },
    person: {
      userId: user.id,
      displayName: interaction.member?.nick ?? user.global_name ?? user.username,
    },
    place: { guildId: interaction.guild_id ?? null, channelId },
  };
}
