import { progress, type OutgoingMessage } from "./message.ts";
import type { ChatSurface, PostedMessage } from "./surface.ts";

const progressMessage = (fraction: number, message: string): OutgoingMessage => ({
  blocks: [progress(fraction, message)],
  summary: message || "Working…",
});

/**
 * One message that shows a turn's long work: posted at the first progress report, then edited
 * in place at most once per `intervalMs` (platforms rate-limit edits), always ending on the
 * latest report. A turn that reports no progress posts nothing. Edits run one at a time, in
 * order; a failed post or edit only costs the bar, never the turn.
 */
export class ProgressMessage {
  private posted: Promise<PostedMessage | undefined> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private latest = { fraction: 0, message: "" };
  private shownAtMs = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly surface: ChatSurface,
    private readonly intervalMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  update(fraction: number, message: string): void {
    if (this.finished) return;
    this.latest = { fraction, message };
    if (!this.posted) {
      this.shownAtMs = this.nowMs();
      this.posted = this.surface.post(progressMessage(fraction, message)).catch(() => undefined);
      return;
    }
    if (this.timer) return;
    const waitMs = Math.max(0, this.shownAtMs + this.intervalMs - this.nowMs());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.show(this.latest.fraction, this.latest.message);
    }, waitMs);
  }

  /** Shows the final state (`done in 2.1 s`, `failed`) and waits for every edit to land. */
  async finish(message: string): Promise<void> {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.posted) return;
    this.show(message === "failed" ? this.latest.fraction : 1, message);
    await this.chain;
  }

  private show(fraction: number, message: string): void {
    this.shownAtMs = this.nowMs();
    const posted = this.posted;
    this.chain = this.chain.then(async () => {
      const target = await posted;
      if (target)
        await this.surface.edit(target, progressMessage(fraction, message)).catch(() => undefined);
    });
  }
}
