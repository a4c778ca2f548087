import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectInMemory } from "../test/support/mcp-memory.ts";
import { defineTool } from "../tools/define-tool.ts";
import type { Store } from "../tools/ports/store.ts";

// Registered only here: no order tool exists yet, but the rule must hold for the first one.
const proposeOrder = defineTool({
  name: "propose_test_order",
  description: "Propose an order (a test stand-in): creates a pending approval.",
  input: z.object({ symbol: z.string() }).strict(),
  output: z.object({ approvalId: z.string(), status: z.literal("pending") }),
  effect: "order",
  async run() {
    return { approvalId: "a-1", status: "pending" as const };
  },
});

const noStore = { close: async () => undefined } as unknown as Store;

async function proposeWith(options: Parameters<typeof connectInMemory>[0]) {
  const session = await connectInMemory({ tools: [proposeOrder], store: noStore, ...options });
  try {
    const { tools } = await session.client.listTools();
    const result = (await session.client.callTool({
      name: "propose_test_order",
      arguments: { symbol: "SPY" },
    })) as CallToolResult;
    return { annotations: tools[0]!.annotations, result };
  } finally {
    await session.close();
  }
}

const note = (result: CallToolResult) =>
  result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");

describe("order tools over MCP", () => {
  it("are marked destructive, only propose, and say why this client cannot approve", async () => {
    const { annotations, result } = await proposeWith({});
    expect(annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(result.structuredContent).toEqual({ approvalId: "a-1", status: "pending" });
    expect(note(result)).toMatch(
      /Nothing was sent to a broker.*cannot approve it: no approver identity is configured/,
    );
  });

  it("still cannot approve with an approver but no elicitation, nor with both (not built yet)", async () => {
    const withoutElicitation = await proposeWith({ approverIdentity: "alice" });
    expect(note(withoutElicitation.result)).toMatch(/does not support MCP elicitation/);
    const withBoth = await proposeWith({
      approverIdentity: "alice",
      clientCapabilities: { elicitation: {} },
    });
    expect(note(withBoth.result)).toMatch(/approving over MCP is not available yet/);
  });
});
