/** Hand-made bars and specs for the validator's tests (pure, seeded; no test framework here). */
import { emptyBars } from "../bars.ts";
import { sessionsBetween, type Market } from "../calendar/sessions.ts";
import { mulberry32, normalSource } from "../random.ts";
import type { Rule, StrategySpec } from "../strategy/spec.ts";
import type { BarSeries } from "../types.ts";

const dayMs = 86_400_000;

/** Bars at the given times following `closes`; each opens at the previous close, with a 0.3% range. */
export function barsAt(
  symbol: string,
  timestampMs: readonly number[],
  closes: readonly number[],
  volume = 1_000_000,
): BarSeries {
  const bars = emptyBars(symbol, timestampMs.length);
  timestampMs.forEach((time, row) => {
    const close = closes[row]!;
    const open = row === 0 ? close : closes[row - 1]!;
    bars.timestampMs[row] = time;
    bars.open[row] = open;
    bars.close[row] = close;
    bars.high[row] = Math.max(open, close) * 1.003;
    bars.low[row] = Math.min(open, close) * 0.997;
    bars.volume[row] = volume;
  });
  return bars;
}

/** 00:00 UTC of each trading date of `market` from the civil date `first` on, `count` of them. */
export function dailyTimes(market: Market, first: string, count: number): number[] {
  const start = Date.parse(`${first}T00:00:00Z`) / dayMs;
  return sessionsBetween(market, start, start + Math.ceil(count * 1.6) + 10)
    .slice(0, count)
    .map((session) => session.day * dayMs);
}

/** Bar starts every `stepMs` inside each session of `market` whose trading date is in [first, last]. */
export function intradayTimes(
  market: Market,
  first: string,
  last: string,
  stepMs: number,
): number[] {
  const from = Date.parse(`${first}T00:00:00Z`) / dayMs;
  const to = Date.parse(`${last}T00:00:00Z`) / dayMs;
  const times: number[] = [];
  for (const session of sessionsBetween(market, from, to))
    for (let time = session.openMs; time < session.closeMs; time += stepMs) times.push(time);
  return times;
}

/** A driftless geometric random walk of closes, 1% a bar, seeded. */
export function walkCloses(count: number, seed: number, start = 100, volatility = 0.01): number[] {
  const normal = normalSource(mulberry32(seed));
  const closes: number[] = [];
  let price = start;
  for (let row = 0; row < count; row++) {
    price *= Math.exp(volatility * normal() - (volatility * volatility) / 2);
    closes.push(price);
  }
  return closes;
}

export function specOf(
  universe: string[],
  entry: Rule,
  exit: Rule | undefined,
  overrides: Partial<StrategySpec> = {},
): StrategySpec {
  return {
    name: "test",
    universe,
    timeframe: "1d",
    side: "long",
    entry,
    ...(exit === undefined ? {} : { exit }),
    filters: [],
    sizing: { fractionOfEquity: 1 },
    costs: { feeBps: 1, slippageBps: 2 },
    ...overrides,
  };
}

/**
 * A random indicator rule with random parameters and thresholds: SMA crossovers, RSI bands,
 * rate-of-change thresholds, z-score reversion and Donchian breakouts, long or short.
 */
export function randomRuleSpec(uniform: () => number, symbol: string): StrategySpec {
  const integer = (low: number, high: number) => low + Math.floor(uniform() * (high - low + 1));
  const kind = integer(0, 4);
  let entry: Rule;
  let exit: Rule;
  if (kind === 0) {
    const fast = { sma: { period: integer(3, 30) } };
    const slow = { sma: { period: fast.sma.period + integer(5, 100) } };
    entry = { crossAbove: [fast, slow] };
    exit = { crossBelow: [fast, slow] };
  } else if (kind === 1) {
    const rsi = { rsi: { period: integer(2, 30) } };
    entry = { lt: [rsi, integer(10, 45)] };
    exit = { gt: [rsi, integer(55, 90)] };
  } else if (kind === 2) {
    const roc = { roc: { period: integer(5, 120) } };
    entry = { gt: [roc, (uniform() - 0.5) * 4] };
    exit = { lt: [roc, (uniform() - 0.5) * 4] };
  } else if (kind === 3) {
    const z = { zScore: { period: integer(5, 60) } };
    entry = { lt: [z, -(0.5 + 2 * uniform())] };
    exit = { gt: [z, 0] };
  } else {
    const period = integer(10, 80);
    entry = { gt: ["close", { lag: { of: { rollingMax: { period } }, bars: 1 } }] };
    exit = {
      lt: ["close", { lag: { of: { rollingMin: { period: Math.ceil(period / 2) } }, bars: 1 } }],
    };
  }
  return specOf([symbol], entry, exit, {
    name: `random ${kind}`,
    side: uniform() < 0.5 ? "long" : "short",
  });
}
