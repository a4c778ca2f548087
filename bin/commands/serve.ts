import { startHttpServer } from "../../mcp-server/http.ts";
import { VegaChartRenderer } from "../../tools/adapters/charts/vega-renderer.ts";
import { ConfigError, readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";
import { mcpServices, whenSignalled } from "./mcp.ts";

/** `alphadesk serve`: MCP over Streamable HTTP at /mcp, with /healthz and /metrics, until SIGINT/SIGTERM. */
export async function serveCommand(): Promise<number> {
  const config = readConfig();
  if (!config.MCP_TOKEN) {
    throw new ConfigError([
      "MCP_TOKEN: required by `alphadesk serve`: every HTTP client must send `Authorization: Bearer <MCP_TOKEN>` (generate one with `openssl rand -hex 32`)",
    ]);
  }
  const runtime = await openRuntime(config);
  const stop = whenSignalled();
  try {
    if (runtime.execution) await runtime.orderFlow({ drive: true });
    const services = mcpServices(runtime);
    const server = await startHttpServer({
      services,
      ...(config.MCP_APPROVER ? { approverIdentity: config.MCP_APPROVER } : {}),
      charts: new VegaChartRenderer(),
      host: config.HOST,
      port: config.PORT,
      token: config.MCP_TOKEN,
      allowedOrigins: config.MCP_ALLOWED_ORIGINS ?? [],
      async checkHealth() {
        await services.store.listStrategies(1);
        return { database: "ok" };
      },
    });
    process.stderr.write(`Alphadesk MCP server listening on ${server.url}/mcp\n`);
    await new Promise((resolve) => stop.signal.addEventListener("abort", resolve, { once: true }));
    process.stderr.write("Stopping: finishing running tools...\n");
    await server.close();
    return 0;
  } finally {
    stop.dispose();
    await runtime.close();
  }
}
