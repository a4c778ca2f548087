import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { HttpError, readJsonBody } from "../tools/http/request-body.ts";
import { allowedHostnames, bearerToken, refuseHostOrOrigin, tokenMatches } from "./http-guards.ts";
import { InFlightCalls } from "./in-flight.ts";
import { McpMetrics } from "./metrics.ts";
import { RateLimiter, type RateLimit } from "./rate-limit.ts";
import { createMcpServer, type McpServerOptions } from "./server.ts";
import { SessionTable } from "./sessions.ts";
import { sendJson } from "../tools/http/send-json.ts";

export interface HttpOptions extends Omit<McpServerOptions, "transport" | "onToolCall"> {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The bearer token every /mcp and /metrics request must carry; without it neither is served. */
  token?: string;
  /**
   * Endpoints that authenticate each request themselves (Slack and Discord signatures): they
   * skip the bearer token and the Host/Origin guard, which exist for unsigned MCP clients.
   */
  signedRoutes?: Readonly<Record<string, RequestHandler>>;
  /** Browser origins admitted, exactly as sent (scheme://host:port); everything else gets 403. */
  allowedOrigins?: readonly string[];
  maxBodyBytes?: number;
  rateLimit?: RateLimit;
  sessionIdleMs?: number;
  maxSessions?: number;
  /** What /healthz reports; throws when a dependency is down. */
  checkHealth?: () => Promise<Record<string, string>>;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface RunningHttpServer {
  url: string;
  port: number;
  metrics: McpMetrics;
  close(): Promise<void>;
}

/** Streamable HTTP at /mcp with /healthz and /metrics on plain node:http; guards run before any MCP work. */
export async function startHttpServer(options: HttpOptions): Promise<RunningHttpServer> {
  if (options.token !== undefined && options.token.length === 0)
    throw new Error("the MCP HTTP server needs a non-empty bearer token");
  const signedRoutes = new Map(Object.entries(options.signedRoutes ?? {}));
  const allowedOrigins = options.allowedOrigins ?? [];
  const hostnames = allowedHostnames(options.host, allowedOrigins);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxSessions = options.maxSessions ?? 100;
  const limiter = new RateLimiter(options.rateLimit ?? { burst: 120, perSecond: 20 });
  const metrics = new McpMetrics();
  const inFlight = options.inFlight ?? new InFlightCalls();
  const sessions = new SessionTable(options.sessionIdleMs ?? 30 * 60_000, (open) =>
    metrics.sessions.set(open),
  );

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const signed = signedRoutes.get(path);
    if (signed) return signed(request, response);
    const refusal = refuseHostOrOrigin(request, hostnames, allowedOrigins);
    if (refusal) throw new HttpError(403, refusal);
    if (path === "/healthz") return health(response);
    if (path !== "/mcp" && path !== "/metrics") throw new HttpError(404, `no route ${path}`);
    if (options.token === undefined)
      throw new HttpError(404, `${path} is off: set MCP_TOKEN to serve MCP clients`);
    const token = bearerToken(request);
    if (!tokenMatches(token, options.token)) {
      throw new HttpError(
        401,
        "missing or wrong bearer token (Authorization: Bearer <MCP_TOKEN>)",
        {
          "www-authenticate": 'Bearer realm="alphadesk"',
        },
      );
    }
    const waitMs = limiter.take(token!);
    if (waitMs > 0) {
      throw new HttpError(429, `too many requests; retry in ${waitMs} ms`, {
        "retry-after": String(Math.ceil(waitMs / 1000)),
      });
    }
    if (path === "/metrics") {
      response.writeHead(200, { "content-type": metrics.registry.contentType });
      response.end(await metrics.registry.metrics());
      return;
    }
    await mcp(request, response);
  }

  async function mcp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const sessionId = request.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (sessionId !== undefined && !existing)
      throw new HttpError(404, "session not found or expired; initialize a new one");
    if (request.method === "GET" || request.method === "DELETE") {
      if (!existing) throw new HttpError(400, "Mcp-Session-Id header required");
      return existing.transport.handleRequest(request, response);
    }
    if (request.method !== "POST")
      throw new HttpError(405, `${request.method} is not supported`, {
        allow: "GET, POST, DELETE",
      });
    const body = await readJsonBody(request, maxBodyBytes);
    if (existing) return existing.transport.handleRequest(request, response, body);
    if (!isInitializeRequest(body))
      throw new HttpError(400, "no session: the first request must be initialize");
    if (sessions.size >= maxSessions)
      throw new HttpError(503, "too many open sessions; close one or try later");
    const server = createMcpServer({
      ...options,
      inFlight,
      transport: "http",
      onToolCall: metrics.recordToolCall,
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => sessions.add(id, { server, transport, lastSeenMs: Date.now() }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  async function health(response: ServerResponse): Promise<void> {
    try {
      const checks = (await options.checkHealth?.()) ?? {};
      sendJson(response, 200, { status: "ok", sessions: sessions.size, ...checks });
    } catch (error) {
      sendJson(response, 503, { status: "unavailable", error: (error as Error).message });
    }
  }

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status !== 500) metrics.refusals.inc({ status: String(status) });
      if (response.headersSent) return void response.end();
      // A refused upload is not read to its end: close the connection instead of draining it.
      const extra = error instanceof HttpError ? error.headers : {};
      response.setHeader("connection", status === 413 ? "close" : "keep-alive");
      sendJson(
        response,
        status,
        {
          jsonrpc: "2.0",
          error: {
            code: -32000,
            message: status === 500 ? "internal error" : (error as Error).message,
          },
          id: null,
        },
        extra,
      );
      if (status === 500) options.services.log.error({ err: error }, "mcp http request failed");
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, resolve);
  });
  const { port } = http.address() as AddressInfo;
  const urlHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    metrics,
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await inFlight.drained();
      await sessions.closeAll();
      http.closeAllConnections();
      await closed;
    },
  };
}
