import { defaultLimits, hardLimits } from "../../../engine/risk/limits.ts";
import type { RiskLimits } from "../../../engine/risk/types.ts";
import { call, planned, type Intent, type Outcome } from "../intent.ts";

type Limit = keyof RiskLimits & keyof typeof hardLimits;

/** How a message names a limit, the most specific first, and how its number is written. */
const limitWords: [RegExp, Limit, "units" | "dollars" | "fraction" | "multiple" | "count"][] = [
  [
    /\border quantity\b|\border (?:size|quantity) in (?:shares|units)\b|\b(?:shares|units) (?:per|an?) order\b|\bmax(?:imum)? (?:shares|units|quantity)\b/,
    "maxOrderQuantity",
    "units",
  ],
  [
    /\border (?:size|notional|value|amount)?\s*(?:limit|cap|max(?:imum)?)\b|\bmax(?:imum)? order(?: size| notional| value| amount)?\b|\border limit\b/,
    "maxOrderNotional",
    "dollars",
  ],
  [
    /\bposition(?: size| notional| value)?\s*(?:limit|cap|max(?:imum)?)\b|\bmax(?:imum)? position(?: size| notional| value)?\b/,
    "maxPositionNotional",
    "dollars",
  ],
  [/\bgross exposure\b|\bleverage\b/, "maxGrossExposure", "multiple"],
  [/\bnet exposure\b/, "maxNetExposure", "multiple"],
  [
    /\b(?:daily|day's|day) loss(?: limit)?\b|\bloss limit\b|\bmax(?:imum)? (?:daily )?loss\b/,
    "dailyLossLimit",
    "fraction",
  ],
  [/\borders? (?:per|a|each) minute\b|\border rate\b/, "maxOrdersPerMinute", "count"],
  [/\bcluster exposure\b/, "maxClusterExposure", "multiple"],
  [/\bprice collar\b|\bcollar\b/, "priceCollarBps", "count"],
];

/** A request to change limits: a verb of change and something only a limit is called. */
const changeVerb =
  /\b(?:set|change|raise|lower|increase|decrease|reduce|tighten|loosen|relax|update|bump|lift|double|halve|adjust|remove|disable|turn off|drop|allow|make)\b/;
const namesLimit =
  /\blimits?\b|\bcap\b|\bmax(?:imum)?\b|\bexposure\b|\bleverage\b|\bcollar\b|\bper minute\b/;
/** Orders and order books also have "limits": "set a limit order", "change my limit price". */
const orderLimit = /\blimit (?:orders?|prices?|buy|sell)\b|\b(?:buy|sell|short|cover)\b.*\blimit\b/;

/** The value the message gives, in the limit's own unit ("3%" of a loss limit is 0.03). */
function valueIn(text: string, unit: (typeof limitWords)[number][2]): number | undefined {
  const match = /\$?\s*(\d+(?:[.,]\d+)*)\s*(k|%|x|bps)?\b/.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]!.replace(/,/g, "")) * (match[2] === "k" ? 1000 : 1);
  if (unit === "fraction") return match[2] === "%" || number >= 1 ? number / 100 : number;
  if (unit === "multiple") return match[2] === "%" ? number / 100 : number;
  return number;
}

/**
 * "Set max position size to 10000", "raise my daily loss limit to 3%": limits are never changed
 * from chat. They guard every order, and a chat message can be forged or injected by text the
 * assistant reads, so a person changes them where only the account's owner can: the command
 * line (tighter only, audited) or RISK_LIMITS.
 */
export const riskLimitChange: Intent = {
  title: "a change to the risk limits",
  tools: [],
  examples: ["what are the risk limits?"],
  matches: ({ text }) =>
    changeVerb.test(text) &&
    namesLimit.test(text) &&
    !orderLimit.test(text) &&
    (/\b(?:risk|trading|pre-trade) limits?\b/.test(text) ||
      limitWords.some(([pattern]) => pattern.test(text))),
  plan: ({ text }): Outcome => {
    const named = limitWords.find(([pattern]) => pattern.test(text));
    const value = named ? valueIn(text, named[2]) : undefined;
    const override = `'${JSON.stringify({ [named?.[1] ?? "maxOrderNotional"]: value ?? (named ? defaultLimits[named[1]] : 5000) })}'`;
    const ceiling = named ? hardLimits[named[1]] : undefined;
    const beyond =
      named && value !== undefined && typeof ceiling === "number" && value > ceiling
        ? ` ${value} is beyond the hard boundary of ${named[1]} (${ceiling}), which nothing can pass.`
        : "";
    return {
      kind: "refused",
      why: `I do not change risk limits from chat: they guard every order, and a chat message could come from someone else or from text I read. A person changes them: \`npx alphadesk controls --limits ${override}\` tightens this account's (stored and audited; it can only tighten), and RISK_LIMITS=${override} in the environment (then restart) sets them, within the hard boundaries.${beyond} "What are the risk limits?" shows those in force.`,
    };
  },
};

/** A question, not a change: "what's my daily loss limit?", "how close am I to the loss limit?". */
const asks =
  /^(?:what|how|show|tell|which|where|am i|are we|is|list|remind|give)\b|\?$|\bhow much (?:more )?(?:can|may) (?:i|we) lose\b/;

/**
 * "What's my daily loss limit?", "what is my max position size?", "how close am I to the daily
 * loss limit?": the status view gives the limits in force and today's loss against the daily one.
 */
export const riskLimitQuestion: Intent = {
  title: "the risk limits in force",
  tools: ["desk_status"],
  examples: ["what's my daily loss limit?", "how close am I to the daily loss limit?"],
  matches: ({ text }) =>
    asks.test(text) &&
    !changeVerb.test(text) &&
    !orderLimit.test(text) &&
    (/\b(?:risk|trading|pre-trade) limits?\b|\bhow much (?:more )?(?:can|may) (?:i|we) lose\b/.test(
      text,
    ) ||
      limitWords.some(([pattern]) => pattern.test(text))),
  plan: () =>
    planned(
      [call("desk_status", {})],
      "Show the risk limits in force and today's loss against the daily one, with the rest of the desk.",
    ),
};
