import { describe, expect, it } from "vitest";
import { tradeOutcomes } from "./trade-outcomes.ts";

describe("trade outcomes", () => {
  it("averages wins and losses, finds the streaks and the Kelly fraction (by hand)", () => {
    // Wins 300, 100, 200 (mean 200); losses -100, -50, -150, -100 (mean -100): payoff 2.
    // W = 3/8 with a 0 trade counted as neither: Kelly = 0.375 - 0.625 / 2 = 0.0625.
    const outcomes = tradeOutcomes([300, -100, -50, -150, 0, 100, 200, -100]);
    expect(outcomes).toEqual({
      averageWin: 200,
      averageLoss: -100,
      payoffRatio: 2,
      longestWinningStreak: 2,
      longestLosingStreak: 3,
      kellyFraction: 0.0625,
    });
  });

  it("is negative for trades without an edge: a coin flip paying 1 to 1 less costs", () => {
    const outcomes = tradeOutcomes([99, -101, 99, -101]);
    // W = 1/2, R = 99/101: 0.5 - 0.5 x 101/99 = -1/99.
    expect(outcomes.kellyFraction).toBeCloseTo(-1 / 99, 12);
  });

  it("has no averages, payoff or Kelly without wins and losses both", () => {
    expect(tradeOutcomes([10, 20])).toMatchObject({
      averageWin: 15,
      averageLoss: null,
      payoffRatio: null,
      kellyFraction: null,
      longestWinningStreak: 2,
      longestLosingStreak: 0,
    });
    expect(tradeOutcomes([])).toMatchObject({ averageWin: null, kellyFraction: null });
  });
});
