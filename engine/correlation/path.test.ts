import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { firstEigen } from "./eigen.ts";
import { correlationPath } from "./path.ts";
import { RollingCorrelation } from "./rolling.ts";

describe("correlationPath", () => {
  it("records each window's average correlation and eigenvalue share, NaN while warming up", () => {
    const normal = normalSource(mulberry32(3));
    const common = Array.from({ length: 200 }, () => normal());
    const returns = [0, 1, 2, 3].map((i) =>
      Float64Array.from(common, (c) => 0.5 * i * c + normal()),
    );
    const path = correlationPath(returns, 20);
    expect(Number.isNaN(path.averageCorrelation[18]!)).toBe(true);
    expect(Number.isNaN(path.firstEigenShare[18]!)).toBe(true);
    // Bar 120 again, from a fresh RollingCorrelation fed only that window.
    const check = new RollingCorrelation(4, 20);
    for (let t = 101; t <= 120; t++) check.push(returns.map((column) => column[t]!));
    expect(path.averageCorrelation[120]).toBeCloseTo(check.averageCorrelation(), 12);
    expect(path.firstEigenShare[120]).toBeCloseTo(firstEigen(check.matrix(), 4).value / 4, 8);
    expect(path.lastMatrix).toHaveLength(16);
  });

  it("refuses columns of different lengths", () => {
    expect(() => correlationPath([new Float64Array(5), new Float64Array(4)], 3)).toThrow(
      /equal lengths/,
    );
  });
});
