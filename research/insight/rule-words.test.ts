import { describe, expect, it } from "vitest";
import type { Rule } from "../../engine/strategy/spec.ts";
import { parseStrategySpec } from "../../tools/strategy/spec-schema.ts";
import { RuleWords } from "./rule-words.ts";
import { barUnitOf } from "./voice.ts";

const days = barUnitOf("1d");
const spec = parseStrategySpec({
  name: "x",
  universe: ["SPY"],
  side: "short",
  entry: {
    and: [{ lt: [{ rsi: {} }, 30] }, { gt: ["close", { bollinger: { output: "upper" } }] }],
  },
  filters: [{ lte: [{ dayOfWeek: {} }, 2] }],
  stopLoss: { atrMultiple: 2 },
  timeExit: { bars: 5 },
});

describe("RuleWords", () => {
  it("writes a strategy's rules in three voices", () => {
    expect(new RuleWords("expert", days).strategyLines(spec)).toEqual({
      entry:
        "Goes short when (RSI(14) < 30) and (close > BB(20, 2).upper), but only while DAYOFWEEK <= 2.",
      exit: "Has no exit rule: a position closes only by the protective exits, if any, or stays open.",
      protection: "Stop loss 2 x ATR(14) from the entry price; time exit after 5 days.",
    });
    expect(new RuleWords("standard", days).strategyLines(spec).entry).toBe(
      "Goes short when the 14-day RSI is below 30 and the close is above the upper Bollinger band (20, 2), but only while the day of the week is on or before Tuesday.",
    );
    expect(new RuleWords("plain", days).strategyLines(spec)).toEqual({
      entry:
        "Bets on a fall (sells first, buys back later) when a gauge from zero to a hundred of recent rises against falls of the closing price over the last 14 days is below 30 and the closing price is above the top of the closing price's usual range: its average of the last 20 days plus 2 times its typical swing, but only while the weekday is on or before Tuesday.",
      exit: "Has no exit rule: a position closes only by the protective exits, if any, or stays open.",
      protection:
        "Gets out once a trade loses 2 times the typical price range of one day (over 14 days) from its entry price; gets out after 5 days at most.",
    });
  });

  it("names the overnight gap, lags and other sources, in the bar's unit", () => {
    const gap: Rule = {
      gt: [
        { sub: ["open", { lag: { of: "close", bars: 1 } }] },
        { mul: [0.5, { atr: { period: 20 } }] },
      ],
    };
    expect(new RuleWords("plain", barUnitOf("1h")).rule(gap)).toBe(
      "the overnight gap (the opening price minus the previous closing price) is above 0.5 times the typical price range of one hour over the last 20 hours",
    );
    expect(new RuleWords("expert", days).rule(gap)).toBe("(open - close[1]) > (0.5 * ATR(20))");
    const volume: Rule = { gt: ["volume", { sma: { period: 10, source: "volume" } }] };
    expect(new RuleWords("expert", days).rule(volume)).toBe("volume > SMA(volume, 10)");
    expect(new RuleWords("standard", days).rule(volume)).toBe(
      "the volume is above the 10-day simple moving average of the volume",
    );
    expect(
      new RuleWords("plain", days).rule({ lt: ["close", { lag: { of: "close", bars: 3 } }] }),
    ).toBe("the closing price is below the closing price 3 days ago");
  });
});
