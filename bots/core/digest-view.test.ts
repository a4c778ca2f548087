import { describe, expect, it } from "vitest";
import { digestMessages } from "./digest-view.ts";

const strategy = (id: string, name: string) => ({
  strategies: [{ strategyId: id.repeat(64), name, stage: "paper" as const }],
  moreStrategies: 0,
  actions: [
    { kind: "open_strategy" as const, strategyId: id.repeat(64) },
    { kind: "validate_strategy" as const, strategyId: id.repeat(64) },
  ],
});

/** A trading strategy's signals at the close of `day`: an entry and an exit. */
const item = (
  side: "long" | "short",
  day: string,
  stale: boolean,
  entry: [string, string],
  exit: [string, string],
  named: ReturnType<typeof strategy>,
) => ({
  side,
  lastBar: `${day}T00:00:00.000Z`,
  stale,
  signals: [entry, exit].map(([action, symbol]) => ({ action, symbol, close: 100 })),
  ...named,
});

describe("the digest's strategy signals in chat", () => {
  it("says each trading strategy's entries and exits as the orders they would be, stale bars said", () => {
    const signals = {
      kind: "strategy_signals",
      title: "Strategy signals",
      items: [
        item(
          "long",
          "2024-07-05",
          false,
          ["enter", "AAPL"],
          ["exit", "MSFT"],
          strategy("a", "Breakout"),
        ),
        item("short", "2024-06-28", true, ["enter", "QQQ"], ["exit", "SPY"], strategy("b", "Fade")),
      ],
      more: 0,
    };
    const messages = digestMessages({
      window: { since: "2024-07-05T11:00:00.000Z", until: "2024-07-08T11:00:00.000Z" },
      sections: [signals],
      summary: "Digest from ... to ...",
      summarizer: "template",
    })!;
    const body = (messages[1]!.blocks[0] as { text: string }).text.split("\n");
    expect(body).toEqual([
      "**Strategy signals**",
      "- Breakout (paper): buy AAPL, sell MSFT at the next open, by the close of 2024-07-05",
      "- Fade (paper): sell short QQQ, buy back SPY at the next open, by the close of 2024-06-28 (stale: fetch newer bars first)",
    ]);
    // Open and Validate for each strategy named.
    const [, buttons] = messages[1]!.blocks;
    expect(buttons?.kind === "buttons" && buttons.buttons.map((button) => button.label)).toEqual([
      expect.stringMatching(/Open/),
      expect.stringMatching(/Validate/),
      expect.stringMatching(/Open/),
      expect.stringMatching(/Validate/),
    ]);
  });
});
