import { describe, expect, it } from "vitest";
import type { BarSeries } from "../types.ts";
import { snapshotOf } from "./snapshot.ts";

const dayMs = 86_400_000;

/** 30 daily bars from 2024-12-10 to 2025-01-08: close 100 + i, high +1, low -1, volume 1000 + 10i. */
function rising(length = 30): BarSeries {
  const index = Array.from({ length }, (_, i) => i);
  return {
    symbol: "UP",
    timestampMs: Float64Array.from(index, (i) => Date.UTC(2024, 11, 10) + i * dayMs),
    open: Float64Array.from(index, (i) => 100 + i),
    high: Float64Array.from(index, (i) => 101 + i),
    low: Float64Array.from(index, (i) => 99 + i),
    close: Float64Array.from(index, (i) => 100 + i),
    volume: Float64Array.from(index, (i) => 1000 + 10 * i),
  };
}

describe("snapshotOf", () => {
  it("measures changes, the range, volume and volatility by hand", () => {
    const snapshot = snapshotOf(rising())!;
    expect(snapshot.lastTimeMs).toBe(Date.UTC(2025, 0, 8));
    expect(snapshot.close).toBe(129);
    // Closes 128 a day back, 124 five back, 108 twenty-one back; 2024 ended at 121 (Dec 31, i = 21).
    expect(snapshot.change.day).toBeCloseTo(129 / 128 - 1, 15);
    expect(snapshot.change.week).toBeCloseTo(129 / 124 - 1, 15);
    expect(snapshot.change.month).toBeCloseTo(129 / 108 - 1, 15);
    expect(snapshot.change.yearToDate).toBeCloseTo(129 / 121 - 1, 15);
    expect(snapshot.change.quarter).toBeNull();
    expect(snapshot.change.year).toBeNull();
    // The range of all 30 bars: highs to 130, lows from 99.
    expect([snapshot.high52w, snapshot.low52w]).toEqual([130, 99]);
    expect(snapshot.fromHigh).toBeCloseTo(129 / 130 - 1, 15);
    expect(snapshot.fromLow).toBeCloseTo(129 / 99 - 1, 15);
    // Volumes of bars 9 to 28: 1090 ... 1280, mean 1185; the last bar traded 1290.
    expect(snapshot.averageVolume).toBe(1185);
    expect(snapshot.relativeVolume).toBeCloseTo(1290 / 1185, 15);
    // Returns 1/(99 + i) for i = 10..29; numpy: np.std(r, ddof=1) * np.sqrt(252).
    expect(snapshot.volatility).toBeCloseTo(0.0067229192514048014, 14);
  });

  it("says null where the bars are too few, and nothing for no bars", () => {
    const two = snapshotOf(rising(2))!;
    expect(two.change.day).toBeCloseTo(101 / 100 - 1, 15);
    expect(two.change.week).toBeNull();
    expect(two.change.yearToDate).toBeNull();
    expect([two.averageVolume, two.relativeVolume, two.volatility]).toEqual([null, null, null]);
    expect(snapshotOf(rising(0))).toBeUndefined();
  });

  it("takes the 52-week range over the last 252 bars only", () => {
    const long = rising(300);
    // An old spike, 260 bars before the last: outside the year.
    long.high[39] = 1000;
    const snapshot = snapshotOf(long)!;
    expect(snapshot.high52w).toBe(101 + 299);
    expect(snapshot.low52w).toBe(99 + 48);
    expect(snapshot.change.year).toBeCloseTo(399 / 147 - 1, 15);
  });
});
