import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { simulatePairTrade, type PairBars, type PairRule } from "./pair-trade.ts";
import { rollingHedge } from "./rolling-hedge.ts";

const dayMs = 86_400_000;

/** B a random walk; A = B^0.8 times a mean-reverting (AR(1) 0.9) residual: a cointegrated pair. */
function cointegratedPair(length: number, seed: number): PairBars {
  const normal = normalSource(mulberry32(seed));
  const openA = new Float64Array(length);
  const closeA = new Float64Array(length);
  const openB = new Float64Array(length);
  const closeB = new Float64Array(length);
  let logB = Math.log(50);
  let residual = 0;
  for (let t = 0; t < length; t++) {
    const previousA = t > 0 ? closeA[t - 1]! : 0;
    const previousB = t > 0 ? closeB[t - 1]! : 0;
    logB += 0.01 * normal();
    residual = 0.9 * residual + 0.01 * normal();
    closeB[t] = Math.exp(logB);
    closeA[t] = Math.exp(1 + 0.8 * logB + residual);
    // Opens halfway from the previous close: a gap the fills see.
    openA[t] = t > 0 ? (previousA + closeA[t]!) / 2 : closeA[t]!;
    openB[t] = t > 0 ? (previousB + closeB[t]!) / 2 : closeB[t]!;
  }
  return {
    timestampMs: Float64Array.from({ length }, (_, t) => Date.UTC(2020, 0, 1) + t * dayMs),
    openA,
    closeA,
    openB,
    closeB,
  };
}

/** OLS over one window written out plainly: the second implementation the rolling one must match. */
function windowZ(closeA: Float64Array, closeB: Float64Array, end: number, lookback: number) {
  const xs = Array.from({ length: lookback }, (_, k) => Math.log(closeB[end - lookback + 1 + k]!));
  const ys = Array.from({ length: lookback }, (_, k) => Math.log(closeA[end - lookback + 1 + k]!));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const b =
    xs.reduce((sum, x, k) => sum + (x - mx) * (ys[k]! - my), 0) /
    xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  const a = my - b * mx;
  const residuals = xs.map((x, k) => ys[k]! - a - b * x);
  const sd = Math.sqrt(residuals.reduce((sum, e) => sum + e * e, 0) / (lookback - 2));
  return { b, z: residuals.at(-1)! / sd };
}

const rule: PairRule = {
  lookback: 20,
  entryZ: 1.5,
  exitZ: 0,
  stopZ: null,
  feeBps: 1,
  slippageBps: 2,
  initialCash: 100_000,
};

describe("rollingHedge", () => {
  it("matches an OLS of each window written out plainly", () => {
    const bars = cointegratedPair(300, 3);
    const hedge = rollingHedge(bars.closeA, bars.closeB, 20);
    expect(Number.isNaN(hedge.zScore[18]!)).toBe(true);
    // Legs in lockstep: no spread, so no z-score from rounding.
    const lockstep = rollingHedge(
      bars.closeB.map((close) => 2 * close),
      bars.closeB,
      20,
    );
    expect(lockstep.zScore.every(Number.isNaN)).toBe(true);
    for (const t of [19, 20, 39, 40, 41, 150, 299]) {
      const reference = windowZ(bars.closeA, bars.closeB, t, 20);
      expect(hedge.hedgeRatio[t]).toBeCloseTo(reference.b, 9);
      expect(hedge.zScore[t]).toBeCloseTo(reference.z, 8);
    }
  });

  it("refuses legs of different lengths and a window under 10 bars", () => {
    expect(() => rollingHedge(new Float64Array(5), new Float64Array(4), 10)).toThrow(
      "the two legs must be as long (5 and 4 closes)",
    );
    expect(() => rollingHedge(new Float64Array(5), new Float64Array(5), 5)).toThrow(
      "at least 10 bars (was 5)",
    );
  });
});

