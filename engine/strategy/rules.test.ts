import { describe, expect, it } from "vitest";
import { candles } from "../simulate/test-bars.ts";
import { ExpressionEvaluator } from "./expressions.ts";
import { evaluateRule, FALSE, TRUE, UNKNOWN } from "./rules.ts";
import type { NumericExpression, Rule } from "./spec.ts";

// Closes 10, 11, 12, 11, 10, 11, 13: hand-computed SMA(2) is -, 10.5, 11.5, 11.5, 10.5, 10.5, 12.
const bars = candles(
  "T",
  [10, 11, 12, 11, 10, 11, 13].map((close): [number, number, number, number] => [
    close,
    close + 1,
    close - 1,
    close,
  ]),
);
const evaluator = () => new ExpressionEvaluator(bars);
const rule = (value: Rule) => Array.from(evaluateRule(value, evaluator()));
const series = (value: NumericExpression) => Array.from(evaluator().evaluate(value));

describe("expressions", () => {
  it("evaluates bar fields, constants, arithmetic and lags", () => {
    expect(series("close")).toEqual([10, 11, 12, 11, 10, 11, 13]);
    expect(series("hl2")).toEqual([10, 11, 12, 11, 10, 11, 13]);
    expect(series({ sub: ["close", { lag: { of: "close", bars: 2 } }] })).toEqual([
      NaN,
      NaN,
      2,
      0,
      -2,
      0,
      3,
    ]);
    expect(series({ div: [1, { sub: ["close", 11] }] })).toEqual([-1, NaN, 1, NaN, -1, NaN, 0.5]);
    expect(series({ max: [{ abs: { sub: ["close", 11] } }, 1.5] })).toEqual([
      1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2,
    ]);
  });

  it("computes indicators on other expressions", () => {
    expect(series({ sma: { period: 2 } })).toEqual([NaN, 10.5, 11.5, 11.5, 10.5, 10.5, 12]);
    expect(series({ sma: { period: 2, source: { mul: ["close", 2] } } })).toEqual([
      NaN,
      21,
      23,
      23,
      21,
      21,
      24,
    ]);
    expect(series({ rollingMax: { period: 3, source: { sma: { period: 2 } } } })).toEqual([
      NaN,
      NaN,
      NaN,
      11.5,
      11.5,
      11.5,
      12,
    ]);
  });

  it("asks for the line of a multi-output indicator", () => {
    expect(() => series({ bollinger: { period: 2, stdDev: 2 } })).toThrow(
      /bollinger needs "output": one of upper, middle, lower/,
    );
    expect(series({ bollinger: { period: 2, stdDev: 2, output: "middle" } })).toEqual(
      series({ sma: { period: 2 } }),
    );
  });
});

describe("rules", () => {
  it("fires a cross only on the bar where it happens, with both sides defined the bar before", () => {
    // close vs SMA(2): differences -, 0.5, 0.5, -0.5, -0.5, 0.5, 1
    expect(rule({ crossAbove: ["close", { sma: { period: 2 } }] })).toEqual([
      UNKNOWN,
      UNKNOWN,
      FALSE,
      FALSE,
      FALSE,
      TRUE,
      FALSE,
    ]);
    expect(rule({ crossBelow: ["close", { sma: { period: 2 } }] })).toEqual([
      UNKNOWN,
      UNKNOWN,
      FALSE,
      TRUE,
      FALSE,
      FALSE,
      FALSE,
    ]);
  });

  it("gives the same crosses from the shared pass as from separate evaluators", () => {
    // One evaluator computes crossAbove(a, b) and keeps b crossing above a for the next rule.
    const a: NumericExpression = "close";
    const b: NumericExpression = { sma: { period: 2 } };
    const shared = evaluator();
    const up = evaluateRule({ crossAbove: [a, b] }, shared);
    up.fill(FALSE); // callers own what they get: this must not leak into the next rule
    const down = evaluateRule({ crossBelow: [a, b] }, shared);
    expect(Array.from(down)).toEqual(rule({ crossBelow: [a, b] }));
    expect(Array.from(evaluateRule({ crossAbove: [b, a] }, shared))).toEqual(
      rule({ crossBelow: [a, b] }),
    );
    expect(Array.from(evaluateRule({ crossAbove: [a, b] }, shared))).toEqual(
      rule({ crossAbove: [a, b] }),
    );
  });

  it("counts touching then rising as a cross (a[t-1] <= b[t-1])", () => {
    expect(rule({ crossAbove: ["close", 11] })).toEqual([
      UNKNOWN,
      FALSE,
      TRUE,
      FALSE,
      FALSE,
      FALSE,
      TRUE,
    ]);
  });

  it("compares bar by bar and keeps warm-up unknown through not, and, or", () => {
    const above: Rule = { gt: ["close", { sma: { period: 2 } }] };
    expect(rule(above)).toEqual([UNKNOWN, TRUE, TRUE, FALSE, FALSE, TRUE, TRUE]);
    expect(rule({ not: above })).toEqual([UNKNOWN, FALSE, FALSE, TRUE, TRUE, FALSE, FALSE]);
    expect(rule({ and: [above, { lte: ["close", 11] }] })).toEqual([
      UNKNOWN,
      TRUE,
      FALSE,
      FALSE,
      FALSE,
      TRUE,
      FALSE,
    ]);
    expect(rule({ or: [above, { gte: ["close", 12] }] })).toEqual([
      UNKNOWN,
      TRUE,
      TRUE,
      FALSE,
      FALSE,
      TRUE,
      TRUE,
    ]);
    expect(rule({ lt: ["close", 11] })).toEqual([TRUE, FALSE, FALSE, FALSE, TRUE, FALSE, FALSE]);
    expect(rule(true)).toEqual([TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE]);
  });
});
