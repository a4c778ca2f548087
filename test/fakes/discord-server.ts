import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  type GuildMemberFlags,
  MessageFlags,
  MessageType,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIUser,
} from "discord.js";
import { WebSocketServer, type WebSocket } from "ws";
import { z } from "zod";

/** An upload of a multipart request (`files[n]`). */
export interface FakeDiscordUpload {
  field: string;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** One REST request as it arrived, with what the fake answered. */
export interface RecordedDiscordCall {
  method: string;
  /** The route after `/api/v10`, e.g. `/channels/710/messages`. */
  route: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** The JSON body, or a multipart request's `payload_json`. */
  json: unknown;
  files: FakeDiscordUpload[];
  status?: number;
}

export interface FakeDiscordAttachment {
  id: string;
  filename: string;
  description: string | undefined;
  contentType: string;
  bytes: Uint8Array;
}

export type FakeActionRow = z.output<typeof ActionRowSchema>;

/** A message as the fake holds it. */
export interface FakeDiscordMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  components: FakeActionRow[];
  attachments: FakeDiscordAttachment[];
  flags: number;
  /** The interaction whose webhook created it. */
  interactionToken?: string;
  /** The message it replies to (`message_reference`). */
  replyTo?: string;
  edits: number;
  deleted: boolean;
}

/** An interaction the fake handed out (dispatched, or signed for the HTTP endpoint). */
interface FakeInteraction {
  id: string;
  token: string;
  kind: "command" | "button";
  channelId: string;
  guildId: string | null;
  /** The deferred response for a command once it exists; the clicked card for a button. */
  originalMessageId?: string;
  /** The interaction response type it was acknowledged with. */
  callbackType?: number;
}

/** Where something happens: a channel in a guild, or a direct-message channel (no guild). */
export interface FakeDiscordPlace {
  channelId: string;
  guildId?: string | null;
}

export interface FakeDiscordOptions {
  botToken?: string;
  applicationId?: string;
  /** The bot's user id; Discord gives a bot its application's id. */
  botUserId?: string;
  /** Guilds the bot is in, with their text channels (sent in GUILD_CREATE). */
  guilds?: { id: string; channelIds: string[] }[];
  heartbeatIntervalMs?: number;
}

const ButtonSchema = z.object({
  type: z.literal(ComponentType.Button),
  style: z.union([
    z.literal(ButtonStyle.Primary),
    z.literal(ButtonStyle.Secondary),
    z.literal(ButtonStyle.Success),
    z.literal(ButtonStyle.Danger),
  ]),
  label: z.string().min(1).max(80),
  custom_id: z.string().min(1).max(100),
});
const ActionRowSchema = z.object({
  type: z.literal(ComponentType.ActionRow),
  components: z.array(ButtonSchema).min(1).max(5),
});
/** The fields of Discord's create/edit message bodies the fake understands, with Discord's limits. */
const MessageBody = z.object({
  content: z.string().max(2000).optional(),
  components: z.array(ActionRowSchema).max(5).optional(),
  attachments: z
    .array(
      z.object({
        id: z.union([z.number(), z.string()]),
        filename: z.string().optional(),
        description: z.string().max(1024).optional(),
      }),
    )
    .max(10)
    .optional(),
  flags: z.number().int().optional(),
  allowed_mentions: z
    .object({ parse: z.array(z.string()).optional(), replied_user: z.boolean().optional() })
    .optional(),
  message_reference: z
    .object({ message_id: z.string(), fail_if_not_exists: z.boolean().optional() })
    .optional(),
});
type MessageBody = z.output<typeof MessageBody>;

/** Discord's error body: `{ code, message }`, with `errors` for an invalid form body. */
class DiscordFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
}

const unknownWebhook = () => new DiscordFailure(404, 10015, "Unknown Webhook");
const unknownMessage = () => new DiscordFailure(404, 10008, "Unknown Message");

