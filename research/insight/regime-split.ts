import type { BarSeries } from "../../engine/types.ts";
import {
  classifyRegimes,
  trendSmaBars,
  volatilityWindowBars,
  type RegimeName,
} from "../../engine/validator/analysis/regimes.ts";
import { dailyReturns } from "../../engine/validator/analysis/runs.ts";
import { signedPercent } from "./metric-readings.ts";
import type { ColumnRun } from "./strategy-runs.ts";
import { inSentence } from "./voice.ts";

export interface RegimeResult {
  key: string;
  name: string;
  /** Days of this regime among the column's daily returns. */
  days: number;
  /** Compounded over the regime's days only. */
  totalReturn: number;
  /** Annualized over the regime's days; null with too few days or no variance. */
  sharpe: number | null;
  /** Worst fall of the regime's days chained together. */
  maxDrawdown: number;
}

export interface RegimeSplit {
  regime: RegimeName;
  label: string;
  definition: string;
  results: RegimeResult[];
  reading: string;
}

const labels: Record<RegimeName, string> = {
  bull: "Uptrend",
  bear: "Downtrend",
  highVolatility: "Turbulent market",
  lowVolatility: "Calm market",
};

/** How each regime is decided, in words: engine/validator/analysis/regimes.ts computes it. */
export function regimeDefinitions(symbol: string): Record<RegimeName, string> {
  const trend = `${symbol}'s close at the previous bar is`;
  const volatility = `${symbol}'s ${volatilityWindowBars}-bar realized volatility (sample standard deviation of log returns) at the previous bar is`;
  return {
    bull: `${trend} above its ${trendSmaBars}-bar simple moving average`,
    bear: `${trend} at or below its ${trendSmaBars}-bar simple moving average`,
    highVolatility: `${volatility} above its median over all of ${symbol}'s stored bars up to the end`,
    lowVolatility: `${volatility} at or below that median`,
  };
}

/**
 * Each column's daily returns split by the regime of one reference market (SPY when stored,
 * else the universe's first symbol), decided at the previous close so it is known before the
 * day's return: trend by the 200-bar SMA, volatility by the 20-bar realized volatility against
 * its median. The same classifier as the validator's regime rules.
 */
export function splitByRegime(columns: readonly ColumnRun[], reference: BarSeries): RegimeSplit[] {
  const analyses = columns.map((column) => ({
    column,
    slices: classifyRegimes(
      dailyReturns(column.run.simulation.timestampMs, column.run.simulation.equity),
      reference,
    ).slices,
  }));
  const definitions = regimeDefinitions(reference.symbol);
  return (Object.keys(labels) as RegimeName[]).map((regime) => {
    const results = analyses.map(({ column, slices }) => {
      const { days, totalReturn, sharpe, maxDrawdown } = slices[regime];
      return { key: column.key, name: column.name, days, totalReturn, sharpe, maxDrawdown };
    });
    return {
      regime,
      label: labels[regime],
      definition: definitions[regime],
      results,
      reading: readRegime(labels[regime], results),
    };
  });
}

/** The strategy (first result) against the first benchmark in one regime, in a line. */
function readRegime(label: string, results: readonly RegimeResult[]): string {
  const [strategy, benchmark] = results;
  if (!strategy || strategy.days === 0) return `${label}: no days of this regime in the period.`;
  const own = `${label} (${strategy.days} days): the strategy returned ${signedPercent(strategy.totalReturn)}`;
  if (!benchmark || benchmark.days === 0) return `${own}.`;
  const gap = strategy.totalReturn - benchmark.totalReturn;
  const verdict = gap > 0 ? "ahead of" : gap < 0 ? "behind" : "level with";
  return `${own} against ${signedPercent(benchmark.totalReturn)} for ${inSentence(benchmark.name)}: ${verdict} it.`;
}
