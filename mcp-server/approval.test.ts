import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  ElicitRequestSchema,
  type CallToolResult,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { connectInMemory } from "../test/support/mcp-memory.ts";
import { orderHarness, type OrderHarness } from "../test/support/order-harness.ts";
import { driftedAccount } from "../test/support/rebalance-fixtures.ts";
import { breakout, storedAt, strategyOrderHarness } from "../test/support/strategy-orders.ts";
import { closedAfterEach } from "../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

interface Setup {
  approverIdentity?: string;
  elicitation?: boolean;
  /** The human's answer to the confirmation form. */
  answer?: ElicitResult;
}

/**
 * Calls `name` over an in-memory MCP session on the harness's services, the client answering
 * every confirmation form with `setup.answer`; returns the result, the forms shown and the tools.
 */
async function callOverMcp(h: OrderHarness, setup: Setup, name: string, args: object) {
  const forms: string[] = [];
  const { store, execution, clock, log } = h.context;
  const session = await connectInMemory({
    store,
    keepStore: true,
    services: { store, clock, log, ...(execution ? { execution } : {}) },
    ...(setup.approverIdentity ? { approverIdentity: setup.approverIdentity } : {}),
    clientCapabilities: setup.elicitation ? { elicitation: {} } : {},
    onClient: (client: Client) => {
      if (!setup.elicitation) return;
      client.setRequestHandler(ElicitRequestSchema, (request) => {
        forms.push(request.params.message);
        return setup.answer ?? { action: "cancel" };
      });
    },
  });
  try {
    const { tools } = await session.client.listTools();
    const result = (await session.client.callTool({
      name,
      arguments: args as Record<string, unknown>,
    })) as CallToolResult;
    return { result, forms, tools };
  } finally {
    await session.close();
  }
}

/** Proposes 5 AAPL over MCP with the order harness's services; returns the result and the forms shown. */
async function proposeOverMcp(setup: Setup) {
  const harness = cleanup(await orderHarness({ approvers: ["alice", "cli"] }));
  await harness.setPrice("AAPL", 100);
  const { result, forms, tools } = await callOverMcp(harness, setup, "propose_order", {
    symbol: "AAPL",
    side: "buy",
    quantity: 5,
  });
  const annotations = tools.find((tool) => tool.name === "propose_order")!.annotations;
  return { result, forms, annotations, harness };
}

const note = (result: CallToolResult) =>
  result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");

const approvalOf = (result: CallToolResult) =>
  (result.structuredContent as { approval: { id: string; intentId: string } }).approval;

describe("order tools over MCP", () => {
  it("are marked destructive, only propose, and say why a client without an approver cannot approve", async () => {
    const { annotations, result, forms } = await proposeOverMcp({ elicitation: true });
    expect(annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(result.structuredContent).toMatchObject({ status: "pending" });
    expect(forms).toEqual([]);
    expect(note(result)).toMatch(
      /Nothing was sent to a broker.*cannot approve it: no approver identity is configured/,
    );
  });

  it("cannot approve without elicitation, even with an approver", async () => {
    const { result, harness: h } = await proposeOverMcp({ approverIdentity: "alice" });
    expect(note(result)).toMatch(/does not support MCP elicitation/);
    const approval = await h.store.requestApproval(approvalOf(result).id);
    expect(approval?.state).toBe("pending");
  });

  it("asks the approver with the client's form, showing the card from the database, and records an approve once", async () => {
    const {
      result,
      forms,
      harness: h,
    } = await proposeOverMcp({
      approverIdentity: "alice",
      elicitation: true,
      answer: { action: "accept", content: { decision: "approve" } },
    });
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatch(/Paper order on paper-sim\n {2}BUY 5 AAPL at market/);
    expect(note(result)).toMatch(/Approved by alice through the client's confirmation form/);
    const approval = await h.store.requestApproval(approvalOf(result).id);
    expect(approval).toMatchObject({ state: "approved", decidedBy: "alice" });
    expect(h.wakes()).toBe(1);
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 1 });
  });

  it("records a reject, and leaves a declined or cancelled form pending", async () => {
    const rejected = await proposeOverMcp({
      approverIdentity: "alice",
      elicitation: true,
      answer: { action: "accept", content: { decision: "reject" } },
    });
    expect(note(rejected.result)).toMatch(/Rejected by alice/);
    expect(
      (await rejected.harness.store.requestIntent(approvalOf(rejected.result).intentId))?.state,
    ).toBe("declined");

    const declined = await proposeOverMcp({
      approverIdentity: "alice",
      elicitation: true,
      answer: { action: "decline" },
    });
    expect(note(declined.result)).toMatch(/Not decided \(decline\): the approval stays pending/);
    expect(
      (await declined.harness.store.requestApproval(approvalOf(declined.result).id))?.state,
    ).toBe("pending");
  });

  it("refuses an approver that APPROVERS does not list", async () => {
    const {
      result,
      forms,
      harness: h,
    } = await proposeOverMcp({
      approverIdentity: "mallory",
      elicitation: true,
      answer: { action: "accept", content: { decision: "approve" } },
    });
    expect(forms).toEqual([]);
    expect(note(result)).toMatch(/mallory is not listed in APPROVERS/);
    expect((await h.store.requestApproval(approvalOf(result).id))?.state).toBe("pending");
  });
});

