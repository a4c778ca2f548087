import {
  Job,
  QueueEvents,
  QueueEventsProducer,
  Queue as BullQueue,
  UnrecoverableError,
  Worker,
} from "bullmq";
import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
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

interface Progress {
  fraction: number;
  message?: string;
}

/**
 * Jobs on Redis through BullMQ: any number of processes run `start()` as workers, results and
 * progress reach whoever waits through QueueEvents, and cancellation of a running job is a
 * custom event every worker hears. Failures stay in Redis (removeOnFail: false).
 */
export class BullmqQueue implements Queue {
  private readonly queue: BullQueue;
  private readonly events: QueueEvents;
  private readonly producer: QueueEventsProducer;
  private readonly handlers = new Map<string, JobHandler>();
  private worker?: Worker;
  private readonly connections: Redis[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly name = "alphadesk",
  ) {
    this.queue = new BullQueue(name, { connection: this.connect() });
    this.events = new QueueEvents(name, { connection: this.connect() });
    this.producer = new QueueEventsProducer(name, { connection: this.connect() });
    this.events.setMaxListeners(0);
  }

  handle<Data, Result>(name: string, handler: JobHandler<Data, Result>): void {
    this.handlers.set(name, handler as JobHandler);
  }

  async start(): Promise<void> {
    await this.events.waitUntilReady();
    this.worker = new Worker(this.name, (job, _token, signal) => this.process(job, signal!), {
      connection: this.connect(),
      concurrency: 2,
    });
    // A cancel event reaches every worker; the one running the job aborts it.
    this.events.on(
      "cancel" as never,
      (({ jobId }: { jobId: string }) => this.worker?.cancelJob(jobId, "cancelled")) as never,
    );
    await this.worker.waitUntilReady();
  }

