import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { kernelWidths, normalMass, observationWeights, parzenEstimator } from "./parzen.ts";
import type { ParameterDomain } from "./space.ts";

/**
 * Golden values: a second implementation of Optuna's univariate Parzen estimator
 * (parzen_estimator.py with its defaults: consider_endpoints=False, magic clip, prior weight
 * 1, equal observation weights) in Python on scipy.stats.truncnorm, scipy 1.17.1.
 */
const estimator = (domain: ParameterDomain, observations: (number | string)[]) =>
  parzenEstimator(domain, observations, observationWeights(observations.length), 1);

/** Composite Simpson's rule over [a, b] with `intervals` (even) pieces. */
function simpson(f: (x: number) => number, a: number, b: number, intervals = 2000): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let k = 1; k < intervals; k++) sum += (k % 2 === 1 ? 4 : 2) * f(a + k * h);
  return (sum * h) / 3;
}

describe("kernelWidths", () => {
  it("applies the neighbour rule, the inner gap at the ends and the magic clip, by hand", () => {
    // Centres 3, 4.5, 6, 8.5, 9 and the prior's 5 on [0, 10], sorted: 3 4.5 5 6 8.5 9.
    // 3 is outermost: its inner gap 1.5 (not the 3 to the end). 4.5: max(1.5, 0.5) = 1.5.
    // 6: max(1, 2.5) = 2.5. 8.5: max(2.5, 0.5) = 2.5. 9 is outermost: 0.5, clipped up to
    // 10 / min(100, 5 + 2) = 1.4286.
    expect(kernelWidths([3, 4.5, 6, 8.5, 9], 0, 10)).toEqual(
      [1.5, 1.5, 2.5, 2.5, 10 / 7].map((width) => expect.closeTo(width, 12)),
    );
    // One centre: 9's inner gap to the prior's 5 is 4 (the clip's floor is 10/3).
    expect(kernelWidths([9], 0, 10)).toEqual([4]);
    // Repeated centres: the first gets the 0 gap to its twin and is clipped to 10/5 = 2.
    expect(kernelWidths([3, 3, 9], 0, 10)).toEqual([2, 2, 4]);
  });
});

describe("observationWeights", () => {
  it("is flat up to 25 and ramps the older ones from 1/n beyond", () => {
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    expect(observationWeights(25)).toEqual(Array(25).fill(1));
    expect(observationWeights(26)).toEqual([1 / 26, ...Array(25).fill(1)]);
    // numpy.linspace(1/29, 1, 4) = 1/29, 31/87, 59/87, 1 (steps of (1 - 1/29) / 3 = 28/87).
    expect(observationWeights(29).slice(0, 5)).toEqual(
      [1 / 29, 31 / 87, 59 / 87, 1, 1].map((weight) => expect.closeTo(weight, 14)),
    );
  });
});

describe("normalMass", () => {
  it("matches scipy's norm.cdf differences in the body, the tails and a tiny cell", () => {
    expect(normalMass(0.3, 0.35)).toBeCloseTo(0.018919228986666536, 8);
    expect(normalMass(3, 3.5)).toBeCloseTo(0.0011172689525945682, 9);
    expect(normalMass(-1, 2)).toBeCloseTo(0.8185946141203637, 6);
    expect(normalMass(-Infinity, -1) + normalMass(2, Infinity)).toBeCloseTo(0.18140538587963628, 6);
    const tiny = normalMass(10, 10 + 1e-9);
    expect(Math.abs(tiny / 7.694598588233398e-32 - 1)).toBeLessThan(1e-6);
  });
});

