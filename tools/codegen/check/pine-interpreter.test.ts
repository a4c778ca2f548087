import { describe, expect, it } from "vitest";
import { runPine, type PineBars } from "./pine-interpreter.ts";

const bars: PineBars = {
  timestampMs: [0, 86_400_000, 2 * 86_400_000, 3 * 86_400_000],
  open: [10, 11, 12, 13],
  high: [11, 12, 13, 14],
  low: [9, 10, 11, 12],
  close: [10.5, 11.5, 12.5, 13.5],
  volume: [100, 100, 100, 100],
};

function run(body: string[]) {
  const source = ["//@version=6", 'strategy("Test")', ...body].join("\n");
  return runPine(source, { bars, ticker: "T", timeframeSeconds: 86_400 });
}

describe("runPine", () => {
  it("keeps var state per call site and history per series, as Pine does", () => {
    const result = run([
      "count() =>",
      "    var int seen = 0",
      "    seen += 1",
      "    seen",
      "int a = count()",
      "int b = count() + count()",
      "float previous = close[1]",
      "float lagged = previous[2]",
    ]);
    expect(result.series("a")).toEqual([1, 2, 3, 4]);
    expect(result.series("b")).toEqual([2, 4, 6, 8]);
    expect(result.series("previous")).toEqual([NaN, 10.5, 11.5, 12.5]);
    expect(result.series("lagged")).toEqual([NaN, NaN, NaN, 10.5]);
  });

  it("evaluates and/or lazily and ternaries on one branch (Pine v6)", () => {
    const result = run([
      "bool guarded = not na(close[1]) and close[1] > 10",
      "float pick = close > 11 ? close : na",
    ]);
    expect(result.series("guarded")).toEqual([false, true, true, true]);
    expect(result.series("pick")).toEqual([NaN, 11.5, 12.5, 13.5]);
  });

  it("counts a for loop down when its end is below its start, as Pine does", () => {
    const result = run(["int total = 0", "for i = 2 to 0", "    total += i"]);
    expect(result.series("total")).toEqual([3, 3, 3, 3]);
  });

  it.each([
    [
      "a comparison with an undefined value",
      ["bool up = close > close[1]"],
      "line 3, bar 0: > compares an undefined value (na)",
    ],
    [
      "a condition that is not a bool",
      ["if 1", "    x = 2"],
      "a condition must be a bool (was a number)",
    ],
    ["a division by zero", ["float ratio = close / (close - close)"], "/ by zero"],
    ["an int given a fraction", ["int half = bar_index / 2"], "int half is given 0.5"],
    [
      "history beyond max_bars_back",
      ['strategy("Again", max_bars_back = 1)', "float far = close[2]"],
      "history offset 2 is beyond max_bars_back 1",
    ],
    ["an unknown built-in", ["float x = ta.sma(close, 2)"], "unknown function ta.sma"],
    [
      "a name read before its declaration",
      ["float x = later", "float later = 1.0"],
      "later is not declared",
    ],
  ])("fails the run on %s", (_, body, message) => {
    expect(() => run(body)).toThrow(message);
  });
});
