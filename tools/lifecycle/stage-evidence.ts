import { newYorkDay } from "../../engine/calendar/new-york-time.ts";
import { sessionsBetween } from "../../engine/calendar/sessions.ts";
import { compareEquity, fillsEquity, type TrackingComparison } from "../../engine/live/tracking.ts";
import { runBacktest } from "../../engine/strategy/backtest.ts";
import type { BarSeries } from "../../engine/types.ts";
import { loadBars } from "../bars/load-bars.ts";
import { marketOf } from "../bars/market-of.ts";
import type { Store, Timeframe } from "../ports/store.ts";
import type { StageRecord, StrategyStage } from "../ports/trading.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";

/** Of the size a strategy intends, what each stage trades: small live is a tenth. */
export const stageSizeFraction: Readonly<Record<StrategyStage, number>> = {
  backtest: 0,
  paper: 1,
  small_live: 0.1,
  full_live: 1,
};

/**
 * What a stage must show before the next: trading sessions in the stage, filled orders, and
 * tracking error against the backtest of the same bars (annualized standard deviation of the
 * daily return differences). Divergence beyond `maxDivergence` of the traded capital moves a live
 * strategy to reducing.
 */
export const stageRules = {
  minSessions: 20,
  minTrades: 10,
  maxTrackingError: 0.05,
  maxDivergence: 0.05,
} as const;

/** Capital a strategy was promoted with (its stage evidence), else this. */
const defaultCapital = 100_000;

/** The capital a strategy's stage trades with: what its promotion recorded, else the default. */
export function stageCapital(stage: StageRecord): number {
  return (stage.evidence as { capital?: number }).capital ?? defaultCapital;
}

export interface StageEvidence {
  /** NYSE sessions since the stage began. */
  sessions: number;
  /** Filled orders in the stage. */
  trades: number;
  /** Capital the comparison assumed: the strategy's capital x the stage's size fraction. */
  capital: number;
  comparison?: TrackingComparison;
  /** The actual equity (fills marked to closes) on the backtest's bars, with the comparison. */
  equity?: { timestampMs: Float64Array; actual: Float64Array };
  /** Why no comparison could be made. */
  problem?: string;
}

/**
 * A stage's record so far: its fills (paper or live) marked to the stored closes, against the
 * backtest of the spec over the same bars with the same capital.
 */
export async function stageEvidence(
  store: Store,
  stage: StageRecord,
  strategyCapital: number,
  nowMs: number,
): Promise<StageEvidence> {
  const live = stage.stage === "small_live" || stage.stage === "full_live";
  const capital = strategyCapital * (stageSizeFraction[stage.stage] || 1);
  const fills = await store.strategyFills(stage.strategyId, { live, sinceMs: stage.sinceMs });
  const sessions = sessionsBetween("NYSE", newYorkDay(stage.sinceMs), newYorkDay(nowMs)).length;
  const base = { sessions, trades: fills.length, capital };
  const stored = await store.requestStrategy(stage.strategyId);
  if (!stored) return { ...base, problem: `no stored strategy ${stage.strategyId}` };
  const spec = parseStrategySpec(stored.spec);
  let bars: BarSeries[];
  try {
    bars = await loadBars(store, spec.universe, spec.timeframe as Timeframe, nowMs);
  } catch (error) {
    return { ...base, problem: (error as Error).message };
  }
  const run = runBacktest(spec, bars, {
    initialCash: capital,
    startMs: stage.sinceMs,
    endMs: nowMs,
  });
  const { timestampMs, equity } = run.simulation;
  if (timestampMs.length < 3)
    return {
      ...base,
      problem: `only ${timestampMs.length} stored ${spec.timeframe} bars since the stage began: fetch recent bars (fetch_bars) to compare with the backtest`,
    };
  const actual = fillsEquity(timestampMs, alignedCloses(bars, timestampMs), fills, capital);
  const crypto = spec.universe.every((symbol) => marketOf(symbol) === "CRYPTO");
  return {
    ...base,
    comparison: compareEquity(actual, equity, capital, crypto ? 365 : 252),
    equity: { timestampMs, actual },
  };
}

/** Each symbol's closes on the backtest's timeline, NaN where it has no bar. */
function alignedCloses(
  bars: readonly BarSeries[],
  timeline: Float64Array,
): Record<string, Float64Array> {
  const closes: Record<string, Float64Array> = {};
  for (const series of bars) {
    const aligned = new Float64Array(timeline.length).fill(Number.NaN);
    let j = 0;
    for (let i = 0; i < timeline.length; i++) {
      while (j < series.timestampMs.length && series.timestampMs[j]! < timeline[i]!) j++;
      if (series.timestampMs[j] === timeline[i]) aligned[i] = series.close[j]!;
    }
    closes[series.symbol] = aligned;
  }
  return closes;
}
