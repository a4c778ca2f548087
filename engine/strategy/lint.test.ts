import { describe, expect, it } from "vitest";
import { lintSpec } from "./lint.ts";
import type { Rule } from "./spec.ts";

const rsi = { rsi: { period: 14 } };
const spec = (entry: Rule, exit?: Rule, filters: Rule[] = []) => ({ entry, exit, filters });

describe("rules no price can change", () => {
  it("names an oscillator against a level outside its range, on either side", () => {
    expect(lintSpec(spec({ lt: [rsi, 130] }, { gt: [rsi, 70] }))).toEqual([
      "entry: RSI(14) < 130 is always true: RSI runs from 0 to 100.",
    ]);
    expect(lintSpec(spec({ gt: [rsi, 30] }, { gt: [rsi, 100] }))).toEqual([
      "exit: RSI(14) > 100 is never true: RSI runs from 0 to 100.",
    ]);
    // The level written first: 130 > RSI is RSI < 130.
    expect(lintSpec(spec({ gt: [130, rsi] }))).toEqual([
      "entry: 130 > RSI(14) is always true: RSI runs from 0 to 100.",
    ]);
    expect(
      lintSpec(spec(true, undefined, [{ crossAbove: [{ williamsR: { period: 14 } }, 20] }])),
    ).toEqual([
      "filter 1: WILLIAMSR(14) crosses above 20 is never true: WILLIAMSR runs from -100 to 0.",
    ]);
    // Edges: RSI <= 100 always holds, RSI < 100 may not; RSI >= 0 always, RSI > 0 may not.
    expect(lintSpec(spec({ and: [{ lte: [rsi, 100] }, { lt: [rsi, 100] }] }))).toEqual([
      "entry: RSI(14) <= 100 is always true: RSI runs from 0 to 100.",
    ]);
    expect(lintSpec(spec({ or: [{ gte: [rsi, 0] }, { not: { gt: [rsi, 0] } }] }))).toEqual([
      "entry: RSI(14) >= 0 is always true: RSI runs from 0 to 100.",
    ]);
  });

  it("names a line compared with itself: a 20/20 crossover never crosses", () => {
    const sma = { sma: { period: 20 } };
    expect(lintSpec(spec({ crossAbove: [sma, sma] }, { crossBelow: [sma, sma] }))).toEqual([
      "entry: SMA(20) crosses above SMA(20) compares a line with itself, so it is never true.",
      "exit: SMA(20) crosses below SMA(20) compares a line with itself, so it is never true.",
    ]);
    expect(lintSpec(spec({ gte: ["close", "close"] }))).toEqual([
      "entry: close >= close compares a line with itself, so it is always true.",
    ]);
  });

  it("says nothing of rules prices decide", () => {
    expect(
      lintSpec(
        spec(
          { and: [{ lt: [rsi, 30] }, { gt: ["close", { sma: { period: 200 } }] }] },
          { crossAbove: [rsi, 70] },
          [{ gt: [{ adx: { period: 14 } }, 25] }],
        ),
      ),
    ).toEqual([]);
    // Unbounded indicators have no range to leave: CCI above 500 is rare, not impossible.
    expect(lintSpec(spec({ gt: [{ cci: { period: 20 } }, 500] }))).toEqual([]);
  });
});
