import { describe, expect, it } from "vitest";
import { ExpressionEvaluator } from "../strategy/expressions.ts";
import { dayOfMonth, dayOfWeek, daysToMonthEnd } from "./calendar.ts";

const times = Float64Array.from(
  ["2024-02-26", "2024-02-29", "2024-03-01", "2024-03-04", "2023-12-31"].map((day) =>
    Date.parse(`${day}T00:00:00Z`),
  ),
);

describe("calendar indicators", () => {
  it("read the weekday, day of month and days to month end of each bar's UTC date", () => {
    expect(Array.from(dayOfWeek(times))).toEqual([1, 4, 5, 1, 0]);
    expect(Array.from(dayOfMonth(times))).toEqual([26, 29, 1, 4, 31]);
    expect(Array.from(daysToMonthEnd(times))).toEqual([3, 0, 30, 27, 0]);
  });

  it("are reachable from the strategy spec language", () => {
    const length = times.length;
    const ones = new Float64Array(length).fill(1);
    const bars = {
      symbol: "X",
      timestampMs: times,
      open: ones,
      high: ones,
      low: ones,
      close: ones,
      volume: ones,
    };
    const evaluator = new ExpressionEvaluator(bars);
    expect(Array.from(evaluator.evaluate({ dayOfWeek: {} }))).toEqual([1, 4, 5, 1, 0]);
    expect(Array.from(evaluator.evaluate({ daysToMonthEnd: {} }))).toEqual([3, 0, 30, 27, 0]);
  });
});
