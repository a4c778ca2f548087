import { describe, expect, it } from "vitest";
import { compareEquity, fillsEquity } from "./tracking.ts";

const day = 86_400_000;
const days = (n: number) => Float64Array.from({ length: n }, (_, i) => i * day);

describe("fillsEquity", () => {
  it("marks the positions the fills built to each close, by hand", () => {
    // Buy 10 at 100 (fee 1) during day 1, sell 4 at 110 (fee 0.5) during day 3.
    const equity = fillsEquity(
      days(4),
      { AAA: Float64Array.of(99, 102, 105, 108) },
      [
        { symbol: "AAA", quantity: 10, price: 100, fee: 1, atMs: 1 * day + 5 },
        { symbol: "AAA", quantity: -4, price: 110, fee: 0.5, atMs: 3 * day + 5 },
      ],
      1000,
    );
    // Day 0: nothing. Day 1: cash 1000 - 1000 - 1 = -1, +10 x 102 = 1019.
    // Day 2: -1 + 10 x 105 = 1049. Day 3: cash -1 + 440 - 0.5 = 438.5, + 6 x 108 = 1086.5.
    expect(Array.from(equity)).toEqual([1000, 1019, 1049, 1086.5]);
  });

  it("carries the last close over a missing one, and the fill price before any close", () => {
    const equity = fillsEquity(
      days(3),
      { AAA: Float64Array.of(Number.NaN, Number.NaN, 12) },
      [{ symbol: "AAA", quantity: 1, price: 10, fee: 0, atMs: 0 }],
      100,
    );
    expect(Array.from(equity)).toEqual([100, 100, 102]);
  });
});

describe("compareEquity", () => {
  it("is zero for identical curves and matches a hand computation otherwise", () => {
    const expected = Float64Array.of(100, 110, 99, 108.9);
    expect(compareEquity(expected, expected, 100, 252)).toEqual({
      trackingError: 0,
      maxGap: 0,
      finalGap: 0,
      finalActual: 108.9,
      bars: 4,
    });
    const actual = Float64Array.of(100, 100, 100, 100);
    // Expected returns 0.1, -0.1, 0.1; actual 0: differences -0.1, 0.1, -0.1.
    // Mean -1/30; squared deviations (1/15)^2, (2/15)^2, (1/15)^2 sum 6/225; /2 = 3/225 = 1/75.
    const result = compareEquity(actual, expected, 100, 252);
    expect(result.trackingError).toBeCloseTo(Math.sqrt((1 / 75) * 252), 12);
    expect(result.maxGap).toBeCloseTo(0.1, 12);
    expect(result.finalGap).toBeCloseTo(-0.089, 12);
  });

  it("refuses curves of different lengths, and has no tracking error for two bars", () => {
    expect(() => compareEquity(Float64Array.of(1), Float64Array.of(1, 2), 1, 252)).toThrow(
      /actual has 1 bars, expected 2/,
    );
    expect(compareEquity(Float64Array.of(1, 2), Float64Array.of(1, 2), 1, 252).trackingError).toBe(
      Number.NaN,
    );
  });
});
