import { Command } from "@langchain/langgraph";
import type { Agent, AgentStateValue, ApprovalInterrupt } from "./graph.ts";
import { currentTurn } from "./messages.ts";
import { offlineReply } from "./offline-reply.ts";

export interface TurnToolCall {
  name: string;
  input: Record<string, unknown>;
  ok: boolean;
  /** The tool's output, or `{error}` when it failed. */
  output: unknown;
}

export interface TurnResult {
  threadId: string;
  reply: string;
  toolCalls: TurnToolCall[];
  /**
   * Approvals and order batches the turn waits on (`requestApproval` or `requestBatch` finds
   * each id): decide them (a human), then `resumeTurn`.
   */
  waitingFor: string[];
}

const configFor = (threadId: string) => ({ configurable: { thread_id: threadId } });

/** One message from a person into a thread; returns the reply, or the decisions it waits on. */
export async function runTurn(
  agent: Agent,
  threadId: string,
  text: string,
  from: string,
): Promise<TurnResult> {
  await agent.invoke({ messages: [{ role: "user", content: text, from }] }, configFor(threadId));
  return turnResult(agent, threadId);
}

/** Continues a turn after its approvals and batches were decided in the database. */
export async function resumeTurn(agent: Agent, threadId: string): Promise<TurnResult> {
  await agent.invoke(new Command({ resume: "decided" }), configFor(threadId));
  return turnResult(agent, threadId);
}

/**
 * The approvals and order batches a thread waits on (after a restart too: the checkpoint keeps
 * the interrupt).
 */
export async function waitingApprovals(agent: Agent, threadId: string): Promise<string[]> {
  return pausedFor(await agent.getState(configFor(threadId)));
}

function pausedFor(snapshot: Awaited<ReturnType<Agent["getState"]>>): string[] {
  return snapshot.tasks.flatMap((task) =>
    task.interrupts.flatMap((pause) => {
      const { approvalIds, batchIds } = pause.value as ApprovalInterrupt;
      return [...approvalIds, ...(batchIds ?? [])];
    }),
  );
}

async function turnResult(agent: Agent, threadId: string): Promise<TurnResult> {
  const snapshot = await agent.getState(configFor(threadId));
  const { messages } = snapshot.values as AgentStateValue;
  const { after } = currentTurn(messages);
  const toolCalls: TurnToolCall[] = [];
  for (const message of after) {
    if (message.role !== "assistant") continue;
    for (const call of message.toolCalls) {
      const result = after.find((m) => m.role === "tool" && m.toolCallId === call.id);
      if (result?.role !== "tool") continue;
      toolCalls.push({
        name: call.name,
        input: call.input,
        ok: result.ok,
        output: JSON.parse(result.content) as unknown,
      });
    }
  }
  const last = after.at(-1);
  const waitingFor = pausedFor(snapshot);
  // Paused for a human: the reply so far is what the tools said, numbers copied, nothing added.
  const reply =
    last?.role === "assistant" && last.toolCalls.length === 0
      ? last.content
      : waitingFor.length > 0
        ? offlineReply(after)
        : "";
  return { threadId, reply, toolCalls, waitingFor };
}
