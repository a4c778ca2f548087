import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PerformanceMetrics } from "../../engine/metrics/performance.ts";
import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { WorkerRequest, WorkerResponse } from "./backtest-worker.ts";

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

/**
 * Backtests spread over worker threads (one per core by default). Bars are shared once; each
 * `run` splits the specs into contiguous chunks, one per worker, and returns metrics in spec
 * order. Workers live until `close()`, so repeated runs (optimizer trials) pay no start-up.
 */
export class BacktestPool {
  private nextId = 0;

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
    const chunk = Math.ceil(specs.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((worker, k) => {
        const jobs = specs.slice(k * chunk, (k + 1) * chunk);
        if (jobs.length === 0) return Promise.resolve([] as PerformanceMetrics[]);
        const id = this.nextId++;
        return this.request(
          worker,
          { type: "run", id, jobs, options },
          (response) => "id" in response && response.id === id,
        ).then((response) => {
          if (response.type === "failed")
            throw new Error(`backtest worker failed: ${response.message}`);
          return (response as Extract<WorkerResponse, { type: "done" }>).metrics;
        });
      }),
    );
    return parts.flat();
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
