import { parentPort } from "node:worker_threads";
import type { PerformanceMetrics } from "../../engine/metrics/performance.ts";
import type { SimulationBuffers } from "../../engine/simulate/types.ts";
import { runBacktest, type BacktestOptions } from "../../engine/strategy/backtest.ts";
import { ExpressionEvaluator } from "../../engine/strategy/expressions.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";

export type WorkerRequest =
  | { type: "bars"; bars: BarSeries[] }
  | { type: "run"; id: number; jobs: StrategySpec[]; options: BacktestOptions };

export type WorkerResponse =
  | { type: "ready" }
  | { type: "done"; id: number; metrics: PerformanceMetrics[] }
  | { type: "failed"; id: number; message: string };

/** Bars shared by the parent (SharedArrayBuffer-backed), with one evaluator each so indicators are computed once per worker. */
const shared = new Map<string, { bars: BarSeries; evaluator: ExpressionEvaluator }>();
/** Simulation buffers reused from job to job: only metrics leave the worker. */
let buffers: SimulationBuffers = {
  equity: new Float64Array(0),
  grossExposure: new Float64Array(0),
};

parentPort!.on("message", (request: WorkerRequest) => {
  if (request.type === "bars") {
    for (const bars of request.bars)
      shared.set(bars.symbol, { bars, evaluator: new ExpressionEvaluator(bars) });
    parentPort!.postMessage({ type: "ready" } satisfies WorkerResponse);
    return;
  }
  try {
    const metrics = request.jobs.map((spec) => {
      const entries = spec.universe.map((symbol) => {
        const entry = shared.get(symbol);
        if (!entry) throw new Error(`no bars shared for ${symbol}`);
        return entry;
      });
      const needed = entries.reduce((sum, entry) => sum + entry.bars.close.length, 0);
      if (buffers.equity.length < needed) {
        buffers = { equity: new Float64Array(needed), grossExposure: new Float64Array(needed) };
      }
      return runBacktest(
        spec,
        entries.map((entry) => entry.bars),
        request.options,
        entries.map((entry) => entry.evaluator),
        buffers,
      ).metrics;
    });
    parentPort!.postMessage({ type: "done", id: request.id, metrics } satisfies WorkerResponse);
  } catch (error) {
    parentPort!.postMessage({
      type: "failed",
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerResponse);
  }
});
