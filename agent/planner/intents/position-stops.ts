import type { Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";

/** A stop, a target or a trailing stop. */
const protection =
  /\b(?:stop[- ]?loss(?:es)?|stops?|take[- ]profits?|profit targets?|trailing stops?)\b/;
/** On something the account holds: "on my ACME position", "for my shares", "on my QQQ". */
const onHoldings =
  /\b(?:on|for|to) (?:my|our|the|each of my|all my|every)\b.*\b(?:positions?|holdings?|shares|coins|contracts)\b|\b(?:on|for|to) (?:my|our)\b/;

/**
 * "Set a stop loss on my ACME position": no order waits at a price for the account's positions
 * (orders are market or limit, proposed now), so this is refused with what does protect them,
 * never answered with the account as if the stop were set. "Add a 5% stop loss" to a strategy
 * is a change of it (change.ts), and says no position.
 */
export const positionStops: Intent = {
  title: "a stop on a position",
  tools: [],
  examples: ["close my SPY position", "backtest it with a 5% stop loss"],
  matches: ({ text, raw }) =>
    protection.test(text) &&
    !/\bstrateg(?:y|ies)\b|\bback[- ]?test/.test(text) &&
    /\b(?:set|place|put|add|create|attach|move|raise|lower|enter)\b/.test(text) &&
    (onHoldings.test(text) || (/\bposition\b/.test(text) && symbolsIn(raw).length > 0)),
  plan({ raw }) {
    const symbol = symbolsIn(raw)[0] ?? "SPY";
    return {
      kind: "refused",
      why: `Nothing watches a position for a price here: orders are market or limit, proposed now and approved by a person, and no stop loss, take profit or trailing stop rests at the broker. A stop is part of a strategy: backtest it with one ("backtest it with a 5% stop loss"), and its paper or live trading and generated code carry it out. To get out now, "close my ${symbol} position" or "sell half of my ${symbol}".`,
    };
  },
};
