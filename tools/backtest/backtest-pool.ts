import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PerformanceMetrics } from "../../engine/metrics/performance.ts";
import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { WorkerRequest, WorkerResponse } from "./backtest-worker.ts";
import { unpackMetrics } from "./packed-metrics.ts";

/**
 * Workers run our TypeScript through tsx. A loader flag in `execArgv` does not reach a worker's
 * entry module, so a small bootstrap registers tsx and then imports the worker.
 */
const bootstrap = (() => {
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./backtest-worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
})();

/** Copies each column into a SharedArrayBuffer so every worker reads the same memory without copies. */
function toShared(bars: BarSeries): BarSeries {
  const share = (column: Float64Array) => {
    const copy = new Float64Array(new SharedArrayBuffer(column.byteLength));
    copy.set(column);
    return copy;
  };
  return {
    symbol: bars.symbol,
    timestampMs: share(bars.timestampMs),
    open: share(bars.open),
    high: share(bars.high),
    low: share(bars.low),
    close: share(bars.close),
    volume: share(bars.volume),
  };
}

/** Chunks per worker and run: enough to balance uneven threads, few enough to keep messages cheap. */
const chunksPerWorker = 8;

/**
 * Backtests spread over worker threads (one per core by default). Bars are shared once; each
 * `run` hands the specs out in contiguous chunks to whichever worker is free and returns
 * metrics in spec order. Workers live until `close()`, so repeated runs (optimizer trials) pay no start-up.
 */
export class BacktestPool {
  private nextId = 0;
  private nextRun = 0;

  private constructor(private readonly workers: Worker[]) {}

  static async start(
    bars: readonly BarSeries[],
    workerCount = availableParallelism(),
  ): Promise<BacktestPool> {
    const shared = bars.map(toShared);
    const workers = Array.from(
      { length: Math.max(1, workerCount) },
      () => new Worker(bootstrap, { eval: true }),
    );
    const pool = new BacktestPool(workers);
    try {
      await Promise.all(
        workers.map((worker) =>
          pool.request(
            worker,
            { type: "bars", bars: shared },
            (response) => response.type === "ready",
          ),
        ),
      );
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  async run(
    specs: readonly StrategySpec[],
    options: BacktestOptions,
  ): Promise<PerformanceMetrics[]> {
    // Specs go out in chunks to whichever worker is free rather than one fixed share each: on a
    // shared machine one thread often gets less CPU than the other, and a fixed split waits for
    // the slower one. A few chunks per worker keep the messages few.
    const chunk = Math.max(1, Math.ceil(specs.length / (this.workers.length * chunksPerWorker)));
    const run = this.nextRun++;
    const metrics = new Array<PerformanceMetrics>(specs.length);
    let next = 0;
    const drain = async (worker: Worker) => {
      while (next < specs.length) {
        const from = next;
        next = Math.min(specs.length, from + chunk);
        const id = this.nextId++;
        const jobs = JSON.stringify(specs.slice(from, next));
        const response = await this.request(
          worker,
          { type: "run", id, run, jobs, options },
          (answer) => "id" in answer && answer.id === id,
        );
        if (response.type === "failed") {
          next = specs.length; // the other workers stop taking chunks
          throw new Error(`backtest worker failed: ${response.message}`);
        }
        const done = response as Extract<WorkerResponse, { type: "done" }>;
        unpackMetrics(done.metrics, metrics, from);
      }
    };
    // Two chunks in flight per worker: the next one already waits in the worker's queue, so a
    // worker never idles on the main thread, which a busy machine may not schedule at once.
    await Promise.all(this.workers.flatMap((worker) => [drain(worker), drain(worker)]));
    return metrics;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private request(
    worker: Worker,
    message: WorkerRequest,
    matches: (response: WorkerResponse) => boolean,
  ): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      const onMessage = (response: WorkerResponse) => {
        if (!matches(response)) return;
        cleanup();
        resolve(response);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`backtest worker exited with code ${code}`));
      };
      const cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(message);
    });
  }
}
