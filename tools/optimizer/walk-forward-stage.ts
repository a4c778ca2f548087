import {
  objectiveValue,
  runWalkForward,
  walkForwardWindows,
  type ParameterValues,
} from "../../engine/optimizer/index.ts";
import { runBacktest } from "../../engine/strategy/backtest.ts";
import { downsample } from "../charts/downsample.ts";
import { AlphadeskError, invalidInput } from "../errors.ts";
import { bindTemplate } from "../strategy/template-schema.ts";
import { isoTime } from "../time-input.ts";
import { bestTrial } from "./run-search.ts";
import { periodTimes, searchStage, type OptimizationRun } from "./optimization-run.ts";

export interface WalkForwardSettings {
  mode: "rolling" | "anchored";
  windows: number;
  inSampleRatio: number;
  trialsPerWindow: number;
}

/** The windows, or a clear error when the period is too short for them (checked before any trial). */
export function walkForwardPlan(run: OptimizationRun, settings: WalkForwardSettings) {
  try {
    return walkForwardWindows(periodTimes(run), settings);
  } catch (error) {
    throw invalidInput(`walkForward: ${(error as Error).message}`, [
      { path: ["walkForward"], message: (error as Error).message },
    ]);
  }
}

const iso = (range: { startMs: number; endMs: number }) => ({
  start: isoTime(range.startMs),
  end: isoTime(range.endMs),
});

/**
 * Optimizes on each train window (its own stored, resumable search) and trades the winner on
 * the test period after it; the test periods chain into one out-of-sample equity curve.
 */
export async function walkForwardStage(
  run: OptimizationRun,
  settings: WalkForwardSettings,
  progressSpan: [number, number],
) {
  const windows = walkForwardPlan(run, settings);
  const [from, to] = progressSpan;
  const share = (to - from) / windows.length;
  const found: { params: ParameterValues; objective: number; annualReturn: number }[] = [];
  for (const [k, window] of windows.entries()) {
    const trials = await searchStage(
      run,
      {
        name: `walk-forward:${k}`,
        template: run.template,
        budget: settings.trialsPerWindow,
        period: { ...run.options, startMs: window.train.startMs, endMs: window.train.endMs },
      },
      [from + k * share, from + (k + 1) * share],
    );
    const best = bestTrial(trials);
    if (!best)
      throw new AlphadeskError(
        "no_result",
        `walk-forward window ${k + 1}: none of its ${trials.length} trials completed`,
        "user",
      );
    found.push({
      params: best.params,
      objective: best.value!,
      annualReturn: best.metrics?.cagr ?? 0,
    });
  }
  const objectives: (number | null)[] = [];
  const result = runWalkForward(
    windows,
    (_train, k) => ({
      params: found[k]!.params,
      inSampleObjective: found[k]!.objective,
      inSampleAnnualReturn: found[k]!.annualReturn,
    }),
    (test, params, k) => {
      const spec = bindTemplate(run.template, params);
      const backtest = runBacktest(spec, run.bars, { ...run.options, ...test });
      objectives[k] = objectiveValue(run.objective, backtest.metrics) ?? null;
      return {
        timestampMs: backtest.simulation.timestampMs,
        equity: backtest.simulation.equity,
        annualReturn: backtest.metrics.cagr ?? 0,
      };
    },
    { initialCash: run.options.initialCash },
  );
  const { timestampMs, equity } = result.stitched;
  const points = Array.from(equity, (value, i) => ({ timeMs: timestampMs[i]!, value }));
  return {
    mode: settings.mode,
    efficiency: result.efficiency,
    windows: result.windows.map((window, k) => ({
      train: iso(window.train),
      test: iso(window.test),
      params: window.params,
      inSample: window.inSample,
      outOfSample: { ...window.outOfSample, objective: objectives[k]! },
    })),
    drift: result.drift,
    stitchedEquity: downsample(points, 500).map(({ timeMs, value }) => ({
      time: isoTime(timeMs),
      value,
    })),
    outOfSampleReturn:
      equity.length > 0 ? equity[equity.length - 1]! / run.options.initialCash - 1 : 0,
  };
}
