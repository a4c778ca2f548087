import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverInteraction,
  FakeDiscord,
  InteractionSigner,
  postInteraction,
} from "../fakes/discord-server.ts";
import { FakeSlack, slackSignatureHeaders, slashCommandPayload } from "../fakes/slack-server.ts";
import { eventually } from "../support/eventually.ts";
import { seedHome } from "../support/pglite.ts";

const cli = join(import.meta.dirname, "../../bin/alphadesk.js");
const signingSecret = "0123456789abcdef0123456789abcdef";
const tradingViewSecret = "tv-0123456789abcdef0123456789abcdef";

let home: string;
let slack: FakeSlack;
let discord: FakeDiscord;
let signer: InteractionSigner;
let serve: ChildProcess;
let url: string;
let stderr = "";

/** `alphadesk serve` as a user runs it for chat only: no MCP_TOKEN, Slack and Discord set. */
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-chat-serve-"));
  await seedHome(home);
  slack = await new FakeSlack().start();
  discord = await new FakeDiscord().start();
  signer = new InteractionSigner();
  serve = spawn(process.execPath, [cli, "serve"], {
    env: {
      ...process.env,
      ALPHADESK_HOME: home,
      DATABASE_URL: "",
      MCP_TOKEN: "",
      PORT: "0",
      HOST: "",
      LOG_LEVEL: "warn",
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_TOKEN: discord.botToken,
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_API_URL: discord.restApi,
      TRADINGVIEW_WEBHOOK_SECRET: tradingViewSecret,
      TRADINGVIEW_SLACK_CHANNEL: "C0ALERTS1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((resolve, reject) => {
    serve.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+):/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    serve.once("exit", () => reject(new Error(`serve exited early: ${stderr}`)));
  });
});

afterAll(async () => {
  if (serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once("exit", resolve));
    serve.kill("SIGTERM");
    await exited;
  }
  await slack.stop();
  await discord.close();
  await rm(home, { recursive: true, force: true });
});

function slashCommand(text: string, secret = signingSecret) {
  const body = new URLSearchParams(
    slashCommandPayload({ text, userId: "U1", channelId: "C1" }),
  ).toString();
  return fetch(`${url}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...slackSignatureHeaders(body, secret),
    },
    body,
  });
}

describe("npx alphadesk serve with Slack and Discord", () => {
  it("says what it serves: no MCP without MCP_TOKEN, both chat faces", async () => {
    expect(stderr).toMatch(
      /Slack at \/slack\/events, Discord at \/discord\/interactions, Discord gateway bot/,
    );
    expect((await fetch(`${url}/mcp`, { method: "POST" })).status).toBe(404);
    // The gateway bot registered /alphadesk for the application.
    expect(discord.callsTo("PUT", /\/applications\/\d+\/commands$/)).toHaveLength(1);
  });

  it("answers a signed Slack slash command with the status view, and refuses a forged one", async () => {
    expect((await slashCommand("status", "f".repeat(32))).status).toBe(401);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(0);

    expect((await slashCommand("status")).status).toBe(200);
    const posted = await eventually(
      () => slack.callsTo("chat.postMessage")[0],
      "the status view in Slack",
      30_000,
    );
    expect(JSON.stringify(posted.params)).toMatch(
      /Trading \*active\* on paper-sim; 0 approval\(s\) waiting/,
    );
  });

  it("answers Discord's signed PING at /discord/interactions and refuses forged ones", async () => {
    const ping = JSON.stringify({
      id: "1",
      application_id: discord.applicationId,
      type: 1,
      token: "t",
      version: 1,
    });
    expect(
      await postInteraction(`${url}/discord/interactions`, ping, signer.headers(ping)),
    ).toEqual({
      status: 200,
      json: { type: 1 },
    });
    const forged = await postInteraction(
      `${url}/discord/interactions`,
      ping,
      InteractionSigner.forged(ping),
    );
    expect(forged.status).toBe(401);

    const command = discord.slashCommand(
      { id: "1001" },
      { channelId: "500", guildId: "400" },
      "status",
    );
    const result = await deliverInteraction(
      discord,
      signer,
      `${url}/discord/interactions`,
      command,
    );
    expect(result).toMatchObject({ status: 200, json: { type: 5 } });
    const shown = await eventually(
      () => discord.channelMessages("500").find((message) => /Trading/.test(message.content)),
      "the status view in Discord",
      30_000,
    );
    expect(shown.content).toMatch(/Trading \*\*active\*\* on paper-sim/);
  });

  it("takes TradingView alerts at /webhooks/tradingview: a wrong secret gets 401, an unknown strategy 404", async () => {
    expect(stderr).toMatch(
      /TradingView alerts at \/webhooks\/tradingview \(approval cards to Slack C0ALERTS1\)/,
    );
    const alert = {
      secret: tradingViewSecret,
      strategyId: "ab".repeat(32),
      symbol: "AAPL",
      action: "entry",
      side: "long",
      barTime: Date.now(),
      price: 190,
    };
    const post = (body: object) =>
      fetch(`${url}/webhooks/tradingview`, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: JSON.stringify(body),
      });
    const forged = await post({ ...alert, secret: "x".repeat(40) });
    expect(forged.status).toBe(401);
    const unknown = await post(alert);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      status: "refused",
      error: expect.stringMatching(/^no stored strategy abab/),
    });
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => serve.once("exit", resolve));
    serve.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
