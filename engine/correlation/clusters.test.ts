import { describe, expect, it } from "vitest";
import { correlationClusters } from "./clusters.ts";

describe("correlationClusters", () => {
  it("groups two correlated pairs apart, by hand", () => {
    // SPY~QQQ 0.9, GLD~SLV 0.8, across 0.1-0.2: two clusters at 0.7.
    const symbols = ["SPY", "GLD", "QQQ", "SLV"];
    const matrix = [1, 0.1, 0.9, 0.2, 0.1, 1, 0.15, 0.8, 0.9, 0.15, 1, 0.1, 0.2, 0.8, 0.1, 1];
    const clusters = correlationClusters(symbols, matrix);
    expect(Object.fromEntries(clusters)).toEqual({
      SPY: "cluster:QQQ",
      QQQ: "cluster:QQQ",
      GLD: "cluster:GLD",
      SLV: "cluster:GLD",
    });
    // At 0.85 only SPY/QQQ join; at 0.1 everything is one cluster (average 0.1375 >= 0.1 after the pairs).
    expect(correlationClusters(symbols, matrix, 0.85).get("SLV")).toBe("cluster:SLV");
    expect(new Set(correlationClusters(symbols, matrix, 0.1).values())).toEqual(
      new Set(["cluster:GLD"]),
    );
  });

  it("uses the average linkage: a third symbol joins only when its average with the pair is high enough", () => {
    // A~B 0.9; C~A 0.9 but C~B 0.4: average 0.65 < 0.7 keeps C alone.
    const matrix = [1, 0.9, 0.9, 0.9, 1, 0.4, 0.9, 0.4, 1];
    expect(Object.fromEntries(correlationClusters(["A", "B", "C"], matrix))).toEqual({
      A: "cluster:A",
      B: "cluster:A",
      C: "cluster:C",
    });
  });

  it("treats NaN as uncorrelated and refuses a matrix of the wrong size", () => {
    const matrix = [1, Number.NaN, Number.NaN, 1];
    expect(correlationClusters(["A", "B"], matrix).get("B")).toBe("cluster:B");
    expect(() => correlationClusters(["A", "B"], [1, 0, 0])).toThrow(/3 entries, 2 symbols need 4/);
  });
});
