import { startHttpServer } from "../../mcp-server/http.ts";
import { VegaChartRenderer } from "../../tools/adapters/charts/vega-renderer.ts";
import { chatFacesConfigured, startChatFaces } from "../chat-faces.ts";
import { ConfigError, readConfig } from "../config.ts";
import { digestChannels } from "../digest-channels.ts";
import { runSchedulesHere } from "../schedules-here.ts";
import { strategyOrdersPostJob } from "../strategy-orders-post.ts";
import { alertDestinations, priceAlertsPostJob } from "../price-alerts-post.ts";
import { repeatEvery, type Repeating } from "../repeat-every.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { tools } from "../../tools/index.ts";
import { toolJob } from "../../tools/jobs/tool-job.ts";
import {
  barsRefreshJobName,
  refreshStoredBars,
  strategyOrdersPostJobName,
  whileMarketOpen,
} from "../../tools/jobs/schedules.ts";
import type { Config } from "../config.ts";
import type { JobHandler, Queue } from "../../tools/ports/queue.ts";
import { mcpServices, whenSignalled } from "./mcp.ts";

/**
 * `alphadesk serve`: until SIGINT/SIGTERM, HTTP with /healthz and, as configured, MCP over
 * Streamable HTTP at /mcp (MCP_TOKEN, with /metrics), Slack (/slack/events or Socket Mode) and
 * Discord (/discord/interactions and the gateway bot), TradingView alerts (/webhooks/tradingview).
 * Chat endpoints verify every request's signature (alerts: their shared secret); without their
 * secrets they are not mounted at all.
 */
export async function serveCommand(): Promise<number> {
  const config = readConfig();
  if (!config.MCP_TOKEN && !chatFacesConfigured(config)) {
    throw new ConfigError([
      "MCP_TOKEN: required by `alphadesk serve` unless it serves only Slack, Discord or TradingView alerts: every MCP client must send `Authorization: Bearer <MCP_TOKEN>` (generate one with `openssl rand -hex 32`); or set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN, the DISCORD_ variables, or TRADINGVIEW_WEBHOOK_SECRET",
    ]);
  }
  const runtime = await openRuntime(config);
  const stop = whenSignalled();
  let alertChecks: Repeating | undefined;
  let schedules: Queue | undefined;
  try {
    if (runtime.execution) await runtime.orderFlow({ drive: true });
    const faces = await startChatFaces(runtime);
    // A worker runs the minute's alert check, the evening's bar refresh and the strategies'
    // morning orders where there is one (REDIS_URL); else this process.
    if (!config.REDIS_URL) {
      alertChecks = checkAlertsEveryMinute(runtime, config);
      const { log } = runtime.contextFor("schedules");
      schedules = await runSchedulesHere(scheduledHere(runtime, config), log);
    }
    const services = mcpServices(runtime);
    const server = await startHttpServer({
      services,
      ...(config.MCP_APPROVER ? { approverIdentity: config.MCP_APPROVER } : {}),
      charts: new VegaChartRenderer(),
      host: config.HOST,
      port: config.PORT,
      ...(config.MCP_TOKEN ? { token: config.MCP_TOKEN } : {}),
      signedRoutes: faces.routes,
      allowedOrigins: config.MCP_ALLOWED_ORIGINS ?? [],
      async checkHealth() {
        await services.store.listStrategies(1);
        return { database: "ok" };
      },
    });
    const serving = [...(config.MCP_TOKEN ? [`MCP at ${server.url}/mcp`] : []), ...faces.names];
    process.stderr.write(`Alphadesk listening on ${server.url}: ${serving.join(", ")}\n`);
    await new Promise((resolve) => stop.signal.addEventListener("abort", resolve, { once: true }));
    process.stderr.write("Stopping: finishing running tools and conversations...\n");
    await server.close();
    await faces.stop();
    return 0;
  } finally {
    await alertChecks?.stop();
    await schedules?.close();
    stop.dispose();
    await runtime.close();
  }
}

/** The worker's scheduled jobs this process runs: the bar refresh with a provider, the strategies' orders with a broker. */
function scheduledHere(runtime: Runtime, config: Config) {
  const { log, marketData } = runtime.contextFor("schedules");
  const run = toolJob(tools, mcpServices(runtime));
  const handlers = new Map<string, JobHandler<never, unknown>>();
  if (marketData) handlers.set(barsRefreshJobName, refreshStoredBars(run, runtime.store, true));
  if (runtime.execution)
    handlers.set(
      strategyOrdersPostJobName,
      whileMarketOpen(strategyOrdersPostJob(run, digestChannels(config, log), runtime.store, log)),
    );
  return handlers;
}

/** The worker's price-alert job, run here every minute: fired alerts go where they were set. */
function checkAlertsEveryMinute(runtime: Runtime, config: Config): Repeating {
  const { log } = runtime.contextFor("price-alerts");
  const destinations = alertDestinations(config, digestChannels(config, log), log);
  const post = priceAlertsPostJob(
    toolJob(tools, mcpServices(runtime)),
    destinations,
    runtime.store,
    log,
  );
  return repeatEvery(
    "price-alert check",
    60_000,
    (signal) =>
      post({ tool: "check_price_alerts", input: {} }, { progress() {}, signal, attempt: 1 }),
    log,
  );
}
