import { describe, expect, it } from "vitest";
import { RandomSampler } from "./random-sampler.ts";
import type { Sampler, Trial } from "./sampler.ts";
import { inDomain, type ParameterSpace, type ParameterValues } from "./space.ts";
import { goodCount, splitTrials, TpeSampler } from "./tpe-sampler.ts";

type Objective = (params: ParameterValues) => number;

function optimize(sampler: Sampler, objective: Objective, budget: number): Trial[] {
  const history: Trial[] = [];
  for (let k = 0; k < budget; k++) {
    const params = sampler.next(history)!;
    history.push({ params, value: objective(params), state: "complete" });
  }
  return history;
}

const bestOf = (history: readonly Trial[]) => Math.max(...history.map((trial) => trial.value!));
const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/** Branin-Hoo (Dixon and Szegő 1978); minimum 0.397887 at (-π, 12.275), (π, 2.275), (9.42478, 2.475). */
function branin(x: number, y: number): number {
  const [b, c, t] = [5.1 / (4 * Math.PI ** 2), 5 / Math.PI, 1 / (8 * Math.PI)];
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
}

const bonus: Record<string, number> = { sma: 0, ema: 1, wma: 0.3, hma: 0.5 };

/** Each problem's maximum is worked out by hand beside it. */
const problems: { name: string; space: ParameterSpace; objective: Objective; maximum: number }[] = [
  {
    // A bowl with its top off-centre at (1.5, -2.5).
    name: "negated quadratic bowl",
    space: { x: { float: [-5, 5] }, y: { float: [-5, 5] } },
    objective: ({ x, y }) => -(((x as number) - 1.5) ** 2 + ((y as number) + 2.5) ** 2),
    maximum: 0,
  },
  {
    name: "negated Branin",
    space: { x: { float: [-5, 10] }, y: { float: [0, 15] } },
    objective: ({ x, y }) => -branin(x as number, y as number),
    maximum: -0.397887,
  },
  {
    // Best at window 136, "ema", rate 1e-3 and lag 32 (the integer nearest 10^1.5 = 31.6 on a
    // log scale): 1 - (log10(32) - 1.5)^2 / 2 = 0.999987.
    name: "mixed int, categorical, logFloat and logInt",
    space: {
      window: { int: [2, 200], step: 2 },
      kind: { categorical: ["sma", "ema", "wma", "hma"] },
      rate: { logFloat: [1e-5, 1] },
      lag: { logInt: [1, 1000] },
    },
    objective: ({ window, kind, rate, lag }) =>
      -((((window as number) - 136) / 50) ** 2) +
      bonus[kind as string]! -
      (Math.log10(rate as number) + 3) ** 2 / 4 -
      (Math.log10(lag as number) - 1.5) ** 2 / 2,
    maximum: 1 - (Math.log10(32) - 1.5) ** 2 / 2,
  },
];

describe("goodCount", () => {
  it("is Optuna's default gamma: ceil(n / 10), at most 25", () => {
    expect([1, 10, 11, 20, 21, 100, 241, 250, 251, 1000].map(goodCount)).toEqual([
      1, 1, 2, 2, 3, 10, 25, 25, 25, 25,
    ]);
  });
});

describe("splitTrials", () => {
  it("puts the best completed trials in good, pruned ones in bad, and drops the rest", () => {
    const space: ParameterSpace = { x: { int: [0, 100] } };
    const complete = (x: number, value: number): Trial => ({
      params: { x },
      value,
      state: "complete",
    });
    const history: Trial[] = [
      ...[5, 3, 9, 1, 7, 2, 8, 4, 6, 0].map((value, x) => complete(x, value)),
      { params: { x: 50 }, value: undefined, state: "pruned" },
      { params: { x: 51 }, value: undefined, state: "failed" },
      complete(52, NaN),
      complete(500, 99), // out of the domain: a history from another space
    ];
    // Eleven usable trials (ten completed, one pruned): goodCount(11) = 2, the values 9 and 8.
    const { good, bad } = splitTrials(history, space);
    expect(good.map((trial) => trial.params.x)).toEqual([2, 6]);
    expect(bad.map((trial) => trial.params.x)).toEqual([0, 1, 3, 4, 5, 7, 8, 9, 50]);
  });

  it("keeps good to the completed trials when pruned ones are most of the history", () => {
    const space: ParameterSpace = { x: { float: [0, 1] } };
    const history: Trial[] = [
      ...Array.from({ length: 30 }, (_, k): Trial => ({
        params: { x: k / 30 },
        value: undefined,
        state: "pruned",
      })),
      { params: { x: 0.5 }, value: 1, state: "complete" },
    ];
    // goodCount(31) = 4, but only one trial completed.
    const { good, bad } = splitTrials(history, space);
    expect(good).toHaveLength(1);
    expect(bad).toHaveLength(30);
  });
});

