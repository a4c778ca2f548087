import { describe, expect, it } from "vitest";
import { quadrantOf, relativeStrength, sectorRotation } from "./sector-rotation.ts";

const column = (values: number[]) => Float64Array.from(values);

describe("sector rotation", () => {
  it("measures relative strength as the log return over the benchmark's", () => {
    const sector = column([100, 110, 121]);
    const benchmark = column([100, 100, 110]);
    expect(relativeStrength(sector, benchmark, 2, 2)).toBeCloseTo(
      Math.log(1.21) - Math.log(1.1),
      14,
    );
    expect(relativeStrength(sector, benchmark, 3, 2)).toBeNaN();
    expect(quadrantOf(0.1, -0.1)).toBe("weakening");
    expect(quadrantOf(-0.1, 0.1)).toBe("improving");
  });

  it("ranks per horizon and signals quadrant changes and rank jumps (hand example)", () => {
    // Flat benchmark, horizons 1 and 3 bars, lookback 1 bar, t = 4.
    const benchmark = column([100, 100, 100, 100, 100]);
    // A: steady riser (leading throughout). B: fell, then turns up on the last bar (lagging ->
    // improving). C: rose, then dips on the last bar (leading -> weakening). D: flat.
    const sectors = [
      column([100, 101, 102, 103, 104]),
      column([100, 98, 96, 94, 95]),
      column([100, 102, 104, 106, 105]),
      column([100, 100, 100, 100, 100]),
    ];
    const rotation = sectorRotation(sectors, benchmark, [1, 3], 4, 1, 3);
    // 1-bar strength at t=4: A ln(104/103), B ln(95/94), C ln(105/106), D 0 -> B > A > D > C.
    expect(rotation.horizons[0]!.rank).toEqual([2, 1, 4, 3]);
    // The bar before: A ln(103/102), B ln(94/96), C ln(106/104), D 0 -> C > A > D > B.
    expect(rotation.horizons[0]!.previousRank).toEqual([2, 4, 1, 3]);
    // 3-bar strength at t=4: A ln(104/101) = 0.0293, B ln(95/98), C ln(105/102) = 0.0290, D 0
    // -> A > C > D > B.
    expect(rotation.horizons[1]!.rank).toEqual([1, 4, 2, 3]);
    expect(rotation.quadrant).toEqual(["leading", "improving", "weakening", "leading"]);
    expect(rotation.signals).toEqual([
      { sector: 1, kind: "quadrant", from: "lagging", to: "improving" },
      { sector: 1, kind: "rank_jump", from: 4, to: 1 },
      { sector: 2, kind: "quadrant", from: "leading", to: "weakening" },
      { sector: 2, kind: "rank_jump", from: 1, to: 4 },
    ]);
  });

  it("says how many bars it needs", () => {
    expect(() => sectorRotation([column([1, 2])], column([1, 2]), [1, 3], 1, 1)).toThrow(
      /need 5 aligned bars/,
    );
  });
});
