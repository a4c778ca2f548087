import { describe, expect, it } from "vitest";
import { chartsForResult } from "./charts-for-result.ts";
import { entryExitCharts, type EntryExitDiagram } from "./entry-exit-chart.ts";
import type { TimeChartSpec } from "../ports/chart-renderer.ts";

const dayMs = 86_400_000;
const startMs = Date.UTC(2024, 0, 1);
const iso = (day: number) => new Date(startMs + day * dayMs).toISOString();
const curve = (values: number[]) => values.map((value, day) => ({ time: iso(day), value }));

/** Prices 100..120: a range of 20, so each marker's stroke runs from 0.3 to 1.3 of a 1.0 tick. */
const diagram: EntryExitDiagram = {
  title: "SPY: entries and exits of SMA cross",
  rules: ["Goes long when SMA(2) crosses above SMA(4).", "Exits when SMA(2) crosses below SMA(4)."],
  price: { name: "Close", points: curve([100, 105, 110, 120, 115, 108]) },
  overlays: [{ name: "SMA(2)", points: curve([100, 102.5, 107.5, 115, 117.5, 111.5]).slice(1) }],
  markers: [
    { name: "Entries", kind: "entry", points: [{ time: iso(2), price: 110 }] },
    { name: "Exits", kind: "exit", points: [{ time: iso(4), price: 115 }] },
  ],
};

describe("entryExitCharts", () => {
  it("draws the price, the indicator lines, and a stroke per fill: below for entries, above for exits", () => {
    const [chart, ...rest] = entryExitCharts(diagram);
    expect(rest).toEqual([]);
    expect(chart!.title).toBe("SPY: entries and exits of SMA cross");
    expect(chart!.subtitle).toBe(
      "Goes long when SMA(2) crosses above SMA(4). · Exits when SMA(2) crosses below SMA(4).",
    );
    expect(chart!.series.map((series) => series.name)).toEqual([
      "Close",
      "SMA(2)",
      "Entries",
      "Exits",
    ]);
    expect(chart!.series[0]!.points[3]).toEqual({ timeMs: startMs + 3 * dayMs, value: 120 });
    const [, , entries, exits] = chart!.series;
    // A stroke is two points at the fill's time and a NaN that ends the line there.
    expect(entries!.points[0]).toEqual({ timeMs: startMs + 2 * dayMs, value: 110 - 0.3 });
    expect(entries!.points[1]!.value).toBeCloseTo(110 - 1.3, 12);
    expect(entries!.points[2]!.value).toBeNaN();
    expect(exits!.points.slice(0, 2).map((point) => point.value)).toEqual([115 + 0.3, 115 + 1.3]);
  });

  it("leaves out empty marker sets, and draws nothing without two prices", () => {
    const quiet = {
      ...diagram,
      markers: diagram.markers.map((marker) => ({ ...marker, points: [] })),
    };
    expect(entryExitCharts(quiet)[0]!.series.map((series) => series.name)).toEqual([
      "Close",
      "SMA(2)",
    ]);
    expect(entryExitCharts({ ...diagram, price: { name: "Close", points: curve([100]) } })).toEqual(
      [],
    );
  });

  it("is what chartsForResult draws for explain_strategy (none without a diagram)", () => {
    expect(chartsForResult("explain_strategy", { text: "...", diagram })).toEqual(
      entryExitCharts(diagram),
    );
    expect(chartsForResult("explain_strategy", { text: "...", diagram: null })).toEqual([]);
  });

  it("draws performance_context's equity against its benchmarks, and its drawdown", () => {
    const metrics = { startTime: iso(0), endTime: iso(3), totalReturn: 0.1, maxDrawdown: 0.25 };
    const column = (name: string, values: number[], totalReturn: number) => ({
      name,
      metrics: { ...metrics, totalReturn },
      equity: curve(values),
    });
    const result = {
      strategy: column("Strategy", [100, 120, 90, 110], 0.1),
      benchmarks: {
        buyAndHold: column("Buy and hold (equal weight)", [100, 105, 110, 130], 0.3),
        spy: column("Buy and hold SPY", [100, 101, 102, 103], 0.03),
        smaTrend: column("SMA 50/200 trend (equal weight)", [100, 100, 104, 112], 0.12),
      },
    };
    const [equity, drawdown] = chartsForResult("performance_context", result) as TimeChartSpec[];
    expect(equity!.series.map((series) => series.name)).toEqual([
      "Strategy",
      "Buy and hold (equal weight)",
      "Buy and hold SPY",
      "SMA 50/200 trend (equal weight)",
    ]);
    expect(equity!.subtitle).toContain("Buy and hold SPY +3.0%");
    expect(drawdown!.subtitle).toBe("Largest fall from a peak: -25.0%");
  });
});
