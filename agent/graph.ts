import {
  Annotation,
  END,
  interrupt,
  START,
  StateGraph,
  type BaseCheckpointSaver,
  type LangGraphRunnableConfig,
} from "@langchain/langgraph";
import type { Tool, ToolContext } from "../tools/index.ts";
import { AlphadeskError } from "../tools/errors.ts";
import { pendingStrategyApprovals } from "../tools/orders/strategy-orders-schema.ts";
import { asAlphadeskError, executeTool, parseToolInput } from "../tools/run-tool.ts";
import type { Brain } from "./brain.ts";
import { approvalEvent, batchEvent, type DecisionRows } from "./decision-events.ts";
import { currentTurn, type ChatMessage } from "./messages.ts";
import { offlineReply } from "./offline-reply.ts";
import { unsourcedNumbers } from "./verify-numbers.ts";

/** Steps of thinking per turn before the graph stops asking for more tool calls. */
const maxSteps = 8;

const AgentState = Annotation.Root({
  messages: Annotation<ChatMessage[]>({
    reducer: (left, right) => left.concat(right),
    default: () => [],
  }),
  /** Approvals proposed in this turn that wait for a human. */
  pending: Annotation<string[]>({ reducer: (_, right) => right, default: () => [] }),
  /** Order batches (a rebalance's orders, one decision) proposed in this turn that wait for a human. */
  pendingBatches: Annotation<string[]>({ reducer: (_, right) => right, default: () => [] }),
});
export type AgentStateValue = typeof AgentState.State;

export interface AgentOptions {
  brain: Brain;
  tools: readonly Tool[];
  checkpointer: BaseCheckpointSaver;
  /**
   * A tool context for one call in thread `threadId`, acting for `actor` (the chat user);
   * `done()` ends its progress.
   */
  contextFor(toolName: string, actor: string, threadId: string): ToolContext & { done(): void };
  /**
   * Tools whose output is text from research or the web: untrusted data. Default: the tools
   * marked `untrustedOutput`.
   */
  untrustedTools?: ReadonlySet<string>;
  /** Where approvals and batches are read after a human decided them (the decision of record). */
  approvals: DecisionRows;
  /**
   * The signal that stops the turn running in `threadId` (`TurnStops`): its tools see it, the
   * calls not started yet are skipped, and the turn ends with what had finished.
   */
  stopSignal?(threadId: string): AbortSignal | undefined;
}

/** What the approval interrupt hands the face: the approvals and order batches a human must decide. */
export interface ApprovalInterrupt {
  approvalIds: string[];
  /** Absent from pauses checkpointed before a batch paused a turn: read it as none. */
  batchIds?: string[];
}

/**
 * The agent: think (the brain picks tool calls or replies) -> act (tools run, validated) ->
 * approval interrupt when an order was proposed -> think again -> reply. The decision of
 * record is the approval row's single-use transition in the database (made by a human's click
 * or keypress, outside the graph); resuming only reads it, because `interrupt()` re-runs its
 * node. A turn that has read research or web text cannot propose an order or change anything.
 */
