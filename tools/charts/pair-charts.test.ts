import { describe, expect, it } from "vitest";
import { chartsForResult } from "./charts-for-result.ts";

const days = ["2024-01-02", "2024-01-03", "2024-01-04"].map((day) => `${day}T00:00:00.000Z`);

describe("pair charts", () => {
  it("draws the z-score between its bands, then the equity of trading it", () => {
    const [spread, equity, ...more] = chartsForResult("analyze_pair", {
      a: "KO",
      b: "PEP",
      rule: { lookback: 60, entryZ: 2, exitZ: 0.5 },
      metrics: { totalReturn: 0.1234, maxDrawdown: 0.0612 },
      equity: days.map((time, k) => ({ time, value: 100_000 + k * 10 })),
      spread: days.map((time, k) => ({ time, zScore: k === 1 ? null : k - 1 })),
    });
    expect(more).toEqual([]);
    if (spread?.kind === "xy" || spread?.kind === "heatmap" || !spread) throw new Error("a line");
    expect(spread.title).toBe("KO / PEP: the spread's z-score");
    expect(spread.series.map((series) => series.name)).toEqual([
      "z-score",
      "+2: short the spread",
      "-2: long the spread",
      "+0.5: out",
      "-0.5: out",
    ]);
    // The close without a z-score is left out of the line; the bands span the line's first and last days.
    expect(spread.series[0]!.points.map((point) => point.value)).toEqual([-1, 1]);
    expect(spread.series[2]!.points).toEqual([
      { timeMs: Date.parse(days[0]!), value: -2 },
      { timeMs: Date.parse(days[2]!), value: -2 },
    ]);
    expect(equity).toMatchObject({
      title: "Trading the KO / PEP spread",
      subtitle: "Total return 12.3% · max drawdown -6.1%",
    });
  });

  it("draws nothing for another shape", () => {
    expect(chartsForResult("analyze_pair", { a: "KO" })).toEqual([]);
  });
});
