import { describe, expect, it } from "vitest";
import { lastAtOrBefore, lowerBound, validateBars } from "./bars.ts";
import { candles } from "./simulate/test-bars.ts";
import { EngineDataError } from "./types.ts";

const good = () =>
  candles("GOOG", [
    [10, 11, 9, 10.5],
    [10.5, 12, 10, 11],
    [11, 11.5, 10.5, 11.2],
  ]);

function problem(mutate: (bars: ReturnType<typeof good>) => void): EngineDataError {
  const bars = good();
  mutate(bars);
  try {
    validateBars(bars);
  } catch (error) {
    expect(error).toBeInstanceOf(EngineDataError);
    return error as EngineDataError;
  }
  throw new Error("expected validateBars to throw");
}

describe("validateBars", () => {
  it("accepts consistent bars", () => {
    expect(() => validateBars(good())).not.toThrow();
  });

  it.each([
    [
      "a duplicate timestamp",
      (b: ReturnType<typeof good>) => (b.timestampMs[2] = b.timestampMs[1]!),
      2,
      "timestamp",
      /duplicates the previous row/,
    ],
    [
      "bars out of order",
      (b: ReturnType<typeof good>) => (b.timestampMs[1] = b.timestampMs[0]! - 1),
      1,
      "timestamp",
      /earlier than the previous row/,
    ],
    [
      "a NaN price",
      (b: ReturnType<typeof good>) => (b.close[1] = NaN),
      1,
      "close",
      /finite positive price \(was NaN\)/,
    ],
    [
      "a negative price",
      (b: ReturnType<typeof good>) => (b.open[0] = -1),
      0,
      "open",
      /finite positive price \(was -1\)/,
    ],
    ["low above high", (b: ReturnType<typeof good>) => (b.low[2] = 12), 2, "low", /above high/],
    [
      "close above high",
      (b: ReturnType<typeof good>) => (b.close[0] = 11.5),
      0,
      "close",
      /within low\.\.high/,
    ],
    [
      "negative volume",
      (b: ReturnType<typeof good>) => (b.volume[1] = -3),
      1,
      "volume",
      />= 0 \(was -3\)/,
    ],
    [
      "an infinite timestamp",
      (b: ReturnType<typeof good>) => (b.timestampMs[0] = Infinity),
      0,
      "timestamp",
      /not a finite time/,
    ],
  ])("fails fast on %s, naming the symbol, row and field", (_, mutate, row, field, message) => {
    const error = problem(mutate);
    expect(error.detail).toEqual({ symbol: "GOOG", row, field });
    expect(error.message).toMatch(new RegExp(`^GOOG row ${row}: ${field} `));
    expect(error.message).toMatch(message);
  });

  it("refuses columns of different lengths", () => {
    const error = problem((bars) => (bars.volume = bars.volume.subarray(0, 2)));
    expect(error.message).toMatch(/column volume has 2 rows, timestamp has 3/);
  });
});

describe("lowerBound", () => {
  it("finds the first index at or after a time", () => {
    const times = Float64Array.from([10, 20, 30]);
    expect([5, 10, 11, 30, 31].map((time) => lowerBound(times, time))).toEqual([0, 0, 1, 2, 3]);
  });
});

describe("lastAtOrBefore", () => {
  it("finds the last index at or before a time, -1 before the first", () => {
    const times = Float64Array.from([10, 20, 30]);
    expect([5, 10, 11, 20, 29, 30, 31].map((time) => lastAtOrBefore(times, time))).toEqual([
      -1, 0, 0, 1, 1, 2, 2,
    ]);
    expect(lastAtOrBefore(new Float64Array(0), 10)).toBe(-1);
  });
});
