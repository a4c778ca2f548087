import { call, defined, missing, planned, type Intent } from "../intent.ts";
import { extractPeriod } from "../dates.ts";
import { symbolsIn } from "../symbols.ts";
import { portfolioIdPattern } from "./trading.ts";

const riskWords =
  /\b(?:risk|risky|riskiest|c?var|value at risk|expected shortfall|tail risk|draw ?downs?|worst (?:day|week|month|period)|lose|losses)\b/;

/** Risk of the account, not its P&L ("what did my positions lose today?" is get_positions'). */
const accountRiskWords =
  /\b(?:risk|risky|riskiest|c?var|value at risk|expected shortfall|tail risk|volatility)\b/;

/** Questions that change a portfolio rather than ask about it: "build a risk parity portfolio". */
const notAQuestion =
  /\brisk[- ]parity\b|\b(?:build|construct|make|create|optimi[sz]e|allocate|weight|rebalanc\w*|reduce|lower|cut|minimi[sz]e)\b/;

/**
 * "How risky is my portfolio?", "what's the VaR of that portfolio?", "max drawdown of this
 * portfolio", or "what's the value at risk?" right after one: the stored portfolio's risk over the
 * returns it was built from (drawdown, worst day, value at risk and expected shortfall).
 */
export const portfolioRisk: Intent = {
  title: "a stored portfolio's risk",
  tools: ["list_portfolios"],
  examples: ["how risky is my portfolio?", "what's the value at risk of that portfolio?"],
  matches: ({ text, context }) =>
    !notAQuestion.test(text) &&
    ((/\bportfolio\b/.test(text) && riskWords.test(text)) ||
      (context.portfolioShownLast !== undefined &&
        /\b(?:c?var|value at risk|expected shortfall|tail risk)\b/.test(text))),
  plan({ raw, context }) {
    const portfolioId =
      portfolioIdPattern.exec(raw)?.[0].toLowerCase() ?? context.portfolioShownLast;
    return planned(
      [call("list_portfolios", defined({ portfolioId, limit: portfolioId ? undefined : 1 }))],
      `Show ${portfolioId ? `portfolio ${portfolioId.slice(0, 8)}…` : "the newest stored portfolio"} with its risk over the returns it was built from: max drawdown, worst day, value at risk and expected shortfall.`,
    );
  },
};

/** "What if SPY drops 10%?", "how much would I lose if the market falls 20%": a move and its size. */
const whatIfMove =
  /\b(?:what (?:happens|would happen)|what if|how much (?:would|could|will|do) (?:i|we) (?:lose|make|gain))\b.*?\b(drops?|falls?|crash(?:es)?|sinks?|tanks?|declines?|rises?|rallies|gains?|jumps?|goes (?:up|down)|(?:is )?(?:down|up))\s+(?:by\s+)?(\d+(?:\.\d+)?)\s*%/;
const falling = /^(?:drop|fall|crash|sink|tank|decline|goes down|is down|down)/;
/** Words that make the move a price alert's or an order's condition, not a what-if. */
const notAWhatIf = /\b(?:alert|ping|notify|tell me|let me know|buy|sell|short|close|cover)\b/;

/**
 * "What happens to my positions if SPY drops 10%?", "what if the market falls 20%?": each
 * position moved by its beta to that symbol (the market: SPY).
 */
export const positionShock: Intent = {
  title: "a what-if on the account's positions",
  tools: ["position_risk"],
  examples: ["what happens if SPY drops 10%?", "how much would I lose if the market falls 20%?"],
  matches: ({ text }) => whatIfMove.test(text) && !notAWhatIf.test(text),
  plan({ text, raw }) {
    const [, verb, size] = whatIfMove.exec(text)!;
    const symbols = symbolsIn(raw);
    const market = /\b(?:the market|stocks|equities|the s&p(?: 500)?|s&p 500)\b/.test(text);
    if (symbols.length > 1)
      return missing(`one symbol that moves: the message names ${symbols.join(", ")}`);
    const symbol = symbols[0] ?? (market ? "SPY" : undefined);
    if (!symbol) return missing('which symbol moves, e.g. "if SPY drops 10%" (the market: SPY)');
    const fraction = (Number(size) / 100) * (falling.test(verb!) ? -1 : 1);
    if (fraction <= -1) return missing("a fall of less than 100%: a price cannot fall further");
    return planned(
      [call("position_risk", { shock: { symbol, move: fraction } })],
      `Move each of the account's positions by its beta to ${symbol} times a ${size}% ${fraction < 0 ? "fall" : "rise"}, with the account's risk.`,
    );
  },
};

