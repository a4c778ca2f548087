import { call, defined, missing, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";

/** "Position size for AAPL", "how many shares of SPY should I buy", "size a BTC/USD trade". */
const asksSize =
  /^(?:risk|risking)\b.*\b(?:on|in|of|for)\b|\bposition[- ]?siz(?:e|es|ing)\b|\bsiz(?:e|ing) (?:a|an|my|the|this)\b.*\b(?:trade|position|entry|long|short)\b|\bhow (?:many|much)\b.*\b(?:should|can|could|may) (?:i|we)\b.*\b(?:buy|sell|short|trade|get|hold)\b|\bhow (?:many|much)\b.*\b(?:shares|coins|contracts|units)\b.*\bif (?:i|we) (?:buy|sell|short|enter|get in)\b|\bhow (?:big|large) (?:should|can|could) (?:my|the|a|this) (?:position|trade)\b/;
/** Sizing by name: "position size for SPY", but not "my position size in SPY" (a holding). */
const sizingNamed =
  /\bposition[- ]?sizing\b|(?<!\b(?:my|our|current) )\bposition[- ]?size (?:for|of|on)\b/;
/** "My position size in SPY": what is held, not a size to work out. */
const heldSize = /\b(?:my|our|current) position[- ]?sizes?\b/;
/** What a size is worked out from: a stop, or the risk taken. */
const stopOrRisk = /\bstops?\b|\batrs?\b|\brisk(?:ing|s)?\b/;

const number = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const percentSign = String.raw`\s*(?:%|percent)`;
/** "1,500", "2k", "1.5m": a number written with commas, thousands or millions. */
const scaled = (digits: string, suffix?: string) =>
  Number(digits.replace(/,/g, "")) * (suffix === "k" ? 1e3 : suffix === "m" ? 1e6 : 1);

/** The share of the account risked ("risk 1%", "1% risk") or the amount ("risking $500"). */
function riskIn(text: string): { riskPercent: number } | { riskAmount: number } | undefined {
  const percent =
    new RegExp(
      String.raw`\b(?:risk(?:ing|s)?|lose|losing)\s+(?:of\s+)?(?:only\s+)?${number}${percentSign}`,
    ).exec(text) ??
    new RegExp(
      String.raw`${number}${percentSign}\s+(?:of\s+(?:my\s+|the\s+)?(?:account|equity|capital)\s+)?(?:risk|at risk)\b`,
    ).exec(text);
  if (percent) return { riskPercent: scaled(percent[1]!) };
  const amount =
    new RegExp(
      String.raw`\b(?:risk(?:ing|s)?|lose|losing)\s+(?:of\s+)?(?:only\s+)?\$?${number}\s*(k|m)?\b(?!${percentSign})`,
    ).exec(text) ?? new RegExp(String.raw`\$${number}\s*(k|m)?\s+(?:of\s+)?risk\b`).exec(text);
  return amount ? { riskAmount: scaled(amount[1]!, amount[2]) } : undefined;
}

type Stop =
  { stopAtr: number; atrPeriod?: number } | { stopPercent: number } | { stopPrice: number };

/** "A 2 ATR stop", "stop 1.5 x ATR(20)", "a 5% stop", "stop at 180". */
function stopIn(text: string): Stop | undefined {
  const atr = new RegExp(
    String.raw`${number}\s*(?:x|times)?\s*(?:the\s+)?(?:(\d+)[- ]day\s+)?atrs?\b(?:\s*\(\s*(\d+)\s*\))?`,
  ).exec(text);
  if (atr) {
    const period = atr[2] ?? atr[3];
    return defined({
      stopAtr: Number(atr[1]),
      atrPeriod: period === undefined ? undefined : Number(period),
    }) as Stop;
  }
  const percent =
    new RegExp(String.raw`${number}${percentSign}\s+(?:trailing\s+)?stop`).exec(text) ??
    new RegExp(String.raw`\bstop(?:[- ]?loss)?\s+(?:of\s+|at\s+)?${number}${percentSign}`).exec(
      text,
    ) ??
    new RegExp(
      String.raw`\bstop(?:[- ]?loss)?\b.*?${number}${percentSign}\s+(?:below|above|under|over|away)\b`,
    ).exec(text);
  if (percent) return { stopPercent: Number(percent[1]) };
  const price = new RegExp(
    String.raw`\bstop(?:[- ]?loss)?\s+(?:price\s+)?(?:at|of|@|=|:)?\s*\$?${number}\b(?!${percentSign}|\s*(?:x\b|times\b|atr))`,
  ).exec(text);
  return price ? { stopPrice: scaled(price[1]!) } : undefined;
}

/** "Entry at 585", "buying at 200": the price to size from, when it is not the last trade. */
function entryIn(text: string): number | undefined {
  const entry = new RegExp(
    String.raw`\b(?:entry|enter(?:ing)?|buy(?:ing)?|sell(?:ing)?|short(?:ing)?|get(?:ting)? in)\s+(?:price\s+)?(?:at|of|@|=|:)\s*\$?${number}`,
  ).exec(text);
  return entry ? scaled(entry[1]!) : undefined;
}

/** "An account of $50k", "my 25000 account": the equity to size against. */
function equityIn(text: string): number | undefined {
  const equity =
    new RegExp(
      String.raw`\b(?:account|equity|capital|portfolio)\s+(?:size\s+)?(?:of|is|=|:)\s*\$?${number}\s*(k|m)?\b`,
    ).exec(text) ??
    new RegExp(String.raw`\$?${number}\s*(k|m)?\s+(?:account|portfolio)\b`).exec(text);
  return equity ? scaled(equity[1]!, equity[2]) : undefined;
}

/**
 * "How many shares of SPY should I buy if I risk 1% with a 2 ATR stop?", "position size for AAPL
 * with a stop at 180": size_position. The stop is asked for, never assumed; the risk is 1% of
 * the account unless said.
 */
export const positionSize: Intent = {
  title: "a position size",
  tools: ["size_position"],
  examples: [
    "how many shares of SPY should I buy risking 1% with a 2 ATR stop?",
    "position size for AAPL with a stop at 180",
    "size a BTC/USD trade risking $500 with a 5% stop",
  ],
  // "What is position sizing?" names neither a symbol nor a stop: the glossary's. A size asked
  // for a symbol without a stop ("how many shares of SPY can I buy?") is asked its stop.
  matches: ({ text, raw }) => {
    const named = symbolsIn(raw).length > 0;
    return (
      (sizingNamed.test(text) && (named || stopOrRisk.test(text))) ||
      (asksSize.test(text) && (stopOrRisk.test(text) || (named && !heldSize.test(text))))
    );
  },
  plan({ raw, text }) {
    const symbols = symbolsIn(raw);
    if (symbols.length !== 1)
      return missing(
        symbols.length === 0
          ? 'which symbol to size, e.g. "position size for SPY with a 5% stop"'
          : `one symbol to size (I see ${symbols.join(", ")}); ask for each separately`,
      );
    const stop = stopIn(text);
    if (!stop)
      return missing(
        'the stop the size is worked out from: a price ("a stop at 180"), a percentage ("a 5% stop") or ATRs ("a 2 ATR stop")',
      );
    const side = /\b(?:short(?:ing)?|sell(?:ing)?)\b/.test(text) ? "sell" : "buy";
    const risk = riskIn(text);
    const input = defined({
      symbol: symbols[0]!,
      ...(side === "sell" ? { side } : {}),
      ...risk,
      ...stop,
      entryPrice: entryIn(text),
      equity: equityIn(text),
    });
    const risked =
      risk === undefined
        ? "1% of the account"
        : "riskPercent" in risk
          ? `${risk.riskPercent}% of the account`
          : `${risk.riskAmount}`;
    return planned(
      [call("size_position", input)],
      `Size a ${side === "buy" ? "long" : "short"} in ${symbols[0]} so that its stop loses at most ${risked}, and check it against the risk gate (nothing is ordered).`,
    );
  },
};

/** The stop fields of size_position: one replaces the others. */
const stopFields = ["stopPrice", "stopPercent", "stopAtr", "atrPeriod"];

/**
 * "What if I risk 0.5%?", "with a 3% stop instead", "and a 1.5 ATR stop" right after a size was
 * worked out: the same sizing again with the risk or the stop said now.
 */
export const resize: Intent = {
  title: "the size again",
  tools: ["size_position"],
  examples: ["what if I risk 0.5%?", "with a 3% stop instead"],
  matches: ({ text, raw, context }) =>
    context.sizingShownLast !== undefined &&
    symbolsIn(raw).every((symbol) => symbol === context.sizingShownLast!.symbol) &&
    /^(?:(?:what|how) (?:if|about)|and|now|then|ok|okay|try|instead|with|at|risk|risking|a|an)\b/.test(
      text,
    ) &&
    (riskIn(text) !== undefined || stopIn(text) !== undefined),
  plan({ text, context }) {
    const last = context.sizingShownLast!;
    const risk = riskIn(text);
    const stop = stopIn(text);
    const kept = Object.fromEntries(
      Object.entries(last).filter(
        ([field]) =>
          !(risk && (field === "riskPercent" || field === "riskAmount")) &&
          !(stop && stopFields.includes(field)),
      ),
    );
    const input = { ...kept, ...risk, ...stop };
    const changed = [risk && "risk", stop && "stop"].filter(Boolean).join(" and ");
    return planned(
      [call("size_position", input)],
      `Size ${String(last.symbol)} again with the ${changed} said now, and check it against the risk gate (nothing is ordered).`,
    );
  },
};

/** "Buy it", "place it", "go ahead" right after a size was worked out: that order, proposed. */
export const orderSized: Intent = {
  title: "the sized order",
  tools: ["propose_order"],
  examples: ["buy it", "place it"],
  matches: ({ text, context }) =>
    context.sizedLast !== undefined &&
    /^(?:(?:buy|sell|short|place|send|submit|propose|execute|do|make)\s+(?:it|that|this|them|the order|that order|this order|the trade|that trade)|do it|go ahead|yes)\b/.test(
      text,
    ),
  plan({ text, context }) {
    const sized = context.sizedLast!;
    const said = /^(buy|sell|short)\b/.exec(text)?.[1];
    const side = said === undefined ? sized.side : said === "buy" ? "buy" : "sell";
    if (side !== sized.side)
      return missing(
        `which side: the size was worked out to ${sized.side} ${sized.symbol}; say "${sized.side} it", or size the other side first`,
      );
    const limit =
      sized.limitPrice === undefined ? {} : { type: "limit", limitPrice: sized.limitPrice };
    return planned(
      [call("propose_order", { symbol: sized.symbol, side, quantity: sized.quantity, ...limit })],
      `Propose to ${side} ${sized.quantity} ${sized.symbol} ${sized.limitPrice === undefined ? "at market" : `with a limit at ${sized.limitPrice}`}, the size just worked out: the risk gate checks it, then a person approves it.`,
    );
  },
};
