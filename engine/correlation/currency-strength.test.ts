import { describe, expect, it } from "vitest";
import { currencies, currencyStrength, rankDescending } from "./currency-strength.ts";

/** Closes of the seven majors (EUR/USD, GBP/USD, USD/JPY, USD/CHF, AUD/USD, USD/CAD, NZD/USD). */
const majors = (rows: number[][]) =>
  rows[0]!.map((_, k) => Float64Array.from(rows, (row) => row[k]!));

describe("currencyStrength", () => {
  it("scores a hand example against the equal-weighted basket", () => {
    // Over one bar EUR/USD rises 10% and USD/JPY rises 10% (the yen weakens); the rest are flat.
    // Returns against USD: EUR +ln 1.1, JPY −ln 1.1, others 0; the basket's mean is 0, so the
    // scores are the returns themselves: EUR first, JPY last, USD and the others level.
    const closes = majors([
      [1.0, 1.25, 150, 0.9, 0.65, 1.35, 0.6],
      [1.1, 1.25, 165, 0.9, 0.65, 1.35, 0.6],
    ]);
    const scores = currencyStrength(closes, 1);
    const last = scores.map((column) => column[1]!);
    expect(Number.isNaN(scores[0]![0]!)).toBe(true);
    const l = Math.log(1.1);
    expect(last).toEqual([0, l, 0, -l, 0, 0, 0, 0].map((value) => expect.closeTo(value, 14)));
    // Now only EUR/USD rises: EUR +l, basket l/8, so EUR scores 7l/8 and every other −l/8;
    // USD's score is minus the mean of the others' returns against it, over eight.
    const single = currencyStrength(
      majors([
        [1.0, 1.25, 150, 0.9, 0.65, 1.35, 0.6],
        [1.1, 1.25, 150, 0.9, 0.65, 1.35, 0.6],
      ]),
      1,
    ).map((column) => column[1]!);
    expect(single).toEqual(
      currencies.map((currency) => expect.closeTo(currency === "EUR" ? (7 * l) / 8 : -l / 8, 14)),
    );
    expect(single.reduce((sum, value) => sum + value, 0)).toBeCloseTo(0, 14);
  });

  it("makes a cross rate the difference of two scores", () => {
    // EUR/JPY = EUR/USD × USD/JPY: its log return equals score(EUR) − score(JPY).
    const closes = majors([
      [1.08, 1.27, 148, 0.88, 0.66, 1.36, 0.61],
      [1.1, 1.26, 151, 0.87, 0.67, 1.34, 0.6],
    ]);
    const scores = currencyStrength(closes, 1).map((column) => column[1]!);
    const crossReturn = Math.log((1.1 * 151) / (1.08 * 148));
    expect(scores[1]! - scores[3]!).toBeCloseTo(crossReturn, 14);
  });

  it("ranks largest first, ties in input order, and refuses bad input", () => {
    expect(rankDescending([0.1, 0.3, -0.2, 0.3])).toEqual([3, 1, 4, 2]);
    expect(() => currencyStrength([new Float64Array(2)], 1)).toThrow(/7 USD majors/);
    expect(() => currencyStrength(majors([[1, 1, 1, 1, 1, 1, 1]]), 0)).toThrow(/horizonBars/);
  });
});
