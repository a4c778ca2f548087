import { describe, expect, it } from "vitest";
import type { ChartSpec } from "../../tools/ports/chart-renderer.ts";
import { textChart, turnTextCharts } from "./text-chart.ts";

const dayMs = 86_400_000;
const start = Date.UTC(2024, 0, 1);
const line = (values: number[]) => values.map((value, i) => ({ timeMs: start + i * dayMs, value }));

describe("a chart in text", () => {
  it("draws the subject under what it is and when, its extremes on the axis", () => {
    const chart: ChartSpec = {
      title: "Equity against benchmarks",
      yAxisLabel: "Equity",
      series: [
        { name: "Strategy", points: line([100_000, 120_000, 90_000, 110_000]) },
        { name: "Buy and hold", points: line([100_000, 101_000, 102_000, 103_000]) },
      ],
    };
    const lines = textChart(chart, 6)!.split("\n");
    expect(lines[0]).toBe("Strategy equity, 2024-01-01 to 2024-01-04:");
    // Height 6 is seven rows: the top label is the highest value, the bottom the lowest.
    expect(lines).toHaveLength(8);
    expect(lines[1]!.trim()).toMatch(/^120k ┤/);
    expect(lines[7]!.trim()).toMatch(/^90k ┤/);
  });

  it("draws each compared series in a chart of its own, all on one scale", () => {
    const lines = textChart({
      title: "Equity from 1",
      yAxisLabel: "Growth of 1",
      allSubjects: true,
      series: [
        { name: "Fast", points: line([1, 1.5, 2]) },
        { name: "Slow", points: line([1, 1.1, 1.2]) },
      ],
    })!.split("\n");
    // A title, then per series its name and seven rows (height 6), both from 2.00 down to 1.00.
    expect(lines).toHaveLength(1 + 2 * 8);
    expect(lines[0]).toBe("Equity from 1:");
    expect(lines[1]).toBe("Fast:");
    expect(lines[9]).toBe("Slow:");
    for (const top of [2, 10]) expect(lines[top]!.trim()).toMatch(/^2\.00 ┤/);
    for (const bottom of [8, 16]) expect(lines[bottom]!.trim()).toMatch(/^1\.00 [┤┼]/);
  });

  it("names a subject already named for its axis once", () => {
    const chart: ChartSpec = {
      title: "Entries and exits",
      yAxisLabel: "Price",
      series: [
        { name: "Closing price", points: line([10, 11]) },
        { name: "Entries", points: line([10, 10]) },
      ],
    };
    expect(textChart(chart)!.split("\n")[0]).toBe("Closing price, 2024-01-01 to 2024-01-02:");
  });

  it("keeps a one-day spike that an even sample of 70 points would step over", () => {
    const values = Array.from({ length: 1000 }, () => 50);
    values[501] = 80;
    const text = textChart({
      title: "SPY close",
      yAxisLabel: "Price",
      series: [{ name: "Close", points: line(values) }],
    })!;
    expect(text.split("\n")[0]).toBe("SPY close, 2024-01-01 to 2026-09-26:");
    expect(text.split("\n")[1]!.trim()).toMatch(/^80\.00 ┤/);
  });

  it("draws nothing for a chart over quantities or a series of one point", () => {
    expect(
      textChart({
        kind: "xy",
        title: "Frontier",
        xAxisLabel: "Risk",
        yAxisLabel: "Return",
        series: [],
      }),
    ).toBeUndefined();
    expect(
      textChart({
        title: "One",
        yAxisLabel: "Price",
        series: [{ name: "Close", points: line([1]) }],
      }),
    ).toBeUndefined();
  });

  it("takes each result's first time chart, and none from a failed call", () => {
    const bars = {
      symbol: "SPY",
      timeframe: "1d",
      adjusted: true,
      bars: [
        { time: "2024-01-02T00:00:00.000Z", close: 470 },
        { time: "2024-01-03T00:00:00.000Z", close: 475 },
      ],
    };
    const charts = turnTextCharts([
      { name: "get_bars", ok: true, output: bars },
      { name: "get_bars", ok: false, output: bars },
      { name: "list_symbols", ok: true, output: {} },
    ]);
    expect(charts).toHaveLength(1);
    expect(charts[0]!.split("\n")[0]).toBe(
      "SPY close, 1d bars (adjusted), 2024-01-02 to 2024-01-03:",
    );
  });
});
