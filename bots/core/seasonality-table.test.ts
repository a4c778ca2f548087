import { describe, expect, it } from "vitest";
import { seasonalityTable } from "./seasonality-table.ts";

const dated = (period: string, value: number) => ({ period, return: value });

describe("seasonalityTable", () => {
  it("shows a row per group, months to 0.1%, the adjusted p-value starred when beyond chance", () => {
    const table = seasonalityTable({
      symbol: "SPY",
      by: "month",
      first: "2020-02",
      last: "2024-12",
      periods: 59,
      mean: 0.0134,
      groups: [
        {
          name: "April",
          count: 5,
          mean: 0.0454,
          median: 0.035,
          positiveShare: 1,
          best: dated("2023-04", 0.096),
          worst: dated("2021-04", 0.0001),
          othersMean: 0.0105,
          tStat: 3.1,
          pValue: 0.004,
          qValue: 0.048,
          significant: true,
        },
        {
          name: "October",
          count: 5,
          mean: -0.0415,
          median: 0.003,
          positiveShare: 0.6,
          best: dated("2022-10", 0.008),
          worst: dated("2023-10", -0.149),
          othersMean: 0.0185,
          tStat: null,
          pValue: null,
          qValue: null,
          significant: false,
        },
      ],
      focus: null,
      current: null,
      method: "",
    });
    expect(table).toEqual({
      kind: "table",
      header: ["", "Mean", "Median", "Up", "Best", "Worst", "n", "p (adjusted)"],
      rows: [
        ["April", "+4.5%", "+3.5%", "100%", "2023-04 +9.6%", "2021-04 +0.0%", "5", "0.048 *"],
        ["October", "-4.2%", "+0.3%", "60%", "2022-10 +0.8%", "2023-10 -14.9%", "5", "n/a"],
      ],
      caption: "SPY by calendar month, 2020-02 to 2024-12",
    });
  });

  it("is undefined for another result", () => {
    expect(seasonalityTable({ symbol: "SPY" })).toBeUndefined();
  });
});
