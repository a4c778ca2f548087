import { describe, expect, it } from "vitest";
import {
  gridPoints,
  inDomain,
  spaceSize,
  validateSpace,
  type ParameterDomain,
  type ParameterSpace,
} from "./space.ts";

describe("validateSpace", () => {
  const bad: [string, unknown, RegExp][] = [
    ["low above high", { float: [2, 1] }, /low must not exceed high \(was 2 and 1\)/],
    ["non-integer int bounds", { int: [1.5, 3] }, /int bounds must be whole numbers/],
    ["non-integer logInt bounds", { logInt: [1, 2.5] }, /logInt bounds must be whole numbers/],
    ["step of 0", { int: [0, 10], step: 0 }, /step must be a whole number of at least 1/],
    ["fractional step", { int: [0, 10], step: 0.5 }, /step must be a whole number/],
    ["range off the step", { int: [0, 10], step: 3 }, /multiple of step 3; try high = 9/],
    ["empty categorical", { categorical: [] }, /at least one choice/],
    ["repeated choice", { categorical: ["sma", "ema", "sma"] }, /"sma" more than once/],
    ["NaN choice", { categorical: [1, NaN] }, /strings or finite numbers/],
    ["logFloat through 0", { logFloat: [0, 1] }, /logFloat bounds must be positive/],
    ["negative logFloat", { logFloat: [-2, -1] }, /logFloat bounds must be positive/],
    ["logInt from 0", { logInt: [0, 100] }, /logInt bounds must be at least 1/],
    ["NaN bound", { float: [0, NaN] }, /two finite numbers/],
    ["one bound", { float: [0] }, /two finite numbers/],
    ["two kinds", { int: [0, 1], float: [0, 1] }, /exactly one of/],
    ["no kind", { range: [0, 1] }, /exactly one of .* \(had range\)/],
    ["step on a float", { float: [0, 1], step: 1 }, /float takes no step/],
    ["overflowing range", { float: [-1e308, 1e308] }, /overflows/],
  ];
  it.each(bad)("refuses %s with a RangeError naming the parameter", (_, domain, problem) => {
    const space = { good: { int: [0, 3] }, culprit: domain } as unknown as ParameterSpace;
    expect(() => validateSpace(space)).toThrow(RangeError);
    expect(() => validateSpace(space)).toThrow(/parameter `culprit`/);
    expect(() => validateSpace(space)).toThrow(problem);
  });

  it("refuses an empty space and accepts every kind of domain", () => {
    expect(() => validateSpace({})).toThrow(RangeError);
    expect(() =>
      validateSpace({
        a: { int: [-5, 5], step: 5 },
        b: { float: [0, 0] },
        c: { logFloat: [1e-6, 1] },
        d: { logInt: [1, 1] },
        e: { categorical: [1, "1"] },
      }),
    ).not.toThrow();
  });
});

describe("spaceSize", () => {
  it("multiplies the domains' sizes by hand count", () => {
    // int 1..5 step 2: {1, 3, 5}; logInt 3..7: 5 values; categorical: 2; a float pinned to one value: 1.
    expect(
      spaceSize({
        a: { int: [1, 5], step: 2 },
        b: { logInt: [3, 7] },
        c: { categorical: ["x", "y"] },
        d: { float: [2, 2] },
      }),
    ).toBe(30);
    expect(spaceSize({ a: { int: [1, 5] }, b: { float: [0, 1] } })).toBe(Infinity);
    expect(spaceSize({ a: { logFloat: [1, 2] } })).toBe(Infinity);
  });
});

describe("inDomain", () => {
  it("holds the domain's points and nothing else", () => {
    const stepped: ParameterDomain = { int: [1, 9], step: 4 };
    expect([1, 5, 9].map((value) => inDomain(stepped, value))).toEqual([true, true, true]);
    expect([3, 13, -3, 5.5, "5"].map((value) => inDomain(stepped, value))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(inDomain({ logFloat: [0.1, 1] }, 0.05)).toBe(false);
    expect(inDomain({ logInt: [1, 10] }, 2.5)).toBe(false);
    expect(inDomain({ categorical: [1, "b"] }, "1")).toBe(false);
    expect(inDomain({ categorical: [1, "b"] }, 1)).toBe(true);
  });
});

describe("gridPoints", () => {
  it("enumerates the hand-listed product in sorted-name order, the first name slowest", () => {
    const space: ParameterSpace = {
      c: { float: [0, 1] },
      a: { int: [1, 5], step: 2 },
      b: { categorical: ["y", "x"] },
    };
    expect([...gridPoints(space, 2)]).toEqual([
      { a: 1, b: "y", c: 0 },
      { a: 1, b: "y", c: 1 },
      { a: 1, b: "x", c: 0 },
      { a: 1, b: "x", c: 1 },
      { a: 3, b: "y", c: 0 },
      { a: 3, b: "y", c: 1 },
      { a: 3, b: "x", c: 0 },
      { a: 3, b: "x", c: 1 },
      { a: 5, b: "y", c: 0 },
      { a: 5, b: "y", c: 1 },
      { a: 5, b: "x", c: 0 },
      { a: 5, b: "x", c: 1 },
    ]);
  });

  it("spaces floats evenly, log domains geometrically, and keeps every logInt", () => {
    expect([...gridPoints({ x: { float: [-1, 1] } }, 5)].map((point) => point.x)).toEqual([
      -1, -0.5, 0, 0.5, 1,
    ]);
    const rates = [...gridPoints({ r: { logFloat: [0.001, 10] } }, 5)].map((point) => point.r);
    expect(rates).toEqual([0.001, 0.01, 0.1, 1, 10].map((value) => expect.closeTo(value, 12)));
    expect(rates.at(-1)).toBe(10);
    expect([...gridPoints({ n: { logInt: [2, 6] } })].map((point) => point.n)).toEqual([
      2, 3, 4, 5, 6,
    ]);
    expect([...gridPoints({ x: { float: [3, 3] } })]).toEqual([{ x: 3 }]);
  });

  it("stays lazy: the first points of a 1e6- and a 1e7-point grid come at once", () => {
    const startMs = performance.now();
    const million = gridPoints({ a: { int: [1, 1000] }, b: { float: [0, 1] } }, 1000);
    expect(Array.isArray(million)).toBe(false);
    expect([million.next().value, million.next().value]).toEqual([
      { a: 1, b: 0 },
      { a: 1, b: 1 / 999 },
    ]);
    const tenMillion = gridPoints({ a: { int: [1, 10_000] }, b: { int: [1, 1000] } });
    const firstThree = [1, 2, 3].map(() => tenMillion.next().value);
    expect(firstThree).toEqual([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 1, b: 3 },
    ]);
    // Materializing ten million points takes seconds and gigabytes; three take microseconds.
    expect(performance.now() - startMs).toBeLessThan(250);
  });

  it("refuses more than 1e7 points up front, naming each parameter's count", () => {
    const space: ParameterSpace = { fast: { int: [1, 5000] }, slow: { float: [0, 1] } };
    expect(() => gridPoints(space, 2001)).toThrow(RangeError);
    expect(() => gridPoints(space, 2001)).toThrow(/1\.00e\+7.*`fast` 5000, `slow` 2001/);
    expect(() => gridPoints(space, 2000)).not.toThrow();
    expect(() => gridPoints(space, 1)).toThrow(/pointsPerFloat must be a whole number/);
    expect(() => gridPoints({ bad: { int: [2, 1] } })).toThrow(/parameter `bad`/);
  });
});
