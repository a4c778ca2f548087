import { describe, expect, it } from "vitest";
import { RandomSampler } from "./random-sampler.ts";
import type { Sampler, Trial } from "./sampler.ts";
import type { ParameterSpace, ParameterValues } from "./space.ts";

/** Asks `count` suggestions, recording each as a completed trial. */
function run(sampler: Sampler, count: number): ParameterValues[] {
  const history: Trial[] = [];
  for (let k = 0; k < count; k++)
    history.push({ params: sampler.next(history)!, value: 0, state: "complete" });
  return history.map((trial) => trial.params);
}

/** Within `z` binomial standard deviations of `expected` successes out of `count`. */
function expectBinomial(hits: number, count: number, probability: number, z = 4.5) {
  const tolerance = z * Math.sqrt(count * probability * (1 - probability));
  expect(Math.abs(hits - count * probability)).toBeLessThan(tolerance);
}

const space: ParameterSpace = {
  stepped: { int: [-10, 20], step: 3 },
  weight: { float: [-1, 2] },
  rate: { logFloat: [1e-4, 1] },
  window: { logInt: [1, 10] },
  kind: { categorical: ["sma", "ema", 3] },
};

describe("RandomSampler", () => {
  const draws = run(new RandomSampler(space, { seed: 7 }), 20_000);

  it("keeps every draw in its domain, ints whole and on the step", () => {
    const outside = draws.filter((point) => {
      const [stepped, weight, rate, window] = [
        point.stepped,
        point.weight,
        point.rate,
        point.window,
      ];
      return !(
        typeof stepped === "number" &&
        Number.isInteger(stepped) &&
        stepped >= -10 &&
        stepped <= 20 &&
        (stepped + 10) % 3 === 0 &&
        typeof weight === "number" &&
        weight >= -1 &&
        weight <= 2 &&
        typeof rate === "number" &&
        rate >= 1e-4 &&
        rate <= 1 &&
        typeof window === "number" &&
        Number.isInteger(window) &&
        window >= 1 &&
        window <= 10 &&
        ["sma", "ema", 3].includes(point.kind!)
      );
    });
    expect(outside).toEqual([]);
  });

  it("gives each of the eleven stepped ints and three choices an equal share", () => {
    for (const value of [-10, -7, -4, -1, 2, 5, 8, 11, 14, 17, 20])
      expectBinomial(draws.filter((point) => point.stepped === value).length, draws.length, 1 / 11);
    for (const choice of ["sma", "ema", 3])
      expectBinomial(draws.filter((point) => point.kind === choice).length, draws.length, 1 / 3);
  });

  it("is log-uniform on logFloat: half the mass below the geometric mean", () => {
    // Geometric mean of 1e-4 and 1 is 1e-2; a uniform draw would put 1% of its mass below it.
    expectBinomial(
      draws.filter((point) => (point.rate as number) < 1e-2).length,
      draws.length,
      0.5,
    );
    // and a quarter below 1e-3, the log-range's first quarter point.
    expectBinomial(
      draws.filter((point) => (point.rate as number) < 1e-3).length,
      draws.length,
      0.25,
    );
  });

  it("rounds logInt as Optuna does: k has ln((k + 1/2)/(k - 1/2)) / ln(10.5/0.5)", () => {
    // By hand: k = 1 gets ln 3 / ln 21 = 0.3608, k = 10 gets ln(10.5/9.5) / ln 21 = 0.0329.
    for (let k = 1; k <= 10; k++) {
      const probability = Math.log((k + 0.5) / (k - 0.5)) / Math.log(21);
      expectBinomial(draws.filter((point) => point.window === k).length, draws.length, probability);
    }
  });

  it("repeats its sequence for a seed and changes it with the seed", () => {
    const again = run(new RandomSampler(space, { seed: 7 }), 50);
    expect(again).toEqual(draws.slice(0, 50));
    const other = run(new RandomSampler(space, { seed: 8 }), 50);
    expect(other.filter((point, k) => point.weight === draws[k]!.weight)).toHaveLength(0);
  });

  it("depends on the history's length only, so a resumed run continues the sequence", () => {
    const resumed = new RandomSampler(space, { seed: 7 });
    const history = draws
      .slice(0, 30)
      .map((params): Trial => ({ params, value: undefined, state: "failed" }));
    expect(resumed.next(history)).toEqual(draws[30]);
    expect(resumed.next(history)).toEqual(draws[30]);
  });

  it("refuses a seed that is not a 32-bit whole number", () => {
    expect(() => new RandomSampler(space, { seed: -1 })).toThrow(/seed must be a whole number/);
    expect(() => new RandomSampler(space, { seed: 1.5 })).toThrow(RangeError);
  });
});
