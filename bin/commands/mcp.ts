import { serveStdio } from "../../mcp-server/stdio.ts";
import type { ToolServices } from "../../mcp-server/tools.ts";
import { VegaChartRenderer } from "../../tools/adapters/charts/vega-renderer.ts";
import { readConfig } from "../config.ts";
import { openRuntime, type Runtime } from "../runtime.ts";

/** `alphadesk mcp`: the MCP server over stdio until the client closes stdin. Logs go to stderr only. */
export async function mcpCommand(): Promise<number> {
  const config = readConfig();
  const runtime = await openRuntime(config);
  const stop = whenSignalled();
  try {
    if (runtime.execution) await runtime.orderFlow({ drive: true });
    await serveStdio({
      services: mcpServices(runtime),
      ...(config.MCP_APPROVER ? { approverIdentity: config.MCP_APPROVER } : {}),
      charts: new VegaChartRenderer(),
      stop: stop.signal,
    });
    return 0;
  } finally {
    // Still listening while the store closes: a client that ended stdin sends SIGTERM after 2 s
    // (the SDK's StdioClientTransport), which must not cut the close short.
    try {
      await runtime.close();
    } finally {
      stop.dispose();
    }
  }
}

/**
 * What every MCP tool run shares: the runtime's adapters (every port the runtime wires, so a new
 * one reaches MCP and the workers too), without the command line's progress bar, signal or actor.
 */
export function mcpServices(runtime: Runtime): ToolServices {
  const {
    progress: _bar,
    signal: _signal,
    actor: _actor,
    done,
    ...services
  } = runtime.contextFor("mcp");
  done();
  return services;
}

/** An AbortSignal that fires on SIGINT or SIGTERM, so shutdown can finish running tools first. */
export function whenSignalled(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", abort);
      process.off("SIGTERM", abort);
    },
  };
}
