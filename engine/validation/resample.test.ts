import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random.ts";
import { percentileOfSorted } from "./percentile.ts";
import { defaultBlockLength, fillStationaryBootstrapIndices } from "./resample.ts";

describe("fillStationaryBootstrapIndices", () => {
  it("draws blocks of geometric length with the requested mean, covering every index evenly", () => {
    // Politis & Romano: a new block starts with probability 1/L, so the mean block is L long;
    // a fresh start can land on the next index by chance (1/T), which hides a break now and then.
    const length = 500;
    const target = new Int32Array(200_000);
    fillStationaryBootstrapIndices(target, length, 8, mulberry32(5));
    let breaks = 0;
    const hits = new Float64Array(length);
    hits[target[0]!]!++;
    for (let position = 1; position < target.length; position++) {
      if (target[position] !== (target[position - 1]! + 1) % length) breaks++;
      hits[target[position]!]!++;
    }
    const meanBlock = target.length / (breaks + 1);
    expect(meanBlock).toBeGreaterThan(8 * 0.97);
    expect(meanBlock).toBeLessThan(8 * 1.03 + 8 / length);
    // 400 expected hits per index; hits come in runs of about 8, so the counts are clumpy.
    expect(Math.min(...hits)).toBeGreaterThan(400 * 0.4);
    expect(Math.max(...hits)).toBeLessThan(400 * 1.6);
  });

  it("wraps from the last index to the first and stays in range", () => {
    const target = new Int32Array(10_000);
    fillStationaryBootstrapIndices(target, 3, 1000, mulberry32(1));
    let wraps = 0;
    for (let position = 1; position < target.length; position++) {
      if (target[position - 1] === 2 && target[position] === 0) wraps++;
    }
    expect(Math.min(...target)).toBe(0);
    expect(Math.max(...target)).toBe(2);
    // Blocks of mean length 1000 over 3 indices cycle 2 → 0 about once every 3 steps.
    expect(wraps).toBeGreaterThan(3000);
  });

  it("defaults the block length to round(T^(1/3)), at least 1", () => {
    expect(defaultBlockLength(1000)).toBe(10);
    expect(defaultBlockLength(250)).toBe(6);
    expect(defaultBlockLength(1)).toBe(1);
  });
});

describe("percentileOfSorted", () => {
  it("interpolates like numpy.percentile's default (type 7)", () => {
    // numpy.percentile([1, 2, 3, 4, 10], [0, 25, 50, 95, 100]) = [1, 2, 3, 8.8, 10]:
    // 95% sits at position 0.95 · 4 = 3.8, between 4 and 10.
    const sorted = Float64Array.from([1, 2, 3, 4, 10]);
    expect([0, 0.25, 0.5, 0.95, 1].map((p) => percentileOfSorted(sorted, p))).toEqual([
      1,
      2,
      3,
      expect.closeTo(8.8, 12),
      10,
    ]);
    expect(percentileOfSorted(Float64Array.from([Infinity, Infinity]), 0.5)).toBe(Infinity);
  });
});
