import type { LiveStrategyReturns } from "../types.ts";
import { annualizedSharpe, correlation } from "./numbers.ts";
import type { DailySeries } from "./runs.ts";
import { utcDay } from "./time.ts";

/** Fewer common days than this and a correlation says little (its standard error is ~1/√n). */
export const minimumCommonDays = 60;

export interface LiveComparison {
  name: string;
  commonDays: number;
  /** Pearson correlation of daily returns on common days; null with too few days. */
  correlation: number | null;
  /** Correlation on the days the live strategy lost money. */
  downsideCorrelation: number | null;
  /** The candidate's mean daily return on the live strategy's worst 5% of days. */
  meanOnLiveWorstDays: number | null;
  /** Sharpe of the live strategy alone and of a 50/50 mix with the candidate, on common days. */
  liveSharpe: number | null;
  mixSharpe: number | null;
}

/** Compares the candidate's daily returns with each live strategy's, matched by UTC date. */
export function compareWithLive(
  daily: DailySeries,
  live: readonly LiveStrategyReturns[],
): LiveComparison[] {
  const byDay = new Map<number, number>();
  for (let k = 0; k < daily.returns.length; k++)
    byDay.set(utcDay(daily.timestampMs[k]!), daily.returns[k]!);
  return live.map((strategy) => {
    const ours: number[] = [];
    const theirs: number[] = [];
    const count = Math.min(strategy.timestampMs.length, strategy.returns.length);
    for (let k = 0; k < count; k++) {
      const value = byDay.get(utcDay(strategy.timestampMs[k]!));
      const other = strategy.returns[k]!;
      if (value === undefined || !Number.isFinite(other)) continue;
      ours.push(value);
      theirs.push(other);
    }
    const enough = ours.length >= minimumCommonDays;
    const downOurs: number[] = [];
    const downTheirs: number[] = [];
    theirs.forEach((value, k) => {
      if (value < 0) {
        downOurs.push(ours[k]!);
        downTheirs.push(value);
      }
    });
    const order = theirs.map((_, k) => k).sort((a, b) => theirs[a]! - theirs[b]!);
    const worst = order.slice(0, Math.max(1, Math.floor(order.length * 0.05)));
    const mix = ours.map((value, k) => (value + theirs[k]!) / 2);
    return {
      name: strategy.name,
      commonDays: ours.length,
      correlation: enough ? correlation(ours, theirs) : null,
      downsideCorrelation: enough ? correlation(downOurs, downTheirs) : null,
      meanOnLiveWorstDays: enough
        ? worst.reduce((sum, k) => sum + ours[k]!, 0) / worst.length
        : null,
      liveSharpe: enough ? annualizedSharpe(theirs) : null,
      mixSharpe: enough ? annualizedSharpe(mix) : null,
    };
  });
}