describe("TpeSampler", () => {
  const [bowl, , mixed] = problems;

  it("draws its startup trials as the random sampler does; pruned trials count, failed do not", () => {
    const random = optimize(new RandomSampler(mixed!.space, { seed: 3 }), mixed!.objective, 10);
    const tpe = optimize(new TpeSampler(mixed!.space, { seed: 3 }), mixed!.objective, 10);
    expect(tpe).toEqual(random);

    const nine = tpe.slice(0, 9);
    const failed: Trial = { params: tpe[9]!.params, value: undefined, state: "failed" };
    const pruned: Trial = { ...failed, state: "pruned" };
    const randomNext = (history: Trial[]) =>
      new RandomSampler(mixed!.space, { seed: 3 }).next(history);
    const tpeNext = (history: Trial[]) => new TpeSampler(mixed!.space, { seed: 3 }).next(history);
    expect(tpeNext([...nine, failed])).toEqual(randomNext([...nine, failed]));
    expect(tpeNext([...nine, pruned]).rate).not.toBe(randomNext([...nine, pruned]).rate);
  });

  it("is reproducible: the same seed and history give the same suggestions", () => {
    const first = optimize(new TpeSampler(mixed!.space, { seed: 5 }), mixed!.objective, 40);
    const second = optimize(new TpeSampler(mixed!.space, { seed: 5 }), mixed!.objective, 40);
    expect(second).toEqual(first);
    const fresh = new TpeSampler(mixed!.space, { seed: 5 });
    expect(fresh.next(first.slice(0, 25))).toEqual(first[25]!.params);
    expect(fresh.next(first.slice(0, 25))).toEqual(first[25]!.params);
    const other = optimize(new TpeSampler(mixed!.space, { seed: 6 }), mixed!.objective, 40);
    expect(other.map((trial) => trial.params.rate)).not.toEqual(
      first.map((trial) => trial.params.rate),
    );
  });

  it("picks the candidate with the largest l(x)/g(x), not just a draw from l(x)", () => {
    // One good trial at 5 and nine bad ones at 0.5 ... 4.5 (goodCount(10) = 1). l(x) is
    // symmetric about 5, so its draws fall right of 5 half the time; g(x) is heavy on the
    // left, so l/g grows to the right and the best of 24 candidates lies right of 5.
    const space: ParameterSpace = { x: { float: [0, 10] } };
    const history: Trial[] = [
      ...Array.from({ length: 9 }, (_, k): Trial => ({
        params: { x: (k + 1) / 2 },
        value: 0,
        state: "complete",
      })),
      { params: { x: 5 }, value: 1, state: "complete" },
    ];
    const suggestions = Array.from(
      { length: 20 },
      (_, seed) => new TpeSampler(space, { seed }).next(history).x as number,
    );
    const singleDraws = Array.from(
      { length: 20 },
      (_, seed) => new TpeSampler(space, { seed, eiCandidates: 1 }).next(history).x as number,
    );
    expect(suggestions.filter((x) => x > 5).length).toBeGreaterThanOrEqual(18);
    expect(singleDraws.filter((x) => x > 5).length).toBeLessThanOrEqual(15);
  });

  it("keeps every suggestion in the domain, ints on their step", () => {
    const history = optimize(new TpeSampler(mixed!.space, { seed: 9 }), mixed!.objective, 60);
    const outside = history.filter((trial) =>
      Object.entries(mixed!.space).some(([name, domain]) => !inDomain(domain, trial.params[name])),
    );
    expect(outside).toEqual([]);
  });

  it("still suggests when every trial was pruned or came from another space", () => {
    const sampler = new TpeSampler(bowl!.space, { seed: 1 });
    const pruned = Array.from({ length: 12 }, (_, k): Trial => ({
      params: { x: k - 5, y: 0 },
      value: undefined,
      state: "pruned",
    }));
    const foreign: Trial[] = [{ params: { x: 50, y: 0 }, value: 1, state: "complete" }];
    for (const history of [pruned, [...pruned, ...foreign]]) {
      const point = sampler.next(history);
      expect(inDomain(bowl!.space.x!, point.x) && inDomain(bowl!.space.y!, point.y)).toBe(true);
    }
  });

  it("refuses options it cannot use", () => {
    expect(() => new TpeSampler(bowl!.space, { seed: 1, eiCandidates: 0 })).toThrow(/eiCandidates/);
    expect(() => new TpeSampler(bowl!.space, { seed: 1, startupTrials: -1 })).toThrow(
      /startupTrials/,
    );
    expect(() => new TpeSampler(bowl!.space, { seed: 1, priorWeight: 0 })).toThrow(/priorWeight/);
    expect(() => new TpeSampler(bowl!.space, { seed: 2 ** 32 })).toThrow(/seed/);
  });

  // With 100 trials over seeds 1-10 we saw mean regrets (maximum - best found), TPE against
  // random: bowl 0.008 vs 0.233, Branin 0.053 vs 0.842, mixed 0.014 vs 0.284; TPE won on 28 of
  // the 30 runs. Seeds 11-40 and 1001-1010 gave ratios from 0.025 to 0.22. Half of random's
  // regret, and more wins than not on every problem, leave room for changes that keep TPE
  // working and fail when it degenerates to random search.
  it.each(problems)(
    "beats random search at 100 trials on the $name",
    ({ space, objective, maximum }) => {
      const seeds = Array.from({ length: 10 }, (_, k) => k + 1);
      const tpe = seeds.map(
        (seed) => maximum - bestOf(optimize(new TpeSampler(space, { seed }), objective, 100)),
      );
      const random = seeds.map(
        (seed) => maximum - bestOf(optimize(new RandomSampler(space, { seed }), objective, 100)),
      );
      expect(Math.min(...tpe, ...random)).toBeGreaterThanOrEqual(-1e-6);
      expect(mean(tpe)).toBeLessThan(0.5 * mean(random));
      expect(seeds.filter((_, k) => tpe[k]! < random[k]!).length).toBeGreaterThanOrEqual(7);
    },
  );
});
