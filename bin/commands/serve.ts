import { startHttpServer } from "../../mcp-server/http.ts";
import { VegaChartRenderer } from "../../tools/adapters/charts/vega-renderer.ts";
import { chatFacesConfigured, startChatFaces } from "../chat-faces.ts";
import { ConfigError, readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";
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
  try {
    if (runtime.execution) await runtime.orderFlow({ drive: true });
    const faces = await startChatFaces(runtime);
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
    stop.dispose();
    await runtime.close();
  }
}
