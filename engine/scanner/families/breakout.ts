import type { NumericExpression, Rule } from "../../strategy/spec.ts";
import type { RuleCandidate } from "./rule-candidate.ts";

const channel = (period: number, output: string): NumericExpression => ({
  lag: { of: { donchian: { period, output } }, bars: 1 },
});

/**
 * Donchian channel breakouts (the turtle rules; Donchian 1960) and breakouts out of volatility
 * contraction (Bollinger's squeeze): a close beyond the previous N-bar high (low) opens, a close
 * back through the channel's middle closes. The squeeze variant also asks that the previous
 * 5-bar normalized ATR was below the 60-bar one.
 */
export function breakoutCandidates(): RuleCandidate[] {
  const channels = [20, 55].flatMap((periodBars): RuleCandidate[] => [
    {
      pattern: "breakout",
      parameters: { periodBars, side: "upper" },
      entry: { gt: ["close", channel(periodBars, "upper")] },
      exit: { lt: ["close", channel(periodBars, "middle")] },
      condition: `the close breaks above the previous ${periodBars}-bar high`,
      holding: "until it closes below the channel's middle",
    },
    {
      pattern: "breakout",
      parameters: { periodBars, side: "lower" },
      entry: { lt: ["close", channel(periodBars, "lower")] },
      exit: { gt: ["close", channel(periodBars, "middle")] },
      condition: `the close breaks below the previous ${periodBars}-bar low`,
      holding: "until it closes above the channel's middle",
    },
  ]);
  const calm: Rule = {
    lt: [
      { lag: { of: { natr: { period: 5 } }, bars: 1 } },
      { lag: { of: { natr: { period: 60 } }, bars: 1 } },
    ],
  };
  const squeezes: RuleCandidate[] = [
    {
      pattern: "breakout",
      parameters: { periodBars: 20, side: "upper", squeeze: "natr5<natr60" },
      entry: { and: [{ gt: ["close", channel(20, "upper")] }, calm] },
      exit: { lt: ["close", channel(20, "middle")] },
      condition:
        "the close breaks above the previous 20-bar high after a calm spell (5-bar ATR below the 60-bar)",
      holding: "until it closes below the channel's middle",
    },
    {
      pattern: "breakout",
      parameters: { periodBars: 20, side: "lower", squeeze: "natr5<natr60" },
      entry: { and: [{ lt: ["close", channel(20, "lower")] }, calm] },
      exit: { gt: ["close", channel(20, "middle")] },
      condition:
        "the close breaks below the previous 20-bar low after a calm spell (5-bar ATR below the 60-bar)",
      holding: "until it closes above the channel's middle",
    },
  ];
  return [...channels, ...squeezes];
}
