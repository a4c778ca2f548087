import type { Agent } from "../../agent/graph.ts";
import { resumeTurn, runTurn, waitingApprovals, type TurnResult } from "../../agent/run-turn.ts";
import { isStopRequest, type TurnStops } from "../../agent/turn-stops.ts";
import type { ChartRenderer } from "../../tools/ports/chart-renderer.ts";
import type { Clock } from "../../tools/ports/clock.ts";
import type { Logger } from "../../tools/ports/logger.ts";
import type { OrderBatchStore, OrderStore } from "../../tools/ports/orders.ts";
import type { Store } from "../../tools/ports/store.ts";
import { actorId, type ApproverList } from "./approvers.ts";
import { allSettled, decideButton, decodeDecisionValue, isBatchButton } from "./decide.ts";
import { text, type IncomingMessage, type OutgoingMessage, type Platform } from "./message.ts";
import { ProgressMessage, type ProgressTiming } from "./progress-message.ts";
import { isStrategyButton, strategyRequest } from "./strategy-buttons.ts";
import { settledCard, type OpenCard } from "./open-cards.ts";
import { batchMessage, readWaitingBatches } from "./rebalance-view.ts";
import { approvalMessage, readWaitingApprovals, renderTurn } from "./render-turn.ts";
import type { ChatSurface, PostedMessage } from "./surface.ts";
import { threadIdOf, type ThreadAddress } from "./threads.ts";
import type { TurnProgress } from "./turn-progress.ts";

export interface ConversationOptions {
  agent: Agent;
  store: Pick<
    OrderStore & OrderBatchStore & Store,
    | "decideApproval"
    | "requestApproval"
    | "requestIntent"
    | "decideBatch"
    | "requestBatch"
    | "expireOverdue"
  >;
  approvers: ApproverList;
  clock: Clock;
  /** Draws charts; without it, replies carry no images. */
  charts?: ChartRenderer;
  /** Where the agent's tools report progress by thread. */
  progress?: TurnProgress;
  /** The stops the agent reads: "stop" in a thread stops the turn running there. */
  stops?: TurnStops;
  /** Sends approved orders now and waits until they reached the broker (or failed). */
  wakeExecutor?: () => Promise<void>;
  /** When a turn's progress message appears and how often it is edited; default 1 s each. */
  progressTiming?: ProgressTiming;
  log?: Logger;
}

/** A click on a button of a card the bot posted. */
export interface ButtonPress {
  platform: Platform;
  userId: string;
  buttonId: string;
  value: string;
  /** The conversation the card is in: its agent thread resumes once the decision is made. */
  address: ThreadAddress;
  /** The card, edited to show the decision. */
  card?: PostedMessage;
}

const message = (body: string): OutgoingMessage => ({ blocks: [text(body)], summary: body });

const stopping =
  "Stopping the work running in this conversation: its reply says what had finished and what was kept.";

/**
 * The chat faces' conversation logic, platform-neutral: a person's message runs one agent turn
 * in the conversation's thread and posts what it produced (progress edited in place, the
 * reply, tables, charts, approval cards with buttons); a click on a card decides the approval
 * (allow-list, single-use database transition), shows the decision on the card, sends the
 * order, and resumes the thread. Turns of one thread run one at a time, in arrival order; "stop"
 * in a thread stops the one running there.
 */
export class Conversations {
  private readonly tails = new Map<string, Promise<void>>();
  /** Cards posted with buttons, by approval or batch id, until what they ask is settled. */
  private readonly openCards = new Map<string, OpenCard>();
  private sweeping: Promise<number> | undefined;

  constructor(private readonly options: ConversationOptions) {}

