import { embeddedFiles } from "./embedded-files.ts";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type ContentBlock,
} from "@modelcontextprotocol/sdk/types.js";
import { AlphadeskError } from "../tools/errors.ts";
import type { Tool, ToolContext } from "../tools/index.ts";
import type { ChartRenderer } from "../tools/ports/chart-renderer.ts";
import { asAlphadeskError, executeTool, parseToolInput } from "../tools/run-tool.ts";
import { decideOverMcp } from "./approval.ts";
import { chartImages } from "./chart-images.ts";
import type { InFlightCalls } from "./in-flight.ts";
import { progressNotifier } from "./progress.ts";
import { resourceLinksFor } from "./resource-uris.ts";
import { describeResult } from "../tools/replies/describe-result.ts";
import { describeTool } from "./tool-listing.ts";

/** What every tool run shares; progress, signal and actor are made per call. */
export type ToolServices = Omit<ToolContext, "progress" | "signal" | "actor">;

export interface ToolCallRecord {
  tool: string;
  durationMs: number;
  outcome: "ok" | "error" | "cancelled";
  errorCode?: string;
}

export interface ToolHandlerOptions {
  tools: readonly Tool[];
  services: ToolServices;
  inFlight: InFlightCalls;
  /** Who asks, e.g. "mcp:stdio:claude-ai"; recorded in ToolContext.actor. */
  actor: () => string;
  approverIdentity?: string;
  /** Draws the charts of results that have them (backtests, bars) as image blocks. */
  charts?: ChartRenderer;
  onToolCall?: (call: ToolCallRecord) => void;
}

type Extra = Parameters<Parameters<Server["setRequestHandler"]>[1]>[1];

/** tools/list and tools/call over the registry, through the same validation as the command line. */
export function registerTools(server: Server, options: ToolHandlerOptions): void {
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: options.tools.map(describeTool),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = options.tools.find((candidate) => candidate.name === request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `no tool named "${request.params.name}"; available: ${options.tools.map((t) => t.name).join(", ")}`,
      );
    }
    return callTool(server, tool, request.params.arguments ?? {}, extra, options);
  });
}

/** The words for a result go to the model whole up to here (a long diff would flood it). */
const maxTextCharacters = 8000;

async function callTool(
  server: Server,
  tool: Tool,
  args: unknown,
  extra: Extra,
  options: ToolHandlerOptions,
): Promise<CallToolResult> {
  const startedMs = performance.now();
  let outcome: ToolCallRecord["outcome"] = "ok";
  let errorCode: string | undefined;
  try {
    // Bad input is refused here, before the tool's run() ever sees it.
    const input = parseToolInput(tool, args);
    if (extra.signal.aborted) throw cancelled(tool);
    const context: ToolContext = {
      ...options.services,
      progress: progressNotifier(extra),
      signal: extra.signal,
      actor: options.actor(),
    };
    const result = (await options.inFlight.track(executeTool(tool, input, context))) as Record<
      string,
      unknown
    >;
    const content: ContentBlock[] = [
      { type: "text", text: describeResult(tool.name, result, maxTextCharacters) },
      ...resourceLinksFor(tool.name, result),
      ...embeddedFiles(tool.name, result),
    ];
    if (tool.effect === "order") {
      const note = await decideOverMcp(
        server,
        options.services,
        options.approverIdentity,
        tool.name,
        result,
      );
      content.push({ type: "text", text: note });
    }
    if (options.charts && !extra.signal.aborted) {
      content.push(...(await chartImages(options.charts, tool.name, result, options.services.log)));
    }
    return {
      content,
      structuredContent: (tool.brief ? tool.brief.from(result) : result) as Record<string, unknown>,
    };
  } catch (caught) {
    const error = asAlphadeskError(caught);
    outcome = extra.signal.aborted ? "cancelled" : "error";
    errorCode = error.code;
    return errorResult(error);
  } finally {
    options.onToolCall?.({
      tool: tool.name,
      durationMs: performance.now() - startedMs,
      outcome,
      ...(errorCode ? { errorCode } : {}),
    });
  }
}

/**
 * A readable failure the model can act on: the code, what to do next and each field's problem.
 * No structuredContent: SDK clients check it against the output schema even on errors.
 */
function errorResult(error: AlphadeskError): CallToolResult {
  const issues = (error.issues ?? []).map(
    (issue) => `- ${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`,
  );
  const text = [
    `Error ${error.code} (${nextStepHint[error.nextStep]}): ${error.message}`,
    ...issues,
  ];
  return {
    isError: true,
    content: [{ type: "text", text: text.join("\n") }],
  };
}

const nextStepHint = {
  user: "change the request and try again",
  retryable: "try again shortly",
  fatal: "a bug or an outage; retrying will not help",
} as const;

const cancelled = (tool: Tool) =>
  new AlphadeskError("cancelled", `${tool.name} was cancelled before it started`, "user");
