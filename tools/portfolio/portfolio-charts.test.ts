import { describe, expect, it } from "vitest";
import type { TimeChartSpec, XYChartSpec } from "../ports/chart-renderer.ts";
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
    }) as XYChartSpec[];
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

  it("draws the value held at the weights first, with its risk in the subtitle", () => {
    const charts = portfolioCharts({
      objective: "hrp",
      weights: { SPY: 0.6, TLT: 0.4 },
      expectedReturn: 0.05,
      volatility: 0.08,
      sharpe: 0.62,
      frontier: [],
      history: {
        maxDrawdown: 0.1317,
        worstPeriod: { return: -0.0194 },
        valueAtRisk: 0.0072,
        value: [
          { time: "2024-01-02T00:00:00.000Z", value: 101 },
          { time: "2024-01-03T00:00:00.000Z", value: 99.5 },
        ],
      },
    });
    expect(charts.map((chart) => chart.title)).toEqual([
      "Value of 100 held at the weights, rebalanced daily (in sample)",
      "Efficient frontier (annualized)",
      "Weights (hrp)",
    ]);
    const value = charts[0] as TimeChartSpec;
    expect(value.subtitle).toBe(
      "max drawdown 13.2% · worst day -1.9% · 95% one-day value at risk 0.72%",
    );
    expect(value.series[0]!.points).toEqual([
      { timeMs: Date.UTC(2024, 0, 2), value: 101 },
      { timeMs: Date.UTC(2024, 0, 3), value: 99.5 },
    ]);
  });

  it("draws nothing for a result of another shape", () => {
    expect(portfolioCharts({ weights: "none" })).toEqual([]);
  });
});
