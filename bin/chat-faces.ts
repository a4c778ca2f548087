import { TurnStops } from "../agent/turn-stops.ts";
import { parseApprovers } from "../bots/core/approvers.ts";
import { Conversations } from "../bots/core/conversation.ts";
import { TurnProgress } from "../bots/core/turn-progress.ts";
import { createSlackApp } from "../bots/slack/slack-app.ts";
import { createDiscordInteractionsHandler } from "../bots/discord/interactions-endpoint.ts";
import { startDiscordBot } from "../bots/discord/gateway-bot.ts";
import type { RequestHandler } from "../mcp-server/http.ts";
import { VegaChartRenderer } from "../tools/adapters/charts/vega-renderer.ts";
import type { Logger } from "../tools/ports/logger.ts";
import { agentFromRuntime } from "./agent.ts";
import { ConfigError } from "./config.ts";
import type { Runtime } from "./runtime.ts";
import { tradingViewPath, tradingViewRoute } from "./tradingview-route.ts";

/** The chat faces `serve` runs: their HTTP endpoints to mount, and how to stop them. */
export interface ChatFaces {
  /** Path -> handler of the endpoints that verify their own signatures. */
  routes: Record<string, RequestHandler>;
  /** What runs, for the startup line (`Slack (HTTP)`, `Discord (gateway)` ...). */
  names: string[];
  stop(): Promise<void>;
}

/** True when the configuration asks for any chat face (TradingView alerts count as one). */
export function chatFacesConfigured(config: Runtime["config"]): boolean {
  return Boolean(
    config.SLACK_BOT_TOKEN ||
    config.DISCORD_TOKEN ||
    config.DISCORD_PUBLIC_KEY ||
    config.TRADINGVIEW_WEBHOOK_SECRET,
  );
}

/**
 * The conversation logic every chat face shares: the agent (threads in the database, tool
 * progress routed to the thread's progress message), the allow-list, charts, and an executor
 * that sends an approved order as soon as its button is clicked.
 */
export function conversationsFromRuntime(runtime: Runtime, log: Logger): Conversations {
  const approvers = parseApprovers(runtime.config.APPROVERS);
  if (!approvers.ok) throw new ConfigError(approvers.problems.map((p) => `APPROVERS: ${p}`));
  const progress = new TurnProgress();
  const stops = new TurnStops();
  const { clock } = runtime.contextFor("chat");
  return new Conversations({
    agent: agentFromRuntime(runtime, { progress, stops }),
    stops,
    store: runtime.store,
    approvers: approvers.approvers,
    clock,
    charts: new VegaChartRenderer(),
    progress,
    log,
    ...(runtime.execution
      ? {
          async wakeExecutor() {
            const executor = await runtime.orderFlow({ drive: true });
            await executor.runOnce();
            await executor.settled();
          },
        }
      : {}),
  });
}

/**
 * Starts the chat faces the configuration names: Slack over HTTP (`/slack/events`, with
 * SLACK_SIGNING_SECRET; it wins when both are set) or Socket Mode (SLACK_APP_TOKEN); Discord's
 * interactions endpoint (`/discord/interactions`, with DISCORD_PUBLIC_KEY) and its gateway bot
 * (DISCORD_TOKEN); TradingView alerts (`/webhooks/tradingview`, with TRADINGVIEW_WEBHOOK_SECRET).
 * A face that fails to start (a bad token) stops the ones already started and fails `serve`.
 */
export async function startChatFaces(runtime: Runtime): Promise<ChatFaces> {
  const { config } = runtime;
  const conversations = conversationsFromRuntime(runtime, runtime.contextFor("chat").log);
  const started: { stop(): Promise<void> }[] = [];
  const faces: ChatFaces = {
    routes: {},
    names: [],
    async stop() {
      for (const face of started.reverse()) await face.stop();
    },
  };
  // Cards decided or expired elsewhere lose their buttons within half a minute.
  const stopSweeps = conversations.startCardSweeps();
  started.push({ stop: () => Promise.resolve(stopSweeps()) });
  try {
    if (config.SLACK_BOT_TOKEN) {
      const common = {
        conversations,
        botToken: config.SLACK_BOT_TOKEN,
        log: runtime.contextFor("slack").log,
        ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      };
      if (config.SLACK_SIGNING_SECRET) {
        const slack = createSlackApp({ ...common, signingSecret: config.SLACK_SIGNING_SECRET });
        await slack.start();
        started.push(slack);
        faces.routes["/slack/events"] = slack.handle;
        faces.names.push("Slack at /slack/events");
      } else if (config.SLACK_APP_TOKEN) {
        const slack = createSlackApp({ ...common, appToken: config.SLACK_APP_TOKEN });
        await slack.start();
        started.push(slack);
        faces.names.push("Slack over Socket Mode");
      }
    }
    const discordApi = config.DISCORD_API_URL ? { restApi: config.DISCORD_API_URL } : {};
    if (config.DISCORD_PUBLIC_KEY) {
      const interactions = createDiscordInteractionsHandler({
        conversations,
        publicKeyHex: config.DISCORD_PUBLIC_KEY,
        log: runtime.contextFor("discord").log,
        ...discordApi,
      });
      started.push({ stop: () => interactions.idle() });
      faces.routes["/discord/interactions"] = interactions;
      faces.names.push("Discord at /discord/interactions");
    }
    if (config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID) {
      started.push(
        await startDiscordBot({
          conversations,
          token: config.DISCORD_TOKEN,
          applicationId: config.DISCORD_APPLICATION_ID,
          log: runtime.contextFor("discord").log,
          ...discordApi,
        }),
      );
      faces.names.push("Discord gateway bot");
    }
    const tradingView = tradingViewRoute(runtime);
    if (tradingView) {
      started.push({ stop: () => tradingView.handler.idle() });
      faces.routes[tradingViewPath] = tradingView.handler;
      faces.names.push(tradingView.name);
    }
    return faces;
  } catch (error) {
    await faces.stop();
    throw error;
  }
}
