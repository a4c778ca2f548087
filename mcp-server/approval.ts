import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { approvalCard } from "../tools/orders/approval-card.ts";
import { pendingStrategyApprovals } from "../tools/orders/strategy-orders-schema.ts";
import { rebalanceCard } from "../tools/portfolio/rebalance-card.ts";
import type { ToolServices } from "./tools.ts";

/**
 * Why this MCP client cannot approve an order, or undefined when it can. An approval over MCP
 * needs two things at once: an approver identity configured for the server (`MCP_APPROVER`), so
 * the person is known, and the client's elicitation capability, so a human answers a form the
 * client shows rather than the model answering a tool.
 */
export function approvalRefusal(
  approverIdentity: string | undefined,
  capabilities: ClientCapabilities | undefined,
): string | undefined {
  if (!approverIdentity) return "no approver identity is configured for MCP clients (MCP_APPROVER)";
  if (!capabilities?.elicitation)
    return "this client does not support MCP elicitation, so it cannot ask a human to confirm";
  return undefined;
}

/** The note an order tool's result carries when the order waits for a human elsewhere. */
export function approvalNote(reason: string): string {
  return `Nothing was sent to a broker: an order only becomes real when a person approves it in chat or with \`npx alphadesk approve <id>\`. This MCP client cannot approve it: ${reason}.`;
}

interface ProposeResult {
  status?: string;
  approval?: { id: string };
  /** rebalance_portfolio's batch: its orders are decided together. */
  batch?: { id: string };
}

const decisionSchema = {
  type: "object" as const,
  properties: {
    decision: {
      type: "string" as const,
      title: "Decision",
      enum: ["approve", "reject"],
      description: "approve sends the order(s) to the broker, each after a fresh risk check",
    },
  },
  required: ["decision"],
};

/**
 * After an order tool (`toolName`): asks the configured approver, through the client's elicitation form,
 * to approve or reject the pending order (or rebalance batch), and records the answer as the
 * database's single-use decision. The form shows the card built from the stored rows. Returns
 * the note for the result.
 */
export async function decideOverMcp(
  server: Server,
  services: ToolServices,
  approverIdentity: string | undefined,
  toolName: string,
  result: ProposeResult,
): Promise<string> {
  if (toolName === "rebalance_portfolio")
    return decideBatchOverMcp(server, services, approverIdentity, result);
  if (toolName === "propose_strategy_orders") {
    const notes: string[] = [];
    for (const id of pendingStrategyApprovals(result))
      notes.push(await decideApprovalOverMcp(server, services, approverIdentity, id));
    return notes.join("\n") || "No order waits for a decision.";
  }
  if (result.status === "denied") return "The risk gate denied the order: nothing was proposed.";
  if (result.status === "approved")
    return "A paper strategy's auto-approval policy approved it: the executor sends it after a fresh risk check.";
  return decideApprovalOverMcp(server, services, approverIdentity, result.approval?.id);
}

/** One pending approval, decided by one answer of the form. */
async function decideApprovalOverMcp(
  server: Server,
  services: ToolServices,
  approverIdentity: string | undefined,
  approvalId: string | undefined,
): Promise<string> {
  const refusal = approvalRefusal(approverIdentity, server.getClientCapabilities());
  if (refusal || !approverIdentity || !approvalId) return approvalNote(refusal ?? "no approval");
  const { store } = services;
  const approval = await store.requestApproval(approvalId);
  const intent = approval && (await store.requestIntent(approval.intentId));
  if (!approval || !intent) return approvalNote(`approval ${approvalId} is not stored`);
  if (!approval.approvers.includes(approverIdentity))
    return approvalNote(`the MCP approver ${approverIdentity} is not listed in APPROVERS`);
  const card = approvalCard(approval, intent, services.execution?.broker.live ?? false);
  const outcome = await decideWithForm(
    server,
    `${card.join("\n")}\n\nApprove or reject this order.`,
    { note: approvalNote, what: "approval", id: approval.id },
    (approve) =>
      store.decideApproval({
        approvalId: approval.id,
        approve,
        actor: approverIdentity,
        paramsHash: approval.paramsHash,
        nowMs: services.clock.nowMs(),
      }),
  );
  if ("note" in outcome) return outcome.note;
  if (outcome.decision === "reject")
    return `Rejected by ${approverIdentity}: the order will not be sent.`;
  services.execution?.wake();
  return `Approved by ${approverIdentity} through the client's confirmation form: the order goes to ${intent.broker} after a fresh risk check; list_orders shows its state.`;
}

