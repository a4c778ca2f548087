import { buildAgent } from "../../agent/graph.ts";
import { OfflineBrain } from "../../agent/offline-brain.ts";
import type { Brain } from "../../agent/brain.ts";
import { TurnStops } from "../../agent/turn-stops.ts";
import { parseApprovers } from "../../bots/core/approvers.ts";
import { Conversations } from "../../bots/core/conversation.ts";
import { messageAsText, type OutgoingMessage } from "../../bots/core/message.ts";
import type { ChatSurface, PostedMessage } from "../../bots/core/surface.ts";
import { TurnProgress } from "../../bots/core/turn-progress.ts";
import { SqlCheckpointSaver } from "../../tools/adapters/sql/checkpoint-saver.ts";
import { tools } from "../../tools/index.ts";
import type { ChartRenderer } from "../../tools/ports/chart-renderer.ts";
import { orderHarness, silentLog, type OrderHarness } from "./order-harness.ts";

export interface ChatHarness extends OrderHarness {
  conversations: Conversations;
  progress: TurnProgress;
  /** Orders sent to the paper broker so far. */
  sentOrders(): Promise<number>;
}

/**
 * The chat faces' logic over the real order path (AAPL trades at 190): the agent (offline planner unless a brain is
 * given) with its threads in PGlite, the paper broker at hand-set prices, and `Conversations`
 * whose executor wake sends approved orders at once. `approvers` are platform-qualified ids.
 */
export async function chatHarness(
  options: { approvers?: string[]; brain?: Brain; charts?: ChartRenderer } = {},
): Promise<ChatHarness> {
  const approvers = options.approvers ?? ["slack:U1", "discord:1001"];
  const h = await orderHarness({ approvers });
  const parsed = parseApprovers(approvers);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  await h.setPrice("AAPL", 190);
  const progress = new TurnProgress();
  const stops = new TurnStops();
  const agent = buildAgent({
    brain: options.brain ?? new OfflineBrain(h.now),
    tools,
    checkpointer: new SqlCheckpointSaver(h.client),
    approvals: h.store,
    stopSignal: (threadId) => stops.signal(threadId),
    contextFor: (_tool, actor, threadId) => ({
      ...h.context,
      actor,
      thread: threadId,
      progress: (fraction, message) => progress.report(threadId, fraction, message),
      done: () => undefined,
    }),
  });
  const conversations = new Conversations({
    agent,
    store: h.store,
    approvers: parsed.approvers,
    clock: { nowMs: h.now },
    progress,
    stops,
    progressTiming: { showAfterMs: 0, intervalMs: 0 },
    log: silentLog,
    ...(options.charts ? { charts: options.charts } : {}),
    async wakeExecutor() {
      await h.executor.runOnce();
      await h.executor.settled();
    },
  });
  return {
    ...h,
    conversations,
    progress,
    async sentOrders() {
      const [row] = await h.client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM paper_orders",
      );
      return row!.n;
    },
  };
}

/** A surface that remembers everything posted, edited and whispered, in order. */
export class RecordingSurface implements ChatSurface {
  readonly posted: { id: string; message: OutgoingMessage }[] = [];
  readonly edits: { id: string; message: OutgoingMessage }[] = [];
  readonly whispers: string[] = [];
  private next = 0;

  post(message: OutgoingMessage): Promise<PostedMessage> {
    const id = `m${++this.next}`;
    this.posted.push({ id, message });
    return Promise.resolve({ id });
  }

  edit(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    this.edits.push({ id: posted.id, message });
    return Promise.resolve();
  }

  whisper(text: string): Promise<void> {
    this.whispers.push(text);
    return Promise.resolve();
  }

  /** Everything posted, as plain text. */
  text(): string {
    return this.posted.map((post) => messageAsText(post.message)).join("\n---\n");
  }
}
