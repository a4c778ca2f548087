import {
  App,
  SocketModeReceiver,
  type AnyMiddlewareArgs,
  type BlockAction,
  type ButtonAction,
  type Logger as BoltLogger,
  type Middleware,
  webApi,
} from "@slack/bolt";
import type { Clock } from "../../tools/ports/clock.ts";
import type { Logger } from "../../tools/ports/logger.ts";
import type { Conversations } from "../core/conversation.ts";
import { DecisionButton } from "../core/decide.ts";
import { InFlight } from "../core/in-flight.ts";
import { StrategyButton } from "../core/strategy-buttons.ts";
import { boltLogger } from "./bolt-logger.ts";
import { ExpiringSet } from "./expiring-set.ts";
import { SlackHttpReceiver, type SlackRequestHandler } from "./http-receiver.ts";
import {
  fromButtonClick,
  fromDirectMessage,
  fromMention,
  fromSlashCommand,
  type SlackTurn,
} from "./incoming.ts";
import { SlackSurface } from "./slack-surface.ts";
import { SlackRequestVerifier } from "./verify.ts";

interface SlackAppBaseOptions {
  /** The chat core: all conversation logic is there; this app only translates. */
  conversations: Pick<Conversations, "message" | "button">;
  /** `SLACK_BOT_TOKEN` (`xoxb-…`). */
  botToken: string;
  /** The Web API's base URL; Slack's own unless pointed at a local fake. */
  slackApiUrl?: string;
  /** The slash command's name, as configured in the Slack app; default `/alphadesk`. */
  command?: string;
  log: Logger;
  clock?: Clock;
}

/** HTTP mode: Slack posts to `/slack/events`, where `handle` is mounted. */
export interface SlackHttpAppOptions extends SlackAppBaseOptions {
  /** `SLACK_SIGNING_SECRET`; an empty one is refused. */
  signingSecret: string;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** How far a request's timestamp may be from now, either way; default 5 minutes. */
  signatureWindowMs?: number;
}

/** Socket Mode: the app dials out to Slack over a WebSocket; no public URL is needed. */
export interface SlackSocketAppOptions extends SlackAppBaseOptions {
  /** `SLACK_APP_TOKEN` (`xapp-…`, scope `connections:write`). */
  appToken: string;
}

export interface SlackFace {
  readonly app: App;
  /** Checks the bot token (`auth.test`) and, in Socket Mode, connects. Call once before use. */
  start(): Promise<void>;
  /** Stops receiving (Socket Mode disconnects), then waits for the work already started. */
  stop(): Promise<void>;
  /** Resolves once every message and click received so far has been fully answered. */
  idle(): Promise<void>;
}

export interface SlackHttpFace extends SlackFace {
  /** The `/slack/events` handler: answers every request itself (401 for unverified ones). */
  readonly handle: SlackRequestHandler;
}

/** How long a handled event's id is remembered; Slack's last retry comes about 5 minutes on. */
const eventMemoryMs = 60 * 60_000;

/**
 * The Slack face: the `/alphadesk` slash command, app mentions (answered in a thread under the
 * mention), direct messages, and the approval cards' Approve / Reject buttons, all handed to
 * `Conversations` with a `SlackSurface` for the channel and thread they came from. Every request
 * is acknowledged at once; the turn it starts runs afterwards.
 */
export function createSlackApp(options: SlackHttpAppOptions): SlackHttpFace;
export function createSlackApp(options: SlackSocketAppOptions): SlackFace;
export function createSlackApp(
  options: SlackHttpAppOptions | SlackSocketAppOptions,
): SlackFace | SlackHttpFace {
  if (!options.botToken?.trim()) throw new Error("SLACK_BOT_TOKEN is empty");
  const logger = boltLogger(options.log);
  const clientOptions: webApi.WebClientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    // The default retries for half an hour; a chat reply that late is worse than a logged failure.
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
  };
  const receiver =
    "signingSecret" in options
      ? httpReceiver(options)
      : socketReceiver(options, clientOptions, logger);
  const app = new App({
    token: options.botToken,
    receiver,
    logger,
    clientOptions,
    // `init()` runs auth.test when started, where a bad token fails loudly instead of as an
    // unhandled rejection from the constructor.
    deferInitialization: true,
    convoStore: false,
  });
  const work = new InFlight(options.log, "Slack");
  listen(app, options, work);
  const face: SlackFace = {
    app,
    async start() {
      await app.init();
      await app.start();
    },
    async stop() {
      await app.stop();
      await work.idle();
    },
    idle: () => work.idle(),
  };
  return receiver instanceof SlackHttpReceiver ? { ...face, handle: receiver.handle } : face;
}

function httpReceiver(options: SlackHttpAppOptions): SlackHttpReceiver {
  const verifier = new SlackRequestVerifier({
    signingSecret: options.signingSecret,
    clock: options.clock,
    windowMs: options.signatureWindowMs,
  });
  return new SlackHttpReceiver({ verifier, log: options.log, maxBodyBytes: options.maxBodyBytes });
}

function socketReceiver(
  options: SlackSocketAppOptions,
  clientOptions: webApi.WebClientOptions,
  logger: BoltLogger,
): SocketModeReceiver {
  if (!options.appToken?.trim()) throw new Error("SLACK_APP_TOKEN is empty");
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger,
    // Its own copy: the Socket Mode client writes its retry policy into the options it gets.
    installerOptions: { clientOptions: { ...clientOptions } },
  });
}

function listen(app: App, options: SlackAppBaseOptions, work: InFlight): void {
  const { conversations, log } = options;
  const converse = (client: webApi.WebClient, turn: SlackTurn | undefined) => {
    if (turn)
      work.start("message", () =>
        conversations.message(turn.message, new SlackSurface(client, turn.place, log)),
      );
  };

  app.use(dropRepeatedEvents(options.clock ?? { nowMs: Date.now }, log));
  app.command(options.command ?? "/alphadesk", async ({ command, ack, client, context }) => {
    await ack();
    converse(client, fromSlashCommand(command, context.teamId));
  });
  app.event("app_mention", async ({ event, client, context }) => {
    converse(client, fromMention(event, context.teamId, context.botUserId));
  });
  app.message(async ({ message, client, context }) => {
    converse(client, fromDirectMessage(message, context.teamId, context.botUserId));
  });
  for (const buttonId of [...Object.values(DecisionButton), ...Object.values(StrategyButton)])
    app.action<BlockAction<ButtonAction>>(
      buttonId,
      async ({ body, action, ack, client, context }) => {
        await ack();
        const click = fromButtonClick(body, action, context.teamId);
        if (!click) return log.warn({ buttonId }, "Slack click not on a channel message; ignored");
        work.start("click", () =>
          conversations.button(click.press, new SlackSurface(client, click.place, log)),
        );
      },
    );
}

/**
 * Slack delivers an event again when it thinks the first delivery went unanswered (HTTP
 * `X-Slack-Retry-Num`, Socket Mode `retry_attempt`): each `event_id` is handled once.
 */
function dropRepeatedEvents(clock: Clock, log: Logger): Middleware<AnyMiddlewareArgs> {
  const handled = new ExpiringSet();
  return async ({ body, context, next }) => {
    const eventId: unknown = "event_id" in body ? body.event_id : undefined;
    if (typeof eventId === "string") {
      const nowMs = clock.nowMs();
      if (!handled.add(eventId, nowMs + eventMemoryMs, nowMs)) {
        log.info({ eventId, retryNum: context.retryNum }, "Slack redelivered a handled event");
        return;
      }
    }
    await next();
  };
}