/** rebalance_portfolio's result: its batch, decided by one answer of the form. */
async function decideBatchOverMcp(
  server: Server,
  services: ToolServices,
  approverIdentity: string | undefined,
  result: ProposeResult,
): Promise<string> {
  if (!result.batch)
    return result.status === "denied"
      ? "The risk gate denied every order: nothing was proposed."
      : "No order was proposed: nothing to approve.";
  const refusal = approvalRefusal(approverIdentity, server.getClientCapabilities());
  if (refusal || !approverIdentity) return batchNote(refusal!);
  const { store } = services;
  const stored = await store.requestBatch(result.batch.id);
  if (!stored) return batchNote(`batch ${result.batch.id} is not stored`);
  const { batch, intents } = stored;
  if (batch.state !== "pending") return `Batch ${batch.id} is ${batch.state}: nothing to decide.`;
  if (!batch.approvers.includes(approverIdentity))
    return batchNote(`the MCP approver ${approverIdentity} is not listed in APPROVERS`);
  const card = rebalanceCard(stored);
  const lines = [
    ...card.head,
    card.header.join(" | "),
    ...card.rows.map((row) => row.join(" | ")),
    ...card.foot,
  ];
  const outcome = await decideWithForm(
    server,
    `${lines.join("\n")}\n\nApprove or reject these ${intents.length} order(s) together.`,
    { note: batchNote, what: "batch", id: batch.id },
    (approve) =>
      store.decideBatch({
        batchId: batch.id,
        approve,
        actor: approverIdentity,
        paramsHash: batch.paramsHash,
        nowMs: services.clock.nowMs(),
      }),
  );
  if ("note" in outcome) return outcome.note;
  if (outcome.decision === "reject")
    return `Rejected by ${approverIdentity}: none of the ${intents.length} orders will be sent.`;
  services.execution?.wake();
  return `Approved by ${approverIdentity} through the client's confirmation form: the ${intents.length} orders go to ${batch.broker} in the card's order, each after a fresh risk check; list_orders shows their states.`;
}

const batchNote = (reason: string) =>
  `Nothing was sent to a broker: a rebalance's orders only become real when a person approves the batch in chat or with \`npx alphadesk approve <batch id>\`. This MCP client cannot approve it: ${reason}.`;

/**
 * Asks the human through the client's form and records the answer with `record`, exactly once:
 * the decision, or the note to return when nothing was recorded (the form declined, cancelled
 * or failed, or the store refused the decision).
 */
async function decideWithForm(
  server: Server,
  card: string,
  pending: { note: (reason: string) => string; what: string; id: string },
  record: (
    approve: boolean,
  ) => Promise<{ ok: true } | { ok: false; reason: string; message: string }>,
): Promise<{ decision: "approve" | "reject" } | { note: string }> {
  let answer;
  try {
    answer = await server.elicitInput({
      message: `${card} Only you can answer this form; the assistant cannot.`,
      requestedSchema: decisionSchema,
    });
  } catch (error) {
    return { note: pending.note(`the confirmation form failed (${(error as Error).message})`) };
  }
  const decision = answer.action === "accept" ? answer.content?.decision : undefined;
  if (decision !== "approve" && decision !== "reject")
    return {
      note: `Not decided (${answer.action}): the ${pending.what} stays pending until its expiry; approve it in chat or with \`npx alphadesk approve ${pending.id}\`.`,
    };
  const decided = await record(decision === "approve");
  if (!decided.ok)
    return { note: `The decision did not take: ${decided.message} (${decided.reason}).` };
  return { decision };
}
