import { call, missing, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";
import { listWords } from "../text.ts";
import {
  positionShare,
  reducing,
  shareOfQuantity,
  writesShare,
  writesShareAlone,
} from "./position-share.ts";
import { timingRefusal } from "./trading.ts";

/** "close my SPY position", "flatten everything", "sell all my QQQ", "close all positions". */
const closing =
  /^(?:close(?: out)?|flatten|liquidate|unwind|exit|get out of|square (?:up|off)|dump)\b|^sell (?:all|everything)\b|^sell out of\b|^(?:i want|get me) out of\b|^(?:go|move everything|move it all) (?:to|into) cash\b/;
/** "Go to cash", "liquidate": every position, without saying so. */
const closesAll = /^(?:go|move everything|move it all) (?:to|into) cash\b|^liquidate[.!]*$/;
/** What a closing request closes: positions, everything, or symbols (checked apart). */
const whatIsClosed = /\bpositions?\b|\beverything\b|\ball\b|\bholdings?\b/;
/** Words that close every position held; "my position" or "it" is one, and asks which if several. */
const closesEach = /\bpositions\b|\beverything\b|\ball\b|\bholdings\b|\bthem\b|\beach\b|\bevery\b/;

/**
 * Orders that close positions the account holds now, or a share of them ("sell half of my SPY"):
 * a sell of each long, a buy of each short, for the quantity the broker reports. The positions
 * are read afresh for the message (a `get_positions` lookup, `needs: "positions"`); every order
 * still waits for a person's approval and passes the risk gate with the account as it is then.
 */
export const closePositions: Intent = {
  title: "closing positions",
  tools: ["propose_order"],
  examples: [
    "close my SPY position",
    "flatten everything",
    "sell all my QQQ",
    "sell half of my SPY",
    "trim my QQQ position by 25%",
  ],
  matches: ({ text, raw }) => {
    if (/\b(?:when|whenever|if|once|after|unless)\b/.test(text)) return false;
    const share = reducing.test(text) && positionShare(text) !== undefined;
    if (!closing.test(text) && !share) return false;
    return (
      whatIsClosed.test(text) ||
      closesAll.test(text) ||
      symbolsIn(raw).length > 0 ||
      (share && (/\b(?:it|them)\b/.test(text) || writesShareAlone(text)))
    );
  },
  plan(message) {
    const timed = timingRefusal(message.text);
    if (timed) return timed;
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
    const holdings = listWords(open.map((position) => `${position.symbol} ${position.quantity}`));
    const share = reducing.test(message.text) ? positionShare(message.text) : undefined;
    if (!share && writesShare.test(message.text))
      return {
        kind: "refused",
        why: 'I could not tell which share of the positions to close: say it as "sell half of my SPY", "trim my QQQ position by 25%" or "close a third of my positions". Nothing was proposed.',
      };
    if (
      named.length === 0 &&
      !closesEach.test(message.text) &&
      !closesAll.test(message.text) &&
      open.length > 1
    )
      return {
        kind: "refused",
        why: `Which position? The account holds ${holdings}: name it ("${share ? `sell ${share.words} of my` : "close my"} ${open[0]!.symbol}${share ? "" : " position"}"), or say "${share ? `${share.words} of` : "close all"} my positions" for each. Nothing was proposed.`,
      };
    if (share && !(share.share > 0 && share.share <= 1))
      return {
        kind: "refused",
        why: `A share of a position is more than 0% and at most 100%, not ${share.words}. Nothing was proposed.`,
      };
    const notHeld = named.filter((symbol) => !open.some((position) => position.symbol === symbol));
    if (notHeld.length > 0)
      return {
        kind: "refused",
        why: `The account holds no ${listWords(notHeld)}: it holds ${listWords(open.map((position) => position.symbol))}. Nothing was proposed.`,
      };
    const closed = (
      named.length > 0 ? open.filter((position) => named.includes(position.symbol)) : open
    ).map((position) => ({
      ...position,
      closing: share
        ? shareOfQuantity(position.symbol, position.quantity, share.share)
        : Math.abs(position.quantity),
    }));
    const tooSmall = closed.filter((position) => position.closing === 0);
    if (tooSmall.length > 0)
      return {
        kind: "refused",
        why: `${share!.words} of ${listWords(tooSmall.map((p) => `${p.symbol} ${p.quantity}`))} is less than one whole unit: name a quantity ("sell 1 ${tooSmall[0]!.symbol}") or close it. Nothing was proposed.`,
      };
    const calls = closed.map((position) =>
      call("propose_order", {
        symbol: position.symbol,
        side: position.quantity > 0 ? "sell" : "buy",
        quantity: position.closing,
      }),
    );
    const words = closed.map(
      (position) =>
        `${position.symbol} (${position.quantity > 0 ? "sell" : "buy back"} ${position.closing}${share ? ` of ${Math.abs(position.quantity)}` : ""})`,
    );
    return planned(
      calls,
      `${share ? `Close ${share.words} of` : "Close"} ${listWords(words)}: ${calls.length === 1 ? "an order" : "one order each"} at market, waiting for your approval.`,
    );
  },
};
