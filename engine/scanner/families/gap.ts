import type { NumericExpression, Rule } from "../../strategy/spec.ts";
import type { RuleCandidate } from "./rule-candidate.ts";

const gap: NumericExpression = { sub: ["open", { lag: { of: "close", bars: 1 } }] };
const atr: NumericExpression = { atr: { period: 20 } };

/**
 * Overnight gaps, follow or fade (Branch & Ma 2012 on the negative overnight/intraday
 * correlation; Lou, Polk & Skouras 2019, "A tug of war: overnight versus intraday returns").
 * A gap larger than k x ATR(20) opens the bar; the sign of the in-sample effect says follow or
 * fade. The engine fills signals at the next open, so the tradable test is the next bar's
 * open-to-open return after a gap day, not the same day's open-to-close (which would need an
 * order at the gapping open); the explanation says so.
 */
export function gapCandidates(): RuleCandidate[] {
  return [0.5, 1].flatMap((atrMultiple): RuleCandidate[] => {
    const up: Rule = { gt: [gap, { mul: [atrMultiple, atr] }] };
    const down: Rule = { lt: [gap, { mul: [-atrMultiple, atr] }] };
    return [
      {
        pattern: "gap",
        parameters: { atrMultiple, side: "up" },
        entry: up,
        exit: { not: up },
        condition: `the bar opened more than ${atrMultiple} ATR(20) above the previous close`,
        holding: "for the next bar (from the following open), longer while gaps repeat",
      },
      {
        pattern: "gap",
        parameters: { atrMultiple, side: "down" },
        entry: down,
        exit: { not: down },
        condition: `the bar opened more than ${atrMultiple} ATR(20) below the previous close`,
        holding: "for the next bar (from the following open), longer while gaps repeat",
      },
    ];
  });
}
