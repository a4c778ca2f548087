import type { Logger } from "../ports/logger.ts";
import type { OrderExecutor } from "./order-executor.ts";

/** Work a live account repeats (reconciliation every minute, the divergence monitor). */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs executor passes in a long-lived process: every `intervalMs` (queued orders wait for
 * their session, unclear ones for a lookup) and at once on `wake()` (a fresh approval); and
 * each periodic task on its own timer, never two runs of one task at once.
 */
export class OrderDriver {
  private timer: NodeJS.Timeout | undefined;
  private readonly taskTimers: NodeJS.Timeout[] = [];
  private readonly tasksRunning = new Set<string>();
  private running = false;
  private again = false;

  constructor(
    private readonly executor: OrderExecutor,
    private readonly log: Logger,
    private readonly intervalMs = 1_000,
    private readonly tasks: readonly PeriodicTask[] = [],
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.wake(), this.intervalMs);
    this.timer.unref();
    for (const task of this.tasks) {
      const timer = setInterval(() => this.runTask(task), task.everyMs);
      timer.unref();
      this.taskTimers.push(timer);
    }
    this.wake();
  }

  private runTask(task: PeriodicTask): void {
    if (this.tasksRunning.has(task.name)) return;
    this.tasksRunning.add(task.name);
    void task
      .run()
      .then((result) => this.log.debug({ task: task.name, result }, "periodic task"))
      .catch((error: unknown) =>
        this.log.error({ err: error, task: task.name }, "periodic task failed"),
      )
      .finally(() => this.tasksRunning.delete(task.name));
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
    for (const timer of this.taskTimers.splice(0)) clearInterval(timer);
    await this.executor.close();
  }
}
