import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const time = ["2024-12-27", "2024-12-30", "2024-12-31"].map((day) => `${day}T00:00:00.000Z`);

describe("compute_indicators", () => {
  it("gives each indicator in the order asked with its latest value and its date, each line of a multi-line one", () => {
    const reply = describeResult("compute_indicators", {
      symbol: "SPY",
      timeframe: "1d",
      time,
      indicators: [
        { rsi: { period: 14 } },
        { macd: { fast: 12, slow: 26, signal: 9 } },
        { sma: { period: 2, source: "volume" } },
        { obv: {} },
      ],
      values: [
        [55.5, 61.234567, null],
        { macd: [null, 1.5, 1.25], signal: [null, null, 0.75], histogram: [null, null, 0.5] },
        [null, 1500, 1750.5],
        [1000, 2000, 1500],
      ],
    });
    expect(reply.split("\n")).toEqual([
      "Latest values over 3 daily bars of SPY from 2024-12-27 to 2024-12-31:",
      "- rsi(period 14): 61.2346 on 2024-12-30 (between the usual 30 and 70 marks: neither overbought nor oversold)",
      "- macd(fast 12, slow 26, signal 9): macd 1.25, signal 0.75, histogram 0.5 on 2024-12-31",
      "- sma(period 2) of volume: 1750.5 on 2024-12-31",
      "- obv: 1500 on 2024-12-31",
    ]);
  });

  it("reads an oscillator's latest value against its usual marks, as shown", () => {
    const reading = (name: string, value: number) =>
      describeResult("compute_indicators", {
        symbol: "SPY",
        timeframe: "1d",
        time,
        indicators: [{ [name]: { period: 14 } }],
        values: [[null, 50, value]],
      }).split("\n")[1];
    expect(reading("rsi", 71.2)).toMatch(/\(overbought by the usual reading \(70 and above\)\)$/);
    expect(reading("rsi", 69.9999999)).toMatch(/: 70 on .*\(overbought by the usual reading/);
    expect(reading("mfi", 12)).toMatch(/\(oversold by the usual reading \(20 and below\)\)$/);
    expect(reading("williamsR", -90)).toMatch(/oversold by the usual reading \(-80 and below\)/);
    expect(reading("cci", 150)).toMatch(/overbought by the usual reading \(100 and above\)/);
    expect(reading("adx", 31)).toMatch(/a trending market by Wilder's reading \(25 and above\)\)$/);
    expect(reading("adx", 14)).toMatch(/no clear trend by Wilder's reading \(below 20\)\)$/);
    expect(reading("adx", 22)).toMatch(/a trend may be forming/);
    // An unbounded indicator has no marks.
    expect(reading("sma", 480)).toBe("- sma(period 14): 480 on 2024-12-31");
  });

  it("dates each line of its own when they end apart, and says which are still warming up", () => {
    const reply = describeResult("compute_indicators", {
      symbol: "EUR/USD",
      timeframe: "1h",
      time: ["2024-12-31T09:00:00.000Z", "2024-12-31T10:00:00.000Z"],
      indicators: [{ sma: { period: 200 } }, { bollinger: { period: 2, stdDev: 2 } }],
      values: [
        [null, null],
        { upper: [null, 1.0412345], middle: [1.04, null], lower: [null, null] },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "Latest values over 2 hourly bars of EUR/USD from 2024-12-31 09:00 UTC to 2024-12-31 10:00 UTC:",
      "- sma(period 200): no value yet: still warming up over these 2 bars",
      "- bollinger(period 2, stdDev 2): upper 1.04123 (2024-12-31 10:00 UTC), middle 1.04 (2024-12-31 09:00 UTC), lower none yet",
    ]);
  });

  it("says so when the range holds no bar", () => {
    expect(
      describeResult("compute_indicators", {
        symbol: "SPY",
        timeframe: "1d",
        time: [],
        indicators: [{ rsi: { period: 14 } }],
        values: [[]],
      }),
    ).toBe("No daily bars of SPY in that range: nothing computed.");
  });
});
