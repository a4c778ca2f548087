import { describe, expect, it } from "vitest";
import type { Trade } from "../../simulate/types.ts";
import { barsAt, dailyTimes, specOf } from "../test-markets.ts";
import { scanBars } from "./bar-scans.ts";
import { countDayTrades } from "./day-trades.ts";
import { measureParticipation } from "./participation.ts";
import { classifyRegimes } from "./regimes.ts";
import { dailyReturns, delayedPlans } from "./runs.ts";
import { walkSpec } from "./spec-walk.ts";

const hourMs = 3_600_000;
const dayMs = 86_400_000;

function trade(symbol: string, entryTimeMs: number, exitTimeMs: number, quantity = 10): Trade {
  return {
    symbol,
    side: "long",
    entryTimeMs,
    entryPrice: 100,
    exitTimeMs,
    exitPrice: 101,
    quantity,
    pnl: quantity,
    fees: 0,
    barsHeld: 1,
    exitReason: "signal",
  };
}

describe("dailyReturns", () => {
  it("samples equity at each UTC day's last bar, as engine/metrics does", () => {
    // Day 0: 100 then 101 (last); day 1: 99, 103 (last); day 2: 100 (last).
    const times = Float64Array.from([0, 5 * hourMs, dayMs + hourMs, dayMs + 9 * hourMs, 2 * dayMs]);
    const equity = Float64Array.from([100, 101, 99, 103, 100]);
    const { baseTimeMs, timestampMs, returns } = dailyReturns(times, equity);
    expect(baseTimeMs).toBe(5 * hourMs);
    expect(Array.from(timestampMs)).toEqual([dayMs + 9 * hourMs, 2 * dayMs]);
    expect(returns[0]).toBeCloseTo(103 / 101 - 1, 15);
    expect(returns[1]).toBeCloseTo(100 / 103 - 1, 15);
  });
});

describe("delayedPlans", () => {
  it("moves every entry and exit one bar later and drops the last", () => {
    const bars = barsAt("A", dailyTimes("NYSE", "2024-01-02", 4), [1, 2, 3, 4]);
    const plan = {
      bars,
      entry: Uint8Array.from([1, 0, 0, 1]),
      exit: Uint8Array.from([0, 1, 1, 0]),
      sizeFraction: null,
      stopLoss: null,
      takeProfit: null,
      trailingStop: null,
    };
    const [delayed] = delayedPlans([plan]);
    expect(Array.from(delayed!.entry)).toEqual([0, 1, 0, 0]);
    expect(Array.from(delayed!.exit!)).toEqual([0, 0, 1, 1]);
  });
});

describe("walkSpec", () => {
  it("adds up TA-Lib lookbacks, lags and crossings", () => {
    // sma(30) is defined from bar 29; a crossing also needs the bar before: 30.
    const crossing = walkSpec(
      specOf(["A"], { crossAbove: [{ sma: { period: 10 } }, { sma: { period: 30 } }] }, undefined),
    );
    expect(crossing.lookbackBars).toBe(29);
    expect(crossing.entryLookbackBars).toBe(30);
    // MACD(12, 26, 9) signal: (26 - 1) + (9 - 1) = 33; lagged 2 bars: 35.
    const macd = walkSpec(
      specOf(
        ["A"],
        {
          gt: [
            { lag: { of: { macd: { fast: 12, slow: 26, signal: 9, output: "signal" } }, bars: 2 } },
            0,
          ],
        },
        undefined,
      ),
    );
    expect(macd.entryLookbackBars).toBe(35);
    // `or` can fire once its earliest branch is defined: rsi(14) from bar 14, sma(200) from 199.
    const either = walkSpec(
      specOf(
        ["A"],
        {
          or: [{ lt: [{ rsi: { period: 14 } }, 30] }, { gt: ["close", { sma: { period: 200 } }] }],
        },
        undefined,
      ),
    );
    expect(either.entryLookbackBars).toBe(14);
    expect(either.lookbackBars).toBe(199);
  });

  it("finds fixed price levels and calendar indicators", () => {
    const facts = walkSpec(
      specOf(
        ["A"],
        {
          and: [
            { gt: ["close", 100] },
            { lt: [{ dayOfWeek: {} }, 3] },
            { gt: [{ rsi: { period: 14 } }, 50] },
          ],
        },
        undefined,
      ),
    );
    expect(facts.priceLevelComparisons).toEqual(["gt(close, 100)"]);
    expect(facts.calendar).toBe(true);
  });
});

