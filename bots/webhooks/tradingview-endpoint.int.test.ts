import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  blockActionsPayload,
  FakeSlack,
  slackSignatureHeaders,
  type SlackApiCall,
} from "../../test/fakes/slack-server.ts";
import { chatHarness, type ChatHarness } from "../../test/support/chat-harness.ts";
import { silentLog } from "../../test/support/order-harness.ts";
import { SqlWebhookAlertLog } from "../../tools/adapters/sql/webhook-alerts.ts";
import { parseStrategySpec, strategyId } from "../../tools/strategy/spec-schema.ts";
import { createSlackApp, type SlackHttpFace } from "../slack/slack-app.ts";
import { SlackSurface } from "../slack/slack-surface.ts";
import { createTradingViewEndpoint, type TradingViewEndpoint } from "./tradingview-endpoint.ts";

const secret = "0123456789abcdef0123456789abcdef-tv";
const signingSecret = "test-signing-secret";
const channel = "C0ALERTS1";
const hourMs = 3_600_000;

/** A paper-stage hourly strategy on AAPL and MSFT that puts a fifth of its equity in each entry. */
const spec = parseStrategySpec({
  name: "Hourly breakout",
  universe: ["AAPL", "MSFT", "BTC/USD"],
  timeframe: "1h",
  entry: true,
  sizing: { fractionOfEquity: 0.2 },
});
const id = strategyId(spec);
/** The same, never promoted past backtest. */
const unpromoted = parseStrategySpec({ ...spec, name: "Not yet on paper" });
const unpromotedId = strategyId(unpromoted);

let fake: FakeSlack;
let h: ChatHarness;
let slackFace: SlackHttpFace;
let endpoint: TradingViewEndpoint;
let servers: Server[] = [];
let alertsUrl: string;
let slackUrl: string;

async function listen(handler: (request: never, response: never) => Promise<void>) {
  const server = createServer(
    (request, response) => void handler(request as never, response as never),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function endpointOver(channels: "slack" | "none") {
  const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl });
  return createTradingViewEndpoint({
    secret,
    context: h.context,
    alerts: new SqlWebhookAlertLog(h.client),
    channels:
      channels === "slack"
        ? [new SlackSurface(client, { channel, threadTs: null, userId: "" }, silentLog)]
        : [],
    log: silentLog,
  });
}

beforeAll(async () => {
  fake = await new FakeSlack().start();
  h = await chatHarness({ approvers: ["slack:U1"] });
  await h.setPrice("MSFT", 400);
  await h.store.saveStrategy({ id, name: spec.name, spec });
  await h.store.setStage(id, "paper", { capital: 100_000 }, "test", h.now());
  await h.store.saveStrategy({ id: unpromotedId, name: unpromoted.name, spec: unpromoted });
  slackFace = createSlackApp({
    conversations: h.conversations,
    botToken: fake.botToken,
    signingSecret,
    slackApiUrl: fake.apiUrl,
    log: silentLog,
  });
  await slackFace.start();
  slackUrl = `${await listen(slackFace.handle)}/slack/events`;
  endpoint = endpointOver("slack");
  alertsUrl = `${await listen(endpoint)}/webhooks/tradingview`;
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  servers = [];
  await slackFace?.stop();
  await h?.close();
  await fake?.stop();
});

/** The alert the generated Pine script sends for the bar that closed at the harness's now. */
const alertFor = (overrides: Record<string, unknown> = {}) => ({
  secret,
  strategyId: id,
  symbol: "AAPL",
  action: "entry",
  side: "long",
  barTime: h.now() - hourMs,
  price: 190,
  ...overrides,
});

/** Posts like TradingView (text/plain unless told), then waits for the chat posts it caused. */
async function send(body: unknown, options: { contentType?: string; url?: string } = {}) {
  const response = await fetch(options.url ?? alertsUrl, {
    method: "POST",
    headers: { "content-type": options.contentType ?? "text/plain; charset=utf-8" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  await endpoint.idle();
  return { status: response.status, json };
}

async function count(table: string): Promise<number> {
  const [row] = await h.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}
const rows = async () => ({
  alerts: await count("webhook_alerts"),
  intents: await count("order_intents"),
  slack: fake.calls.length,
});

interface SentBlock {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value: string }[];
}
const blocksOf = (call: SlackApiCall) => (call.params["blocks"] ?? []) as SentBlock[];
const textOf = (call: SlackApiCall) =>
  [String(call.params["text"]), ...blocksOf(call).map((block) => block.text?.text ?? "")].join(
    "\n",
  );
const posted = () =>
  fake.callsTo("chat.postMessage").filter((call) => call.params["channel"] === channel);

async function click(cardTs: string, value: string) {
  const body = new URLSearchParams({
    payload: JSON.stringify(
      blockActionsPayload({
        userId: "U1",
        channelId: channel,
        messageTs: cardTs,
        actionId: "approval:approve",
        value,
      }),
    ),
  }).toString();
  const response = await fetch(slackUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...slackSignatureHeaders(body, signingSecret),
    },
    body,
  });
  await slackFace.idle();
  return response.status;
}

