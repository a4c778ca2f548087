import { describe, expect, it } from "vitest";
import { drawdownEpisodes, underwater } from "./drawdowns.ts";

describe("drawdown episodes", () => {
  it("finds each fall from a high, its low and its recovery (by hand)", () => {
    //            0    1   2   3    4    5    6   7   8
    const values = [100, 90, 80, 95, 100, 110, 99, 88, 105];
    expect(drawdownEpisodes(values)).toEqual([
      // From 100 at 0 down to 80 at 2 (20%), back to 100 at 4 (equal counts).
      { peakIndex: 0, troughIndex: 2, recoveryIndex: 4, depth: expect.closeTo(0.2, 12) as number },
      // From 110 at 5 down to 88 at 7 (20%), not back by the end.
      {
        peakIndex: 5,
        troughIndex: 7,
        recoveryIndex: null,
        depth: expect.closeTo(0.2, 12) as number,
      },
    ]);
  });

  it("starts an episode at the last of equal highs and keeps the first of equal lows", () => {
    expect(drawdownEpisodes([50, 50, 40, 40, 45, 60])).toEqual([
      { peakIndex: 1, troughIndex: 2, recoveryIndex: 5, depth: expect.closeTo(0.2, 12) as number },
    ]);
  });

  it("has none for a series that never falls, or is too short to", () => {
    expect(drawdownEpisodes([1, 2, 2, 3])).toEqual([]);
    expect(drawdownEpisodes([5])).toEqual([]);
    expect(drawdownEpisodes([])).toEqual([]);
  });
});

describe("the underwater curve", () => {
  it("is each value's fall below the highest before it", () => {
    const curve = Array.from(underwater([100, 90, 80, 95, 100, 110, 99]));
    const expected = [0, 0.1, 0.2, 0.05, 0, 0, 0.1];
    curve.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
  });
});
