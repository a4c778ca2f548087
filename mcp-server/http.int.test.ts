import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../test/support/pglite.ts";
import { testServices } from "../test/support/mcp-memory.ts";
import type { Store } from "../tools/ports/store.ts";
import { startHttpServer, type HttpOptions, type RunningHttpServer } from "./http.ts";

const token = "test-token-0123456789";
const auth = { authorization: `Bearer ${token}` };
const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw", version: "1" },
  },
};
const mcpHeaders = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

let store: Store;
let server: RunningHttpServer;
const started: RunningHttpServer[] = [];

async function start(options: Partial<HttpOptions> = {}): Promise<RunningHttpServer> {
  const running = await startHttpServer({
    services: testServices(store),
    host: "127.0.0.1",
    port: 0,
    token,
    allowedOrigins: ["http://localhost:6274"],
    checkHealth: async () => ({ database: "ok" }),
    ...options,
  });
  started.push(running);
  return running;
}

beforeAll(async () => {
  store = await createTestStore();
  server = await start();
});
afterAll(async () => {
  for (const running of started) await running.close();
  await store.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain node:http request, so Host and Origin can be anything. */
function send(
  target: RunningHttpServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port: target.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    // The server may refuse and close before reading an oversized body.
    outgoing.on("error", (error) =>
      (error as NodeJS.ErrnoException).code === "EPIPE" ? undefined : reject(error),
    );
    outgoing.end(options.body);
  });
}

const post = (
  target: RunningHttpServer,
  headers: Record<string, string>,
  body: unknown = initialize,
) =>
  send(target, "/mcp", {
    method: "POST",
    headers: { ...mcpHeaders, ...headers },
    body: JSON.stringify(body),
  });

describe("the HTTP face's guards", () => {
  it("answers /healthz without a token", async () => {
    const health = await send(server, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: "ok", database: "ok" });
  });

  it("refuses a missing or wrong bearer token with 401", async () => {
    const missing = await post(server, {});
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(JSON.parse(missing.body).error.message).toMatch(/bearer token/);
    expect((await post(server, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await send(server, "/metrics")).status).toBe(401);
  });

  it("refuses a null or foreign Origin and a foreign Host with 403, even with the token", async () => {
    for (const origin of ["null", "https://evil.example.com", "http://localhost:6275"]) {
      const refused = await post(server, { ...auth, origin });
      expect(refused.status, origin).toBe(403);
      expect(JSON.parse(refused.body).error.message).toMatch(/Origin .* is not allowed/);
    }
    const rebinding = await post(server, { ...auth, host: `evil.example.com:${server.port}` });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body).error.message).toMatch(
      /Host evil.example.com:\d+ is not allowed/,
    );
    const allowed = await post(server, { ...auth, origin: "http://localhost:6274" });
    expect(allowed.status).toBe(200);
    expect(allowed.headers["mcp-session-id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("refuses bodies over 1 MB with 413", async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, " ");
    const refused = await send(server, "/mcp", {
      method: "POST",
      headers: { ...mcpHeaders, ...auth },
      body: big,
    });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error.message).toMatch(/exceeds 1048576 bytes/);
  });

  it("rate-limits per token with 429 and Retry-After", async () => {
    const limited = await start({ rateLimit: { burst: 2, perSecond: 0.01 } });
    expect((await send(limited, "/metrics", { headers: auth })).status).toBe(200);
    expect((await send(limited, "/metrics", { headers: auth })).status).toBe(200);
    const third = await send(limited, "/metrics", { headers: auth });
    expect(third.status).toBe(429);
    expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("closes idle sessions", async () => {
    const short = await start({ sessionIdleMs: 150 });
    const opened = await post(short, auth);
    const sessionId = opened.headers["mcp-session-id"] as string;
    await new Promise((resolve) => setTimeout(resolve, 600));
    const late = await post(
      short,
      { ...auth, "mcp-session-id": sessionId },
      { jsonrpc: "2.0", id: 2, method: "ping" },
    );
    expect(late.status).toBe(404);
    expect(JSON.parse(late.body).error.message).toMatch(/session not found or expired/);
  });
});

describe("a full session with the SDK's Streamable HTTP client", () => {
  it("lists and calls tools with the bearer token, then shows them in /metrics", async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: auth },
    });
    const client = new Client({ name: "vitest-http", version: "1" });
    await client.connect(transport);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("market_calendar");
    const open = await client.callTool({
      name: "market_calendar",
      arguments: { market: "CRYPTO" },
    });
    expect(open.structuredContent).toMatchObject({ market: "CRYPTO", open: true });
    const bad = await client.callTool({ name: "market_calendar", arguments: { market: "LSE" } });
    expect(bad.isError).toBe(true);
    await transport.terminateSession();
    await client.close();

    const metrics = await send(server, "/metrics", { headers: auth });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(
      /alphadesk_tool_calls_total\{tool="market_calendar",outcome="ok"\} 1/,
    );
    expect(metrics.body).toMatch(
      /alphadesk_tool_calls_total\{tool="market_calendar",outcome="error"\} 1/,
    );
    expect(metrics.body).toMatch(
      /alphadesk_tool_errors_total\{tool="market_calendar",code="invalid_input"\} 1/,
    );
    expect(metrics.body).toMatch(
      /alphadesk_tool_call_duration_seconds_count\{tool="market_calendar"\} 2/,
    );
    expect(metrics.body).toMatch(/alphadesk_http_refusals_total\{status="403"\} [1-9]/);
  });

  it("refuses to start without a token", async () => {
    await expect(start({ token: "" })).rejects.toThrow(/needs a non-empty bearer token/);
  });
});
