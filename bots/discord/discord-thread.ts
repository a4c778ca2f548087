import { Platform, type IncomingMessage } from "../core/message.ts";
import type { ThreadAddress } from "../core/threads.ts";

/** Where something happened on Discord: the guild (null in a direct message) and the channel. */
export interface DiscordPlace {
  guildId: string | null;
  channelId: string;
}

/**
 * A Discord channel as a conversation: workspace = guild, conversation = channel, and no thread
 * key, because a Discord thread is a channel of its own (its id is the conversation).
 */
export const discordAddress = ({ guildId, channelId }: DiscordPlace): ThreadAddress => ({
  platform: Platform.DISCORD,
  workspaceId: guildId,
  conversationId: channelId,
  threadKey: null,
});

export const discordIncoming = (
  place: DiscordPlace,
  person: { userId: string; displayName: string },
  text: string,
): IncomingMessage => ({ ...discordAddress(place), ...person, text });
