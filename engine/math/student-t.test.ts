import { describe, expect, it } from "vitest";
import { studentTwoSidedP } from "./student-t.ts";

describe("studentTwoSidedP", () => {
  it("matches the closed forms for 1 and 2 degrees of freedom", () => {
    // df 1 is the Cauchy distribution: P(|T| >= t) = 1 - 2 atan(t) / pi.
    for (const t of [0.1, 1, 3, 40])
      expect(studentTwoSidedP(t, 1)).toBeCloseTo(1 - (2 * Math.atan(t)) / Math.PI, 12);
    // df 2: P(|T| >= t) = 1 - t / sqrt(2 + t^2).
    for (const t of [0.5, 2, 10])
      expect(studentTwoSidedP(-t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
  });

  it("gives the two-sided levels of the published t table's critical values", () => {
    // Critical values from the t table of NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2.
    const table: [number, number, number][] = [
      [12.706, 1, 0.05],
      [2.571, 5, 0.05],
      [3.169, 10, 0.01],
      [2.042, 30, 0.05],
      [2.66, 60, 0.01],
      [1.984, 100, 0.05],
    ];
    for (const [t, df, p] of table) expect(studentTwoSidedP(t, df)).toBeCloseTo(p, 4);
  });

  it("is 1 at zero, 0 at infinity, and refuses degrees of freedom that are not positive", () => {
    expect(studentTwoSidedP(0, 7)).toBe(1);
    expect(studentTwoSidedP(Infinity, 7)).toBe(0);
    expect(studentTwoSidedP(NaN, 7)).toBe(1);
    expect(() => studentTwoSidedP(1, 0)).toThrow(/degrees of freedom must be positive \(was 0\)/);
  });
});