  async enqueue(name: string, data: unknown, options: EnqueueOptions = {}): Promise<string> {
    const job = await this.queue.add(name, data, {
      attempts: options.attempts ?? 1,
      backoff: { type: "exponential", delay: options.backoffMs ?? 1000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: false,
    });
    return job.id!;
  }

  async result<Result>(
    id: string,
    onProgress?: (fraction: number, message?: string) => void,
  ): Promise<Result> {
    await this.events.waitUntilReady();
    const job = await Job.fromId(this.queue, id);
    if (!job) throw new AlphadeskError("not_found", `no job ${id}`, "user");
    const listener = ({ jobId, data }: { jobId: string; data: unknown }) => {
      if (jobId !== id) return;
      const { fraction, message } = data as Progress;
      onProgress?.(fraction, message);
    };
    let onCancel!: (event: { jobId: string }) => void;
    const cancelled = new Promise<never>((_, reject) => {
      onCancel = ({ jobId }) => {
        if (jobId === id) reject(new Error("cancelled"));
      };
    });
    this.events.on("progress", listener);
    this.events.on("cancel" as never, onCancel as never);
    const stopReading = new AbortController();
    try {
      const finished = job.waitUntilFinished(this.events);
      const stored = this.storedOutcome(id, stopReading.signal);
      // When the cancel event wins the race, the job's own failure follows: nobody waits for it.
      finished.catch(() => undefined);
      stored.catch(() => undefined);
      return (await Promise.race([finished, cancelled, stored])) as Result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (reason === "cancelled") throw cancelledError(job.name, id);
      throw new AlphadeskError("job_failed", reason, "retryable");
    } finally {
      stopReading.abort();
      this.events.off("progress", listener);
      this.events.off("cancel" as never, onCancel as never);
    }
  }

  /**
   * The job's outcome read from its stored state every second, until `stop`: a backstop for a
   * finish event the events stream never delivered (one published before its first read), which
   * would leave the wait hanging though the job is long done. A job removed while waiting was
   * cancelled.
   */
  private async storedOutcome(id: string, stop: AbortSignal): Promise<unknown> {
    for (;;) {
      await delay(1000, undefined, { signal: stop });
      // The state first, then the job: a job read just before it completed holds no return
      // value yet, and read the other way round a share's result came back null.
      const state = await this.queue.getJobState(id);
      if (state !== "completed" && state !== "failed" && state !== "unknown") continue;
      const job = await Job.fromId(this.queue, id);
      if (!job) throw new Error("cancelled");
      if (state === "completed") return job.returnvalue as unknown;
      if (state === "failed") throw new Error(job.failedReason);
    }
  }

  /** 0 when Redis does not answer within 2 s, so a caller falls back to running alone. */
  async workers(): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(0), 2000);
    });
    try {
      return await Promise.race([this.queue.getWorkersCount(), silence]);
    } finally {
      clearTimeout(timer);
    }
  }

  async cancel(id: string): Promise<boolean> {
    const job = await Job.fromId(this.queue, id);
    if (!job) return false;
    const state = await job.getState();
    if (state === "completed" || state === "failed") return false;
    // Waiting jobs are removed; a running one is aborted by the worker that hears the event.
    if (state !== "active") {
      try {
        await job.remove();
      } catch (error) {
        // A worker took it between the two reads ("locked by another worker"): abort it instead.
        const now = await job.getState();
        if (now === "completed" || now === "failed") return false;
        if (now !== "active") throw error;
      }
    }
    await this.producer.publishEvent({ eventName: "cancel", jobId: id });
    return true;
  }

  async running(limit = 50): Promise<RunningJob[]> {
    const jobs = await this.queue.getJobs(
      ["active", "waiting", "delayed", "prioritized"],
      0,
      limit - 1,
      true,
    );
    const running: RunningJob[] = [];
    for (const job of jobs) {
      const progress = job.progress as { fraction?: number; message?: string } | number;
      const report = typeof progress === "object" ? progress : null;
      running.push({
        id: job.id!,
        name: job.name,
        state: job.processedOn ? "active" : "waiting",
        fraction: report?.fraction ?? null,
        message: report?.message ?? null,
        enqueuedAtMs: job.timestamp,
      });
    }
    return running.sort((a, b) => a.enqueuedAtMs - b.enqueuedAtMs);
  }

  async failures(limit = 50): Promise<JobFailure[]> {
    const failed = await this.queue.getFailed(0, limit - 1);
    return failed.map((job) => ({
      id: job.id!,
      name: job.name,
      reason: job.failedReason,
      attemptsMade: job.attemptsMade,
      failedAtMs: job.finishedOn ?? job.timestamp,
    }));
  }

  async schedule(schedule: Schedule): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedule.id,
      { pattern: schedule.cron, tz: schedule.timeZone ?? "America/New_York" },
      { name: schedule.job, data: schedule.data ?? {}, opts: { removeOnFail: false } },
    );
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await Promise.all([this.events.close(), this.producer.close(), this.queue.close()]);
    for (const connection of this.connections) connection.disconnect();
  }

  /** A connection of our own, closed by close(): BullMQ leaves connections it was given open. */
  private connect(): Redis {
    const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    this.connections.push(connection);
    return connection;
  }

  private async process(job: Job, signal: AbortSignal): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    // A scheduled run still going when its next slot comes is not started twice.
    if (job.repeatJobKey && (await this.otherRunActive(job)))
      return { skipped: "previous run still going" };
    const outcome = await runGuarded(handler, job.data, {
      attempt: job.attemptsMade + 1,
      signal,
      progress: (fraction, message) =>
        void job.updateProgress({ fraction, ...(message ? { message } : {}) }),
    });
    if (outcome.ok) return outcome.result;
    // Cancellation is final: no retry.
    if (signal.aborted) throw new UnrecoverableError("cancelled");
    throw outcome.error;
  }

  private async otherRunActive(job: Job): Promise<boolean> {
    const active = await this.queue.getActive();
    return active.some((other) => other.id !== job.id && other.repeatJobKey === job.repeatJobKey);
  }
}
