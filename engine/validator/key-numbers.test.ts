import { describe, expect, it } from "vitest";
import { keyNumbersOf } from "./key-numbers.ts";

const reshuffledText = (metrics: Record<string, number | null>) =>
  keyNumbersOf(metrics, 100_000).find((number) => number.name === "Worst 5% reshuffled drawdown")!
    .text;

describe("the key numbers' reshuffled drawdown", () => {
  it("asks to plan for it only when it is deeper than the backtest's own drawdown", () => {
    expect(reshuffledText({ reshuffle_drawdown_worst5: 0.3, max_drawdown: 0.2 })).toBe(
      "Reshuffled, one order of the trades in twenty falls 30.0% from a peak, deeper than the backtest's 20.0%: plan for this",
    );
    // Two winning trades: no order of them loses, while the backtest fell 10.5% inside a trade.
    expect(reshuffledText({ reshuffle_drawdown_worst5: 0, max_drawdown: 0.105 })).toBe(
      "Reshuffled, one order of the trades in twenty falls 0.0% from a peak on closed trades, no deeper than the backtest's 10.5%: the order of the trades did not flatter it",
    );
    expect(reshuffledText({ reshuffle_drawdown_worst5: 0.12, max_drawdown: null })).toBe(
      "Reshuffled, one order of the trades in twenty falls 12.0% from a peak: plan for this",
    );
    expect(reshuffledText({ reshuffle_drawdown_worst5: null })).toBe(
      "Worst 5% reshuffled drawdown: not measured (no closed trades)",
    );
  });
});
