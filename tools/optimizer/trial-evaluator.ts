import {
  objectiveValue,
  shouldPrune,
  type Objective,
  type ParameterValues,
  type SpecTemplate,
} from "../../engine/optimizer/index.ts";
import { runBacktest, type BacktestOptions } from "../../engine/strategy/backtest.ts";
import { ExpressionEvaluator } from "../../engine/strategy/expressions.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { PerformanceMetrics } from "../../engine/metrics/performance.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import { bindTemplate } from "../strategy/template-schema.ts";

export type TrialOutcome = Omit<StoredTrial, "stage" | "number">;

/** The headline numbers kept with each trial (the objective reads the full metrics). */
export function headline(metrics: PerformanceMetrics): Record<string, number | null> {
  const { sharpe, sortino, calmar, cagr, maxDrawdown, totalReturn, trades, winRate } = metrics;
  return { sharpe, sortino, calmar, cagr, maxDrawdown, totalReturn, trades, winRate };
}

/**
 * Runs trials of one template over one period: binds the values (a value the spec cannot take
 * fails the trial with the schema's message), backtests, and scores by the objective. With
 * pruning, a trial first runs over the period's first half and stops there when its objective
 * is below the median of the completed trials' at the same point (Optuna's MedianPruner).
 * Indicators are computed once per distinct expression across all trials.
 */
export class TrialEvaluator {
  private readonly evaluators: ExpressionEvaluator[];
  private readonly halfwayMs: number | null;
  constructor(
    private readonly template: SpecTemplate,
    private readonly bars: readonly BarSeries[],
    private readonly options: BacktestOptions,
    private readonly objective: Objective,
    prune: boolean,
    /** Completed trials' [halfway, final] objective values, for the pruner. */
    private readonly curves: number[][] = [],
  ) {
    this.evaluators = bars.map((series) => new ExpressionEvaluator(series));
    this.halfwayMs = prune ? halfway(bars, options) : null;
  }

  /** Feeds the pruner with trials run before a restart. */
  remember(trial: TrialOutcome): void {
    const curve = prunerCurve(trial);
    if (curve) this.curves.push(curve);
  }

  evaluate(params: ParameterValues): TrialOutcome {
    const failed = (error: string): TrialOutcome => ({
      params,
      state: "failed",
      value: null,
      metrics: null,
      error,
    });
    let spec;
    try {
      spec = bindTemplate(this.template, params);
    } catch (error) {
      return failed(`gave an invalid spec: ${(error as Error).message}`);
    }
    let halfwayValue: number | undefined;
    if (this.halfwayMs !== null) {
      const early = this.run(spec, { ...this.options, endMs: this.halfwayMs });
      halfwayValue = objectiveValue(this.objective, early);
      if (halfwayValue !== undefined && shouldPrune({ step: 0, value: halfwayValue }, this.curves))
        return {
          params,
          state: "pruned",
          value: null,
          metrics: { ...headline(early), halfway: halfwayValue },
          error: null,
        };
    }
    const metrics = this.run(spec, this.options);
    const value = objectiveValue(this.objective, metrics);
    if (value === undefined || !Number.isFinite(value))
      return {
        ...failed(
          metrics.trades === 0
            ? "made no trades, so the objective is undefined"
            : "left the objective undefined",
        ),
        metrics: headline(metrics),
      };
    if (halfwayValue !== undefined) this.curves.push([halfwayValue, value]);
    return {
      params,
      state: "complete",
      value,
      metrics: {
        ...headline(metrics),
        ...(halfwayValue === undefined ? {} : { halfway: halfwayValue }),
      },
      error: null,
    };
  }

  private run(spec: Parameters<typeof runBacktest>[0], options: BacktestOptions) {
    return runBacktest(spec, this.bars, options, this.evaluators).metrics;
  }
}

/** A completed trial's [halfway, final] objective values, what the median pruner compares. */
export function prunerCurve(trial: TrialOutcome): number[] | undefined {
  const halfwayValue = trial.metrics?.halfway;
  return trial.state === "complete" && typeof halfwayValue === "number" && trial.value !== null
    ? [halfwayValue, trial.value]
    : undefined;
}

/** The middle of the period the trials are scored on (by the first series' bars in it). */
function halfway(bars: readonly BarSeries[], options: BacktestOptions): number | null {
  const times = bars[0]?.timestampMs;
  if (!times || times.length === 0) return null;
  const from = options.startMs ?? times[0]!;
  const to = options.endMs ?? times[times.length - 1]!;
  return from + (to - from) / 2;
}
