import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** One Web API call the fake received, with what it answered. */
export interface SlackApiCall {
  method: string;
  /** The bearer token (or `token` field) the call carried. */
  token: string | undefined;
  params: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** A file's bytes as sent to its upload URL, and how the upload was completed. */
export interface SlackUpload {
  fileId: string;
  filename: string;
  altText: string | undefined;
  bytes?: Buffer;
  /** The channel and thread `files.completeUploadExternal` shared it to. */
  channelId?: string;
  threadTs?: string;
}

type Answer = Record<string, unknown>;

/** Fields the Web API takes as JSON inside a form body. */
const jsonFields = new Set(["blocks", "attachments", "files"]);
const botMethods = new Set([
  "auth.test",
  "chat.postMessage",
  "chat.update",
  "chat.postEphemeral",
  "files.getUploadURLExternal",
  "files.completeUploadExternal",
]);

/**
 * A local stand-in for Slack's Web API (https://api.slack.com/web), following its documented
 * shapes: `POST /api/<method>` with a form or JSON body and `Authorization: Bearer`, answered
 * `{ok: true, ...}` or `{ok: false, error}` with HTTP 200. It implements `auth.test`,
 * `chat.postMessage` / `chat.update` / `chat.postEphemeral` (checking Block Kit's 50-block and
 * 3000-character section limits), the external upload flow (`files.getUploadURLExternal`, the
 * upload URL, `files.completeUploadExternal`), and `apps.connections.open`, which hands out the
 * URL of its Socket Mode server. Every call is captured; `failNext` makes a method fail once.
 */
export class FakeSlack {
  readonly calls: SlackApiCall[] = [];
  readonly uploads = new Map<string, SlackUpload>();
  readonly socketMode = new FakeSocketMode();
  readonly botToken = "xoxb-fake-bot-token";
  readonly appToken = "xapp-fake-app-token";
  readonly teamId = "T1";
  readonly botUserId = "UBOT";
  readonly botId = "BBOT";
  url = "";
  private server?: Server;
  private readonly messages = new Map<string, Answer>();
  private readonly failures = new Map<string, string>();
  private nextTs = 1_700_000_000_000_000;
  private nextFile = 1;

  /** What `slackApiUrl` must be set to. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** The next call of `method` answers `{ok: false, error}`. */
  failNext(method: string, error: string): void {
    this.failures.set(method, error);
  }

