import { describeResult } from "../tools/replies/describe-result.ts";
import type { ChatMessage } from "./messages.ts";

/**
 * The offline planner's reply: every number copied from a tool result of this turn, nothing
 * computed or recalled: a readable paragraph per result (`describeResult`).
 */
export function offlineReply(turn: readonly ChatMessage[]): string {
  const parts: string[] = [];
  for (const message of turn) {
    if (message.role === "event") parts.push(message.content);
    if (message.role !== "tool") continue;
    const output = JSON.parse(message.content) as Record<string, unknown>;
    if (!message.ok) {
      const error = (output as { error?: { message?: string } }).error;
      parts.push(`${message.name} failed: ${error?.message ?? "unknown error"}`);
    } else
      parts.push(
        // Every face draws the status view itself beneath the reply.
        message.name === "desk_status"
          ? `The desk as of ${String(output.asOf).slice(0, 16).replace("T", " ")} UTC:`
          : describeResult(message.name, output),
      );
  }
  return parts.join("\n\n") || "Done.";
}
