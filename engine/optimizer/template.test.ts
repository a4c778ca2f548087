import { describe, expect, it } from "vitest";
import {
  bindParameters,
  referencedParameters,
  templateProblems,
  type SpecTemplate,
} from "./template.ts";

const crossover: SpecTemplate = {
  name: "SMA crossover",
  universe: ["SPY"],
  params: { fast: { int: [5, 50] }, slow: { int: [20, 200] }, stop: { float: [1, 10] } },
  entry: {
    crossAbove: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  exit: {
    crossBelow: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  stopLoss: { percent: { param: "stop" } },
};

describe("spec templates", () => {
  it("lists the parameters it refers to, once each, in order", () => {
    expect(referencedParameters(crossover)).toEqual(["fast", "slow", "stop"]);
    expect(templateProblems(crossover)).toEqual([]);
  });

  it("binds values where the references stand and drops params", () => {
    expect(bindParameters(crossover, { fast: 10, slow: 50, stop: 2.5 })).toEqual({
      name: "SMA crossover",
      universe: ["SPY"],
      entry: { crossAbove: [{ sma: { period: 10 } }, { sma: { period: 50 } }] },
      exit: { crossBelow: [{ sma: { period: 10 } }, { sma: { period: 50 } }] },
      stopLoss: { percent: 2.5 },
    });
    // The template itself is untouched.
    expect(crossover.stopLoss).toEqual({ percent: { param: "stop" } });
  });

  it("names undeclared and unused parameters, and a missing value", () => {
    const broken: SpecTemplate = {
      params: { fast: { int: [5, 50] }, spare: { float: [0, 1] } },
      entry: {
        gt: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
      },
    };
    expect(templateProblems(broken)).toEqual([
      '{"param": "slow"} is used but `params` does not declare slow',
      'params.spare is declared but never used as {"param": "spare"}',
    ]);
    expect(() => bindParameters(broken, { fast: 5 })).toThrow("no value for parameter `slow`");
  });
});