/**
 * A local Discord: the REST API v10 as discord.js calls it (under `/api/v10`: the gateway info,
 * command registration, channel messages, interaction callbacks and webhooks, `/users/@me`) and
 * a gateway on the same port (`ws://`; HELLO, IDENTIFY -> READY and GUILD_CREATE, heartbeats,
 * RESUME), speaking plain JSON. It records every call, holds the messages it was sent (content,
 * components, uploads), validates them against Discord's limits (a violation is answered as
 * Discord would and noted in `problems`), and dispatches interactions and messages on demand.
 * Point discord.js at it with `rest: { api: fake.restApi }`.
 */
export class FakeDiscord {
  readonly calls: RecordedDiscordCall[] = [];
  /** Requests Discord would refuse, and protocol mistakes: a test expects none. */
  readonly problems: string[] = [];
  readonly messages = new Map<string, FakeDiscordMessage>();
  /** The command set last registered with `PUT /applications/{id}/commands`. */
  registeredCommands: unknown[] = [];
  /** The `d` of every IDENTIFY the gateway received. */
  readonly identifies: { token: string; intents: number; compress?: boolean }[] = [];
  readonly botToken: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  url = "";
  private readonly interactions = new Map<string, FakeInteraction>();
  private readonly guilds: { id: string; channelIds: string[] }[];
  private readonly heartbeatIntervalMs: number;
  private readonly sessions = new Map<WebSocket, { sessionId: string; sequence: number }>();
  private server?: Server;
  private gateway?: WebSocketServer;
  private nextId = 1_200_000_000_000_000_000n;

  constructor(options: FakeDiscordOptions = {}) {
    this.botToken = options.botToken ?? "fake-discord-bot-token";
    this.applicationId = options.applicationId ?? "900000000000000001";
    const botUserId = options.botUserId ?? this.applicationId;
    this.botUser = { ...discordUser(botUserId, "alphadesk"), global_name: null, bot: true };
    this.guilds = options.guilds ?? [
      { id: "700000000000000001", channelIds: ["710000000000000001"] },
    ];
    // Discord's own interval: tests that want heartbeats ask for a short one.
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
  }

  /** What discord.js takes as `rest.api`; it appends `/v10`. */
  get restApi(): string {
    return `${this.url}/api`;
  }

