import { describe, expect, it } from "vitest";
import { searchCharts, type SearchCharted } from "./search-charts.ts";

const objective = "Sharpe ratio (daily returns, annualized)";

describe("the chart of an optimization's search", () => {
  it("maps two parameters as cells, each the best over a third; grey only where all were pruned", () => {
    const result: SearchCharted = {
      objective,
      best: { params: { fast: 10, slow: 50, stop: 5 }, objective: 1.2 },
      surface: [
        { params: { fast: 10, slow: 50, stop: 2 }, value: 0.4 },
        { params: { fast: 10, slow: 50, stop: 5 }, value: 1.2 },
        { params: { fast: 10, slow: 60, stop: 2 }, value: null },
        { params: { fast: 10, slow: 60, stop: 5 }, value: -0.3 },
        { params: { fast: 20, slow: 50, stop: 2 }, value: null },
        { params: { fast: 20, slow: 50, stop: 5 }, value: null },
      ],
    };
    const [chart, ...more] = searchCharts(result);
    expect(more).toEqual([]);
    expect(chart).toEqual({
      kind: "heatmap",
      title: "Sharpe ratio across the search, fast by slow",
      subtitle:
        "3 scored trials, 3 pruned (grey) · best fast 10, slow 50, stop 5 (1.20) · each cell the best over stop",
      xAxisLabel: "fast",
      yAxisLabel: "slow",
      valueLabel: "Sharpe ratio",
      cells: [
        { x: 10, y: 50, value: 1.2 },
        { x: 10, y: 60, value: -0.3 },
        { x: 20, y: 50, value: null },
      ],
      marked: { x: 10, y: 50, label: "the best, fast 10 and slow 50" },
    });
  });

  it("plots one parameter against the objective, and draws nothing without two scores or a number", () => {
    const one = searchCharts({
      objective,
      best: { params: { period: 14 }, objective: 0.9 },
      surface: [
        { params: { period: 7 }, value: 0.2 },
        { params: { period: 14 }, value: 0.9 },
        { params: { period: 21 }, value: null },
      ],
    });
    expect(one).toEqual([
      {
        kind: "xy",
        title: "Sharpe ratio across the search, by period",
        subtitle: "2 scored trials, 1 pruned · best period 14 (0.90)",
        xAxisLabel: "period",
        yAxisLabel: "Sharpe ratio",
        series: [
          {
            name: "Trial",
            mark: "point",
            points: [
              { x: 7, y: 0.2 },
              { x: 14, y: 0.9 },
            ],
          },
        ],
      },
    ]);
    const scoredOnce = {
      objective,
      best: { params: { period: 14 }, objective: 0.9 },
      surface: [
        { params: { period: 14 }, value: 0.9 },
        { params: { period: 7 }, value: null },
      ],
    };
    expect(searchCharts(scoredOnce)).toEqual([]);
    const words = {
      objective,
      best: { params: { kind: "ema" }, objective: 0.9 },
      surface: [
        { params: { kind: "ema" }, value: 0.9 },
        { params: { kind: "sma" }, value: 0.5 },
      ],
    };
    expect(searchCharts(words)).toEqual([]);
  });
});