describe("POST /webhooks/tradingview", () => {
  let first: Record<string, unknown>;

  it("turns an entry alert into one pending approval with its card in Slack, and sends nothing to the broker", async () => {
    const { status, json } = await send(alertFor());
    expect(status).toBe(200);
    // 20% of the strategy's capital 100,000 at the alert's 190: 20000 / 190 = 105.26 -> 105 shares.
    expect(json).toEqual({
      status: "pending",
      orderId: expect.any(String),
      approvalId: expect.any(String),
      note: "20% of equity 100,000 (the strategy's capital) at the alert's price 190",
    });
    first = json;
    const [intent] = await h.client.query<Record<string, unknown>>(
      "SELECT symbol, side, quantity, strategy_id, state FROM order_intents WHERE id = $1",
      [json["orderId"]],
    );
    expect(intent).toEqual({
      symbol: "AAPL",
      side: "buy",
      quantity: 105,
      strategy_id: id,
      state: "proposed",
    });
    const [audit] = await h.client.query<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE subject = $1 ORDER BY id LIMIT 1",
      [json["orderId"]],
    );
    expect(audit?.actor).toBe(`tradingview:${id.slice(0, 12)}`);
    expect(await h.sentOrders()).toBe(0);

    const [headline, card] = posted();
    expect(textOf(headline!)).toMatch(
      /TradingView alert from \*Hourly breakout\* .*entry long AAPL at 190.*Pending: 20% of equity/,
    );
    expect(textOf(card!)).toContain("BUY 105 AAPL at market");
    expect(
      blocksOf(card!)
        .find((block) => block.type === "actions")!
        .elements!.map((b) => b.action_id),
    ).toEqual(["approval:approve", "approval:reject"]);
  });

  it("sends exactly one order when an approver clicks Approve on the card", async () => {
    const card = posted()[1]!;
    const value = blocksOf(card).find((block) => block.type === "actions")!.elements![0]!.value;
    expect(await click(String(card.response["ts"]), value)).toBe(200);
    expect(await h.sentOrders()).toBe(1);
    expect(await click(String(card.response["ts"]), value)).toBe(200);
    expect(await h.sentOrders()).toBe(1);
    const [approval] = await h.client.query<{ state: string; decided_by: string }>(
      "SELECT state, decided_by FROM approvals WHERE id = $1",
      [first["approvalId"]],
    );
    expect(approval).toEqual({ state: "approved", decided_by: "slack:U1" });
  });

  it("answers a repeat of the alert with the first proposal, across a restart too, and proposes nothing more", async () => {
    const before = await rows();
    const again = await send(alertFor(), { contentType: "application/json" });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({
      status: "duplicate",
      orderId: first["orderId"],
      approvalId: first["approvalId"],
      note: expect.stringMatching(/^already received at .* and pending: 20% of equity/),
    });
    // A new endpoint over the same database: what a restarted `serve` has.
    const restarted = `${await listen(endpointOver("slack"))}/webhooks/tradingview`;
    expect((await send(alertFor(), { url: restarted })).json).toMatchObject({
      status: "duplicate",
      orderId: first["orderId"],
    });
    expect(await rows()).toEqual(before);
  });

  it("proposes once when the same alert arrives twice at the same moment", async () => {
    const before = await rows();
    const alert = alertFor({ symbol: "MSFT", price: 400, barTime: h.now() });
    const both = await Promise.all([send(alert), send(alert)]);
    expect(both.map((answer) => answer.json["status"]).sort()).toEqual(["duplicate", "pending"]);
    const proposed = both.find((answer) => answer.json["status"] === "pending")!.json;
    const repeat = both.find((answer) => answer.json["status"] === "duplicate")!.json;
    // The repeat names the first proposal when that was settled before the repeat was read, and
    // says it was still being proposed when the two overlapped: either way, one proposal.
    if (repeat["orderId"] === undefined)
      expect(repeat["note"]).toMatch(/it was still being proposed/);
    else expect(repeat["orderId"]).toBe(proposed["orderId"]);
    expect(await rows()).toMatchObject({ alerts: before.alerts + 1, intents: before.intents + 1 });
  });

  it("closes the filled position on an exit alert, and proposes nothing when nothing is held", async () => {
    await h.setPrice("AAPL", 190);
    await h.executor.runOnce();
    await h.executor.settled();
    const exit = await send(alertFor({ action: "exit", barTime: h.now() }));
    expect(exit.status).toBe(200);
    expect(exit.json).toMatchObject({ status: "pending", orderId: expect.any(String) });
    const [intent] = await h.client.query<{ side: string; quantity: number }>(
      "SELECT side, quantity FROM order_intents WHERE id = $1",
      [exit.json["orderId"]],
    );
    expect(intent).toEqual({ side: "sell", quantity: 105 });

    const nothing = await send(alertFor({ action: "exit", symbol: "BTCUSD", price: 67_000 }));
    expect(nothing.json).toEqual({
      status: "ignored",
      note: "no exit: nothing held (the strategy's filled orders net 0 BTC/USD, the account holds 0)",
    });
    expect(textOf(posted().at(-1)!)).toMatch(
      /exit long BTC\/USD at 67000.*Ignored: no exit: nothing held/,
    );
  });

  it("reports a risk-gate denial as the alert's outcome and in the channel", async () => {
    const { status, json } = await send(alertFor({ strategyId: unpromotedId }));
    expect(status).toBe(200);
    expect(json).toEqual({
      status: "denied",
      note: expect.stringMatching(
        /^STRATEGY_STAGE: strategy [0-9a-f]{64} is at backtest: promote it to paper/,
      ),
    });
    expect(textOf(posted().at(-1)!)).toMatch(/Denied: STRATEGY_STAGE/);
  });

  it("without a chat channel, says where the order waits for a decision", async () => {
    const quiet = `${await listen(endpointOver("none"))}/webhooks/tradingview`;
    // At 500, not the 400 above: the same order again within a minute is the gate's duplicate.
    const { json } = await send(alertFor({ symbol: "MSFT", price: 500 }), { url: quiet });
    expect(json).toMatchObject({
      status: "pending",
      note: expect.stringMatching(
        /No chat channel is set for alerts: decide with `alphadesk approve [0-9a-f-]{36}`/,
      ),
    });
  });
});

