import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// grademark is CommonJS and builds on data-forge DataFrames.
const { backtest, analyze } = require("grademark") as {
  backtest(strategy: unknown, input: unknown): { exitPrice: number }[];
  analyze(capital: number, trades: unknown[]): { finalCapital: number; maxDrawdown: number };
};
const { DataFrame } = require("data-forge") as { DataFrame: new (rows: unknown[]) => IDataFrame };
// Adds .sma() and friends to data-forge series, as grademark's README does.
require("data-forge-indicators");

interface ISeries {
  sma(period: number): ISeries;
}
interface IDataFrame {
  deflate(select: (bar: { close: number }) => number): ISeries;
  withSeries(name: string, series: ISeries): IDataFrame;
  skip(count: number): IDataFrame;
}

/**
 * The SMA crossover as grademark's README writes strategies: indicators through data-forge,
 * crosses read from the lookback window. This is what a grademark user runs.
 */
export function grademarkIdiomatic(
  rows: { time: Date; open: number; high: number; low: number; close: number; volume: number }[],
  fast: number,
  slow: number,
  initialCash: number,
): { trades: number; finalCapital: number } {
  let input = new DataFrame(rows);
  const closes = input.deflate((bar) => bar.close);
  input = input
    .withSeries("fast", closes.sma(fast))
    .withSeries("slow", closes.sma(slow))
    .skip(slow);
  type Row = { time: Date; fast: number; slow: number };
  type Args = { lookback: { toArray(): Row[] } };
  const crossed = (args: Args, up: boolean) => {
    // grademark hands over its circular buffer's storage as the lookback, so the two rows come
    // in either order: sort them by time, or every other cross is read backwards.
    const [first, second] = args.lookback.toArray();
    if (!first || !second) return false;
    const [before, now] = first.time < second.time ? [first, second] : [second, first];
    return up
      ? now.fast > now.slow && before.fast <= before.slow
      : now.fast < now.slow && before.fast >= before.slow;
  };
  const strategy = {
    lookbackPeriod: 2,
    entryRule: (enter: () => void, args: Args) => {
      if (crossed(args, true)) enter();
    },
    exitRule: (exit: () => void, args: Args) => {
      if (crossed(args, false)) exit();
    },
  };
  const trades = backtest(strategy, input);
  return { trades: trades.length, finalCapital: analyze(initialCash, trades).finalCapital };
}

interface CrossBar {
  time: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  crossUp: boolean;
  crossDown: boolean;
}

/**
 * The same SMA crossover in grademark, given precomputed cross flags (so only its simulation
 * and analysis are timed, which favours it).
 */
export function grademarkCrossover(
  bars: CrossBar[],
  initialCash: number,
): { trades: number; finalCapital: number } {
  const strategy = {
    entryRule: (enter: () => void, args: { bar: CrossBar }) => {
      if (args.bar.crossUp) enter();
    },
    exitRule: (exit: () => void, args: { bar: CrossBar }) => {
      if (args.bar.crossDown) exit();
    },
  };
  const trades = backtest(strategy, new DataFrame(bars));
  return { trades: trades.length, finalCapital: analyze(initialCash, trades).finalCapital };
}

export function crossBars(
  times: Float64Array,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  fastLine: Float64Array,
  slowLine: Float64Array,
): CrossBar[] {
  return Array.from(close, (value, t) => {
    const now = fastLine[t]! - slowLine[t]!;
    const before = t > 0 ? fastLine[t - 1]! - slowLine[t - 1]! : NaN;
    return {
      time: new Date(times[t]!),
      open: open[t]!,
      high: high[t]!,
      low: low[t]!,
      close: value,
      volume: 0,
      crossUp: now > 0 && before <= 0,
      crossDown: now < 0 && before >= 0,
    };
  });
}