  callsTo(method: string): SlackApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async start(): Promise<this> {
    await this.socketMode.start();
    this.server = createServer((request, response) => {
      void this.handle(request).then(
        ({ status, body }) => {
          response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
          response.end(JSON.stringify(body));
        },
        (error: Error) => {
          response.writeHead(500, { "content-type": "text/plain" });
          response.end(error.message);
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.socketMode.stop();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(request.url ?? "/", this.url);
    const raw = await readAll(request);
    const upload = /^\/upload\/(F\w+)$/.exec(url.pathname);
    if (upload) return this.receiveUpload(upload[1]!, raw, request.headers["content-type"]);
    const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
    if (request.method !== "POST" || !method) return { status: 404, body: { ok: false } };
    const params = parseParams(raw, request.headers["content-type"]);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    const token = bearer ?? (typeof params["token"] === "string" ? params["token"] : undefined);
    const response = this.answer(method, token, params);
    this.calls.push({ method, token, params, response });
    return { status: 200, body: response };
  }

  private answer(method: string, token: string | undefined, params: Answer): Answer {
    if (!token) return { ok: false, error: "not_authed" };
    const expected = method === "apps.connections.open" ? this.appToken : this.botToken;
    if (token !== expected) return { ok: false, error: "invalid_auth" };
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      return { ok: false, error: failure };
    }
    if (method === "apps.connections.open") return { ok: true, url: this.socketMode.url };
    if (!botMethods.has(method)) return { ok: false, error: "unknown_method" };
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake team",
          user: "alphadesk",
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case "chat.postMessage":
      case "chat.postEphemeral":
        return this.post(method, params);
      case "chat.update":
        return this.update(params);
      case "files.getUploadURLExternal":
        return this.uploadUrl(params);
      default:
        return this.completeUploads(params);
    }
  }

  private post(method: string, params: Answer): Answer {
    const channel = params["channel"];
    if (typeof channel !== "string" || !channel) return { ok: false, error: "channel_not_found" };
    const problem = messageProblem(params);
    if (problem) return { ok: false, error: problem };
    if (method === "chat.postEphemeral") {
      if (typeof params["user"] !== "string") return { ok: false, error: "user_not_found" };
      return { ok: true, message_ts: this.ts() };
    }
    const ts = this.ts();
    const message = { type: "message", ts, text: params["text"], blocks: params["blocks"] };
    this.messages.set(`${channel}/${ts}`, message);
    return { ok: true, channel, ts, message };
  }

  private update(params: Answer): Answer {
    const key = `${String(params["channel"])}/${String(params["ts"])}`;
    if (!this.messages.has(key)) return { ok: false, error: "message_not_found" };
    const problem = messageProblem(params);
    if (problem) return { ok: false, error: problem };
    this.messages.set(key, {
      ...this.messages.get(key),
      text: params["text"],
      blocks: params["blocks"],
    });
    return { ok: true, channel: params["channel"], ts: params["ts"], text: params["text"] };
  }

  private uploadUrl(params: Answer): Answer {
    const filename = params["filename"];
    if (typeof filename !== "string" || !filename) return { ok: false, error: "invalid_arguments" };
    if (!(Number(params["length"]) > 0)) return { ok: false, error: "invalid_arguments" };
    const fileId = `F${String(this.nextFile++).padStart(6, "0")}`;
    const altText = typeof params["alt_text"] === "string" ? params["alt_text"] : undefined;
    this.uploads.set(fileId, { fileId, filename, altText });
    return { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
  }

  private async receiveUpload(fileId: string, raw: Buffer, contentType: string | undefined) {
    const upload = this.uploads.get(fileId);
    if (!upload) return { status: 404, body: { ok: false } };
    // Slack takes the bytes raw or as a multipart form's one file (what the SDK sends).
    if (contentType?.startsWith("multipart/form-data")) {
      const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
      const file = [...form.values()].find((value) => value instanceof Blob);
      upload.bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    } else upload.bytes = raw;
    return { status: 200, body: `OK - ${upload.bytes.length}` };
  }

  private completeUploads(params: Answer): Answer {
    const files = params["files"];
    if (!Array.isArray(files) || files.length === 0)
      return { ok: false, error: "invalid_arguments" };
    const completed = [];
    for (const { id, title } of files as { id: string; title?: string }[]) {
      const upload = this.uploads.get(id);
      if (!upload?.bytes) return { ok: false, error: "file_not_found" };
      if (typeof params["channel_id"] === "string") upload.channelId = params["channel_id"];
      if (typeof params["thread_ts"] === "string") upload.threadTs = params["thread_ts"];
      completed.push({ id, title: title ?? upload.filename, name: upload.filename });
    }
    return { ok: true, files: completed };
  }

  private ts(): string {
    const micros = String(this.nextTs++);
    return `${micros.slice(0, 10)}.${micros.slice(10)}`;
  }
}

/** Slack's answer to text or blocks that break its documented limits. */
function messageProblem(params: Answer): string | undefined {
  const blocks = params["blocks"];
  if (blocks === undefined) return typeof params["text"] === "string" ? undefined : "no_text";
  if (!Array.isArray(blocks) || blocks.length > 50) return "invalid_blocks";
  for (const block of blocks as { type?: string; text?: { text?: string } }[]) {
    const text = block.text?.text;
    if (block.type === "section" && (!text || text.length > 3000)) return "invalid_blocks";
  }
  return undefined;
}

function parseParams(raw: Buffer, contentType: string | undefined): Answer {
  const text = raw.toString("utf8");
  if (contentType?.startsWith("application/json")) return JSON.parse(text) as Answer;
  const params: Answer = {};
  for (const [key, value] of new URLSearchParams(text))
    params[key] = jsonFields.has(key) ? JSON.parse(value) : value;
  return params;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The envelope types Slack sends over Socket Mode. */
export type SocketEnvelopeType = "events_api" | "slash_commands" | "interactive";

/**
 * A local stand-in for Slack's Socket Mode WebSocket (https://api.slack.com/apis/socket-mode):
 * it greets each connection with `hello`, sends envelopes, and resolves each send with the
 * client's acknowledgement (`{envelope_id, payload}`).
 */
export class FakeSocketMode {
  url = "";
  readonly sockets = new Set<WebSocket>();
  /** Every acknowledgement received, in order. */
  readonly acks: { envelopeId: string; payload: unknown }[] = [];
  private server?: WebSocketServer;
  private readonly waiting = new Map<string, (payload: unknown) => void>();
  private nextEnvelope = 1;

  async start(): Promise<void> {
    this.server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => this.server!.once("listening", resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("message", (data) => this.receive(String(data)));
      socket.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "fake", approximate_connection_time: 3600 },
          connection_info: { app_id: "A1" },
        }),
      );
    });
  }

