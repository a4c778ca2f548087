import type { BlockAction, ButtonAction, SlashCommand, types } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { blockActionsPayload, slashCommandPayload } from "../../test/fakes/slack-server.ts";
import {
  fromButtonClick,
  fromDirectMessage,
  fromMention,
  fromSlashCommand,
  withoutMention,
} from "./incoming.ts";

const mention = (fields: Partial<types.AppMentionEvent>): types.AppMentionEvent => ({
  type: "app_mention",
  user: "U1",
  text: "<@UBOT> backtest SPY",
  ts: "1700000000.000100",
  channel: "C1",
  event_ts: "1700000000.000100",
  ...fields,
});

const directMessage = (fields: Record<string, unknown>) =>
  ({
    type: "message",
    channel_type: "im",
    user: "U1",
    text: "hello",
    ts: "1700000000.000200",
    channel: "D1",
    event_ts: "1700000000.000200",
    ...fields,
  }) as unknown as types.MessageEvent;

describe("Slack payloads as chat-core messages", () => {
  it("strips only the bot's own mention", () => {
    expect(withoutMention("<@UBOT> hi <@U2|ann> and <@UBOT|alphadesk>", "UBOT")).toBe(
      " hi <@U2|ann> and ",
    );
  });

  it("answers a mention in a thread under it, or in the thread it came from", () => {
    const top = fromMention(mention({}), "T1", "UBOT")!;
    expect(top.message).toEqual({
      platform: "slack",
      userId: "U1",
      displayName: "U1",
      workspaceId: "T1",
      conversationId: "C1",
      threadKey: "1700000000.000100",
      text: "backtest SPY",
    });
    expect(top.place).toEqual({ channel: "C1", threadTs: "1700000000.000100", userId: "U1" });
    const inThread = fromMention(mention({ thread_ts: "1699999999.000001" }), "T1", "UBOT")!;
    expect(inThread.message.threadKey).toBe("1699999999.000001");
    expect(fromMention(mention({ bot_id: "B2" }), "T1", "UBOT")).toBeUndefined();
  });

  it("answers a direct message in the conversation and ignores edits and bots", () => {
    const turn = fromDirectMessage(directMessage({ text: "a &lt; b" }), "T1", "UBOT")!;
    expect(turn.message).toMatchObject({ conversationId: "D1", threadKey: null, text: "a < b" });
    expect(turn.place.threadTs).toBeNull();
    expect(
      fromDirectMessage(directMessage({ thread_ts: "1.2" }), "T1", "UBOT")!.place.threadTs,
    ).toBe("1.2");
    for (const ignored of [
      { subtype: "message_changed" },
      { bot_id: "B2" },
      { channel_type: "channel" },
    ])
      expect(fromDirectMessage(directMessage(ignored), "T1", "UBOT")).toBeUndefined();
  });

  it("answers a slash command in its channel; empty text asks for help", () => {
    const payload = slashCommandPayload({ text: " ", userId: "U1", channelId: "C9" });
    const turn = fromSlashCommand(payload as SlashCommand, "T1");
    expect(turn.message).toMatchObject({ conversationId: "C9", threadKey: null, text: "help" });
    expect(turn.place).toEqual({ channel: "C9", threadTs: null, userId: "U1" });
  });

  it("addresses a click to the card's conversation and thread, naming the card", () => {
    const body = blockActionsPayload({
      userId: "U2",
      channelId: "C1",
      messageTs: "1700000000.000300",
      threadTs: "1700000000.000100",
      actionId: "approval:reject",
      value: "v",
    }) as unknown as BlockAction<ButtonAction>;
    const click = fromButtonClick(body, body.actions[0]!, "T1")!;
    expect(click.press).toEqual({
      platform: "slack",
      userId: "U2",
      buttonId: "approval:reject",
      value: "v",
      address: {
        platform: "slack",
        workspaceId: "T1",
        conversationId: "C1",
        threadKey: "1700000000.000100",
      },
      card: { id: "1700000000.000300" },
    });
    expect(click.place).toEqual({ channel: "C1", threadTs: "1700000000.000100", userId: "U2" });
  });
});
