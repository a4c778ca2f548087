import { describe, expect, it } from "vitest";
import { alignCloses, logReturns } from "./align.ts";

const day = (d: number, hour = 0) => Date.UTC(2024, 0, d, hour);

describe("alignCloses", () => {
  it("keeps the dates every symbol shares, matching dates not hours", () => {
    const aligned = alignCloses([
      // An ETF: weekdays, stamped 00:00 UTC.
      {
        symbol: "SPY",
        timestampMs: Float64Array.from([day(5), day(8), day(9)]),
        close: Float64Array.from([10, 11, 12]),
      },
      // A crypto pair: every day, stamped 05:00 UTC.
      {
        symbol: "BTC/USD",
        timestampMs: Float64Array.from([5, 6, 7, 8, 9].map((d) => day(d, 5))),
        close: Float64Array.from([100, 90, 95, 120, 110]),
      },
    ]);
    expect(Array.from(aligned.dayMs)).toEqual([day(5), day(8), day(9)]);
    expect(aligned.closes.map((column) => Array.from(column))).toEqual([
      [10, 11, 12],
      [100, 120, 110],
    ]);
    // Monday's crypto return spans the weekend: ln(120/100), not ln(120/95).
    expect(Array.from(logReturns(aligned.closes[1]!))).toEqual([
      Math.log(1.2),
      Math.log(110 / 120),
    ]);
  });

  it("fails fast on a non-positive close, naming the symbol and row", () => {
    expect(() =>
      alignCloses([
        { symbol: "BAD", timestampMs: Float64Array.from([day(1)]), close: Float64Array.from([0]) },
      ]),
    ).toThrow(/BAD: close must be a positive number \(row 0\)/);
  });
});