  /** Sends an envelope to the connected app; resolves with its ack's payload. */
  send(type: SocketEnvelopeType, payload: unknown, retryAttempt = 0): Promise<unknown> {
    const [socket] = this.sockets;
    if (!socket) return Promise.reject(new Error("no Socket Mode client is connected"));
    const envelopeId = `envelope-${this.nextEnvelope++}`;
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${envelopeId} was not acknowledged`)),
        10_000,
      );
      this.waiting.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        resolve(ackPayload);
      });
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== "events_api",
        ...(type === "events_api" ? { retry_attempt: retryAttempt, retry_reason: "" } : {}),
      }),
    );
    return acked;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { envelope_id?: string; payload?: unknown };
    if (!message.envelope_id) return;
    this.acks.push({ envelopeId: message.envelope_id, payload: message.payload });
    this.waiting.get(message.envelope_id)?.(message.payload);
    this.waiting.delete(message.envelope_id);
  }
}

/**
 * The headers Slack signs a request with (v0: HMAC-SHA256 of `v0:<timestamp>:<body>`). Signing
 * with another secret, or at another time, makes a forged or stale request.
 */
export function slackSignatureHeaders(
  body: string,
  secret: string,
  timestampSec = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac("sha256", secret).update(`v0:${timestampSec}:${body}`).digest("hex");
  return {
    "x-slack-request-timestamp": String(timestampSec),
    "x-slack-signature": `v0=${signature}`,
  };
}

/** Slack gives every invocation and click its own trigger id, so no two requests sign alike. */
let triggers = 0;
const nextTrigger = () => `${++triggers}.1700000000.fake`;

/** A slash command as Slack posts it (form fields; in Socket Mode the same fields as JSON). */
export function slashCommandPayload(options: {
  text: string;
  userId: string;
  channelId: string;
  teamId?: string;
  command?: string;
}): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: options.teamId ?? "T1",
    team_domain: "fake",
    channel_id: options.channelId,
    channel_name: "trading",
    user_id: options.userId,
    user_name: options.userId.toLowerCase(),
    command: options.command ?? "/alphadesk",
    text: options.text,
    api_app_id: "A1",
    response_url: "https://hooks.slack.invalid/commands/1",
    trigger_id: nextTrigger(),
  };
}

/** An Events API callback wrapping `event`. */
export function eventCallbackPayload(
  event: Record<string, unknown>,
  options: { eventId: string; teamId?: string; botUserId?: string },
): Record<string, unknown> {
  const teamId = options.teamId ?? "T1";
  return {
    token: "legacy-verification-token",
    team_id: teamId,
    api_app_id: "A1",
    event,
    type: "event_callback",
    event_id: options.eventId,
    event_time: 1_700_000_000,
    authorizations: [
      { team_id: teamId, user_id: options.botUserId ?? "UBOT", is_bot: true, enterprise_id: null },
    ],
  };
}

/** A click on a button of a message the bot posted (`block_actions`). */
export function blockActionsPayload(options: {
  userId: string;
  channelId: string;
  messageTs: string;
  threadTs?: string;
  actionId: string;
  value: string;
  teamId?: string;
}): Record<string, unknown> {
  const teamId = options.teamId ?? "T1";
  return {
    type: "block_actions",
    team: { id: teamId, domain: "fake" },
    user: { id: options.userId, username: options.userId.toLowerCase(), team_id: teamId },
    api_app_id: "A1",
    token: "legacy-verification-token",
    trigger_id: nextTrigger(),
    response_url: "https://hooks.slack.invalid/actions/1",
    container: {
      type: "message",
      message_ts: options.messageTs,
      channel_id: options.channelId,
      is_ephemeral: false,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
    channel: { id: options.channelId, name: "trading" },
    message: {
      type: "message",
      user: "UBOT",
      ts: options.messageTs,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
    actions: [
      {
        type: "button",
        block_id: "b1",
        action_id: options.actionId,
        text: { type: "plain_text", text: "Approve" },
        value: options.value,
        action_ts: "1700000000.000001",
      },
    ],
  };
}
