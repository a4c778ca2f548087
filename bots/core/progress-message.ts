import { progress, type OutgoingMessage } from "./message.ts";
import type { ChatSurface, PostedMessage } from "./surface.ts";

const progressMessage = (fraction: number, message: string): OutgoingMessage => ({
  blocks: [progress(fraction, message)],
  summary: message || "Working…",
});

export interface ProgressTiming {
  /** Work that ends sooner shows no progress message at all; default 1 s. */
  showAfterMs: number;
  /** The shortest time between two edits (platforms rate-limit them); default 1 s. */
  intervalMs: number;
}

/** The clock and timers it waits with: the process's, or a test's own. */
export interface ProgressClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const systemClock: ProgressClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/**
 * One message that shows a turn's long work: posted once the work has run `showAfterMs` and is
 * not finished, then edited in place at most once per `intervalMs`, always ending on the latest
 * report. Quick work posts nothing. Edits run one at a time, in order; a failed post or edit
 * only costs the bar, never the turn.
 */
export class ProgressMessage {
  private posted: Promise<PostedMessage | undefined> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private latest = { fraction: 0, message: "" };
  private shownAtMs = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private finished = false;
  private readonly startedAtMs: number;

  constructor(
    private readonly surface: ChatSurface,
    private readonly timing: ProgressTiming = { showAfterMs: 1000, intervalMs: 1000 },
    private readonly clock: ProgressClock = systemClock,
  ) {
    this.startedAtMs = clock.now();
  }

  update(fraction: number, message: string): void {
    if (this.finished) return;
    this.latest = { fraction, message };
    if (this.timer) return;
    const dueMs = this.posted
      ? this.shownAtMs + this.timing.intervalMs
      : this.startedAtMs + this.timing.showAfterMs;
    const waitMs = dueMs - this.clock.now();
    if (waitMs <= 0) this.show();
    else this.timer = this.clock.setTimeout(() => this.show(), waitMs);
  }

  /** Shows the final state (`done in 2.1 s`, `failed`), if the bar is up, and waits for it. */
  async finish(message: string): Promise<void> {
    this.finished = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.posted) return;
    this.edit(message === "failed" ? this.latest.fraction : 1, message);
    await this.chain;
  }

  private show(): void {
    this.timer = undefined;
    if (this.finished) return;
    const { fraction, message } = this.latest;
    this.shownAtMs = this.clock.now();
    if (this.posted) return this.edit(fraction, message);
    // Work that reports itself done before the bar is due needs no bar.
    if (fraction >= 1) return;
    this.posted = this.surface.post(progressMessage(fraction, message)).catch(() => undefined);
  }

  private edit(fraction: number, message: string): void {
    const posted = this.posted;
    this.chain = this.chain.then(async () => {
      const target = await posted;
      if (target)
        await this.surface.edit(target, progressMessage(fraction, message)).catch(() => undefined);
    });
  }
}
