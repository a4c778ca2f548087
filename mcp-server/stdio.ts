import type { Readable, Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { InFlightCalls } from "./in-flight.ts";
import { createMcpServer, type McpServerOptions } from "./server.ts";

export interface StdioOptions extends Omit<McpServerOptions, "transport"> {
  stdin?: Readable;
  stdout?: Writable;
  /** Aborting it (e.g. on SIGTERM) ends the session like the client leaving. */
  stop?: AbortSignal;
}

/**
 * Serves one client over stdin/stdout until it leaves: stdin ends (the SDK's transport does
 * not watch for that), the transport closes, or `stop` aborts. Returns once running tools have
 * finished, so the caller can close the store safely. stdout carries only protocol messages.
 */
export async function serveStdio(options: StdioOptions): Promise<void> {
  const { stdin = process.stdin, stdout = process.stdout, stop, ...rest } = options;
  const inFlight = rest.inFlight ?? new InFlightCalls();
  const server = createMcpServer({ ...rest, inFlight, transport: "stdio" });
  const transport = new StdioServerTransport(stdin, stdout);
  const left = new Promise<void>((resolve) => {
    stdin.once("end", resolve);
    stdin.once("close", resolve);
    stop?.addEventListener("abort", () => resolve(), { once: true });
    transport.onclose = resolve;
  });
  await server.connect(transport);
  await left;
  await inFlight.drained();
  await server.close();
}