/** Calls rebalance_portfolio over MCP on the hand-calculated drifted account (three orders). */
async function rebalanceOverMcp(setup: Setup, halted = false) {
  const { h } = await driftedAccount({ approvers: ["alice"] });
  cleanup(h);
  if (halted)
    await h.store.setControls("account", { state: "halted", reason: "testing" }, "risk-officer");
  const { result, forms } = await callOverMcp(h, setup, "rebalance_portfolio", {});
  const batchId = (result.structuredContent as { batch?: { id: string } }).batch?.id ?? "";
  return { result, forms, batchId, h };
}

describe("a rebalance over MCP", () => {
  it("asks the approver once for the whole batch, with its card, and sends every order on approve", async () => {
    const { result, forms, batchId, h } = await rebalanceOverMcp({
      approverIdentity: "alice",
      elicitation: true,
      answer: { action: "accept", content: { decision: "approve" } },
    });
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatch(/Paper rebalance on paper-sim: 3 order\(s\) to approve/);
    expect(forms[0]).toMatch(/SELL \| AAA \| 133\.333333 \|/);
    expect(forms[0]).toMatch(/Approve or reject these 3 order\(s\) together/);
    expect(note(result)).toMatch(/Approved by alice .*the 3 orders go to paper-sim/);
    expect(await h.store.requestBatch(batchId)).toMatchObject({
      batch: { state: "approved", decidedBy: "alice" },
    });
    expect(h.wakes()).toBe(1);
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 3 });
  });

  it("leaves the batch pending when the form is declined, and says how to approve it elsewhere", async () => {
    const { result, batchId, h } = await rebalanceOverMcp({
      approverIdentity: "alice",
      elicitation: true,
      answer: { action: "decline" },
    });
    expect(note(result)).toContain(
      `Not decided (decline): the batch stays pending until its expiry; approve it in chat or with \`npx alphadesk approve ${batchId}\``,
    );
    expect((await h.store.requestBatch(batchId))?.batch.state).toBe("pending");
  });

  it("asks nothing when the risk gate denied every order", async () => {
    const { result, forms, h } = await rebalanceOverMcp(
      { approverIdentity: "alice", elicitation: true },
      true,
    );
    expect(forms).toEqual([]);
    expect(note(result)).toMatch(/The risk gate denied every order: nothing was proposed/);
    expect(await h.store.listBatches({ limit: 10 })).toEqual([]);
  });

  it("cannot approve without an approver identity, and says so for the batch", async () => {
    const { result, forms, batchId, h } = await rebalanceOverMcp({ elicitation: true });
    expect(forms).toEqual([]);
    expect(note(result)).toMatch(
      /a rebalance's orders only become real when a person approves the batch .*MCP_APPROVER/,
    );
    expect((await h.store.requestBatch(batchId))?.batch.state).toBe("pending");
  });

  it("asks about each order propose_strategy_orders proposed, one form apiece", async () => {
    const h = cleanup(await strategyOrderHarness({ approvers: ["alice"] }));
    await storedAt(h, breakout(["ENTR", "ENT2"]), "paper");
    const { result, forms } = await callOverMcp(
      h,
      {
        approverIdentity: "alice",
        elicitation: true,
        answer: { action: "accept", content: { decision: "approve" } },
      },
      "propose_strategy_orders",
      {},
    );
    expect(forms).toHaveLength(2);
    expect(forms[0]).toMatch(/BUY 100 ENTR at market/);
    expect(forms[1]).toMatch(/BUY 100 ENT2 at market/);
    expect(note(result).match(/Approved by alice/g)).toHaveLength(2);
    const approvals = await h.store.listApprovals({ limit: 10 });
    expect(approvals.map((approval) => approval.state)).toEqual(["approved", "approved"]);
  });
});
