import { parentPort } from "node:worker_threads";
import type { SimulationBuffers } from "../../engine/simulate/types.ts";
import { ArrayArena } from "../../engine/strategy/array-arena.ts";
import { runBacktest, type BacktestOptions } from "../../engine/strategy/backtest.ts";
import { ExpressionEvaluator } from "../../engine/strategy/expressions.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { packMetrics, type PackedMetrics } from "./packed-metrics.ts";

export type WorkerRequest =
  | { type: "bars"; bars: BarSeries[] }
  /**
   * One chunk of a run; a run's chunks share the worker's indicators. The specs go as JSON
   * text: one string is copied, not cloned object by object, and parses faster than a clone.
   */
  | { type: "run"; id: number; run: number; jobs: string; options: BacktestOptions };

export type WorkerResponse =
  | { type: "ready" }
  /** The chunk's metrics in spec order, transferred. */
  | { type: "done"; id: number; metrics: PackedMetrics }
  | { type: "failed"; id: number; message: string };

/** Bars shared by the parent (SharedArrayBuffer-backed). */
const shared = new Map<string, BarSeries>();
/** Indicators per symbol for the current run (see below). */
const evaluators = new Map<string, ExpressionEvaluator>();
/** Where a dropped symbol's indicator arrays wait for the next symbol's. */
const arena = new ArrayArena();
let currentRun = -1;
/** Simulation buffers reused from job to job: only metrics leave the worker. */
let buffers: SimulationBuffers = {
  equity: new Float64Array(0),
  grossExposure: new Float64Array(0),
};

parentPort!.on("message", (request: WorkerRequest) => {
  if (request.type === "bars") {
    for (const bars of request.bars) shared.set(bars.symbol, bars);
    parentPort!.postMessage({ type: "ready" } satisfies WorkerResponse);
    return;
  }
  try {
    // One evaluator per symbol while jobs still need it: each indicator is computed once per run
    // (a grid reuses them across specs and chunks), and a symbol's indicators are dropped after
    // its last job in the chunk, so a run over a large universe holds a few symbols' arrays at a
    // time, not all of them. The last job's symbols stay for the run's next chunk.
    if (request.run !== currentRun) {
      for (const symbol of evaluators.keys()) drop(symbol);
      currentRun = request.run;
    }
    const jobs = JSON.parse(request.jobs) as StrategySpec[];
    const lastJob = new Map<string, number>();
    jobs.forEach((spec, k) => spec.universe.forEach((symbol) => lastJob.set(symbol, k)));
    for (const symbol of evaluators.keys()) if (!lastJob.has(symbol)) drop(symbol);
    const finalJob = jobs.length - 1;
    const metrics = jobs.map((spec, k) => {
      const entries = spec.universe.map((symbol) => {
        const bars = shared.get(symbol);
        if (!bars) throw new Error(`no bars shared for ${symbol}`);
        let evaluator = evaluators.get(symbol);
        if (!evaluator) {
          evaluator = new ExpressionEvaluator(bars, arena);
          evaluators.set(symbol, evaluator);
        }
        return { bars, evaluator };
      });
      const needed = entries.reduce((sum, entry) => sum + entry.bars.close.length, 0);
      if (buffers.equity.length < needed) {
        buffers = { equity: new Float64Array(needed), grossExposure: new Float64Array(needed) };
      }
      const run = runBacktest(
        spec,
        entries.map((entry) => entry.bars),
        request.options,
        entries.map((entry) => entry.evaluator),
        buffers,
      );
      for (const symbol of spec.universe)
        if (lastJob.get(symbol) === k && k !== finalJob) drop(symbol);
      return run.metrics;
    });
    const packed = packMetrics(metrics);
    parentPort!.postMessage(
      { type: "done", id: request.id, metrics: packed } satisfies WorkerResponse,
      [packed.values.buffer, packed.nulls.buffer],
    );
  } catch (error) {
    parentPort!.postMessage({
      type: "failed",
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerResponse);
  }
});

/** Forgets a symbol's indicators; their arrays go back to the arena (only metrics left the worker). */
function drop(symbol: string): void {
  evaluators.get(symbol)?.release();
  evaluators.delete(symbol);
}
