import { marketOf } from "../../../tools/bars/market-of.ts";

/**
 * The share of a position a message closes: "half of my SPY", "a third of my positions",
 * "25% of my QQQ", "trim my SPY by 30%", "halve my ACME position". Read from normalized text,
 * where number words are digits ("two thirds" is "2 thirds").
 */
const fraction =
  "(half|a half|1 half|a third|1 third|2 thirds|a quarter|1 quarter|3 quarters|\\d+(?:\\.\\d+)?\\s*(?:%|percent))";
/** "half of my SPY", "25% of the position", "half my QQQ", "half of it", "half of SPY". */
const shareOf = new RegExp(
  `\\b${fraction}\\s+(?:of\\b|(?:my|our|the|each|every|everything|all|it|them)\\b)`,
);
const shareAlone = new RegExp(`^\\S+(?: \\S+)?\\s+${fraction}$`);
/** "trim my SPY by a third", "reduce the position by 25%". */
const shareBy = new RegExp(`\\bby\\s+${fraction}(?!\\s+of)`);
/** "halve my ACME position", "cut my SPY in half". */
const halving = /^halve\b|\bin half\b/;

const named: Record<string, number> = {
  half: 1 / 2,
  "a half": 1 / 2,
  "1 half": 1 / 2,
  "a third": 1 / 3,
  "1 third": 1 / 3,
  "2 thirds": 2 / 3,
  "a quarter": 1 / 4,
  "1 quarter": 1 / 4,
  "3 quarters": 3 / 4,
};

/** A verb and a share alone, "sell half", "trim 25%": of what is held. */
export const writesShareAlone = (text: string) => shareAlone.test(text);

/** Words of a share, parsed or not: a close that writes one never closes everything. */
export const writesShare = /\b(?:half|halve|thirds?|quarters?|\d+(?:\.\d+)?\s*(?:%|percent))\b|\d%/;

/** The verbs that take a share of a position: "sell", "trim", "take profits on". */
export const reducing =
  /^(?:sell|close|exit|trim|reduce|cut|halve|lighten|scale (?:down|back|out of)|take (?:some )?profits? (?:on|in|from))\b/;

/**
 * The share of each position the text closes, as the words wrote it ("half", "25%") and as a
 * number; undefined when it names none. A percentage may exceed 100: the caller refuses it.
 */
export function positionShare(text: string): { words: string; share: number } | undefined {
  if (halving.test(text)) return { words: "half", share: 1 / 2 };
  const written = (shareOf.exec(text) ?? shareBy.exec(text) ?? shareAlone.exec(text))?.[1];
  if (written === undefined) return undefined;
  const percent = /^(\d+(?:\.\d+)?)\s*(?:%|percent)$/.exec(written);
  if (percent) return { words: `${percent[1]}%`, share: Number(percent[1]) / 100 };
  return {
    words: written.replace(/^1 /, "a ").replace(/^2 /, "two ").replace(/^3 /, "three "),
    share: named[written]!,
  };
}

/** Decimals a share of a fractional position keeps: the order tool's own precision. */
const decimals = 9;

/**
 * `share` of a held quantity, rounded toward zero: to whole units when the position is whole and
 * not a coin (shares, contracts: half of 7 is 3, never a fractional order the broker may not
 * take), else to nine decimals (a coin, half of 1 ETH/USD being 0.5).
 */
export function shareOfQuantity(symbol: string, quantity: number, share: number): number {
  const held = Math.abs(quantity);
  const exact = held * share;
  if (Number.isInteger(held) && marketOf(symbol) !== "CRYPTO") return Math.floor(exact + 1e-9);
  return Math.floor(exact * 10 ** decimals + 1e-6) / 10 ** decimals;
}