describe("refusals touch nothing", () => {
  it("refuses a missing or wrong secret with 401", async () => {
    const before = await rows();
    for (const body of [
      alertFor({ secret: "x".repeat(36) }),
      alertFor({ secret: undefined }),
      { ...alertFor(), secret: 42 },
    ]) {
      const { status, json } = await send(body);
      expect(status).toBe(401);
      expect(json).toEqual({
        status: "refused",
        error: 'missing or wrong "secret": it must equal TRADINGVIEW_WEBHOOK_SECRET',
      });
    }
    expect(await rows()).toEqual(before);
  });

  it("names what is wrong with a malformed body (400), an unknown strategy (404), a symbol or side it does not trade (422)", async () => {
    const before = await rows();
    const cases: [unknown, number, RegExp][] = [
      [
        '{"secret": "',
        400,
        /^the body is not valid JSON \(.*\): it must be the JSON object the alerts of generate_code's Pine script send$/,
      ],
      [
        { ...alertFor(), barTime: undefined, price: -1 },
        400,
        /^not a valid alert: barTime: .*; price: price must be greater than 0$/,
      ],
      [alertFor({ barTime: 1_717_500_000 }), 400, /barTime: 1717500000 looks like epoch seconds/],
      [alertFor({ action: "buy" }), 400, /^not a valid alert: action: /],
      [alertFor({ quantity: 3 }), 400, /^not a valid alert: body: Unrecognized key: "quantity"/],
      [
        alertFor({ strategyId: "ab".repeat(32) }),
        404,
        /^no stored strategy abab.*: the alert must carry the id of a strategy stored here/,
      ],
      [
        alertFor({ symbol: "TSLA" }),
        422,
        /^TSLA is not in the universe of strategy "Hourly breakout" \(AAPL, MSFT, BTC\/USD\)$/,
      ],
      [
        alertFor({ side: "short" }),
        422,
        /^strategy "Hourly breakout" trades long positions; the alert's side is short$/,
      ],
    ];
    for (const [body, status, error] of cases) {
      const answer = await send(body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(String(answer.json["error"]), JSON.stringify(body)).toMatch(error);
    }
    const invalid = await send({ ...alertFor(), barTime: "yesterday" });
    expect(invalid.json["issues"]).toEqual([
      { path: ["barTime"], message: expect.stringMatching(/expected number/) },
    ]);
    expect(await rows()).toEqual(before);
  });

  it("refuses a stale or future bar (422) and an oversized body (413)", async () => {
    const before = await rows();
    // The bar two hours back (8:00 New York) trades at the 9:30 open: its alert was due by 9:40.
    const stale = await send(alertFor({ barTime: h.now() - 2 * hourMs }));
    expect(stale.status).toBe(422);
    expect(stale.json["error"]).toMatch(
      /^barTime .* is too old: a signal on that 1h bar trades at the next bar's open/,
    );
    const future = await send(alertFor({ barTime: h.now() + 5 * 60_000 }));
    expect(future.status).toBe(422);
    expect(future.json["error"]).toMatch(/is 300 s ahead of this server's clock/);
    const huge = await send(JSON.stringify({ ...alertFor(), padding: "x".repeat(17 * 1024) }));
    expect(huge).toEqual({
      status: 413,
      json: { status: "invalid", error: "request body exceeds 16384 bytes; send smaller requests" },
    });
    expect((await fetch(alertsUrl)).status).toBe(405);
    expect(await rows()).toEqual(before);
  });
});
