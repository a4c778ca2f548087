import { describe, expect, it } from "vitest";
import { detectRegimeShifts } from "./regime.ts";

describe("detectRegimeShifts", () => {
  it("fires once per excursion against the trailing baseline, with hysteresis", () => {
    // Baseline of 3 bars ending 1 bar before t. Flat 0.3, a jump to 0.5, back to 0.3.
    const values = Float64Array.from([
      NaN,
      0.3,
      0.3,
      0.3,
      0.3,
      0.5,
      0.5,
      0.5,
      0.3,
      0.3,
      0.3,
      0.3,
      0.3,
    ]);
    const events = detectRegimeShifts(values, "averageCorrelation", {
      baselineBars: 3,
      gapBars: 1,
      threshold: 0.15,
    });
    // t=5: baseline mean(v[2..4]) = 0.3, shift +0.2 -> rise. t=6: baseline (0.3+0.3+0.5)/3,
    // shift 0.133: disarmed for rises, not back within half the threshold. t=7: baseline
    // (0.3+0.5+0.5)/3, shift 0.067 < 0.075: re-armed. t=8: baseline 0.5, shift -0.2 -> fall.
    expect(events.map(({ bar, direction }) => [bar, direction])).toEqual([
      [5, "rise"],
      [8, "fall"],
    ]);
    expect(events[0]).toMatchObject({
      value: 0.5,
      shift: expect.closeTo(0.2, 12),
      baseline: expect.closeTo(0.3, 12),
    });
  });

  it("waits for a full baseline and refuses a bad rule", () => {
    const values = Float64Array.from([0.1, 0.9, 0.9]);
    expect(
      detectRegimeShifts(values, "firstEigenShare", {
        baselineBars: 3,
        gapBars: 1,
        threshold: 0.1,
      }),
    ).toEqual([]);
    expect(() =>
      detectRegimeShifts(values, "firstEigenShare", {
        baselineBars: 0,
        gapBars: 1,
        threshold: 0.1,
      }),
    ).toThrow(/baselineBars/);
    expect(() =>
      detectRegimeShifts(values, "firstEigenShare", {
        baselineBars: 1,
        gapBars: 0,
        threshold: 0.1,
      }),
    ).toThrow(/gapBars/);
    expect(() =>
      detectRegimeShifts(values, "firstEigenShare", { baselineBars: 1, gapBars: 1, threshold: 0 }),
    ).toThrow(/threshold/);
  });
});
