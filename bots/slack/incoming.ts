import type { BlockAction, ButtonAction, SlashCommand, types } from "@slack/bolt";
import type { ButtonPress } from "../core/conversation.ts";
import { Platform, type IncomingMessage } from "../core/message.ts";
import { unescapeMrkdwn } from "./mrkdwn.ts";
import type { SlackPlace } from "./slack-surface.ts";

/** A person's message and where the answer goes. */
export interface SlackTurn {
  message: IncomingMessage;
  place: SlackPlace;
}

/** A click on a card and where to answer it. */
export interface SlackClick {
  press: ButtonPress;
  place: SlackPlace;
}

/** Empty text (a bare `/alphadesk` or mention) asks for the help the planner gives. */
const requestText = (text: string) => unescapeMrkdwn(text).trim() || "help";

function turn(
  userId: string,
  displayName: string,
  teamId: string | undefined,
  channel: string,
  threadTs: string | null,
  text: string,
): SlackTurn {
  return {
    message: {
      platform: Platform.SLACK,
      userId,
      displayName,
      workspaceId: teamId ?? null,
      conversationId: channel,
      threadKey: threadTs,
      text: requestText(text),
    },
    place: { channel, threadTs, userId },
  };
}

/** A slash command answers in its channel, outside any thread (Slack sends it none). */
export const fromSlashCommand = (command: SlashCommand, teamId: string | undefined): SlackTurn =>
  turn(
    command.user_id,
    command.user_name || command.user_id,
    teamId,
    command.channel_id,
    null,
    command.text,
  );

/** A mention is answered in a thread under it (or in the thread it was written in). */
export function fromMention(
  event: types.AppMentionEvent,
  teamId: string | undefined,
  botUserId: string | undefined,
): SlackTurn | undefined {
  if (!event.user || event.bot_id || event.subtype) return undefined;
  return turn(
    event.user,
    event.user_profile?.display_name || event.user,
    teamId,
    event.channel,
    event.thread_ts ?? event.ts,
    withoutMention(event.text, botUserId),
  );
}

/** A direct message is answered in the conversation, or in the thread it was written in. */
export function fromDirectMessage(
  event: types.MessageEvent,
  teamId: string | undefined,
  botUserId: string | undefined,
): SlackTurn | undefined {
  // Edits, deletions, joins and bots' posts carry a subtype or a bot id: only people's new messages.
  if (event.subtype !== undefined || event.channel_type !== "im" || event.bot_id) return undefined;
  return turn(
    event.user,
    event.user,
    teamId,
    event.channel,
    event.thread_ts ?? null,
    withoutMention(event.text ?? "", botUserId),
  );
}

/**
 * A click on a card's button: the card's conversation and thread are the address (its agent
 * thread resumes there), and the card message's `ts` is what gets edited.
 */
export function fromButtonClick(
  body: BlockAction<ButtonAction>,
  action: ButtonAction,
  teamId: string | undefined,
): SlackClick | undefined {
  const channel = body.channel?.id;
  const card = body.message?.ts;
  if (!channel || !card) return undefined;
  const threadTs =
    stringOrNull(body.message?.thread_ts) ?? stringOrNull(body.container["thread_ts"]);
  return {
    press: {
      platform: Platform.SLACK,
      userId: body.user.id,
      buttonId: action.action_id,
      value: action.value ?? "",
      address: {
        platform: Platform.SLACK,
        workspaceId: teamId ?? null,
        conversationId: channel,
        threadKey: threadTs,
      },
      card: { id: card },
    },
    place: { channel, threadTs, userId: body.user.id },
  };
}

/** The text without the bot's own `<@U123>` or `<@U123|name>` tokens (other people's stay). */
export const withoutMention = (text: string, botUserId: string | undefined): string =>
  text.replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, (token, id: string) =>
    id === botUserId ? "" : token,
  );

const stringOrNull = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;
