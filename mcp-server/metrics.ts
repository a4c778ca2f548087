import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ToolCallRecord } from "./tools.ts";

/** Prometheus metrics of the HTTP face: tool calls, their latency and errors, sessions, refusals. */
export class McpMetrics {
  readonly registry = new Registry();
  private readonly calls = new Counter({
    name: "alphadesk_tool_calls_total",
    help: "Tool calls over MCP, by tool and outcome (ok, error, cancelled).",
    labelNames: ["tool", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: "alphadesk_tool_errors_total",
    help: "Tool calls that failed, by tool and error code.",
    labelNames: ["tool", "code"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "alphadesk_tool_call_duration_seconds",
    help: "Tool call latency over MCP, validation included.",
    labelNames: ["tool"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly sessions = new Gauge({
    name: "alphadesk_mcp_sessions",
    help: "Open MCP sessions.",
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: "alphadesk_http_refusals_total",
    help: "HTTP requests refused before reaching MCP, by status (401, 403, 413, 429 ...).",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "alphadesk_" });
  }

  readonly recordToolCall = (call: ToolCallRecord): void => {
    this.calls.inc({ tool: call.tool, outcome: call.outcome });
    this.latency.observe({ tool: call.tool }, call.durationMs / 1000);
    if (call.errorCode) this.errors.inc({ tool: call.tool, code: call.errorCode });
  };
}
