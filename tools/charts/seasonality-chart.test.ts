import { describe, expect, it } from "vitest";
import { chartsForResult } from "./charts-for-result.ts";

const group = (name: string, mean: number, median: number, significant = false) => ({
  name,
  mean,
  median,
  significant,
});

describe("seasonality chart", () => {
  it("draws each group's mean as a bar and its median as a dot, in percent", () => {
    const [chart, ...more] = chartsForResult("seasonality", {
      symbol: "SPY",
      by: "weekday",
      first: "2024-01-02",
      last: "2024-12-31",
      periods: 251,
      groups: [group("Monday", 0.0021, 0.001, true), group("Tuesday", -0.0005, 0)],
    });
    expect(more).toEqual([]);
    expect(chart).toMatchObject({
      kind: "xy",
      title: "SPY: return by weekday",
      subtitle: "2024-01-02 to 2024-12-31, 251 days · beyond chance: Monday",
      xAxisLabel: "Weekday",
      yAxisLabel: "Return (%)",
    });
    if (chart?.kind !== "xy") throw new Error("an x/y chart was expected");
    expect(chart.series.map((series) => [series.name, series.mark])).toEqual([
      ["Mean", "bar"],
      ["Median", "point"],
    ]);
    expect(chart.series[0]!.points[0]!.x).toBe("Mon");
    expect(chart.series[0]!.points[0]!.y).toBeCloseTo(0.21, 12);
    expect(chart.series[1]!.points[1]).toEqual({ x: "Tue", y: 0 });
  });

  it("draws nothing for a result of another shape", () => {
    expect(chartsForResult("seasonality", { symbol: "SPY" })).toEqual([]);
  });
});
