import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { InFlightCalls } from "../../mcp-server/in-flight.ts";
import { createMcpServer, type McpServerOptions } from "../../mcp-server/server.ts";
import type { ToolServices } from "../../mcp-server/tools.ts";
import type { Store } from "../../tools/ports/store.ts";
import { createTestStore } from "./pglite.ts";
import { testContext } from "./tool-context.ts";

/** Test services over a store: a fixed clock and a silent log. */
export function testServices(store: Store): ToolServices {
  const { clock, log } = testContext(store);
  return { store, clock, log };
}

export interface MemorySession {
  client: Client;
  store: Store;
  inFlight: InFlightCalls;
  close(): Promise<void>;
}

/** The SDK's own Client connected in-process to our server over a fresh test store. */
export async function connectInMemory(
  options: Partial<Omit<McpServerOptions, "services">> & {
    store?: Store;
    clientCapabilities?: ClientCapabilities;
    /** Services to use instead of the test defaults over `store` (an order harness's, say). */
    services?: ToolServices;
    /** Keep the store open at close (its owner closes it). */
    keepStore?: boolean;
    /** Sees the client before it connects (to set request handlers, e.g. for elicitation). */
    onClient?: (client: Client) => void;
  } = {},
): Promise<MemorySession> {
  const {
    store: given,
    clientCapabilities,
    services,
    keepStore,
    onClient,
    ...serverOptions
  } = options;
  const store = given ?? (await createTestStore());
  const inFlight = new InFlightCalls();
  const server = createMcpServer({
    services: services ?? testServices(store),
    transport: "memory",
    inFlight,
    ...serverOptions,
  });
  const client = new Client(
    { name: "vitest", version: "1.0.0" },
    { capabilities: clientCapabilities ?? {} },
  );
  onClient?.(client);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([client.connect(clientTransport), server.connect(serverTransport)]);
  return {
    client,
    store,
    inFlight,
    async close() {
      await client.close();
      await inFlight.drained();
      if (!keepStore) await store.close();
    },
  };
}