  /** A person's message; resolves once everything it caused is posted. Never rejects. */
  async message(incoming: IncomingMessage, surface: ChatSurface): Promise<void> {
    const thread = threadIdOf(incoming);
    if (!thread.ok) {
      await this.safely(() =>
        surface.whisper(`I cannot follow this conversation: ${thread.message}.`),
      );
      return;
    }
    // Not queued behind the turn it stops: turns of one thread otherwise wait for each other.
    if (isStopRequest(incoming.text) && this.options.stops?.stop(thread.threadId)) {
      await this.safely(() => surface.post(message(stopping)));
      return;
    }
    const actor = actorId(incoming.platform, incoming.userId);
    await this.inThread(thread.threadId, async () => {
      if (!(await this.resumeIfSettled(thread.threadId, surface))) {
        await surface.post(
          message(
            "This conversation waits for a decision on the order card above: approve or reject it (or let it expire), then ask again.",
          ),
        );
        return;
      }
      await this.show(thread.threadId, surface, () =>
        runTurn(this.options.agent, thread.threadId, incoming.text, actor),
      );
    });
  }

  /**
   * A click on a button the bot posted: an approval card's (decided here), or a strategy's on a
   * digest (a request in words, run as the clicker's message). Resolves once everything it
   * caused is posted.
   */
  async button(press: ButtonPress, surface: ChatSurface): Promise<void> {
    if (isStrategyButton(press.buttonId)) {
      const request = strategyRequest(press.buttonId, press.value);
      if (!request.ok) return this.safely(() => surface.whisper(request.message));
      const { platform, userId, address } = press;
      return this.message(
        { ...address, platform, userId, displayName: userId, text: request.text },
        surface,
      );
    }
    const { store, approvers, clock } = this.options;
    const outcome = await decideButton({ store, approvers, clock }, press);
    if (outcome.audience === "clicker") {
      await this.safely(() => surface.whisper(outcome.text));
      return;
    }
    const decided = decodeDecisionValue(press.value);
    if (decided.ok) this.openCards.delete(decided.target.approvalId);
    if (press.card)
      await this.safely(() =>
        isBatchButton(press.buttonId)
          ? this.showBatchDecided(press.value, press.card!, surface)
          : this.showDecided(press.value, press.card!, surface),
      );
    await this.safely(() => surface.post(message(outcome.text)));
    if (outcome.wakeExecutor && this.options.wakeExecutor)
      await this.safely(this.options.wakeExecutor);
    if (!outcome.resumeThread) return;
    const thread = threadIdOf(press.address);
    if (thread.ok)
      await this.inThread(thread.threadId, async () => {
        await this.resumeIfSettled(thread.threadId, surface);
      });
  }

