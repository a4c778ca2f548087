import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import {
  blockActionsPayload,
  eventCallbackPayload,
  FakeSlack,
  slackSignatureHeaders,
  slashCommandPayload,
  type SlackApiCall,
} from "../../test/fakes/slack-server.ts";
import { chatHarness, type ChatHarness } from "../../test/support/chat-harness.ts";
import type { ChartRenderer } from "../../tools/ports/chart-renderer.ts";
import type { Logger } from "../../tools/ports/logger.ts";
import { createSlackApp, type SlackHttpFace } from "./slack-app.ts";

const secret = "test-signing-secret";
const form = "application/x-www-form-urlencoded";
const json = "application/json";
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Draws every chart as the same eight PNG signature bytes. */
const tinyCharts: ChartRenderer = { renderPng: () => Promise.resolve(png) };

/** Remembers what was logged, so a test can see a Slack error was reported. */
class RecordingLog implements Logger {
  readonly entries: { level: string; object: object; message?: string }[] = [];
  debug() {}
  info() {}
  warn(object: object, message?: string) {
    this.entries.push({ level: "warn", object, ...(message ? { message } : {}) });
  }
  error(object: object, message?: string) {
    this.entries.push({ level: "error", object, ...(message ? { message } : {}) });
  }
}

let fake: FakeSlack;
let h: ChatHarness;
let face: SlackHttpFace;
let server: Server;
let endpoint: string;
let fetches: MockInstance<typeof fetch>;
const log = new RecordingLog();

beforeAll(async () => {
  fake = await new FakeSlack().start();
  // Installed before the app exists: the Web API client keeps the fetch it found.
  fetches = vi.spyOn(globalThis, "fetch");
  h = await chatHarness({ charts: tinyCharts });
  face = createSlackApp({
    conversations: h.conversations,
    botToken: fake.botToken,
    signingSecret: secret,
    slackApiUrl: fake.apiUrl,
    log,
  });
  await face.start();
  server = createServer((request, response) => void face.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});

afterAll(async () => {
  fetches?.mockRestore();
  await face?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
  await fake?.stop();
});

const nowSec = () => Math.floor(Date.now() / 1000);
const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Posts to the handler as Slack would (signed unless told otherwise), then waits for the work. */
async function send(
  body: string,
  contentType: string,
  headers: Record<string, string> = slackSignatureHeaders(body, secret),
) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body,
  });
  const text = await response.text();
  await face.idle();
  return { status: response.status, text };
}

const commandBody = (text: string, userId: string, channelId: string) =>
  formOf(slashCommandPayload({ text, userId, channelId }));

const command = (text: string, userId: string, channelId: string) =>
  send(commandBody(text, userId, channelId), form);

/** An Events API callback, signed at `timestampSec` (Slack signs each delivery anew). */
const event = (
  body: Record<string, unknown>,
  eventId: string,
  options: { timestampSec?: number; headers?: Record<string, string> } = {},
) => {
  const raw = JSON.stringify(eventCallbackPayload(body, { eventId }));
  const signature = slackSignatureHeaders(raw, secret, options.timestampSec);
  return send(raw, json, { ...signature, ...options.headers });
};

const click = (options: Parameters<typeof blockActionsPayload>[0]) =>
  send(formOf({ payload: JSON.stringify(blockActionsPayload(options)) }), form);

const callsIn = (method: string, channel: string) =>
  fake
    .callsTo(method)
    .filter((call) => (call.params["channel"] ?? call.params["channel_id"]) === channel);

interface SentBlock {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value: string; style?: string; text: { text: string } }[];
}
const blocksOf = (call: SlackApiCall) => (call.params["blocks"] ?? []) as SentBlock[];
const textOf = (call: SlackApiCall) =>
  [String(call.params["text"]), ...blocksOf(call).map((block) => block.text?.text ?? "")].join(
    "\n",
  );

async function approvalRows(): Promise<number> {
  const [row] = await h.client.query<{ n: number }>("SELECT count(*)::int AS n FROM approvals");
  return row!.n;
}

