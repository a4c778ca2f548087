import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  blockActionsPayload,
  eventCallbackPayload,
  FakeSlack,
  slashCommandPayload,
} from "../../test/fakes/slack-server.ts";
import { chatHarness, type ChatHarness } from "../../test/support/chat-harness.ts";
import { eventually } from "../../test/support/eventually.ts";
import { silentLog } from "../../test/support/order-harness.ts";
import { createSlackApp, type SlackFace } from "./slack-app.ts";

let fake: FakeSlack;
let h: ChatHarness;
let face: SlackFace;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  h = await chatHarness();
  face = createSlackApp({
    conversations: h.conversations,
    botToken: fake.botToken,
    appToken: fake.appToken,
    slackApiUrl: fake.apiUrl,
    log: silentLog,
  });
  await face.start();
});

afterAll(async () => {
  await face?.stop();
  await h?.close();
  await fake?.stop();
});

const posted = (channel: string) =>
  fake.callsTo("chat.postMessage").filter((call) => call.params["channel"] === channel);

describe("the Slack face over Socket Mode", () => {
  it("connects with the app token through apps.connections.open", () => {
    const [open] = fake.callsTo("apps.connections.open");
    expect(open!.token).toBe(fake.appToken);
    expect(fake.socketMode.sockets.size).toBe(1);
  });

  it("takes a slash command and a click as envelopes, acknowledging each", async () => {
    const channel = "C-socket";
    const commandAck = await fake.socketMode.send(
      "slash_commands",
      slashCommandPayload({ text: "buy 10 shares of AAPL", userId: "U1", channelId: channel }),
    );
    expect(commandAck).toEqual({});
    const card = await eventually(
      () =>
        posted(channel).find((call) =>
          JSON.stringify(call.params["blocks"]).includes("approval:approve"),
        ),
      "the approval card",
    );
    await face.idle();
    const value = (
      card.params["blocks"] as { type: string; elements?: { value: string }[] }[]
    ).find((block) => block.type === "actions")!.elements![0]!.value;

    await fake.socketMode.send(
      "interactive",
      blockActionsPayload({
        userId: "U1",
        channelId: channel,
        messageTs: String(card.response["ts"]),
        actionId: "approval:approve",
        value,
      }),
    );
    await eventually(async () => (await h.sentOrders()) === 1, "the order at the broker");
    await face.idle();
    expect(
      fake.callsTo("chat.update").some((call) => call.params["ts"] === card.response["ts"]),
    ).toBe(true);
    expect(
      posted(channel)
        .map((call) => String(call.params["text"]))
        .join("\n"),
    ).toContain("Approved by slack:U1");
  });

  it("answers an app mention delivered as events_api once, even when Slack retries it", async () => {
    const mention = eventCallbackPayload(
      {
        type: "app_mention",
        user: "U1",
        text: "<@UBOT> list my universes",
        ts: "1700000300.000100",
        channel: "C-socket-mention",
        event_ts: "1700000300.000100",
      },
      { eventId: "Ev-socket" },
    );
    await fake.socketMode.send("events_api", mention);
    await eventually(() => posted("C-socket-mention").length > 0, "the reply");
    await fake.socketMode.send("events_api", mention, 1);
    await face.idle();
    const replies = posted("C-socket-mention");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.params["thread_ts"]).toBe("1700000300.000100");
  });
});
