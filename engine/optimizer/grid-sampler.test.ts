import { describe, expect, it } from "vitest";
import { GridSampler } from "./grid-sampler.ts";
import type { Trial } from "./sampler.ts";
import type { ParameterSpace, ParameterValues } from "./space.ts";

const space: ParameterSpace = {
  window: { int: [10, 30], step: 10 },
  kind: { categorical: ["sma", "ema"] },
};
// Sorted names: kind first (slowest), then window.
const handGrid: ParameterValues[] = [
  { kind: "sma", window: 10 },
  { kind: "sma", window: 20 },
  { kind: "sma", window: 30 },
  { kind: "ema", window: 10 },
  { kind: "ema", window: 20 },
  { kind: "ema", window: 30 },
];

const trial = (params: ParameterValues, state: Trial["state"] = "complete"): Trial => ({
  params,
  value: state === "complete" ? 1 : undefined,
  state,
});

describe("GridSampler", () => {
  it("walks the grid once in order, then reports exhaustion", () => {
    const sampler = new GridSampler(space);
    const history: Trial[] = [];
    for (let point = sampler.next(history); point; point = sampler.next(history))
      history.push(trial(point));
    expect(history.map((entry) => entry.params)).toEqual(handGrid);
    expect(sampler.next(history)).toBeUndefined();
  });

  it("suggests the same point until it is recorded", () => {
    const sampler = new GridSampler(space);
    expect(sampler.next([])).toEqual(handGrid[0]);
    expect(sampler.next([])).toEqual(handGrid[0]);
  });

  it("resumes from a stored history, skipping seen points in any state", () => {
    // A fresh sampler (a restarted process) over trials recorded out of order, one of them
    // failed, one pruned, and one from an older space that matches no grid point.
    const history = [
      trial(handGrid[1]!),
      trial(handGrid[0]!, "failed"),
      trial({ kind: "wma", window: 10 }),
      trial(handGrid[3]!, "pruned"),
    ];
    const sampler = new GridSampler(space);
    expect(sampler.next(history)).toEqual(handGrid[2]);
    history.push(trial(handGrid[2]!));
    expect(sampler.next(history)).toEqual(handGrid[4]);
    history.push(trial(handGrid[4]!), trial(handGrid[5]!));
    expect(sampler.next(history)).toBeUndefined();
  });

  it("reads a history that does not extend the last one afresh", () => {
    const sampler = new GridSampler(space);
    const long = handGrid.slice(0, 4).map((params) => trial(params));
    expect(sampler.next(long)).toEqual(handGrid[4]);
    expect(sampler.next(long.slice(0, 2))).toEqual(handGrid[2]);
    // Same length, different trials: copies loaded from a store again are fine too.
    const other = [trial(handGrid[5]!), trial(handGrid[0]!)];
    expect(sampler.next(other)).toEqual(handGrid[1]);
  });

  it("matches stored float points exactly, with the grid's pointsPerFloat", () => {
    const floats: ParameterSpace = { threshold: { float: [0, 1] } };
    const sampler = new GridSampler(floats, { pointsPerFloat: 4 });
    const stored = JSON.parse(
      JSON.stringify([trial({ threshold: 0 }), trial({ threshold: 1 / 3 })]),
    );
    expect(sampler.next(stored)).toEqual({ threshold: 2 / 3 });
  });
});