describe("simulatePairTrade", () => {
  const bars = cointegratedPair(400, 11);
  const result = simulatePairTrade(bars, rule);
  const closed = result.trades.filter((trade) => trade.exitIndex !== null);

  it("enters at the open after |z| reaches the entry, out after z crosses back, as a plain loop says", () => {
    // The state machine again, written plainly over the reference z-scores.
    const expected: [string, number, number][] = [];
    let entry: { bar: number; long: boolean } | null = null;
    for (let t = rule.lookback - 1; t < 399; t++) {
      const { z } = windowZ(bars.closeA, bars.closeB, t, rule.lookback);
      if (entry === null && Math.abs(z) >= rule.entryZ) entry = { bar: t + 1, long: z < 0 };
      else if (entry !== null && entry.bar <= t && (entry.long ? z >= 0 : z <= 0)) {
        expected.push([entry.long ? "long_spread" : "short_spread", entry.bar, t + 1]);
        entry = null;
      }
    }
    expect(closed.length).toBeGreaterThan(3);
    expect(closed.map((trade) => [trade.side, trade.entryIndex, trade.exitIndex])).toEqual(
      expected,
    );
  });

  it("sizes each entry to the equity at the signal, B's notional the hedge ratio times A's", () => {
    for (const trade of result.trades) {
      const signal = trade.entryIndex - 1;
      const notionalA = Math.abs(trade.a.quantity) * bars.openA[trade.entryIndex]!;
      const notionalB = Math.abs(trade.b.quantity) * bars.openB[trade.entryIndex]!;
      expect(notionalA + notionalB).toBeCloseTo(result.equity[signal]!, 6);
      expect(notionalB / notionalA).toBeCloseTo(Math.abs(trade.hedgeRatio), 9);
      expect(trade.hedgeRatio).toBeCloseTo(result.hedgeRatio[signal]!, 12);
      // Long the spread buys A and sells B short; slippage is against each leg.
      const long = trade.side === "long_spread";
      expect(Math.sign(trade.a.quantity)).toBe(long ? 1 : -1);
      expect(trade.a.entryPrice).toBeCloseTo(
        bars.openA[trade.entryIndex]! * (long ? 1.0002 : 0.9998),
        9,
      );
    }
  });

  it("books each trade's P&L from its fills and fees, and equity adds up to the trades", () => {
    for (const trade of closed) {
      const legs = [trade.a, trade.b];
      const gross = legs.reduce(
        (sum, leg) => sum + leg.quantity * (leg.exitPrice! - leg.entryPrice),
        0,
      );
      const fees = legs.reduce(
        (sum, leg) =>
          sum + Math.abs(leg.quantity) * (leg.entryPrice + leg.exitPrice!) * (rule.feeBps / 1e4),
        0,
      );
      expect(trade.pnl).toBeCloseTo(gross - fees, 6);
    }
    const total = result.trades.reduce((sum, trade) => sum + trade.pnl, 0);
    expect(result.equity.at(-1)!).toBeCloseTo(rule.initialCash + total, 6);
  });

  it("says what the last close decided for the next open", () => {
    const [first] = closed;
    const cut = (end: number): PairBars => ({
      timestampMs: bars.timestampMs.subarray(0, end),
      openA: bars.openA.subarray(0, end),
      closeA: bars.closeA.subarray(0, end),
      openB: bars.openB.subarray(0, end),
      closeB: bars.closeB.subarray(0, end),
    });
    // Up to the signal's close: the entry is for the next open, nothing is held yet.
    const before = simulatePairTrade(cut(first!.entryIndex), rule);
    expect(before.next).toEqual({ action: "enter", side: first!.side });
    expect(before.trades.filter((trade) => trade.entryIndex >= first!.entryIndex)).toEqual([]);
    const holding = simulatePairTrade(cut(first!.exitIndex!), rule);
    expect(holding.next).toEqual({ action: "exit", reason: "mean" });
    expect(holding.trades.at(-1)).toMatchObject({ entryIndex: first!.entryIndex, exitIndex: null });
  });

  it("stops out a position the spread keeps diverging from", () => {
    const stopped = simulatePairTrade(bars, { ...rule, entryZ: 1, stopZ: 1.6 });
    const stops = stopped.trades.filter((trade) => trade.exitReason === "stop");
    expect(stops.length).toBeGreaterThan(0);
    for (const trade of stops)
      expect(trade.side === "long_spread" ? -trade.exitZ! : trade.exitZ!).toBeGreaterThanOrEqual(
        1.6,
      );
  });

  it("refuses bands that cannot work and columns of different lengths", () => {
    expect(() => simulatePairTrade(bars, { ...rule, entryZ: 1, exitZ: 1 })).toThrow(
      "entryZ must be above exitZ",
    );
    expect(() => simulatePairTrade(bars, { ...rule, stopZ: 1 })).toThrow(
      "stopZ must be above entryZ (were 1 and 1.5)",
    );
    expect(() => simulatePairTrade({ ...bars, openB: bars.openB.subarray(1) }, rule)).toThrow(
      "openB has 399 bars; the timestamps have 400",
    );
  });
});
