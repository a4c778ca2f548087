import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const group = (name: string, mean: number, extra: Record<string, unknown> = {}) => ({
  name,
  count: 5,
  mean,
  median: mean,
  positiveShare: 0.6,
  best: { period: "2021-01", return: 0.05 },
  worst: { period: "2022-01", return: -0.04 },
  othersMean: 0.01,
  tStat: 1,
  pValue: 0.3,
  qValue: 0.6,
  significant: false,
  ...extra,
});

const result = {
  symbol: "SPY",
  by: "month",
  first: "2020-02",
  last: "2024-12",
  periods: 59,
  mean: 0.0134,
  groups: [
    group("January", -0.0136),
    group("April", 0.0454, { pValue: 0.004, qValue: 0.048, significant: true }),
    group("September", 0.0324, { count: 5, positiveShare: 0.8, median: 0.0298 }),
  ],
  focus: "September",
  current: { name: "December", period: "2024-12", return: 0.012 },
  method: "",
};

describe("seasonality reply", () => {
  it("tests the month asked about first, then the strongest and weakest, and the month under way", () => {
    expect(describeResult("seasonality", result).split("\n")).toEqual([
      "SPY by calendar month, 2020-02 to 2024-12 (59 months): +1.34% a month on average.",
      "September, +3.24% on average against +1.00% in the other months (p 0.30, 0.60 adjusted across 3); median +2.98%, up in 80% of 5 Septembers: within chance.",
      "Strongest: April, +4.54% on average against +1.00% in the other months (p 0.0040, 0.048 adjusted across 3).",
      "Weakest: January, -1.36% on average against +1.00% in the other months (p 0.30, 0.60 adjusted across 3).",
      "Beyond chance across the 3 (Benjamini-Hochberg at 5%, marked *): April (+4.54% on average). Seasonality can fade: backtest it before trading it.",
      "December so far (2024-12, not ended): +1.20%.",
    ]);
  });

  it("says when no weekday stands out, and when the one asked about is not in the period", () => {
    const days = {
      ...result,
      by: "weekday",
      first: "2024-01-02",
      last: "2024-12-31",
      periods: 251,
      groups: [group("Monday", 0.001, { pValue: null, qValue: null }), group("Friday", -0.002)],
      focus: "Saturday",
      current: null,
    };
    const lines = describeResult("seasonality", days).split("\n");
    expect(lines[0]).toBe(
      "SPY by weekday, 2024-01-02 to 2024-12-31 (251 days): +1.34% a day on average.",
    );
    expect(lines[1]).toBe("No Saturday in the period.");
    expect(lines[2]).toContain(
      "Monday, +0.10% on average against +1.00% in the other weekdays (untested: too few of them)",
    );
    expect(lines[4]).toBe(
      "No weekday differs from the others by more than chance once the 2 are tested together (Benjamini-Hochberg at 5%): read it as history, not an edge.",
    );
  });
});