describe("countDayTrades", () => {
  // 2024-03-04 is a Monday; 15:00 UTC is 10:00 New York (EST).
  const monday = Date.UTC(2024, 2, 4, 15);
  it("counts round trips opened and closed the same New York date, and the worst five days", () => {
    const trades = [0, 1, 2, 3, 4].map((k) =>
      trade("A", monday + k * dayMs, monday + k * dayMs + 2 * hourMs),
    );
    trades.push(trade("A", monday, monday + dayMs)); // held overnight: not a day trade
    const analysis = countDayTrades(trades);
    expect(analysis.dayTrades).toBe(5);
    expect(analysis.worstWindowCount).toBe(5);
    expect(analysis.worstWindowStartDay).toBe(Date.UTC(2024, 2, 4) / dayMs);
    // Windows holding 4 or more of Monday-Friday's day trades: those starting the Friday
    // before, the Monday, and the Tuesday (counted by hand).
    expect(analysis.patternWindows).toBe(3);
  });

  it("does not count three day trades as a pattern", () => {
    const trades = [0, 2, 4].map((k) =>
      trade("A", monday + k * dayMs, monday + k * dayMs + hourMs),
    );
    const analysis = countDayTrades(trades);
    expect(analysis.worstWindowCount).toBe(3);
    expect(analysis.patternWindows).toBe(0);
  });
});

describe("measureParticipation", () => {
  it("divides the account-sized quantity by the mean volume of the 20 days before the entry", () => {
    const times = dailyTimes("NYSE", "2024-01-02", 30);
    const bars = barsAt("A", times, new Array<number>(30).fill(100), 2_000);
    // 10 units at 3 times the backtest's size on 2,000 a day: 30 / 2,000 = 1.5%.
    const analysis = measureParticipation([trade("A", times[25]!, times[28]!)], [bars], 3);
    expect(analysis.trades[0]!.entryParticipation).toBeCloseTo(0.015, 12);
    expect(analysis.trades[0]!.averageDailyVolume).toBe(2_000);
    // Four days of history are too few to measure.
    expect(measureParticipation([trade("A", times[4]!, times[6]!)], [bars], 1).unmeasured).toBe(1);
  });
});

describe("classifyRegimes", () => {
  it("puts days after closes above the 200-bar average in bull, below in bear", () => {
    // 250 rising closes, then 150 falling: the close crosses below its 200-bar average some
    // bars into the fall, so both regimes appear; returns are +1 on bull days and -1 on bear.
    const closes = [
      ...Array.from({ length: 250 }, (_, t) => 100 + t),
      ...Array.from({ length: 150 }, (_, t) => 349 - 2 * t),
    ];
    const times = dailyTimes("NYSE", "2020-01-02", closes.length);
    const bars = barsAt("M", times, closes);
    const sma = (end: number) => closes.slice(end - 199, end + 1).reduce((a, b) => a + b, 0) / 200;
    const returns = new Float64Array(closes.length - 1);
    let bull = 0;
    let bear = 0;
    for (let k = 0; k < returns.length; k++) {
      const state = k; // the return of bar k + 1 is classified by the close of bar k
      if (state < 199) continue;
      if (closes[state]! > sma(state)) bull++;
      else bear++;
    }
    const analysis = classifyRegimes(
      { baseTimeMs: times[0]!, timestampMs: Float64Array.from(times.slice(1)), returns },
      bars,
    );
    expect(analysis.slices.bull.days).toBe(bull);
    expect(analysis.slices.bear.days).toBe(bear);
    expect(bull).toBeGreaterThan(50);
    expect(bear).toBeGreaterThan(50);
    expect(analysis.marketReturns[0]).toBeCloseTo(101 / 100 - 1, 15);
  });
});

describe("scanBars", () => {
  it("finds a stale run, a split-like jump and zero volume", () => {
    const closes = [10, 11, 11, 11, 11, 11, 12, 6.1, 6.2, 6.3];
    const bars = barsAt("S", dailyTimes("NYSE", "2024-01-02", closes.length), closes, 5);
    bars.volume[3] = 0;
    // barsAt opens each bar at the previous close; make the split show at the open, as it would.
    bars.open[7] = 6.0;
    bars.low[7] = Math.min(bars.low[7]!, 6.0);
    const scan = scanBars(bars);
    expect(scan.longestStaleRun).toBe(5);
    expect(scan.zeroVolumeBars).toBe(1);
    expect(scan.splitLikeJumps).toEqual([{ timeMs: bars.timestampMs[7], ratio: 2 }]);
  });
});
