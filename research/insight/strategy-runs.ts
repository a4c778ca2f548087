import {
  buyAndHoldSpec,
  runBacktest,
  smaTrendSpec,
  type BacktestOptions,
  type BacktestRun,
} from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { emptyPeriod } from "../../tools/backtest/empty-period.ts";
import { loadBars, loadBarsIfStored } from "../../tools/bars/load-bars.ts";
import type { Store, Timeframe } from "../../tools/ports/store.ts";

/** The cash every insight run starts with, as backtest_strategy's default. */
export const initialCash = 100_000;

/** The columns of a comparison: the strategy first, then its benchmarks. */
export const ColumnKey = {
  strategy: "strategy",
  buyAndHold: "buyAndHold",
  spy: "spy",
  qqq: "qqq",
  smaTrend: "smaTrend",
} as const;
export type ColumnKey = (typeof ColumnKey)[keyof typeof ColumnKey];

export interface ColumnRun {
  key: ColumnKey;
  name: string;
  run: BacktestRun;
}

/** A benchmark left out, and why. */
export interface MissingColumn {
  key: ColumnKey;
  name: string;
  reason: string;
}

/** The index funds a strategy is held against when their bars are stored. */
const indexBenchmarks = [
  { key: ColumnKey.spy, symbol: "SPY" },
  { key: ColumnKey.qqq, symbol: "QQQ" },
] as const;

/** The universe's stored bars up to `endMs` (earlier bars warm up indicators). */
export function loadUniverseBars(
  store: Store,
  spec: StrategySpec,
  endMs: number | null,
): Promise<BarSeries[]> {
  return loadBars(store, spec.universe, spec.timeframe as Timeframe, endMs);
}

/** The strategy's backtest; a period without bars is the caller's `start`/`end` to fix. */
export function runStrategy(
  spec: StrategySpec,
  bars: readonly BarSeries[],
  options: BacktestOptions,
): BacktestRun {
  const run = runBacktest(spec, bars, options);
  if (run.simulation.timestampMs.length === 0) throw emptyPeriod(spec, bars, options);
  return run;
}

/** Equal-weight buy and hold of the universe over the same period, with the strategy's costs. */
export function runBuyAndHold(
  spec: StrategySpec,
  bars: readonly BarSeries[],
  options: BacktestOptions,
): ColumnRun {
  return {
    key: ColumnKey.buyAndHold,
    name: "Buy and hold (equal weight)",
    run: runBacktest(buyAndHoldSpec(spec.universe, spec), bars, options),
  };
}

/**
 * The strategy's benchmarks, as backtest_strategy runs them (same period, cash and costs):
 * buy and hold of its universe, SPY and QQQ when their bars are stored (taken from the universe
 * when it holds them), and the SMA 50/200 trend rule on its universe.
 */
export async function runBenchmarks(
  store: Store,
  spec: StrategySpec,
  bars: readonly BarSeries[],
  options: BacktestOptions,
): Promise<{ columns: ColumnRun[]; missing: MissingColumn[]; indexBars: Map<string, BarSeries> }> {
  const columns: ColumnRun[] = [runBuyAndHold(spec, bars, options)];
  const missing: MissingColumn[] = [];
  const indexBars = new Map<string, BarSeries>();
  for (const { key, symbol } of indexBenchmarks) {
    const name = `Buy and hold ${symbol}`;
    const series = await symbolBars(store, symbol, spec, bars, options.endMs);
    const run = series && runBacktest(buyAndHoldSpec([symbol], spec), [series], options);
    if (!series || !run || run.simulation.timestampMs.length === 0) {
      missing.push({
        key,
        name,
        reason: `${symbol} is not compared: no ${spec.timeframe} ${symbol} bars are stored for this period (import them with import_bars to add it)`,
      });
      continue;
    }
    indexBars.set(symbol, series);
    columns.push({ key, name, run });
  }
  columns.push({
    key: ColumnKey.smaTrend,
    name: "SMA 50/200 trend (equal weight)",
    run: runBacktest(smaTrendSpec(spec.universe, spec), bars, options),
  });
  return { columns, missing, indexBars };
}

/** One symbol's bars: the universe's own when it holds the symbol, else the stored ones, if any. */
export async function symbolBars(
  store: Store,
  symbol: string,
  spec: StrategySpec,
  bars: readonly BarSeries[],
  endMs: number | null,
): Promise<BarSeries | undefined> {
  return (
    bars.find((series) => series.symbol === symbol) ??
    (await loadBarsIfStored(store, symbol, spec.timeframe as Timeframe, endMs))
  );
}

/** The universe's stored bars, or undefined when a symbol has none (the caller goes without). */
export async function loadUniverseBarsIfStored(
  store: Store,
  spec: StrategySpec,
): Promise<BarSeries[] | undefined> {
  const timeframe = spec.timeframe as Timeframe;
  const loaded = await Promise.all(
    spec.universe.map((symbol) => loadBarsIfStored(store, symbol, timeframe, null)),
  );
  return loaded.every((series) => series !== undefined) ? (loaded as BarSeries[]) : undefined;
}
