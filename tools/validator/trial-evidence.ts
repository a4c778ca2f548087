import {
  boundsOf,
  type ParameterDomain,
  type ParameterValues,
  type SpecTemplate,
} from "../../engine/optimizer/index.ts";
import { runBacktest, type BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { dailyReturns } from "../../engine/validator/analysis/runs.ts";
import type { TrialSet } from "../../engine/validator/index.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import { bindTemplate } from "../strategy/template-schema.ts";

/** Trials re-run for the PBO matrix: CSCV needs many, but each costs a backtest. */
const matrixTrials = 64;
const tradingDays = 252;

/**
 * What an optimization says about a spec picked from it: how many distinct strategies were
 * tried and their Sharpe ratios (for the deflated Sharpe ratio), and, re-running a spread of
 * them, the daily returns of each (for the probability of backtest overfitting). A parameter set
 * tried twice (a sampler's repeat, a resumed search) is one strategy: counting it twice would
 * inflate the trials the deflation charges for and give CSCV two identical columns.
 */
export function trialEvidence(
  template: SpecTemplate,
  tried: readonly StoredTrial[],
  bars: readonly BarSeries[],
  options: BacktestOptions,
): TrialSet {
  const trials = distinctTrials(tried);
  const sharpes = trials
    .map((trial) => trial.metrics?.sharpe)
    .filter((sharpe): sharpe is number => typeof sharpe === "number" && Number.isFinite(sharpe))
    .map((annual) => annual / Math.sqrt(tradingDays));
  const completed = trials.filter((trial) => trial.state === "complete");
  const picked = spread(completed, matrixTrials);
  const columns = picked.map((trial) =>
    dailyReturnsOf(bindTemplate(template, trial.params), bars, options),
  );
  const rows = Math.min(...columns.map((column) => column.length));
  if (columns.length < 2 || !Number.isFinite(rows) || rows < 16)
    return { count: trials.length, sharpes: Float64Array.from(sharpes) };
  const values = new Float64Array(rows * columns.length);
  for (let t = 0; t < rows; t++)
    for (let n = 0; n < columns.length; n++) values[t * columns.length + n] = columns[n]![t]!;
  return {
    count: trials.length,
    sharpes: Float64Array.from(sharpes),
    matrix: { rows, columns: columns.length, values },
  };
}

/** The first trial of each parameter set, in order. */
function distinctTrials(trials: readonly StoredTrial[]): StoredTrial[] {
  const seen = new Set<string>();
  return trials.filter((trial) => {
    const key = JSON.stringify(Object.entries(trial.params).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** At most `count` trials spread evenly over the ranking, the best included. */
function spread(trials: readonly StoredTrial[], count: number): StoredTrial[] {
  const ranked = [...trials].sort((a, b) => b.value! - a.value!);
  if (ranked.length <= count) return ranked;
  return Array.from(
    { length: count },
    (_, k) => ranked[Math.round((k * (ranked.length - 1)) / (count - 1))]!,
  );
}

/** The run's daily returns, sampled as the engine's metrics and the validator sample them. */
function dailyReturnsOf(spec: StrategySpec, bars: readonly BarSeries[], options: BacktestOptions) {
  const { timestampMs, equity } = runBacktest(spec, bars, options).simulation;
  return dailyReturns(timestampMs, equity).returns;
}

/**
 * The picked spec with each parameter nudged one notch either way (an int by its step or 10%,
 * a float by 10%, a choice to its neighbours), for the parameter-plateau rule.
 */
export function neighbourSpecs(
  template: SpecTemplate,
  best: ParameterValues,
): { label: string; spec: StrategySpec }[] {
  const specs: { label: string; spec: StrategySpec }[] = [];
  for (const [name, domain] of Object.entries(template.params)) {
    for (const value of nudges(domain, best[name]!)) {
      try {
        specs.push({
          label: `${name} ${best[name]} -> ${value}`,
          spec: bindTemplate(template, { ...best, [name]: value }),
        });
      } catch {
        // A nudge the spec cannot take (a period below 1) is no neighbour.
      }
    }
  }
  return specs;
}

function nudges(domain: ParameterDomain, value: number | string): (number | string)[] {
  if ("categorical" in domain) {
    const at = domain.categorical.indexOf(value);
    return [domain.categorical[at - 1], domain.categorical[at + 1]].filter((v) => v !== undefined);
  }
  const number = value as number;
  const [low, high] = boundsOf(domain);
  // Integers move by 10% rounded to whole steps (at least one step), so they stay on the grid.
  const grid = "int" in domain ? (domain.step ?? 1) : 1;
  const shift = grid * Math.max(1, Math.round((Math.abs(number) * 0.1) / grid));
  const integer = "int" in domain || "logInt" in domain;
  const candidates = integer ? [number - shift, number + shift] : [number * 0.9, number * 1.1];
  return candidates.filter((v) => v >= low && v <= high && v !== number);
}
