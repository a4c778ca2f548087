import { describe, expect, it } from "vitest";
import { unsourcedNumbers } from "./verify-numbers.ts";

const backtest = JSON.stringify({
  metrics: { totalReturn: 0.52381, sharpe: 0.7012, maxDrawdown: 0.1427, trades: 10 },
  equity: 152381.4,
});

describe("unsourcedNumbers", () => {
  it("accepts numbers a tool gave, at the reply's precision, as percentages, with separators", () => {
    expect(
      unsourcedNumbers(
        "Total return 52.38%, Sharpe 0.70, drawdown 14.3%, final equity $152,381.40 over 10 trades.",
        [backtest],
      ),
    ).toEqual([]);
  });

  it("names numbers no tool gave: a made-up Sharpe, a rounded-wrong return", () => {
    expect(unsourcedNumbers("Sharpe 1.85 and total return 53.4%.", [backtest])).toEqual([
      "1.85",
      "53.4",
    ]);
  });

  it("takes the user's own numbers as sourced, and leaves small whole numbers alone", () => {
    expect(
      unsourcedNumbers("A 20/50 crossover since 2020: the 3 best of 5.", [
        "backtest a 20/50 moving average crossover on SPY since 2020",
      ]),
    ).toEqual([]);
    expect(unsourcedNumbers("Expect about 2400 next year.", [])).toEqual(["2400"]);
  });
});
