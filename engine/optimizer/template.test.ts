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
      name: "SMA crossover (fast 10, slow 50, stop 2.5)",
      universe: ["SPY"],
      entry: { crossAbove: [{ sma: { period: 10 } }, { sma: { period: 50 } }] },
      exit: { crossBelow: [{ sma: { period: 10 } }, { sma: { period: 50 } }] },
      stopLoss: { percent: 2.5 },
    });
    // The template itself is untouched.
    expect(crossover.stopLoss).toEqual({ percent: { param: "stop" } });
  });

  it("writes the values into the name: in its {placeholders}, the rest appended", () => {
    const named = (name: string, values: Record<string, number>) =>
      bindParameters({ ...crossover, name }, values).name;
    expect(named("SMA {fast}/{slow} crossover", { fast: 10, slow: 50, stop: 2.5 })).toBe(
      "SMA 10/50 crossover (stop 2.5)",
    );
    expect(named("{fast}, {slow}, {stop}", { fast: 7, slow: 30, stop: 1 / 3 })).toBe(
      "7, 30, 0.3333",
    );
    // A brace that names no parameter is text.
    expect(named("Carry {x}", { fast: 5, slow: 20, stop: 1 })).toBe(
      "Carry {x} (fast 5, slow 20, stop 1)",
    );
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
