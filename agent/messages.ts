/** One tool call the assistant asks for; `id` pairs it with its result. */
export interface ToolCallRequest {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * A thread's messages as the graph keeps them (plain JSON, so checkpoints store them as they
 * are). Tool results carry the tool's output as JSON text; `untrusted` marks text from research
 * or the web, which the model sees only as quoted data.
 */
export type ChatMessage =
  | { role: "user"; content: string; from: string }
  | { role: "assistant"; content: string; toolCalls: ToolCallRequest[] }
  | {
      role: "tool";
      toolCallId: string;
      name: string;
      ok: boolean;
      content: string;
      /** The tool's short form for a model (JSON), when it has one: large results stay out of its context. */
      brief?: string;
      untrusted?: boolean;
    }
  /** Something that happened outside the brain's calls, e.g. a human decided an approval. */
  | { role: "event"; content: string };

/** The messages of the current turn: everything after the last user message, which starts it. */
export function currentTurn(messages: readonly ChatMessage[]): {
  user: Extract<ChatMessage, { role: "user" }> | undefined;
  after: ChatMessage[];
} {
  let start = messages.length - 1;
  while (start >= 0 && messages[start]!.role !== "user") start--;
  return {
    user: start >= 0 ? (messages[start] as Extract<ChatMessage, { role: "user" }>) : undefined,
    after: messages.slice(start + 1),
  };
}
