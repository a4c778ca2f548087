import type { Logger } from "../ports/logger.ts";
import type { OrderExecutor } from "./order-executor.ts";

/**
 * Runs executor passes in a long-lived process: every `intervalMs` (queued orders wait for
 * their session, unclear ones for a lookup) and at once on `wake()` (a fresh approval).
 */
export class OrderDriver {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;

  constructor(
    private readonly executor: OrderExecutor,
    private readonly log: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.wake(), this.intervalMs);
    this.timer.unref();
    this.wake();
  }

  /** A pass now, or right after the one in progress. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.executor
      .runOnce()
      .then((pass) => {
        if (pass.submitted || pass.resolved || pass.cancelled)
          this.log.info({ pass }, "order executor pass");
      })
      .catch((error: unknown) => this.log.error({ err: error }, "order executor pass failed"))
      .finally(() => {
        this.running = false;
        if (this.again && this.timer) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.executor.close();
  }
}
