import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arbitraryFor, mutated } from "../test/support/json-schema-arbitrary.ts";
import { connectInMemory, type MemorySession } from "../test/support/mcp-memory.ts";
import { AlphadeskError } from "../tools/errors.ts";
import { tools, type Tool } from "../tools/index.ts";
import type { Store } from "../tools/ports/store.ts";

// Every registry tool with its run() replaced by a counter: valid input must reach it exactly
// once, invalid input never. The zod schema is the oracle of validity.
const reached = new Map<string, number>();
const probes: Tool[] = tools.map((tool) => ({
  ...tool,
  async run() {
    reached.set(tool.name, (reached.get(tool.name) ?? 0) + 1);
    throw new AlphadeskError("reached_handler", "the handler ran", "user");
  },
}));

let session: MemorySession;
beforeAll(async () => {
  // The probes never touch the store, so no database is needed.
  const store = { close: async () => undefined } as unknown as Store;
  session = await connectInMemory({ tools: probes, store });
});
afterAll(async () => {
  await session.close();
});

const readableRefusal = /^Error invalid_input \(change the request and try again\): \S.*\n- \S/;

describe.each(probes.map((tool) => [tool.name, tool] as const))("fuzzing %s", (name, tool) => {
  it("refuses every invalid input readably, before the handler, and keeps answering", async () => {
    const listed = (await session.client.listTools()).tools.find((entry) => entry.name === name)!;
    const inputs = fc.oneof(
      arbitraryFor(listed.inputSchema).chain(mutated),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(inputs, async (args) => {
        const valid = tool.input.safeParse(args).success;
        const before = reached.get(name) ?? 0;
        const result = (await session.client.callTool({
          name,
          arguments: args as Record<string, unknown>,
        })) as CallToolResult;
        const text = result.content[0]?.type === "text" ? result.content[0].text : "";
        expect(result.isError).toBe(true);
        if (valid) {
          expect(text).toMatch(/^Error reached_handler/);
          expect(reached.get(name)).toBe(before + 1);
        } else {
          expect(text).toMatch(readableRefusal);
          expect(reached.get(name) ?? 0).toBe(before);
        }
      }),
      { numRuns: 150, seed: 4 },
    );
    await expect(session.client.ping()).resolves.toBeDefined();
  });
});
