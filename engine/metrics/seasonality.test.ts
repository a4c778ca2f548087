import { describe, expect, it } from "vitest";
import { studentTwoSidedP } from "../math/student-t.ts";
import { seasonality } from "./seasonality.ts";

/** Month-end closes from January 2020 to January 2022: each month's return is set by hand. */
function monthEnds(): { timestampMs: number[]; close: number[] } {
  const timestampMs = [Date.UTC(2020, 0, 31)];
  const close = [100];
  // February to December: +1% in 2020, -1% in 2021; January +4% (2021) and +6% (2022).
  for (let month = 1; month <= 24; month++) {
    const year = 2020 + Math.floor(month / 12);
    const inMonth = month % 12;
    const change = inMonth === 0 ? (year === 2021 ? 0.04 : 0.06) : year === 2020 ? 0.01 : -0.01;
    // A close mid-month first: the month's return is from its last close only.
    timestampMs.push(Date.UTC(year, inMonth, 10), Date.UTC(year, inMonth + 1, 0));
    close.push(close.at(-1)! * 3, close.at(-1)! * (1 + change));
  }
  return { timestampMs, close };
}

describe("seasonality", () => {
  it("buckets month returns and tests each month against the rest (worked by hand)", () => {
    const { timestampMs, close } = monthEnds();
    const result = seasonality(timestampMs, close, "month", Date.UTC(2026, 0, 1));
    expect(result.periods).toHaveLength(24);
    expect(result.partial).toBeNull();
    expect(result.buckets.map((bucket) => bucket.bucket)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    const [january, february] = result.buckets;
    expect(january).toMatchObject({ count: 2, positiveShare: 1 });
    expect(january!.mean).toBeCloseTo(0.05, 12);
    expect(january!.median).toBeCloseTo(0.05, 12);
    expect(january!.best).toMatchObject({ period: "2022-01", bucket: 1 });
    expect(january!.worst.period).toBe("2021-01");
    expect(january!.othersMean).toBeCloseTo(0, 12);
    // Welch by hand: Januaries' variance 2 x 0.01^2 / 1, over 2; the other 22 months' 22 x
    // 0.01^2 / 21, over 22.
    const va = (2 * 0.01 ** 2) / 1 / 2;
    const vb = (22 * 0.01 ** 2) / 21 / 22;
    const t = 0.05 / Math.sqrt(va + vb);
    const df = (va + vb) ** 2 / (va ** 2 / 1 + vb ** 2 / 21);
    expect(january!.tStat).toBeCloseTo(t, 9);
    expect(january!.pValue).toBeCloseTo(studentTwoSidedP(t, df), 9);
    expect(february).toMatchObject({ count: 2, positiveShare: 0.5 });
    expect(february!.mean).toBeCloseTo(0, 12);
    expect(february!.best.period).toBe("2020-02");
    // The others: two Januaries (0.10) and ten months each at +1% and -1%, over 22.
    expect(february!.othersMean).toBeCloseTo(0.1 / 22, 12);
    expect(result.mean).toBeCloseTo(0.1 / 24, 12);
    // Benjamini-Hochberg over 12: the other eleven months share one p (each is symmetric), the
    // largest, so January's q is min(12 p, 12/12 of theirs) and theirs is their p.
    for (const bucket of result.buckets.slice(2))
      expect(bucket.pValue).toBeCloseTo(february!.pValue!, 12);
    expect(january!.qValue).toBeCloseTo(Math.min(12 * january!.pValue!, february!.pValue!), 12);
    expect(february!.qValue).toBeCloseTo(february!.pValue!, 12);
  });

  it("leaves a month that has not ended out of the statistics and names it", () => {
    const { timestampMs, close } = monthEnds();
    const result = seasonality(timestampMs, close, "month", Date.UTC(2022, 0, 20));
    expect(result.partial).toMatchObject({ period: "2022-01", bucket: 1 });
    expect(result.partial!.return).toBeCloseTo(0.06, 12);
    expect(result.periods).toHaveLength(23);
    expect(result.buckets[0]).toMatchObject({ bucket: 1, count: 1, tStat: null, pValue: null });
  });

  it("buckets day returns by weekday, a Monday carrying the weekend", () => {
    // Friday 2024-03-01 to Friday 2024-03-15, weekdays only.
    const days = [1, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15].map((day) => Date.UTC(2024, 2, day));
    const close = [100, 102, 101, 101, 103, 103, 99, 100, 100, 101, 102];
    const result = seasonality(days, close, "weekday", Date.UTC(2026, 0, 1));
    expect(result.buckets.map((bucket) => bucket.bucket)).toEqual([1, 2, 3, 4, 5]);
    const monday = result.buckets[0]!;
    expect(monday.count).toBe(2);
    // Mondays: 100 -> 102 (from Friday the 1st) and 103 -> 99 (from Friday the 8th).
    expect(monday.mean).toBeCloseTo((0.02 + (99 / 103 - 1)) / 2, 12);
    expect(monday.worst.period).toBe("2024-03-11");
    expect(result.partial).toBeNull();
  });

  it("gives no buckets for a series too short to hold a whole month, and refuses columns of different lengths", () => {
    const result = seasonality([Date.UTC(2024, 0, 2)], [100], "month", Date.UTC(2026, 0, 1));
    expect(result).toMatchObject({ periods: [], buckets: [], partial: null, mean: 0 });
    expect(() => seasonality([1, 2], [100], "month", 0)).toThrow(
      "timestamps and closes must be as long (2 and 1)",
    );
  });
});
