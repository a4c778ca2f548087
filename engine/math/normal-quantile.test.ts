import { describe, expect, it } from "vitest";
import { normalQuantile } from "./normal-quantile.ts";

// Golden quantiles solved independently with mpmath at 50 digits (findroot of
// log ncdf(x) = log p, ncdf being mpmath's erfc-based normal CDF), for the exact double p.
// Those for 1e-10, 0.975 and 0.99 agree with the commonly quoted values of R's qnorm.
const golden: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-100, -21.273453560965326],
  [1e-20, -9.262340089798407],
  [1e-10, -6.361340902404056],
  [1e-5, -4.264890793922825],
  [0.001, -3.0902323061678136],
  [0.025, -1.9599639845400543],
  [0.075, -1.439531470938456],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080408],
  [0.5, 0],
  [0.7, 0.5244005127080407],
  [0.925, 1.4395314709384561],
  [0.975, 1.959963984540054],
  [0.99, 2.326347874040841],
  // The double nearest 1 − 1e-10 is not 1 − 1e-10: its quantile differs from −Φ⁻¹(1e-10) at 1e-8.
  [1 - 1e-10, 6.361340889697422],
];

describe("normalQuantile (AS 241)", () => {
  it.each(golden)("Φ⁻¹(%s) = %s to 1e-9, and to 1e-14 relative", (probability, expected) => {
    const value = normalQuantile(probability);
    expect(Math.abs(value - expected)).toBeLessThan(1e-9);
    expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
  });

  it("is odd: Φ⁻¹(1 − p) = −Φ⁻¹(p) where 1 − p is exact", () => {
    for (const probability of [0.0625, 0.125, 0.25, 0.375, 0.4375]) {
      expect(normalQuantile(1 - probability)).toBe(-normalQuantile(probability));
    }
  });

  it("gives ±∞ at 0 and 1 and rejects probabilities outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const bad of [-0.1, 1.5, Number.NaN]) {
      expect(() => normalQuantile(bad)).toThrow(RangeError);
      expect(() => normalQuantile(bad)).toThrow(/`probability`/);
    }
  });
});