describe("the Slack face over HTTP", () => {
  it("answers url_verification with its challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", token: "t", challenge: "c-123" });
    const response = await send(body, json);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ challenge: "c-123" });
  });

  it("refuses forged, stale, future, unsigned and replayed requests, touching nothing", async () => {
    // Not the order the next test places: the risk gate refuses a duplicate within a minute.
    const body = commandBody("buy 3 shares of AAPL", "U1", "C-refused");
    const callsBefore = fake.calls.length;
    const approvalsBefore = await approvalRows();
    const refusals = {
      forged: slackSignatureHeaders(body, "not-the-secret"),
      stale: slackSignatureHeaders(body, secret, nowSec() - 6 * 60),
      future: slackSignatureHeaders(body, secret, nowSec() + 6 * 60),
      unsigned: {},
      tampered: slackSignatureHeaders(body.replace("AAPL", "MSFT"), secret),
    };
    for (const [name, headers] of Object.entries(refusals)) {
      const response = await send(body, form, headers);
      expect(response.status, name).toBe(401);
      expect(response.text, name).toMatch(/unverified Slack request/);
    }
    expect(fake.calls.length).toBe(callsBefore);
    expect(await approvalRows()).toBe(approvalsBefore);

    // A genuine request is served once; the same signed bytes again are a replay.
    const signed = slackSignatureHeaders(body, secret);
    expect((await send(body, form, signed)).status).toBe(200);
    const callsAfterFirst = fake.calls.length;
    const approvalsAfterFirst = await approvalRows();
    expect(approvalsAfterFirst).toBe(approvalsBefore + 1);
    const replay = await send(body, form, signed);
    expect(replay.status).toBe(401);
    expect(replay.text).toMatch(/already received/);
    expect(fake.calls.length).toBe(callsAfterFirst);
    expect(await approvalRows()).toBe(approvalsAfterFirst);
    expect(await h.sentOrders()).toBe(0);
  });

  it("places an order from /alphadesk only after an approver's click, once", async () => {
    const channel = "C-orders";
    const response = await command("buy 10 shares of AAPL", "U1", channel);
    expect(response.status).toBe(200);
    const card = callsIn("chat.postMessage", channel).find((call) =>
      blocksOf(call).some((block) => block.type === "actions"),
    );
    expect(card, "an approval card").toBeDefined();
    expect(textOf(card!)).toContain("BUY 10 AAPL");
    expect(card!.params["thread_ts"]).toBeUndefined();
    const buttons = blocksOf(card!).find((block) => block.type === "actions")!.elements!;
    expect(buttons.map((button) => [button.action_id, button.text.text, button.style])).toEqual([
      ["approval:approve", "Approve", "primary"],
      ["approval:reject", "Reject", "danger"],
    ]);
    const cardTs = String(card!.response["ts"]);
    const press = (userId: string) =>
      click({
        userId,
        channelId: channel,
        messageTs: cardTs,
        actionId: "approval:approve",
        value: buttons[0]!.value,
      });

    expect((await press("U999")).status).toBe(200);
    const refusal = callsIn("chat.postEphemeral", channel).at(-1)!;
    expect(refusal.params["user"]).toBe("U999");
    expect(String(refusal.params["text"])).toMatch(/slack:U999\) are not on the approver list/);
    expect(await h.sentOrders()).toBe(0);

    await press("U1");
    expect(await h.sentOrders()).toBe(1);
    const redrawn = callsIn("chat.update", channel).find((call) => call.params["ts"] === cardTs);
    expect(redrawn, "the card edited").toBeDefined();
    expect(blocksOf(redrawn!).some((block) => block.type === "actions")).toBe(false);
    expect(String(redrawn!.params["text"])).toMatch(/\(approved\)$/);
    const posted = callsIn("chat.postMessage", channel).map(textOf).join("\n");
    expect(posted).toContain("Approved by slack:U1");

    await press("U1");
    expect(String(callsIn("chat.postEphemeral", channel).at(-1)!.params["text"])).toMatch(
      /^Nothing changed/,
    );
    expect(await h.sentOrders()).toBe(1);
  });

  it("shows long work in one edited progress message and uploads charts", async () => {
    const channel = "C-work";
    await command("make a demo market for SPY with 2 years", "U1", channel);
    const bar = callsIn("chat.postMessage", channel).find((call) =>
      /\[[#-]+\] \d+%/.test(textOf(call)),
    );
    expect(bar, callsIn("chat.postMessage", channel).map(textOf).join("\n")).toBeDefined();
    const edits = callsIn("chat.update", channel).filter(
      (call) => call.params["ts"] === bar!.response["ts"],
    );
    expect(edits.length).toBeGreaterThan(0);
    expect(textOf(edits.at(-1)!)).toMatch(/100% done in \d+\.\d s/);

    await command("backtest a 20/50 moving average crossover on SPY since 2020", "U1", channel);
    const uploads = [...fake.uploads.values()].filter((upload) => upload.channelId === channel);
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads[0]!.bytes).toEqual(Buffer.from(png));
    expect(uploads[0]!.filename).toMatch(/^backtest_strategy-1-.+\.png$/);
    expect(uploads[0]!.altText).toBeTruthy();
    const table = callsIn("chat.postMessage", channel).find((call) =>
      textOf(call).includes("Total return"),
    );
    expect(textOf(table!)).toMatch(/```\n\s+Strategy/);
  });

  it("answers a mention in a thread under it and a direct message in the conversation", async () => {
    const mentionTs = "1700000100.000100";
    await event(
      {
        type: "app_mention",
        user: "U1",
        text: "<@UBOT> what is the currency strength now",
        ts: mentionTs,
        channel: "C-mention",
        event_ts: mentionTs,
      },
      "Ev-mention",
    );
    const [reply] = callsIn("chat.postMessage", "C-mention");
    expect(reply!.params["thread_ts"]).toBe(mentionTs);
    expect(textOf(reply!).toLowerCase()).toContain("currenc");

    const dm = {
      type: "message",
      channel_type: "im",
      user: "U1",
      text: "list my universes",
      ts: "1700000200.000100",
      channel: "D-direct",
      event_ts: "1700000200.000100",
    };
    await event(dm, "Ev-dm");
    const [answer] = callsIn("chat.postMessage", "D-direct");
    expect(answer!.params["thread_ts"]).toBeUndefined();
    expect(textOf(answer!).toLowerCase()).toContain("universe");

    // Slack's retry of the same event (signed anew), bots' messages and edits get no answer.
    const retry = await event(dm, "Ev-dm", {
      timestampSec: nowSec() + 1,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    for (const [ignored, eventId] of [
      [{ ...dm, bot_id: "B2", ts: "1700000200.000200" }, "Ev-bot"],
      [{ ...dm, subtype: "message_changed", ts: "1700000200.000300" }, "Ev-edit"],
    ] as const)
      expect((await event(ignored, eventId)).status).toBe(200);
    expect(callsIn("chat.postMessage", "D-direct")).toHaveLength(1);
  });

  it("answers a bare /alphadesk with the planner's help", async () => {
    await command("", "U1", "C-help");
    const [help] = callsIn("chat.postMessage", "C-help");
    expect(textOf(help!)).toMatch(/backtest/i);
  });

  it("refuses bad input with a clear 4xx and keeps serving", async () => {
    const cases: [string, string, number, RegExp][] = [
      ["{not json", json, 400, /not valid JSON/],
      [JSON.stringify({ type: "mystery" }), json, 400, /unsupported Slack payload type/],
      [
        formOf({ payload: '{"type":"view_submission"}' }),
        form,
        400,
        /unsupported Slack interactivity/,
      ],
      [formOf({ payload: "{oops" }), form, 400, /not valid JSON/],
      [formOf({ hello: "world" }), form, 400, /neither a slash command/],
      ["<xml/>", "text/xml", 415, /unsupported content type/],
    ];
    for (const [body, contentType, status, message] of cases) {
      const response = await send(body, contentType);
      expect(response.status, body).toBe(status);
      expect(JSON.parse(response.text).error, body).toMatch(message);
    }
    const oversized = "x".repeat(1024 * 1024 + 1);
    const tooLarge = await send(oversized, json);
    expect(tooLarge.status).toBe(413);
    const get = await fetch(endpoint);
    expect(get.status).toBe(405);

    expect((await command("list my universes", "U1", "C-after")).status).toBe(200);
    expect(callsIn("chat.postMessage", "C-after")).toHaveLength(1);
  });

  it("logs a Slack API error with its method and carries on", async () => {
    fake.failNext("chat.postMessage", "not_in_channel");
    expect((await command("list my universes", "U1", "C-closed")).status).toBe(200);
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        level: "error",
        object: expect.objectContaining({ method: "chat.postMessage", error: "not_in_channel" }),
      }),
    );
    await command("list my universes", "U1", "C-closed");
    expect(callsIn("chat.postMessage", "C-closed").at(-1)!.response["ok"]).toBe(true);
  });

  it("sends every Web API call to the local fake, never to slack.com", () => {
    const hosts = fetches.mock.calls.map(([input]) => {
      const url = input instanceof Request ? input.url : String(input);
      return new URL(url).hostname;
    });
    expect(fake.calls.length).toBeGreaterThan(10);
    expect(new Set(hosts)).toEqual(new Set(["127.0.0.1"]));
  });
});
