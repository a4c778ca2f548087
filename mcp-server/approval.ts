import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";

/**
 * Why this MCP client cannot approve an order (ARCHITECTURE.md: no prompt or tool result can
 * approve one). An approval over MCP will need two things at once: an approver identity
 * configured for this client, so the person is known, and the client's elicitation capability,
 * so the human answers rather than the model. The approve path itself arrives with the order
 * tools (issue 7); until then every answer is "cannot approve", and says why.
 */
export function approvalRefusal(
  approverIdentity: string | undefined,
  capabilities: ClientCapabilities | undefined,
): string {
  if (!approverIdentity) return "no approver identity is configured for MCP clients";
  if (!capabilities?.elicitation)
    return "this client does not support MCP elicitation, so it cannot ask a human to confirm";
  return "approving over MCP is not available yet";
}

/** The note an order tool's result carries: the order waits for a human elsewhere. */
export function approvalNote(reason: string): string {
  return `Nothing was sent to a broker: an order only becomes real when a person approves it in chat or with \`npx alphadesk approve <id>\`. This MCP client cannot approve it: ${reason}.`;
}
