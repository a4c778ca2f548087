import type { Tool } from "../tools/index.ts";
import type { ChatMessage, ToolCallRequest } from "./messages.ts";

/** The assistant's next message: tool calls to make, or (with none) the reply. */
export interface BrainStep {
  content: string;
  toolCalls: ToolCallRequest[];
}

/**
 * What decides the next step of a turn: a language model (OpenAI-compatible endpoint) or the
 * offline planner. It sees the thread and the registry's tools; it never sees an approve tool,
 * because there is none.
 */
export interface Brain {
  readonly name: string;
  /** True when replies are put together from tool results only (the offline planner), so their numbers need no check. */
  readonly repliesFromToolResults?: boolean;
  next(messages: readonly ChatMessage[], tools: readonly Tool[]): Promise<BrainStep>;
}
