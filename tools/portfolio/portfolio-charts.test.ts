import { describe, expect, it } from "vitest";
import { portfolioCharts } from "./portfolio-charts.ts";

describe("portfolioCharts", () => {
  it("draws the frontier with the chosen portfolio on it, and the weights largest first", () => {
    const weights = Object.fromEntries(
      Array.from({ length: 32 }, (_, i) => [`S${String(i).padStart(2, "0")}`, (i + 1) / 528]),
    );
    const [frontier, bars] = portfolioCharts({
      objective: "hrp",
      weights,
      expectedReturn: 0.08,
      volatility: 0.1,
      sharpe: 0.8,
      frontier: [
        { volatility: 0.09, expectedReturn: 0.05 },
        { volatility: 0.12, expectedReturn: 0.1 },
      ],
    });
    expect(frontier!.subtitle).toBe("hrp portfolio: return 8.0% · volatility 10.0% · Sharpe 0.80");
    expect(frontier!.series.map((series) => series.points)).toEqual([
      [
        { x: 9, y: 5 },
        { x: 12, y: 10 },
      ],
      [{ x: 10, y: 8 }],
    ]);
    // 32 weights: the 29 largest, then the 3 smallest in one bar (1 + 2 + 3 of 528).
    const points = bars!.series[0]!.points;
    expect(points).toHaveLength(30);
    expect(points[0]).toEqual({ x: "S31", y: (32 / 528) * 100 });
    expect(points.at(-1)).toEqual({ x: "3 others", y: expect.closeTo((6 / 528) * 100, 12) });
  });

  it("draws nothing for a result of another shape", () => {
    expect(portfolioCharts({ weights: "none" })).toEqual([]);
  });
});
