import { describeResult } from "../tools/replies/describe-result.ts";
import { utc } from "../tools/replies/format.ts";
import type { ChatMessage } from "./messages.ts";

/** Results whose view every face draws beneath the reply (bots/core): the reply only heads it. */
const headings: Record<string, (name: string, output: Record<string, unknown>) => string> = {
  desk_status: (_, output) => `The desk as of ${utc(String(output.asOf))}:`,
  research_digest: () => "The research digest:",
};

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
      const error = (output as { error?: { code?: string; message?: string } }).error;
      const ended = error?.code === "cancelled" ? "stopped" : "failed";
      parts.push(`${message.name} ${ended}: ${error?.message ?? "unknown error"}`);
    } else parts.push((headings[message.name] ?? describeResult)(message.name, output));
  }
  return parts.join("\n\n") || "Done.";
}
