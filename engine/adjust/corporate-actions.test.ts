import { describe, expect, it } from "vitest";
import { candles, day } from "../simulate/test-bars.ts";
import { backAdjust, unadjust } from "./corporate-actions.ts";

// Hand calculations: a 4-for-1 split on day 2 and a $1 dividend on day 4 (previous close 26).
const raw = candles("AAA", [
  [100, 102, 98, 100],
  [100, 104, 99, 104],
  [26, 27, 25, 26],
  [26, 26.5, 25.5, 26],
  [25, 25.5, 24.5, 25],
]);

describe("backAdjust", () => {
  it("divides prices before a split by its ratio and multiplies volumes", () => {
    const adjusted = backAdjust(raw, [{ kind: "split", exDateMs: day(2), ratio: 4 }]);
    expect(Array.from(adjusted.close)).toEqual([25, 26, 26, 26, 25]);
    expect(Array.from(adjusted.open.slice(0, 2))).toEqual([25, 25]);
    expect(Array.from(adjusted.volume)).toEqual([4000, 4000, 1000, 1000, 1000]);
  });

  it("scales prices before a dividend by 1 - dividend / previous close", () => {
    const adjusted = backAdjust(raw, [{ kind: "dividend", exDateMs: day(4), amount: 1 }]);
    const factor = 1 - 1 / 26;
    expect(Array.from(adjusted.close)).toEqual(
      [100 * factor, 104 * factor, 26 * factor, 26 * factor, 25].map((x) => expect.closeTo(x, 12)),
    );
    expect(Array.from(adjusted.volume)).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it("combines actions: the split and the dividend together", () => {
    const adjusted = backAdjust(raw, [
      { kind: "dividend", exDateMs: day(4), amount: 1 },
      { kind: "split", exDateMs: day(2), ratio: 4 },
    ]);
    const factor = 1 - 1 / 26;
    expect(adjusted.close[0]).toBeCloseTo((100 / 4) * factor, 12);
    expect(adjusted.close[3]).toBeCloseTo(26 * factor, 12);
    expect(adjusted.close[4]).toBe(25);
    // No fake crash across the split: the adjusted return from day 1 to day 2 is 26/26 - 1 = 0.
    expect(adjusted.close[2]! / adjusted.close[1]! - 1).toBeCloseTo(0, 12);
  });

  it("ignores actions before the first bar and after the last: a series is adjusted as of its last bar", () => {
    expect(
      Array.from(backAdjust(raw, [{ kind: "split", exDateMs: day(-5), ratio: 2 }]).close),
    ).toEqual(Array.from(raw.close));
    expect(
      Array.from(backAdjust(raw, [{ kind: "split", exDateMs: day(9), ratio: 2 }]).close),
    ).toEqual(Array.from(raw.close));
  });

  it("refuses impossible actions, naming the symbol", () => {
    expect(() => backAdjust(raw, [{ kind: "split", exDateMs: day(2), ratio: 0 }])).toThrow(
      /AAA: split ratio must be a positive number \(was 0\)/,
    );
    expect(() => backAdjust(raw, [{ kind: "dividend", exDateMs: day(4), amount: 30 }])).toThrow(
      /AAA: dividend of 30 on .* must be positive and below the previous close 26/,
    );
  });
});

const raw0 = raw;

describe("unadjust", () => {
  it("plants actions that backAdjust removes again", () => {
    const planned = [
      { kind: "split" as const, exDateMs: day(2), ratio: 4 },
      { kind: "dividend" as const, exDateMs: day(4), yieldRatio: 0.02 },
    ];
    const { raw, actions } = unadjust(raw0, planned);
    // Before the split, raw prices are 4x and a further 1/(1 - 0.02) for the later dividend.
    expect(raw.close[0]).toBeCloseTo((100 * 4) / 0.98, 9);
    expect(raw.close[3]).toBeCloseTo(26 / 0.98, 9);
    expect(raw.close[4]).toBe(25);
    expect(actions[1]).toEqual({
      kind: "dividend",
      exDateMs: day(4),
      amount: expect.closeTo(0.02 * (26 / 0.98), 12),
    });
    const back = backAdjust(raw, actions);
    for (const field of ["open", "high", "low", "close", "volume"] as const) {
      Array.from(back[field]).forEach((value, i) => expect(value).toBeCloseTo(raw0[field][i]!, 9));
    }
  });
});
