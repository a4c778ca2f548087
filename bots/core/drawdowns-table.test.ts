import { describe, expect, it } from "vitest";
import { drawdownsTable } from "./drawdowns-table.ts";

const point = (time: string, value: number) => ({ time: `${time}T00:00:00.000Z`, value });

describe("drawdownsTable", () => {
  it("shows a row per drawdown, deepest first, an unrecovered one counted so far", () => {
    const table = drawdownsTable({
      of: "DIPS",
      symbol: "DIPS",
      backtestId: null,
      start: "2024-01-01T00:00:00.000Z",
      end: "2024-01-09T00:00:00.000Z",
      count: 2,
      maxDrawdown: 0.2,
      current: { depth: 0.045, peak: point("2024-01-06", 110), days: 3 },
      underwaterShare: 0.67,
      falling: null,
      episodes: [
        {
          peak: point("2024-01-01", 100),
          trough: point("2024-01-03", 80),
          recovered: "2024-01-05T00:00:00.000Z",
          depth: 0.2,
          fallDays: 2,
          recoveryDays: 2,
          totalDays: 4,
        },
        {
          peak: point("2024-01-06", 110),
          trough: point("2024-01-08", 93.5),
          recovered: null,
          depth: 0.15,
          fallDays: 2,
          recoveryDays: null,
          totalDays: 3,
        },
      ],
      curve: [],
    });
    expect(table).toEqual({
      kind: "table",
      header: ["", "Depth", "Peak", "Low", "Recovered", "Days down", "Days up", "Days in all"],
      rows: [
        ["1", "-20.0%", "2024-01-01", "2024-01-03", "2024-01-05", "2", "2", "4"],
        ["2", "-15.0%", "2024-01-06", "2024-01-08", "not yet", "2", "", "3 so far"],
      ],
      caption: "DIPS: the deepest drawdowns, 2024-01-01 to 2024-01-09",
    });
  });

  it("is undefined for another result, or one with no drawdown", () => {
    expect(drawdownsTable({ symbol: "SPY" })).toBeUndefined();
  });
});
