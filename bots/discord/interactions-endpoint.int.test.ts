import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InteractionResponseType, InteractionType, MessageFlags } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  deliverInteraction,
  FakeDiscord,
  InteractionSigner,
  postInteraction,
  type FakeDiscordMessage,
} from "../../test/fakes/discord-server.ts";
import { chatHarness, type ChatHarness } from "../../test/support/chat-harness.ts";
import { silentLog } from "../../test/support/order-harness.ts";
import type { ChartRenderer } from "../../tools/ports/chart-renderer.ts";
import {
  createDiscordInteractionsHandler,
  type DiscordInteractionsHandler,
} from "./interactions-endpoint.ts";

const guild = "700000000000000001";
const channel = "710000000000000001";
const inGuild = { channelId: channel, guildId: guild };
const approver = { id: "1001", name: "Ada" };
const stranger = { id: "2002", name: "Eve" };

/** Draws nothing: a PNG signature and the chart's number. */
class TinyPngCharts implements ChartRenderer {
  private drawn = 0;
  renderPng(): Promise<Uint8Array> {
    return Promise.resolve(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, ++this.drawn]));
  }
}

interface Setup {
  h: ChatHarness;
  fake: FakeDiscord;
  signer: InteractionSigner;
  handler: DiscordInteractionsHandler;
  url: string;
  /** The endpoint's clock, fixed at setup, so the timestamp window is tested exactly. */
  nowSec: number;
  deliver(interaction: { id: string; token: string }): Promise<{ status: number; json: unknown }>;
  /** Delivers and waits until everything the interaction started has finished. */
  act(interaction: { id: string; token: string }): Promise<{ status: number; json: unknown }>;
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

async function setup(): Promise<Setup> {
  const h = await chatHarness({ charts: new TinyPngCharts() });
  cleanup.push(() => h.close());
  const fake = await new FakeDiscord().start();
  cleanup.push(() => fake.close());
  const signer = new InteractionSigner();
  const nowSec = Math.floor(Date.now() / 1000);
  const handler = createDiscordInteractionsHandler({
    nowMs: () => nowSec * 1000,
    conversations: h.conversations,
    publicKeyHex: signer.publicKeyHex,
    restApi: fake.restApi,
    log: silentLog,
  });
  const server: Server = createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`;
  const deliver = (interaction: { id: string; token: string }) =>
    deliverInteraction(fake, signer, url, interaction);
  return {
    h,
    fake,
    signer,
    handler,
    url,
    nowSec,
    deliver,
    async act(interaction) {
      const result = await deliver(interaction);
      await handler.idle();
      return result;
    },
  };
}

const cardIn = (fake: FakeDiscord, channelId = channel): FakeDiscordMessage => {
  const card = fake.channelMessages(channelId).find((message) => message.components.length > 0);
  if (!card) throw new Error("no card with buttons was posted");
  return card;
};
const customIds = (message: FakeDiscordMessage) =>
  message.components.flatMap((row) => row.components.map((button) => button.custom_id));

async function approvalCount(h: ChatHarness): Promise<number> {
  const [row] = await h.client.query<{ n: number }>("SELECT count(*)::int AS n FROM approvals");
  return row!.n;
}

describe("the Discord interactions endpoint", () => {
  // Built in a hook: the first harness of a run may wait for the database template.
  let s: Setup;
  beforeEach(async () => {
    s = await setup();
  });

  it("answers a signed PING with a PONG", async () => {
    const { signer, url, fake } = s;
    const body = JSON.stringify({ type: InteractionType.Ping, id: "1", token: "t" });
    const result = await postInteraction(url, body, signer.headers(body));
    expect(result).toEqual({ status: 200, json: { type: InteractionResponseType.Pong } });
    expect(fake.calls).toEqual([]);
  });

  it("refuses forged, tampered, stale, future and replayed requests with 401, touching nothing", async () => {
    const { h, fake, signer, handler, url, nowSec } = s;
    const interaction = fake.slashCommand(approver, inGuild, "buy 10 shares of AAPL");
    const body = JSON.stringify(interaction);
    const attempts: Record<string, Record<string, string>> = {
      forged: InteractionSigner.forged(body),
      unsigned: { "content-type": "application/json" },
      stale: signer.headers(body, nowSec - 301),
      future: signer.headers(body, nowSec + 301),
    };
    for (const [what, headers] of Object.entries(attempts)) {
      const result = await postInteraction(url, body, headers);
      expect(result.status, what).toBe(401);
    }
    const tampered = await postInteraction(
      url,
      body.replace("buy 10", "buy 99"),
      signer.headers(body),
    );
    expect(tampered.status).toBe(401);
    await handler.idle();
    expect(fake.calls).toEqual([]);
    expect(await approvalCount(h)).toBe(0);

    // The genuine request is served once; the same bytes again are a replay.
    const headers = signer.headers(body);
    expect((await postInteraction(url, body, headers)).status).toBe(200);
    await handler.idle();
    const callsBefore = fake.calls.length;
    expect(await approvalCount(h)).toBe(1);
    const replay = await postInteraction(url, body, headers);
    expect(replay).toEqual({ status: 401, json: { error: "replayed request" } });
    await handler.idle();
    expect(fake.calls.length).toBe(callsBefore);
    expect(await approvalCount(h)).toBe(1);
    expect(await h.sentOrders()).toBe(0);
  });

  it("places an order proposed by /alphadesk only after an approver's click, once", async () => {
    const { h, fake, act } = s;
    const command = fake.slashCommand(approver, inGuild, "buy 10 shares of AAPL");
    const deferred = await act(command);
    expect(deferred).toEqual({
      status: 200,
      json: { type: InteractionResponseType.DeferredChannelMessageWithSource },
    });
    // The turn's messages came through the interaction's webhook: @original first.
    const webhookCalls = fake.calls.filter((call) => call.route.startsWith("/webhooks/"));
    expect(webhookCalls[0]!.method).toBe("PATCH");
    expect(webhookCalls[0]!.route).toBe(
      `/webhooks/${fake.applicationId}/${command.token}/messages/@original`,
    );
    for (const call of webhookCalls) expect(call.authorization).toBeUndefined();
    const card = cardIn(fake);
    expect(card.content).toContain("BUY 10 AAPL");
    const [approveId, rejectId] = customIds(card);
    expect(approveId).toMatch(/^approval:approve:[A-Za-z0-9_-]{64}$/);
    expect(rejectId).toMatch(/^approval:reject:[A-Za-z0-9_-]{64}$/);
    expect(await h.sentOrders()).toBe(0);

    const strangerClick = fake.buttonClick(stranger, card, approveId!);
    expect(await act(strangerClick)).toEqual({
      status: 200,
      json: { type: InteractionResponseType.DeferredMessageUpdate },
    });
    const [refusal] = fake.ephemeralMessages(strangerClick);
    expect(refusal!.content).toMatch(/discord:2002\) are not on the approver list/);
    expect(refusal!.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(await h.sentOrders()).toBe(0);
    expect(customIds(fake.messages.get(card.id)!)).toHaveLength(2);

    const postsBefore = fake.channelMessages(channel).length;
    await act(fake.buttonClick(approver, card, approveId!));
    expect(await h.sentOrders()).toBe(1);
    // The card, edited through the click's @original, shows the decision and has no buttons.
    const decided = fake.messages.get(card.id)!;
    expect(decided.components).toEqual([]);
    expect(decided.content).toMatch(/approved/);
    const posted = fake.channelMessages(channel).slice(postsBefore);
    expect(posted.map((message) => message.content).join("\n")).toContain(
      "Approved by discord:1001",
    );

    const again = fake.buttonClick(approver, decided, approveId!);
    await act(again);
    expect(fake.ephemeralMessages(again)[0]!.content).toMatch(/^Nothing changed/);
    expect(await h.sentOrders()).toBe(1);
    expect(fake.problems).toEqual([]);
    for (const call of fake.calls.filter((call) => call.method !== "DELETE"))
      expect(call.json, call.route).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it("takes the user of a direct message from `user`, and answers in the DM", async () => {
    const { h, fake, act } = s;
    const dm = { channelId: "720000000000000001" };
    await act(fake.slashCommand(approver, dm, "buy 1 share of AAPL"));
    const card = cardIn(fake, dm.channelId);
    await act(fake.buttonClick(approver, card, customIds(card)[0]!));
    expect(await h.sentOrders()).toBe(1);
    expect(fake.problems).toEqual([]);
  });

  it("shows long work as one edited progress message, then the charts as PNG uploads", async () => {
    const { fake, act } = s;
    const market = fake.slashCommand(approver, inGuild, "make a demo market for SPY with 2 years");
    await act(market);
    const original = `/webhooks/${fake.applicationId}/${market.token}/messages/@original`;
    const progress = fake.callsTo("PATCH", /@original$/).filter((call) => call.route === original);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(progress[0]!.json)).toMatch(/`\[-{20}\] 0%`/);
    expect(JSON.stringify(progress.at(-1)!.json)).toMatch(/`\[#{20}\] 100%` done in \d+\.\d s/);

    const backtest = fake.slashCommand(
      approver,
      inGuild,
      "backtest a 20/50 moving average crossover on SPY",
    );
    await act(backtest);
    const uploads = fake.calls.filter(
      (call) => call.route.includes(backtest.token) && call.files.length > 0,
    );
    // Seen failing once in about ten loaded runs with no upload at all: say what was sent instead.
    const sent = fake.calls
      .filter((call) => call.route.includes(backtest.token))
      .map((call) => ({
        call: `${call.method} ${call.status}`,
        files: call.files.length,
        body: JSON.stringify(call.json).slice(0, 200),
      }));
    expect(uploads, JSON.stringify({ sent, problems: fake.problems })).toHaveLength(1);
    const [upload] = uploads;
    expect(upload!.files.map((file) => [file.field, file.contentType])).toEqual([
      ["files[0]", "image/png"],
      ["files[1]", "image/png"],
    ]);
    expect([...upload!.files[0]!.bytes]).toEqual([0x89, 0x50, 0x4e, 0x47, 1]);
    const withCharts = [...fake.messages.values()].find((m) => m.attachments.length === 2)!;
    expect(withCharts.attachments.map((a) => a.filename)).toEqual([
      expect.stringMatching(/^backtest_strategy-1-Equity-against-benchmarks.*\.png$/),
      expect.stringMatching(/^backtest_strategy-2-Drawdown.*\.png$/),
    ]);
    expect(withCharts.attachments[0]!.description).toMatch(/^Equity against benchmarks/);
    expect(withCharts.content).toMatch(
      /\*\*Backtest [0-9a-f-]{36} of "SMA 20\/50 crossover", .*\*\*\n```\n/,
    );
    expect(fake.problems).toEqual([]);
  });

  it("answers bad input with a clear 4xx and keeps serving", async () => {
    const { h, signer, url, fake } = s;
    const signedPost = (body: string) => postInteraction(url, body, signer.headers(body));
    expect(await signedPost("{not json")).toEqual({
      status: 400,
      json: { error: "request body is not valid JSON" },
    });
    expect(await signedPost(JSON.stringify({ type: 4, id: "1" }))).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/unsupported interaction type 4/) },
    });
    const noUser = { ...fake.slashCommand(approver, inGuild, "hi"), member: undefined };
    expect(await signedPost(JSON.stringify(noUser))).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/names no user/) },
    });
    const huge = JSON.stringify({ type: 1, padding: "x".repeat(300 * 1024) });
    expect((await signedPost(huge)).status).toBe(413);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");

    const ping = JSON.stringify({ type: InteractionType.Ping });
    expect((await signedPost(ping)).status).toBe(200);
    expect(fake.calls).toEqual([]);
    expect(await approvalCount(h)).toBe(0);
  });
});

describe("building the interactions endpoint", () => {
  it("refuses to be built without a public key", () => {
    expect(() =>
      createDiscordInteractionsHandler({
        conversations: { message: async () => {}, button: async () => {} },
        publicKeyHex: " ",
        log: silentLog,
      }),
    ).toThrow(/public key is empty/);
  });
});
