import { call, missing, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";
import { listWords } from "../text.ts";

/** "close my SPY position", "flatten everything", "sell all my QQQ", "close all positions". */
const closing =
  /^(?:close(?: out)?|flatten|liquidate|unwind|exit|get out of|square (?:up|off))\b|^sell (?:all|everything)\b|^sell out of\b/;
/** What a closing request closes: positions, everything, or symbols (checked apart). */
const whatIsClosed = /\bpositions?\b|\beverything\b|\ball\b|\bholdings?\b/;

/**
 * Orders that close positions the account holds now: a sell of each long, a buy of each short,
 * for the quantity the broker reports. The positions are read afresh for the message (a
 * `get_positions` lookup, `needs: "positions"`); every order still waits for a person's approval
 * and passes the risk gate with the account as it is then.
 */
export const closePositions: Intent = {
  title: "closing positions",
  tools: ["propose_order"],
  examples: ["close my SPY position", "flatten everything", "sell all my QQQ"],
  matches: ({ text, raw }) =>
    closing.test(text) &&
    !/\b(?:when|whenever|if|once|after|unless)\b/.test(text) &&
    (whatIsClosed.test(text) || symbolsIn(raw).length > 0),
  plan(message) {
    const held = message.context.positions;
    if (!held)
      return missing(
        'the positions to close: I read them from the broker first ("what are my positions" shows them)',
        "positions",
      );
    const open = held.filter((position) => position.quantity !== 0);
    const named = symbolsIn(message.raw);
    if (open.length === 0)
      return { kind: "refused", why: "The account holds no positions: there is nothing to close." };
    const notHeld = named.filter((symbol) => !open.some((position) => position.symbol === symbol));
    if (notHeld.length > 0)
      return {
        kind: "refused",
        why: `The account holds no ${listWords(notHeld)}: it holds ${listWords(open.map((position) => position.symbol))}. Nothing was proposed.`,
      };
    const closed =
      named.length > 0 ? open.filter((position) => named.includes(position.symbol)) : open;
    const calls = closed.map((position) =>
      call("propose_order", {
        symbol: position.symbol,
        side: position.quantity > 0 ? "sell" : "buy",
        quantity: Math.abs(position.quantity),
      }),
    );
    const words = closed.map(
      (position) =>
        `${position.symbol} (${position.quantity > 0 ? "sell" : "buy back"} ${Math.abs(position.quantity)})`,
    );
    return planned(
      calls,
      `Close ${listWords(words)}: ${calls.length === 1 ? "an order" : "one order each"} at market, waiting for your approval.`,
    );
  },
};