  get gatewayUrl(): string {
    return this.url.replace(/^http/, "ws");
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => void this.onRequest(request, response));
    this.server = server;
    this.gateway = new WebSocketServer({ server });
    this.gateway.on("connection", (socket, request) => this.onGatewayConnection(socket, request));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.gateway?.clients ?? []) socket.terminate();
    await new Promise<void>((resolve) => this.gateway?.close(() => resolve()) ?? resolve());
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** REST calls whose method and route match, in order. */
  callsTo(method: string, route: RegExp): RecordedDiscordCall[] {
    return this.calls.filter((call) => call.method === method && route.test(call.route));
  }

  /** A channel's messages, oldest first, without deleted and ephemeral ones. */
  channelMessages(channelId: string): FakeDiscordMessage[] {
    return [...this.messages.values()].filter(
      (message) =>
        message.channelId === channelId &&
        !message.deleted &&
        (message.flags & MessageFlags.Ephemeral) === 0,
    );
  }

  /** The ephemeral messages an interaction's webhook sent, oldest first. */
  ephemeralMessages(interaction: { token: string }): FakeDiscordMessage[] {
    return [...this.messages.values()].filter(
      (message) =>
        message.interactionToken === interaction.token &&
        (message.flags & MessageFlags.Ephemeral) !== 0,
    );
  }

  /** `/alphadesk message:<text>` by a user; in a direct message when the place has no guild. */
  slashCommand(
    user: { id: string; name?: string },
    place: FakeDiscordPlace,
    text: string,
  ): APIChatInputApplicationCommandInteraction {
    const interaction = this.register("command", place);
    return {
      ...this.interactionBase(interaction, user, place),
      type: InteractionType.ApplicationCommand,
      data: {
        id: "910000000000000001",
        name: "alphadesk",
        type: ApplicationCommandType.ChatInput,
        options: [{ name: "message", type: ApplicationCommandOptionType.String, value: text }],
      },
    };
  }

  /** A click on a button of a message the bot posted, naming the button's `custom_id`. */
  buttonClick(
    user: { id: string; name?: string },
    message: FakeDiscordMessage,
    customId: string,
  ): APIMessageComponentButtonInteraction {
    const place = { channelId: message.channelId, guildId: message.guildId };
    const interaction = this.register("button", place);
    interaction.originalMessageId = message.id;
    return {
      ...this.interactionBase(interaction, user, place),
      type: InteractionType.MessageComponent,
      data: { custom_id: customId, component_type: ComponentType.Button },
      message: this.apiMessage(message),
    };
  }

  /**
   * Records an interaction's response as Discord does when the bot answers the callback: over
   * REST (`POST /interactions/{id}/{token}/callback`) or as the HTTP endpoint's response body.
   */
  acknowledge(interaction: { id: string; token: string }, response: unknown): void {
    const known = this.interactions.get(interaction.token);
    if (!known || known.id !== interaction.id)
      throw new DiscordFailure(404, 10062, "Unknown interaction");
    if (known.callbackType !== undefined)
      throw new DiscordFailure(400, 40060, "Interaction has already been acknowledged.");
    const parsed = z
      .object({ type: z.enum(InteractionResponseType), data: MessageBody.optional() })
      .safeParse(response);
    if (!parsed.success) throw invalidFormBody(parsed.error);
    known.callbackType = parsed.data.type;
    if (
      parsed.data.type === InteractionResponseType.DeferredChannelMessageWithSource ||
      parsed.data.type === InteractionResponseType.ChannelMessageWithSource
    )
      known.originalMessageId ??= this.createMessage(known, parsed.data.data ?? {}, [], {
        interactionToken: known.token,
      }).id;
  }

  /** Sends a dispatch event to every identified gateway session. */
  dispatch(event: GatewayDispatchEvents, data: unknown): void {
    for (const socket of this.sessions.keys()) this.sendDispatch(socket, event, data);
  }

  dispatchInteraction(interaction: object): void {
    this.dispatch(GatewayDispatchEvents.InteractionCreate, interaction);
  }

  /** A person's message in a channel or a direct message (dispatched as MESSAGE_CREATE). */
  sendUserMessage(
    user: { id: string; name?: string; bot?: boolean },
    place: FakeDiscordPlace,
    content: string,
  ): FakeDiscordMessage {
    return this.createMessage(
      { channelId: place.channelId, guildId: place.guildId ?? null },
      { content },
      [],
      { author: { ...discordUser(user.id, user.name), ...(user.bot ? { bot: true } : {}) } },
    );
  }

  private register(kind: FakeInteraction["kind"], place: FakeDiscordPlace): FakeInteraction {
    const interaction: FakeInteraction = {
      id: this.snowflake(),
      token: `fake-interaction-${randomBytes(24).toString("base64url")}`,
      kind,
      channelId: place.channelId,
      guildId: place.guildId ?? null,
    };
    this.interactions.set(interaction.token, interaction);
    return interaction;
  }

  private interactionBase(
    interaction: FakeInteraction,
    user: { id: string; name?: string },
    place: FakeDiscordPlace,
  ) {
    const guildId = place.guildId ?? null;
    const person = guildId
      ? { member: guildMember(user) }
      : { user: discordUser(user.id, user.name) };
    return {
      id: interaction.id,
      application_id: this.applicationId,
      token: interaction.token,
      version: 1 as const,
      channel_id: place.channelId,
      channel: guildId
        ? { id: place.channelId, type: ChannelType.GuildText as const, guild_id: guildId }
        : { id: place.channelId, type: ChannelType.DM as const },
      ...(guildId ? { guild_id: guildId, guild_locale: Locale.EnglishUS } : {}),
      ...person,
      app_permissions: "0",
      locale: Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: guildId ? { "0": guildId } : { "1": user.id },
      context: guildId ? InteractionContextType.Guild : InteractionContextType.BotDM,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  private snowflake(): string {
    return String(this.nextId++);
  }

  private apiMessage(message: FakeDiscordMessage): APIMessage {
    const author =
      message.authorId === this.botUser.id ? this.botUser : discordUser(message.authorId);
    return {
      id: message.id,
      channel_id: message.channelId,
      author,
      content: message.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: message.edits > 0 ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: message.attachments.map((attachment) => ({
        id: attachment.id,
        filename: attachment.filename,
        size: attachment.bytes.length,
        url: `${this.url}/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
        proxy_url: `${this.url}/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
        content_type: attachment.contentType,
        ...(attachment.description ? { description: attachment.description } : {}),
      })),
      embeds: [],
      pinned: false,
      type: MessageType.Default,
      components: message.components,
      flags: message.flags,
      ...(message.interactionToken
        ? { webhook_id: this.applicationId, application_id: this.applicationId }
        : {}),
    };
  }

  private createMessage(
    place: { channelId: string; guildId: string | null },
    body: MessageBody,
    files: FakeDiscordUpload[],
    origin: { author?: APIUser; interactionToken?: string },
  ): FakeDiscordMessage {
    const author = origin.author ?? this.botUser;
    const message: FakeDiscordMessage = {
      id: this.snowflake(),
      channelId: place.channelId,
      guildId: place.guildId,
      authorId: author.id,
      content: "",
      components: [],
      attachments: [],
      flags: body.flags ?? 0,
      ...(origin.interactionToken ? { interactionToken: origin.interactionToken } : {}),
      ...(body.message_reference ? { replyTo: body.message_reference.message_id } : {}),
      edits: 0,
      deleted: false,
    };
    this.applyBody(message, body, files);
    this.messages.set(message.id, message);
    this.announce(message, author);
    return message;
  }

  /** Discord dispatches every message that is not ephemeral, the bot's own included. */
  private announce(message: FakeDiscordMessage, author: APIUser): void {
    if ((message.flags & MessageFlags.Ephemeral) !== 0) return;
    const mentionsBot = message.content.includes(`<@${this.botUser.id}>`);
    this.dispatch(GatewayDispatchEvents.MessageCreate, {
      ...this.apiMessage(message),
      author,
      mentions: mentionsBot ? [this.botUser] : [],
      channel_type: message.guildId ? ChannelType.GuildText : ChannelType.DM,
      ...(message.guildId
        ? {
            guild_id: message.guildId,
            ...(author.bot ? {} : { member: memberWithoutUser(author) }),
          }
        : {}),
    });
  }

  /** Discord's edit semantics: fields present replace; `attachments` lists what is kept. */
  private applyBody(message: FakeDiscordMessage, body: MessageBody, files: FakeDiscordUpload[]) {
    if (body.content !== undefined) message.content = body.content;
    if (body.components !== undefined) message.components = body.components;
    const uploads = files.map((file, index): FakeDiscordAttachment => {
      const described = body.attachments?.find(
        (attachment) => String(attachment.id) === String(index),
      );
      return {
        id: this.snowflake(),
        filename: described?.filename ?? file.name,
        description: described?.description,
        contentType: file.contentType,
        bytes: file.bytes,
      };
    });
    const kept = body.attachments
      ? message.attachments.filter((old) => body.attachments!.some((a) => String(a.id) === old.id))
      : message.attachments;
    message.attachments = [...kept, ...uploads];
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const call: RecordedDiscordCall = {
      method: request.method ?? "",
      // Discord decodes the path: discord.js sends `@original` as `%40original`.
      route: decodeURIComponent(url.pathname.replace(/^\/api\/v10/, "")),
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      json: undefined,
      files: [],
    };
    this.calls.push(call);
    const send = (status: number, body?: unknown) => {
      call.status = status;
      if (body === undefined) {
        response.writeHead(status).end();
        return;
      }
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    try {
      if (!url.pathname.startsWith("/api/v10/"))
        throw new DiscordFailure(404, 0, `404: Not Found (expected /api/v10, was ${url.pathname})`);
      await readRequestBody(request, call);
      const [status, body] = this.route(call);
      send(status, body);
    } catch (error) {
      if (!(error instanceof DiscordFailure)) {
        this.problems.push(`${call.method} ${call.route}: ${String(error)}`);
        send(500, { code: 0, message: "500: Internal Server Error" });
        return;
      }
      if (error.status === 400 || error.status === 404 || error.status === 405)
        this.problems.push(`${call.method} ${call.route}: ${error.status} ${error.message}`);
      send(error.status, {
        code: error.code,
        message: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      });
    }
  }

  /** Answers one REST call: the status and the JSON body (none for 204). */
  private route(call: RecordedDiscordCall): [number, unknown?] {
    const { method, route } = call;
    const parts = route.split("/").slice(1);
    const is = (verb: string, pattern: RegExp) => method === verb && pattern.test(route);

    if (is("POST", /^\/interactions\/\d+\/[^/]+\/callback$/)) {
      this.acknowledge({ id: parts[1]!, token: parts[2]! }, call.json);
      if (call.query.with_response === "true")
        this.problems.push("with_response=true is not supported by the fake");
      return [204];
    }
    if (route.startsWith("/webhooks/")) return this.webhookRoute(call, parts);

    if (call.authorization !== `Bot ${this.botToken}`)
      throw new DiscordFailure(401, 0, "401: Unauthorized");
    if (is("GET", /^\/gateway\/bot$/))
      return [
        200,
        {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    if (is("GET", /^\/users\/@me$/)) return [200, this.botUser];
    if (is("PUT", /^\/applications\/\d+\/commands$/)) {
      if (parts[1] !== this.applicationId) throw new DiscordFailure(403, 50001, "Missing Access");
      const commands = z.array(z.object({ name: z.string() }).loose()).safeParse(call.json);
      if (!commands.success) throw invalidFormBody(commands.error);
      this.registeredCommands = commands.data.map((command) => ({
        ...command,
        id: this.snowflake(),
        application_id: this.applicationId,
        version: this.snowflake(),
      }));
      return [200, this.registeredCommands];
    }
    if (is("POST", /^\/channels\/\d+\/messages$/)) {
      const body = messageBody(call);
      const guildId = this.guilds.find((guild) => guild.channelIds.includes(parts[1]!))?.id ?? null;
      if (body.message_reference && !this.messages.has(body.message_reference.message_id))
        throw new DiscordFailure(400, 50035, "Invalid Form Body: unknown message_reference");
      const message = this.createMessage({ channelId: parts[1]!, guildId }, body, call.files, {});
      return [200, this.apiMessage(message)];
    }
    if (is("PATCH", /^\/channels\/\d+\/messages\/\d+$/)) {
      const message = this.messages.get(parts[3]!);
      if (!message || message.channelId !== parts[1] || message.deleted) throw unknownMessage();
      if (message.authorId !== this.botUser.id)
        throw new DiscordFailure(403, 50005, "Cannot edit a message authored by another user");
      this.edit(message, messageBody(call), call.files);
      return [200, this.apiMessage(message)];
    }
    throw new DiscordFailure(404, 0, "404: Not Found");
  }

  /** `/webhooks/{application}/{token}[/messages/{id | @original}]`: an interaction's webhook. */
  private webhookRoute(call: RecordedDiscordCall, parts: string[]): [number, unknown?] {
    const [, applicationId, token, messages, messageId] = parts;
    const interaction = this.interactions.get(token ?? "");
    if (applicationId !== this.applicationId || !interaction) throw unknownWebhook();
    if (call.method === "POST" && messages === undefined) {
      const body = messageBody(call);
      const message = this.createMessage(interaction, body, call.files, {
        interactionToken: interaction.token,
      });
      return call.query.wait === "true" ? [200, this.apiMessage(message)] : [204];
    }
    if (messages !== "messages" || !messageId) throw new DiscordFailure(404, 0, "404: Not Found");
    let message: FakeDiscordMessage | undefined;
    if (messageId === "@original") {
      // A command's deferred response is created by its callback; the HTTP endpoint's callback
      // (its response body) may reach the fake after the first edit, so an edit creates it too.
      if (interaction.kind === "command" && !interaction.originalMessageId)
        interaction.originalMessageId = this.createMessage(interaction, {}, [], {
          interactionToken: interaction.token,
        }).id;
      message = this.messages.get(interaction.originalMessageId ?? "");
    } else {
      message = this.messages.get(messageId);
      if (message?.interactionToken !== interaction.token) message = undefined;
    }
    if (!message || message.deleted) throw unknownMessage();
    if (call.method === "DELETE") {
      message.deleted = true;
      return [204];
    }
    if (call.method !== "PATCH") throw new DiscordFailure(405, 0, "405: Method Not Allowed");
    this.edit(message, messageBody(call), call.files);
    return [200, this.apiMessage(message)];
  }

  private edit(message: FakeDiscordMessage, body: MessageBody, files: FakeDiscordUpload[]) {
    this.applyBody(message, body, files);
    message.edits++;
  }

  private onGatewayConnection(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? "/", "ws://fake").searchParams;
    if (query.get("v") !== "10" || query.get("encoding") !== "json" || query.has("compress")) {
      this.problems.push(
        `gateway: the fake speaks plain JSON on v10 only (was ${request.url}); is zlib-sync installed?`,
      );
      socket.close(4012, "Invalid API version or encoding");
      return;
    }
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
    socket.on("message", (data) => this.onGatewayMessage(socket, String(data)));
    socket.on("close", () => this.sessions.delete(socket));
  }

  private onGatewayMessage(socket: WebSocket, data: string): void {
    const payload = z.object({ op: z.number(), d: z.unknown() }).safeParse(JSON.parse(data));
    if (!payload.success) {
      this.problems.push(`gateway: not a gateway payload: ${data.slice(0, 100)}`);
      return;
    }
    const { op, d } = payload.data;
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
        return;
      case GatewayOpcodes.Identify: {
        const identify = z
          .object({ token: z.string(), intents: z.number(), compress: z.boolean().optional() })
          .loose()
          .parse(d);
        this.identifies.push(identify);
        if (identify.token !== this.botToken) {
          socket.close(4004, "Authentication failed.");
          return;
        }
        if (identify.compress) this.problems.push("gateway: IDENTIFY asked for compression");
        this.sessions.set(socket, { sessionId: randomBytes(16).toString("hex"), sequence: 0 });
        this.sendReady(socket);
        return;
      }
      case GatewayOpcodes.Resume: {
        const resume = z.object({ token: z.string(), session_id: z.string() }).parse(d);
        const known = [...this.sessions.values()].some((s) => s.sessionId === resume.session_id);
        if (resume.token !== this.botToken || !known) {
          socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
          return;
        }
        this.sessions.set(socket, { sessionId: resume.session_id, sequence: 0 });
        this.sendDispatch(socket, GatewayDispatchEvents.Resumed, {});
        return;
      }
      default:
        return;
    }
  }

  private sendDispatch(socket: WebSocket, event: GatewayDispatchEvents, data: unknown): void {
    const session = this.sessions.get(socket)!;
    const payload = { op: GatewayOpcodes.Dispatch, t: event, s: ++session.sequence, d: data };
    socket.send(JSON.stringify(payload));
  }

  private sendReady(socket: WebSocket): void {
    const session = this.sessions.get(socket)!;
    const send = (event: GatewayDispatchEvents, d: unknown) => this.sendDispatch(socket, event, d);
    send(GatewayDispatchEvents.Ready, {
      v: 10,
      user: this.botUser,
      guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
    });
    // discord.js waits for each guild's GUILD_CREATE before it is ready; the channels in it are
    // what lets it route a guild message (MESSAGE_CREATE) to a channel.
    for (const guild of this.guilds)
      send(GatewayDispatchEvents.GuildCreate, {
        id: guild.id,
        name: `guild ${guild.id}`,
        unavailable: false,
        owner_id: "1",
        member_count: 1,
        large: false,
        joined_at: new Date().toISOString(),
        roles: [],
        emojis: [],
        stickers: [],
        features: [],
        members: [],
        presences: [],
        voice_states: [],
        threads: [],
        stage_instances: [],
        guild_scheduled_events: [],
        channels: guild.channelIds.map((id, position) => ({
          id,
          type: ChannelType.GuildText,
          name: `channel-${position + 1}`,
          position,
          permission_overwrites: [],
          guild_id: guild.id,
        })),
      });
  }
}

function discordUser(id: string, name?: string): APIUser {
  return {
    id,
    username: name ?? `user${id}`,
    discriminator: "0",
    global_name: name ?? null,
    avatar: null,
  };
}

function guildMember(user: { id: string; name?: string }): APIInteractionGuildMember {
  return {
    user: discordUser(user.id, user.name),
    roles: [],
    permissions: "0",
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    nick: null,
  };
}

/** A MESSAGE_CREATE's `member`: the author's member fields, without the user (that is `author`). */
function memberWithoutUser(user: APIUser) {
  const { user: _author, ...member } = guildMember({ id: user.id });
  return member;
}

/** Reads a JSON or multipart body into the call record: `payload_json` and `files[n]`. */
async function readRequestBody(request: IncomingMessage, call: RecordedDiscordCall) {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return;
  const contentType = request.headers["content-type"] ?? "";
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    for (const [field, value] of form) {
      if (typeof value === "string") {
        if (field === "payload_json") call.json = JSON.parse(value) as unknown;
        continue;
      }
      call.files.push({
        field,
        name: value.name,
        contentType: value.type,
        bytes: new Uint8Array(await value.arrayBuffer()),
      });
    }
    return;
  }
  try {
    call.json = JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    throw new DiscordFailure(400, 50109, "The request body contains invalid JSON.");
  }
}

/** A create or edit message body, checked against Discord's limits and its uploads. */
function messageBody(call: RecordedDiscordCall): MessageBody {
  const parsed = MessageBody.safeParse(call.json ?? {});
  if (!parsed.success) throw invalidFormBody(parsed.error);
  const body = parsed.data;
  for (const [index, file] of call.files.entries())
    if (file.field !== `files[${index}]`)
      throw new DiscordFailure(
        400,
        50035,
        `Invalid Form Body: unexpected upload field ${file.field}`,
      );
  const newAttachments = (body.attachments ?? []).filter((a) => Number(a.id) < call.files.length);
  if (call.files.length > 0 && newAttachments.length !== call.files.length)
    throw new DiscordFailure(400, 50035, "Invalid Form Body: an upload has no attachments entry");
  return body;
}

function invalidFormBody(error: z.ZodError): DiscordFailure {
  const issue = error.issues[0]!;
  return new DiscordFailure(
    400,
    50035,
    `Invalid Form Body: ${issue.path.join(".")}: ${issue.message}`,
    {
      [issue.path.join(".")]: { _errors: [{ code: "BASE_TYPE_INVALID", message: issue.message }] },
    },
  );
}

/**
 * Signs interaction requests as Discord does (Ed25519 over timestamp + body) with a key pair made
 * for the test; `publicKeyHex` is what the endpoint is configured with.
 */
export class InteractionSigner {
  readonly publicKeyHex: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    this.privateKey = privateKey;
    // The SPKI DER of an Ed25519 key is a 12-byte header and the 32 raw key bytes.
    this.publicKeyHex = publicKey
      .export({ format: "der", type: "spki" })
      .subarray(12)
      .toString("hex");
  }

  /** The headers of a request with this body, sent at `timestampSec` (default now). */
  headers(body: string, timestampSec = Math.floor(Date.now() / 1000)): Record<string, string> {
    const timestamp = String(timestampSec);
    return {
      "content-type": "application/json",
      "x-signature-ed25519": sign(null, Buffer.from(timestamp + body), this.privateKey).toString(
        "hex",
      ),
      "x-signature-timestamp": timestamp,
    };
  }

  /** Headers a forger sends: well-formed, but signed with another key. */
  static forged(body: string, timestampSec?: number): Record<string, string> {
    return new InteractionSigner().headers(body, timestampSec);
  }
}

/** Posts an interaction request to an endpoint; the response's status and JSON body. */
export async function postInteraction(
  endpointUrl: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(endpointUrl, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * Delivers an interaction to an HTTP endpoint as Discord does: signed, and with the endpoint's
 * response recorded as the interaction's callback.
 */
export async function deliverInteraction(
  fake: FakeDiscord,
  signer: InteractionSigner,
  endpointUrl: string,
  interaction: { id: string; token: string },
): Promise<{ status: number; json: unknown }> {
  const body = JSON.stringify(interaction);
  const result = await postInteraction(endpointUrl, body, signer.headers(body));
  if (result.status === 200) fake.acknowledge(interaction, result.json);
  return result;
}