export function buildAgent(options: AgentOptions) {
  const untrusted =
    options.untrustedTools ??
    new Set(options.tools.filter((tool) => tool.untrustedOutput).map((tool) => tool.name));
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));

  const threadOf = (config: LangGraphRunnableConfig) =>
    String(config.configurable?.["thread_id"] ?? "");

  const think = async (state: AgentStateValue, config: LangGraphRunnableConfig) => {
    const { after } = currentTurn(state.messages);
    if (options.stopSignal?.(threadOf(config))?.aborted) return { messages: [stoppedReply(after)] };
    const steps = after.filter((message) => message.role === "assistant").length;
    if (steps >= maxSteps)
      return {
        messages: [
          {
            role: "assistant" as const,
            content: `I stopped after ${maxSteps} rounds of tool calls in one turn; ask again more narrowly.`,
            toolCalls: [],
          },
        ],
      };
    const step = await options.brain.next(state.messages, options.tools);
    if (step.toolCalls.length === 0 && !options.brain.repliesFromToolResults)
      step.content = withNumberCheck(step.content, state.messages);
    return { messages: [{ role: "assistant" as const, ...step }] };
  };

  const act = async (state: AgentStateValue, config: LangGraphRunnableConfig) => {
    const { user, after } = currentTurn(state.messages);
    const last = state.messages.at(-1);
    if (!last || last.role !== "assistant") return {};
    const readUntrusted = after.some((message) => message.role === "tool" && message.untrusted);
    const results: ChatMessage[] = [];
    const pending: string[] = [];
    const pendingBatches: string[] = [];
    const threadId = threadOf(config);
    const stop = options.stopSignal?.(threadId);
    for (const call of last.toolCalls) {
      const tool = byName.get(call.name);
      const answer = (ok: boolean, content: unknown): ChatMessage => ({
        role: "tool",
        toolCallId: call.id,
        name: call.name,
        ok,
        content: JSON.stringify(content),
        ...(untrusted.has(call.name) ? { untrusted: true } : {}),
      });
      if (!tool) {
        results.push(
          answer(false, { error: { code: "unknown_tool", message: `no tool ${call.name}` } }),
        );
        continue;
      }
      const tainted =
        readUntrusted || results.some((result) => result.role === "tool" && result.untrusted);
      if (tool.effect !== "read" && tainted) {
        const what = tool.effect === "order" ? "propose an order" : "change anything";
        results.push(
          answer(false, {
            error: {
              code:
                tool.effect === "order"
                  ? "order_after_untrusted_text"
                  : "write_after_untrusted_text",
              message: `this turn read research or web text, so it cannot ${what}: research may inform a reply, never trigger an action. Ask for it in a new message.`,
            },
          }),
        );
        continue;
      }
      if (stop?.aborted) {
        results.push(answer(false, notStarted.toJSON()));
        continue;
      }
      const context = options.contextFor(tool.name, user?.from ?? "unknown", threadId);
      const signal = stop ? AbortSignal.any([context.signal, stop]) : context.signal;
      try {
        const input = parseToolInput(tool, call.input);
        const output = await executeTool(tool, input, { ...context, signal });
        results.push({
          ...answer(true, output),
          ...(tool.brief ? { brief: JSON.stringify(tool.brief.from(output)) } : {}),
        });
        if (tool.effect === "order") {
          pending.push(...pendingApprovals(output));
          const batch = pendingBatch(output);
          if (batch) pendingBatches.push(batch);
        }
      } catch (error) {
        results.push(answer(false, asAlphadeskError(error).toJSON()));
      } finally {
        context.done();
      }
    }
    return { messages: results, pending, pendingBatches };
  };

  /** Pauses the turn for a human; on resume it only reports what the database says. */
  const approve = async (state: AgentStateValue) => {
    interrupt<ApprovalInterrupt>({ approvalIds: state.pending, batchIds: state.pendingBatches });
    const events: ChatMessage[] = [];
    for (const id of state.pending)
      events.push({ role: "event", content: await approvalEvent(options.approvals, id) });
    for (const id of state.pendingBatches)
      events.push({ role: "event", content: await batchEvent(options.approvals, id) });
    return { messages: events, pending: [], pendingBatches: [] };
  };

  const afterThink = (state: AgentStateValue) => {
    const last = state.messages.at(-1);
    return last?.role === "assistant" && last.toolCalls.length > 0 ? "act" : END;
  };
  const afterAct = (state: AgentStateValue) =>
    state.pending.length + state.pendingBatches.length > 0 ? "approve" : "think";

  return new StateGraph(AgentState)
    .addNode("think", think)
    .addNode("act", act)
    .addNode("approve", approve)
    .addEdge(START, "think")
    .addConditionalEdges("think", afterThink, ["act", END])
    .addConditionalEdges("act", afterAct, ["approve", "think"])
    .addEdge("approve", "think")
    .compile({ checkpointer: options.checkpointer });
}

export type Agent = ReturnType<typeof buildAgent>;

const notStarted = new AlphadeskError(
  "cancelled",
  "not started: the turn was stopped before it",
  "user",
);

/** A stopped turn's last word: what its tools did, nothing asked of the brain. */
function stoppedReply(turn: readonly ChatMessage[]): ChatMessage {
  const ran = turn.some((message) => message.role === "tool");
  const content = ran
    ? `${offlineReply(turn)}\n\nStopped as you asked.`
    : "Stopped as you asked, before anything ran.";
  return { role: "assistant", content, toolCalls: [] };
}

/** A reply whose numbers no tool (nor the user) gave says so, naming them. */
function withNumberCheck(reply: string, messages: readonly ChatMessage[]): string {
  const sources = messages.map((message) => message.content);
  const unsourced = unsourcedNumbers(reply, sources);
  if (unsourced.length === 0) return reply;
  return `${reply}\n\n(Unverified: no tool result in this conversation gave ${unsourced.join(", ")}; treat these numbers as the model's, not Alphadesk's.)`;
}

/** propose_order's pending approval, or each of propose_strategy_orders'. */
function pendingApprovals(output: unknown): string[] {
  const result = output as { status?: string; approval?: { id?: string } };
  if (result.status === "pending" && result.approval?.id) return [result.approval.id];
  return pendingStrategyApprovals(output);
}

/** A batch to decide: the one just proposed, or an earlier one the rebalance found waiting. */
function pendingBatch(output: unknown): string | undefined {
  const result = output as { status?: string; batch?: { id?: string; state?: string } };
  return (result.status === "proposed" || result.status === "waiting") &&
    result.batch?.state === "pending"
    ? result.batch.id
    : undefined;
}
