import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { tools as registry, type Tool } from "../tools/index.ts";
import type { ChartRenderer } from "../tools/ports/chart-renderer.ts";
import { InFlightCalls } from "./in-flight.ts";
import { registerPrompts } from "./prompts.ts";
import { registerResources } from "./resources.ts";
import { registerTools, type ToolCallRecord, type ToolServices } from "./tools.ts";
import packageJson from "../package.json" with { type: "json" };

export interface McpServerOptions {
  services: ToolServices;
  /** Which face serves the session; names the actor, e.g. "mcp:http:cursor". */
  transport: "stdio" | "http" | "memory";
  /** The registry by default; tests add tools of their own. */
  tools?: readonly Tool[];
  /** Shared across sessions so shutdown can wait for every run. */
  inFlight?: InFlightCalls;
  /** The person allowed to approve orders from MCP clients (none can yet; see approval.ts). */
  approverIdentity?: string;
  /** Draws result charts as PNG image content; without it results carry text only. */
  charts?: ChartRenderer;
  onToolCall?: (call: ToolCallRecord) => void;
}

const instructions =
  "Alphadesk's deterministic trading-research tools. Every number you report must come from a tool result. " +
  "Start with generate_demo_market when no bars are stored. Backtests are stored: fetch their trades and " +
  "equity from the alphadesk://backtests/{id} resources instead of repeating them. Order tools only propose: a human approves every order, never a tool call.";

/** One MCP session's server over the tool registry, its stored results (resources) and prompts. */
export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server(
    { name: "alphadesk", title: "Alphadesk", version: packageJson.version },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions },
  );
  registerTools(server, {
    tools: options.tools ?? registry,
    services: options.services,
    inFlight: options.inFlight ?? new InFlightCalls(),
    actor: () => `mcp:${options.transport}:${server.getClientVersion()?.name ?? "unknown"}`,
    ...(options.approverIdentity ? { approverIdentity: options.approverIdentity } : {}),
    ...(options.charts ? { charts: options.charts } : {}),
    ...(options.onToolCall ? { onToolCall: options.onToolCall } : {}),
  });
  registerResources(server, options.services.store);
  registerPrompts(server);
  return server;
}