describe("parzenEstimator", () => {
  it("gives Optuna's log density on a float range", () => {
    const float = estimator({ float: [0, 10] }, [9]);
    const golden = [
      -2.942468639615084, -2.266600787076588, -2.0165406584907055, -2.052735918273044,
    ];
    expect([0, 5, 9, 10].map((x) => float.logDensity(x))).toEqual(
      golden.map((value) => expect.closeTo(value, 6)),
    );
    // To normalCdf's accuracy (relative 1.2e-7), which sets each kernel's normalizer.
    expect(simpson((x) => Math.exp(float.logDensity(x)), 0, 10)).toBeCloseTo(1, 6);
  });

  it("gives Optuna's log density in log space on a logFloat range", () => {
    const rate = estimator({ logFloat: [1e-3, 1] }, [0.01]);
    const golden = [
      -2.0345725755302975, -1.7137060638769315, -1.9764724198107475, -2.5148966401246753,
    ];
    expect([1e-3, 0.01, 0.1, 1].map((x) => rate.logDensity(x))).toEqual(
      golden.map((value) => expect.closeTo(value, 6)),
    );
    const inLogSpace = (t: number) => Math.exp(rate.logDensity(Math.exp(t)));
    expect(simpson(inLogSpace, Math.log(1e-3), 0)).toBeCloseTo(1, 6);
  });

  it("gives Optuna's log mass on a stepped int range and on a logInt range", () => {
    const stepped = estimator({ int: [1, 9], step: 2 }, [3, 3, 9]);
    const steppedGolden = [
      -1.6637118018553319, -1.2582243384579443, -1.45618416724474, -1.8457334037072608,
      -1.99971608066453,
    ];
    expect([1, 3, 5, 7, 9].map((x) => stepped.logDensity(x))).toEqual(
      steppedGolden.map((value) => expect.closeTo(value, 6)),
    );
    const window = estimator({ logInt: [1, 100] }, [2, 50]);
    const windowGolden = [
      -1.6869377053728403, -2.242607782853462, -2.625692296159764, -3.9175885261878753,
      -5.652891183930307, -6.433192819580317,
    ];
    expect([1, 2, 3, 10, 50, 100].map((x) => window.logDensity(x))).toEqual(
      windowGolden.map((value) => expect.closeTo(value, 6)),
    );
    let total = 0;
    for (let x = 1; x <= 100; x++) total += Math.exp(window.logDensity(x));
    expect(total).toBeCloseTo(1, 6);
  });

  it("smooths categorical frequencies with the prior, by hand", () => {
    // Two observations of "a", three kernels of weight 1/3, smoothing 1/3 per choice:
    // an observation's kernel is (1/3 + 1) / 2 = 2/3 on "a" and 1/6 on the others; the
    // prior's is 1/3 each. p(a) = 2/3 * 2/3 + 1/3 * 1/3 = 5/9; p(b) = p(c) = 2/9.
    const kind = estimator({ categorical: ["a", "b", "c"] }, ["a", "a"]);
    expect(["a", "b", "c"].map((value) => Math.exp(kind.logDensity(value)))).toEqual(
      [5 / 9, 2 / 9, 2 / 9].map((probability) => expect.closeTo(probability, 14)),
    );
    expect(kind.logDensity("d")).toBe(-Infinity);
    const empty = estimator({ categorical: ["a", "b"] }, []);
    expect(Math.exp(empty.logDensity("b"))).toBeCloseTo(0.5, 14);
  });

  it("gives a pinned float a constant, finite log density", () => {
    const pinned = estimator({ float: [3, 3] }, [3, 3]);
    expect(pinned.logDensity(3)).toBe(0);
    expect(
      pinned.sample(
        () => 0.5,
        () => 0,
      ),
    ).toBe(3);
  });

  it("draws as often as its density says", () => {
    const uniform = mulberry32(11);
    const normal = normalSource(uniform);
    const count = 20_000;
    const check = (domain: ParameterDomain, observations: (number | string)[]) => {
      const parzen = estimator(domain, observations);
      const draws = Array.from({ length: count }, () => parzen.sample(uniform, normal));
      for (const value of new Set(draws)) {
        const probability = Math.exp(parzen.logDensity(value));
        const hits = draws.filter((draw) => draw === value).length;
        const tolerance = 4.5 * Math.sqrt(count * probability * (1 - probability));
        expect(Math.abs(hits - count * probability)).toBeLessThan(tolerance);
      }
    };
    check({ int: [1, 9], step: 2 }, [3, 3, 9]);
    check({ logInt: [1, 12] }, [2, 11, 11]);
    check({ categorical: ["a", "b", "c"] }, ["c", "a", "c"]);

    // A float: the share of draws below 2.5 against the density's integral there.
    const float = estimator({ float: [0, 10] }, [1, 2, 9]);
    const draws = Array.from({ length: count }, () => float.sample(uniform, normal) as number);
    expect(draws.every((draw) => draw >= 0 && draw <= 10)).toBe(true);
    const below = simpson((x) => Math.exp(float.logDensity(x)), 0, 2.5);
    const hits = draws.filter((draw) => draw < 2.5).length;
    expect(Math.abs(hits - count * below)).toBeLessThan(
      4.5 * Math.sqrt(count * below * (1 - below)),
    );
  });
});