  /**
   * Redraws the cards whose approval or batch was settled elsewhere (`alphadesk approve`, a
   * cancel, an expiry) from their rows, without buttons, and resumes the threads that waited
   * on them. Resolves to how many cards it redrew; one sweep at a time. Never rejects.
   */
  sweepCards(): Promise<number> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Sweeps the cards every `everyMs` until the returned function is called. */
  startCardSweeps(everyMs = 30_000): () => void {
    const timer = setInterval(() => void this.sweepCards(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Resolves once every turn started so far has finished (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }

  /**
   * Resumes a thread paused on approvals and order batches that are all settled now (decided
   * here or elsewhere, e.g. `alphadesk approve`, or expired); false when one still waits for a
   * human.
   */
  private async resumeIfSettled(threadId: string, surface: ChatSurface): Promise<boolean> {
    const waiting = await waitingApprovals(this.options.agent, threadId);
    if (waiting.length === 0) return true;
    if (!(await allSettled(this.options.store, waiting, this.options.clock.nowMs()))) return false;
    await this.show(threadId, surface, () => resumeTurn(this.options.agent, threadId));
    return true;
  }

  /** Runs a turn with its progress shown in one edited message, then posts what it produced. */
  private async show(
    threadId: string,
    surface: ChatSurface,
    run: () => Promise<TurnResult>,
  ): Promise<void> {
    const startedMs = Date.now();
    const bar = new ProgressMessage(surface, this.options.progressTiming);
    // Says how to stop long work where a stop is wired.
    const hint = this.options.stops ? ['"stop" stops it'] : [];
    const stopListening = this.options.progress?.listen(threadId, (fraction, note) =>
      bar.update(fraction, [note, ...hint].filter(Boolean).join(" · ")),
    );
    let turn: TurnResult;
    try {
      const stops = this.options.stops;
      turn = await (stops ? stops.during(threadId, run) : run());
    } catch (error) {
      stopListening?.();
      await bar.finish("failed");
      this.options.log?.error({ err: error, threadId }, "chat turn failed");
      await this.safely(() =>
        surface.post(message(`Sorry, that failed: ${(error as Error).message}`)),
      );
      return;
    }
    stopListening?.();
    await bar.finish(`done in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
    const waiting = await readWaitingApprovals(this.options.store, turn.waitingFor);
    const batches = await readWaitingBatches(this.options.store, turn.waitingFor);
    const charts = this.options.charts;
    const rendered = await renderTurn(turn, { waiting, batches, ...(charts ? { charts } : {}) });
    // The cards come last, approvals then batches: those still pending are watched.
    const cards = [
      ...waiting.map(({ approval }) => ({ kind: "approval" as const, ...approval })),
      ...batches.map(({ batch }) => ({ kind: "batch" as const, ...batch })),
    ];
    const firstCard = rendered.length - cards.length;
    for (const [index, reply] of rendered.entries()) {
      let posted: PostedMessage | undefined;
      await this.safely(async () => (posted = await surface.post(reply)));
      const card = cards[index - firstCard];
      if (posted && card?.state === "pending")
        this.openCards.set(card.id, { kind: card.kind, id: card.id, threadId, posted, surface });
    }
  }

  private async sweep(): Promise<number> {
    if (this.openCards.size === 0) return 0;
    let redrawn = 0;
    const threads = new Map<string, ChatSurface>();
    try {
      await this.options.store.expireOverdue(this.options.clock.nowMs());
      for (const card of [...this.openCards.values()]) {
        const settled = await settledCard(this.options.store, card);
        if (!settled) continue;
        this.openCards.delete(card.id);
        await this.safely(() => card.surface.edit(card.posted, settled));
        threads.set(card.threadId, card.surface);
        redrawn++;
      }
    } catch (error) {
      this.options.log?.error({ err: error }, "chat face: sweeping the cards failed");
    }
    for (const [threadId, surface] of threads)
      await this.inThread(threadId, async () => {
        await this.resumeIfSettled(threadId, surface);
      });
    return redrawn;
  }

  /** The card re-drawn from the database row after a decision: its state, and no buttons. */
  private async showDecided(value: string, card: PostedMessage, surface: ChatSurface) {
    const decoded = decodeDecisionValue(value);
    if (!decoded.ok) return;
    const [row] = await readWaitingApprovals(this.options.store, [decoded.target.approvalId]);
    if (row) await surface.edit(card, approvalMessage(row));
  }

  /** A batch's card re-drawn from its rows after a decision: every order's state, no buttons. */
  private async showBatchDecided(value: string, card: PostedMessage, surface: ChatSurface) {
    const decoded = decodeDecisionValue(value);
    if (!decoded.ok) return;
    const batch = await this.options.store.requestBatch(decoded.target.approvalId);
    if (batch) await surface.edit(card, batchMessage(batch));
  }

  private inThread(threadId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(threadId) ?? Promise.resolve();
    const next = previous.then(() => this.safely(work));
    this.tails.set(threadId, next);
    void next.then(() => {
      if (this.tails.get(threadId) === next) this.tails.delete(threadId);
    });
    return next;
  }

  /** Runs `work`, logging instead of throwing: a platform hiccup must not kill the bot. */
  private async safely(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.log?.error({ err: error }, "chat face: posting failed");
    }
  }
}