/** Market falls known by name, from the S&P 500's closing peak to its closing low. */
const namedFalls: readonly [RegExp, string, string][] = [
  [/\b(?:2020 crash|covid(?:-19)? crash|covid|march 2020 crash)\b/, "2020-02-19", "2020-03-23"],
  [
    /\b(?:2008(?: crash| crisis)?|financial crisis|gfc|great financial crisis|2007[- ]2009)\b/,
    "2007-10-09",
    "2009-03-09",
  ],
  [/\b(?:2022 bear market|2022 sell-?off|2022 crash)\b/, "2022-01-03", "2022-10-12"],
  [/\b(?:dot[- ]?com (?:crash|bust|bubble)|2000 crash|tech bubble)\b/, "2000-03-24", "2002-10-09"],
];

/** "How would my positions have done in 2022?", "stress test my portfolio against the 2020 crash". */
const replayWords =
  /\b(?:how (?:would|will) (?:my|our|the) (?:positions|portfolio|holdings|account)|what would (?:my|our|the) (?:positions|portfolio|holdings|account)|stress[- ]test (?:my|our|the) (?:positions|portfolio|holdings|account)|replay (?:my|our|the) (?:positions|portfolio|holdings|account))\b/;

/**
 * Today's positions carried through a past stretch: a market fall known by name ("the 2020
 * crash", "the financial crisis") or a period ("in 2022", "from 2018-10-01 to 2018-12-24").
 */
export const positionReplay: Intent = {
  title: "a historical stress test of the account's positions",
  tools: ["position_risk"],
  examples: [
    "how would my positions have done in the 2020 crash?",
    "stress test my portfolio against 2022",
  ],
  matches: ({ text }) => replayWords.test(text),
  plan({ text, context }) {
    const named = namedFalls.find(([pattern]) => pattern.test(text));
    const { period, problem } = named
      ? { period: { start: named[1], end: named[2] }, problem: undefined }
      : extractPeriod(text, context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    // "Against 2022": a year alone is that calendar year.
    const year = /\b((?:19|20)\d{2})\b/.exec(text)?.[1];
    if (period.start === undefined && period.end === undefined && year) {
      period.start = `${year}-01-01`;
      period.end = `${year}-12-31`;
    }
    if (period.start === undefined || period.end === undefined)
      return missing(
        'the stretch to replay, with its start and end: "the 2020 crash", "the financial crisis", "in 2022" or "from 2018-10-01 to 2018-12-24"',
      );
    return planned(
      [call("position_risk", { replay: { start: period.start, end: period.end } })],
      `Carry the account's positions through ${String(period.start)} to ${String(period.end)}, each by its own return, with the account's risk.`,
    );
  },
};

/**
 * "How risky are my positions?", "what's my account's VaR?", "how much could I lose tomorrow?":
 * the broker account's holdings measured over their stored returns.
 */
export const positionRiskIntent: Intent = {
  title: "the account's risk",
  tools: ["position_risk"],
  examples: ["how risky are my positions?", "how much could I lose tomorrow?"],
  matches: ({ text }) =>
    !notAQuestion.test(text) &&
    ((/\b(?:positions?|holdings?|account)\b/.test(text) && accountRiskWords.test(text)) ||
      /\bwhat(?:'s| is) my (?:total |overall )?risk\b|\b(?:am i|are we) (?:too |over)?(?:concentrated|diversified)\b|\bhow (?:concentrated|diversified) (?:am i|are we)\b/.test(
        text,
      ) ||
      /\bhow much (?:could|can|might|would) (?:i|we) lose (?:tomorrow|today|in (?:a|one) day)\b/.test(
        text,
      )),
  plan: () =>
    planned(
      [call("position_risk", {})],
      "Measure the broker account's positions over their stored daily returns: volatility, value at risk and expected shortfall in dollars, drawdown, each one's share of the risk.",
    ),
};

/**
 * "Reduce the risk of my portfolio", "make my portfolio safer": which trades to cut is the
 * person's call; the answer is how Alphadesk measures the risk and rebuilds with less of it.
 */
export const lowerRisk: Intent = {
  title: "how to lower a portfolio's risk",
  tools: [],
  examples: ["how can I lower my portfolio's risk?"],
  matches: ({ text }) =>
    /\b(?:portfolio|positions?|account|holdings?)\b/.test(text) &&
    /\b(?:reduce|lower|cut|minimi[sz]e|decrease|limit)\b.*\brisk\b|\b(?:safer|less risky)\b/.test(
      text,
    ),
  plan: () => ({
    kind: "answered",
    text: [
      "Which positions to cut is your call; Alphadesk measures the risk and rebuilds with less of it:",
      "- \"how risky are my positions?\" gives the account's value at risk in dollars and each position's share of the risk: the largest shares are where a cut lowers it most;",
      '- "build a min variance portfolio of SPY, TLT and GLD with at most 40% in one" weights symbols for the least volatility under a cap, and "rebalance my portfolio" proposes the orders, each through the risk gate and your approval;',
      "- the risk limits (RISK_LIMITS: the largest order, position and daily loss) bound every order the desk sends.",
    ].join("\n"),
  }),
};
