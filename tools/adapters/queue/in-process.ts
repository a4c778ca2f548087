import { EventEmitter, once } from "node:events";
import { CronExpressionParser } from "cron-parser";
import { AlphadeskError } from "../../errors.ts";
import type {
  EnqueueOptions,
  JobFailure,
  JobHandler,
  Queue,
  RunningJob,
  Schedule,
} from "../../ports/queue.ts";
import { cancelledError, runGuarded } from "./job-run.ts";

interface Job {
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  backoffMs: number;
  state: "waiting" | "active" | "completed" | "failed";
  enqueuedAtMs: number;
  progress: { fraction: number; message: string | null } | null;
  controller: AbortController;
  result?: unknown;
  error?: Error;
  scheduleId?: string;
}

/**
 * The embedded default: jobs run in this process, as soon as they are enqueued, with the same
 * retries, progress, cancellation and schedules as the BullMQ adapter. Nothing survives a
 * restart; a server deployment uses BullMQ for that.
 */
export class InProcessQueue implements Queue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly jobs = new Map<string, Job>();
  private readonly events = new EventEmitter();
  private readonly recentFailures: JobFailure[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private started = false;
  private nextId = 1;

  constructor(private readonly now: () => number = Date.now) {
    this.events.setMaxListeners(0);
  }

  handle<Data, Result>(name: string, handler: JobHandler<Data, Result>): void {
    this.handlers.set(name, handler as JobHandler);
  }

  async start(): Promise<void> {
    this.started = true;
    for (const job of this.jobs.values()) if (job.state === "waiting") void this.run(job);
  }

  async workers(): Promise<number> {
    return this.started ? 1 : 0;
  }

  async enqueue(name: string, data: unknown, options: EnqueueOptions = {}): Promise<string> {
    return this.add(name, data, options);
  }

  async result<Result>(
    id: string,
    onProgress?: (fraction: number, message?: string) => void,
  ): Promise<Result> {
    const job = this.jobs.get(id);
    if (!job) throw new AlphadeskError("not_found", `no job ${id}`, "user");
    const listener = (fraction: number, message?: string) => onProgress?.(fraction, message);
    this.events.on(`progress:${id}`, listener);
    try {
      while (job.state === "waiting" || job.state === "active")
        await once(this.events, `done:${id}`);
    } finally {
      this.events.off(`progress:${id}`, listener);
    }
    if (job.state === "failed") throw job.error!;
    return job.result as Result;
  }

  async cancel(id: string): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job || job.state === "completed" || job.state === "failed") return false;
    job.controller.abort();
    if (job.state === "waiting") this.finish(job, cancelledError(job.name, id));
    return true;
  }

  async running(limit = 50): Promise<RunningJob[]> {
    const unfinished: RunningJob[] = [];
    for (const job of this.jobs.values()) {
      if (job.state !== "waiting" && job.state !== "active") continue;
      unfinished.push({
        id: job.id,
        name: job.name,
        state: job.state,
        fraction: job.progress?.fraction ?? null,
        message: job.progress?.message ?? null,
        enqueuedAtMs: job.enqueuedAtMs,
      });
      if (unfinished.length === limit) break;
    }
    return unfinished;
  }

  async failures(limit = 50): Promise<JobFailure[]> {
    return this.recentFailures.slice(0, limit);
  }

  async schedule(schedule: Schedule): Promise<void> {
    clearTimeout(this.timers.get(schedule.id));
    const expression = CronExpressionParser.parse(schedule.cron, {
      tz: schedule.timeZone ?? "America/New_York",
      currentDate: new Date(this.now()),
    });
    const arm = () => {
      const delay = Math.max(0, expression.next().getTime() - this.now());
      this.timers.set(
        schedule.id,
        setTimeout(() => {
          // A run still going when its next slot comes is not started twice.
          const running = [...this.jobs.values()].some(
            (job) =>
              job.scheduleId === schedule.id && job.state !== "completed" && job.state !== "failed",
          );
          if (!running) this.add(schedule.job, schedule.data, {}, schedule.id);
          arm();
        }, delay).unref(),
      );
    };
    arm();
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const job of this.jobs.values()) job.controller.abort();
  }

  private add(name: string, data: unknown, options: EnqueueOptions, scheduleId?: string): string {
    const id = String(this.nextId++);
    const job: Job = {
      id,
      name,
      data,
      attempts: options.attempts ?? 1,
      backoffMs: options.backoffMs ?? 1000,
      state: "waiting",
      enqueuedAtMs: this.now(),
      progress: null,
      controller: new AbortController(),
      ...(scheduleId ? { scheduleId } : {}),
    };
    this.jobs.set(id, job);
    if (this.started) void this.run(job);
    return id;
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) {
      return this.finish(
        job,
        new AlphadeskError("internal_error", `no handler for job ${job.name}`, "fatal"),
      );
    }
    job.state = "active";
    for (let attempt = 1; ; attempt++) {
      const outcome = await runGuarded(handler, job.data, {
        attempt,
        signal: job.controller.signal,
        progress: (fraction, message) => {
          job.progress = { fraction, message: message ?? null };
          this.events.emit(`progress:${job.id}`, fraction, message);
        },
      });
      if (outcome.ok) {
        job.result = outcome.result;
        return this.finish(job);
      }
      if (job.controller.signal.aborted) return this.finish(job, cancelledError(job.name, job.id));
      if (attempt >= job.attempts) return this.finish(job, outcome.error, attempt);
      await new Promise((resolve) => setTimeout(resolve, job.backoffMs * 2 ** (attempt - 1)));
    }
  }

  private finish(job: Job, error?: Error, attemptsMade = 1): void {
    job.state = error ? "failed" : "completed";
    if (error) {
      job.error = error;
      this.recentFailures.unshift({
        id: job.id,
        name: job.name,
        reason: error.message,
        attemptsMade,
        failedAtMs: this.now(),
      });
    }
    this.events.emit(`done:${job.id}`);
  }
}
