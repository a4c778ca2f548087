import type { Logger } from "../../tools/ports/logger.ts";

/**
 * Work a face started after answering the platform (a turn, a click): run in the background,
 * never rejected (a failure is logged), and awaitable as a whole on shutdown and in tests.
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly log: Logger,
    /** Names the face in the log: `Slack`, `Discord`. */
    private readonly face: string,
  ) {}

  start(what: string, work: () => Promise<void>): void {
    const running = work()
      .catch((error: unknown) => this.log.error({ err: error }, `${this.face}: ${what} failed`))
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /** Resolves once everything started so far, and anything it started, has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
