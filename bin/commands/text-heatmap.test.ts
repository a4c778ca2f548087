import { describe, expect, it } from "vitest";
import { textHeatmap } from "./text-heatmap.ts";

describe("a heatmap in text", () => {
  it("draws the cells by value, higher y on top, pruned as dots and the best as X", () => {
    const text = textHeatmap({
      kind: "heatmap",
      title: "Sharpe ratio across the search, fast by slow",
      xAxisLabel: "fast",
      yAxisLabel: "slow",
      valueLabel: "Sharpe ratio",
      cells: [
        { x: 5, y: 30, value: 0 },
        { x: 10, y: 30, value: 0.5 },
        { x: 15, y: 30, value: null },
        { x: 5, y: 60, value: 1 },
        { x: 15, y: 60, value: 0.25 },
      ],
      marked: { x: 5, y: 60, label: "the best, fast 5 and slow 60" },
    });
    // Three columns, each 4 characters wide (the most a cell gets); the ramp ".:-=+*#%@" has 9
    // steps, so 0.5 is step round(0.5 * 8) = 4, "+", and 0.25 step 2, "-".
    expect(text).toBe(
      [
        "Sharpe ratio across the search, fast by slow (slow up, fast across):",
        "     60 ┤XXXX    ----",
        "     30 ┤....++++····",
        "        └────────────",
        "         5         15",
        ". Sharpe ratio 0 … @ 1; · pruned; X the best, fast 5 and slow 60",
      ].join("\n"),
    );
  });

  it("draws nothing with fewer than two values", () => {
    const cells = [
      { x: 1, y: 1, value: 1 },
      { x: 2, y: 2, value: null },
    ];
    const chart = { kind: "heatmap", title: "t", xAxisLabel: "a", yAxisLabel: "b" } as const;
    expect(textHeatmap({ ...chart, valueLabel: "v", cells })).toBeUndefined();
  });
});
