/** What a running job can do: report progress, notice cancellation, know its attempt. */
export interface JobContext {
  progress(fraction: number, message?: string): void;
  /** Aborted when the job is cancelled; a cancelled job is never retried. */
  signal: AbortSignal;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
}

export type JobHandler<Data = unknown, Result = unknown> = (
  data: Data,
  job: JobContext,
) => Promise<Result>;

export interface EnqueueOptions {
  /** Runs in all, retries included (default 1: no retry). */
  attempts?: number;
  /** First retry delay; doubles each retry (default 1000). */
  backoffMs?: number;
}

export interface JobFailure {
  id: string;
  name: string;
  reason: string;
  attemptsMade: number;
  failedAtMs: number;
}

/** A job not finished yet, with its latest progress report. */
export interface RunningJob {
  id: string;
  name: string;
  state: "waiting" | "active";
  /** 0 to 1; null before the job's first report. */
  fraction: number | null;
  message: string | null;
  enqueuedAtMs: number;
}

export interface Schedule {
  /** Stable id: registering it again replaces it rather than adding a second. */
  id: string;
  /** A cron pattern read in `timeZone` (default America/New_York), e.g. every 15 minutes. */
  cron: string;
  timeZone?: string;
  job: string;
  data?: unknown;
}

/**
 * Background jobs. Two adapters pass one contract: in-process (the embedded default) and
 * BullMQ on Redis, whose workers (`alphadesk worker`) may run on many machines.
 */
export interface Queue {
  /** Registers the handler of a job name; call before `start` in every process that runs jobs. */
  handle<Data, Result>(name: string, handler: JobHandler<Data, Result>): void;
  /** Starts running jobs in this process (in-process: at once; BullMQ: as a worker). */
  start(): Promise<void>;
  enqueue(name: string, data: unknown, options?: EnqueueOptions): Promise<string>;
  /** The job's result, with its progress on the way; rejects with its last failure. */
  result<Result>(
    id: string,
    onProgress?: (fraction: number, message?: string) => void,
  ): Promise<Result>;
  /** Processes running this queue's jobs now (in-process: 1 once started; 0 when unreachable). */
  workers(): Promise<number>;
  /** Cancels a waiting or running job; false when it had already finished. */
  cancel(id: string): Promise<boolean>;
  /** Jobs waiting or running now, oldest first, with their progress. */
  running(limit?: number): Promise<RunningJob[]>;
  /** Jobs that failed after their last attempt, newest first. */
  failures(limit?: number): Promise<JobFailure[]>;
  /** Adds or replaces a recurring job; a run that overruns its slot is not started twice. */
  schedule(schedule: Schedule): Promise<void>;
  close(): Promise<void>;
}
