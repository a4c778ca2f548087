import { describe, expect, it } from "vitest";
import { shouldPrune } from "./pruner.ts";

// Five completed trials; at step 1 their values are 2, 3, 4, 5, 6: the median is 4.
const curves = [
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 5],
  [4, 5, 6],
  [5, 6, 7],
];

describe("shouldPrune", () => {
  it("prunes a value below the median at its step, not one at or above it", () => {
    expect(shouldPrune({ step: 1, value: 3.9 }, curves)).toBe(true);
    expect(shouldPrune({ step: 1, value: 4 }, curves)).toBe(false);
    expect(shouldPrune({ step: 1, value: 4.1 }, curves)).toBe(false);
    // At step 2 the median is 5: a value that was fine at step 1 is now behind.
    expect(shouldPrune({ step: 2, value: 4.1 }, curves)).toBe(true);
  });

  it("takes the mean of the middle two for an even count, as numpy's median", () => {
    const six = [[1], [2], [3], [4], [5], [6]];
    expect(shouldPrune({ step: 0, value: 3.4 }, six)).toBe(true);
    expect(shouldPrune({ step: 0, value: 3.5 }, six)).toBe(false);
  });

  it("waits for the startup trials and the warm-up steps", () => {
    expect(shouldPrune({ step: 1, value: -100 }, curves.slice(0, 4))).toBe(false);
    expect(shouldPrune({ step: 1, value: -100 }, curves.slice(0, 4), { startupTrials: 4 })).toBe(
      true,
    );
    expect(shouldPrune({ step: 1, value: -100 }, curves, { warmupSteps: 2 })).toBe(false);
    expect(shouldPrune({ step: 2, value: -100 }, curves, { warmupSteps: 2 })).toBe(true);
  });

  it("leaves out curves that stop early or hold NaN at the step", () => {
    // At step 1 only 10, NaN and 20 are there: the median of 10 and 20 is 15.
    const ragged = [[1], [2], [3], [0, 10], [0, NaN], [0, 20]];
    expect(shouldPrune({ step: 1, value: 14 }, ragged)).toBe(true);
    expect(shouldPrune({ step: 1, value: 15 }, ragged)).toBe(false);
    // No completed trial reached step 2: nothing to compare with.
    expect(shouldPrune({ step: 2, value: -100 }, ragged)).toBe(false);
  });

  it("prunes a NaN value and refuses a step that is not a whole number", () => {
    expect(shouldPrune({ step: 0, value: NaN }, curves)).toBe(true);
    expect(shouldPrune({ step: 0, value: NaN }, curves.slice(0, 2))).toBe(false);
    expect(() => shouldPrune({ step: 1.5, value: 0 }, curves)).toThrow(RangeError);
    expect(() => shouldPrune({ step: -1, value: 0 }, curves)).toThrow(/step must be/);
  });
});
