import { describe, expect, it } from "vitest";
import { offlineReply } from "./offline-reply.ts";

const toolResult = (name: string, output: unknown) =>
  ({
    role: "tool",
    toolCallId: "call-1",
    name,
    ok: true,
    content: JSON.stringify(output),
  }) as const;

describe("the offline reply to list_strategies", () => {
  it("gives a line per strategy with its stage and latest backtest, numbers as the tool gave them", () => {
    const reply = offlineReply([
      toolResult("list_strategies", {
        strategies: [
          { id: "a".repeat(64), name: "Fresh idea", stage: "backtest", latestBacktest: null },
          {
            id: "b".repeat(64),
            name: "SMA 20/50 crossover",
            stage: "small_live",
            latestBacktest: {
              totalReturn: -0.1464,
              sharpe: -0.04,
              maxDrawdown: 0.3376,
              trades: 13,
            },
          },
        ],
      }),
    ]);
    expect(reply.split("\n")).toEqual([
      "2 stored strategies, newest first:",
      "- Fresh idea (aaaaaaaaaaaa…, backtest): not backtested",
      "- SMA 20/50 crossover (bbbbbbbbbbbb…, small live): latest backtest: total return -14.64%, Sharpe -0.04, max drawdown 33.76%, 13 trades",
    ]);
  });

  it("says how to make one when none is stored", () => {
    expect(offlineReply([toolResult("list_strategies", { strategies: [] })])).toMatch(
      /^No strategies stored yet: backtest one first/,
    );
  });
});
