import { describe, expect, it } from "vitest";
import { findMechanisms } from "./mechanism-keywords.ts";

describe("findMechanisms", () => {
  it.each([
    ["Trend-following CTAs had a strong year", ["trend_following"]],
    ["A golden cross on the S&P 500", ["trend_following"]],
    ["Prices tend to mean-revert after shocks", ["mean_reversion"]],
    ["The stock looks oversold", ["mean_reversion"]],
    ["Twelve-month momentum buys past winners", ["momentum"]],
    ["Momentum strategies crashed in 2009", ["momentum"]],
    ["A Donchian channel breakout system", ["breakout"]],
    ["The low-volatility anomaly revisited", ["volatility"]],
    ["Volatility targeting smooths returns", ["volatility"]],
    ["High-yield currencies earn carry until they crash", ["carry"]],
    ["The FX carry trade unwound", ["carry"]],
    ["The turn-of-the-month effect in equities", ["seasonality"]],
    ["Seasonality in commodity prices", ["seasonality"]],
  ])("reads %j", (text, mechanisms) => {
    expect(findMechanisms(text)).toEqual(mechanisms);
  });

  it("does not read the loose everyday uses of the words", () => {
    expect(
      findMechanisms(
        "The rally lost momentum as market volatility rose; a breakout year for the firm; seasonally adjusted payrolls; carry on.",
      ),
    ).toEqual([]);
  });

  it("reads several, in a fixed order", () => {
    expect(findMechanisms("Momentum strategies and the carry trade, and trend following")).toEqual([
      "trend_following",
      "momentum",
      "carry",
    ]);
  });
});
