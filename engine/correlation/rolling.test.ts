import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { RollingCorrelation } from "./rolling.ts";

/** Two-pass Pearson correlation of x and y over rows [from, to): the direct computation. */
function directCorrelation(x: Float64Array, y: Float64Array, from: number, to: number): number {
  let meanX = 0;
  let meanY = 0;
  for (let t = from; t < to; t++) {
    meanX += x[t]!;
    meanY += y[t]!;
  }
  meanX /= to - from;
  meanY /= to - from;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let t = from; t < to; t++) {
    xy += (x[t]! - meanX) * (y[t]! - meanY);
    xx += (x[t]! - meanX) ** 2;
    yy += (y[t]! - meanY) ** 2;
  }
  return xx === 0 || yy === 0 ? 0 : xy / Math.sqrt(xx * yy);
}

/** Correlated series: a common factor plus noise, with a constant offset to stress cancellation. */
function correlatedColumns(
  count: number,
  length: number,
  seed: number,
  offset = 0,
): Float64Array[] {
  const normal = normalSource(mulberry32(seed));
  const factor = Float64Array.from({ length }, () => normal());
  return Array.from({ length: count }, (_, i) =>
    Float64Array.from(factor, (f) => offset + 0.01 * (0.2 * i * f + normal())),
  );
}

/** The largest gap between the rolling matrix and the direct computation over every full window. */
function maxGap(columns: Float64Array[], windowBars: number, recomputeEveryBars?: number): number {
  const n = columns.length;
  const rolling = new RollingCorrelation(n, windowBars, recomputeEveryBars);
  let gap = 0;
  for (let t = 0; t < columns[0]!.length; t++) {
    rolling.push(columns.map((column) => column[t]!));
    if (!rolling.ready) continue;
    const matrix = rolling.matrix();
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const direct = directCorrelation(columns[i]!, columns[j]!, t + 1 - windowBars, t + 1);
        gap = Math.max(gap, Math.abs(matrix[i * n + j]! - direct));
      }
  }
  return gap;
}

describe("RollingCorrelation", () => {
  it("gives hand-checked values on a three-bar window", () => {
    const rolling = new RollingCorrelation(3, 3);
    // x rises, y = 2x rises with it, z falls: +1 and -1; then the window slides one bar.
    for (const row of [
      [1, 2, 3],
      [2, 4, 2],
      [3, 6, 1],
    ])
      rolling.push(row);
    expect(rolling.ready).toBe(true);
    expect(Array.from(rolling.matrix())).toEqual([1, 1, -1, 1, 1, -1, -1, -1, 1]);
    expect(rolling.averageCorrelation()).toBeCloseTo(-1 / 3, 14);
    // Window now [2,3,5], [4,6,4], [2,1,1]: corr(x,y) by hand = 0 (y = 4,6,4 against x 2,3,5:
    // deviations x: -4/3,-1/3,5/3; y: -2/3,4/3,-2/3; Σ = 8/9 - 4/9 - 10/9 = -6/9,
    // Σx² = 42/9, Σy² = 24/9 -> -6/sqrt(42·24) = -0.188982...).
    rolling.push([5, 4, 1]);
    expect(rolling.matrix()[1]).toBeCloseTo(-6 / Math.sqrt(42 * 24), 14);
  });

  it("reports a flat series as uncorrelated", () => {
    const rolling = new RollingCorrelation(2, 3);
    for (const row of [
      [1, 0.5],
      [2, 0.5],
      [4, 0.5],
    ])
      rolling.push(row);
    expect(rolling.matrix()[1]).toBe(0);
    expect(rolling.averageCorrelation()).toBe(0);
  });

  it("matches a direct two-pass computation at every bar", () => {
    const columns = correlatedColumns(6, 800, 7);
    expect(maxGap(columns, 60)).toBeLessThan(1e-12);
  });

  it("bounds drift with the periodic exact recompute", () => {
    // A large offset against small variation makes m·Σx² − (Σx)² cancel badly, so running
    // sums' rounding shows; the recompute keeps it to that of the last few windows.
    const columns = correlatedColumns(3, 20_000, 11, 5);
    const bounded = maxGap(columns, 30);
    const unbounded = maxGap(columns, 30, Number.POSITIVE_INFINITY);
    expect(bounded).toBeLessThan(1e-8);
    expect(unbounded).toBeGreaterThan(bounded);
  });

  it("fails fast on a non-finite return and refuses bad sizes", () => {
    const rolling = new RollingCorrelation(2, 3);
    expect(() => rolling.push([1, NaN])).toThrow(/not a finite number/);
    expect(() => new RollingCorrelation(1, 3)).toThrow(/symbolCount/);
    expect(() => new RollingCorrelation(2, 2)).toThrow(/windowBars/);
  });
});
