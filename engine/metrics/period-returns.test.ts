import { describe, expect, it } from "vitest";
import { periodReturns } from "./period-returns.ts";

const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe("periodReturns", () => {
  // 100 000 to start; the last close of January is 110 000, of February 99 000, of a later
  // December 108 900: +10%, -10%, then +10% over the months with no close in them skipped.
  const times = ["2023-01-03", "2023-01-31", "2023-02-01", "2023-02-28", "2023-12-29"].map(at);
  const equity = [101_000, 110_000, 104_000, 99_000, 108_900];

  it("chains each month from the last close before it (a hand calculation)", () => {
    const months = periodReturns(times, equity, 100_000, "month");
    expect(months.map(({ period }) => period)).toEqual(["2023-01", "2023-02", "2023-12"]);
    expect(months[0]!.return).toBeCloseTo(0.1, 12);
    expect(months[1]!.return).toBeCloseTo(-0.1, 12);
    expect(months[2]!.return).toBeCloseTo(0.1, 12);
  });

  it("gives a year from the starting equity to its last close, the months compounded", () => {
    const years = periodReturns([...times, at("2024-01-02")], [...equity, 98_010], 100_000, "year");
    expect(years.map(({ period }) => period)).toEqual(["2023", "2024"]);
    // 1.1 x 0.9 x 1.1 - 1, then 98 010 / 108 900 - 1 = -10%.
    expect(years[0]!.return).toBeCloseTo(1.1 * 0.9 * 1.1 - 1, 12);
    expect(years[1]!.return).toBeCloseTo(-0.1, 12);
  });

  it("is empty for an empty curve and says which argument is wrong", () => {
    expect(periodReturns([], [], 100, "month")).toEqual([]);
    expect(() => periodReturns([1, 2], [1], 100, "month")).toThrow(/as long \(2 and 1\)/);
    expect(() => periodReturns([1], [1], 0, "year")).toThrow(/starting equity must be positive/);
  });
});
