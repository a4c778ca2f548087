import { priceLevelIndicators } from "../../../engine/validator/analysis/spec-walk.ts";
import { alertCondition } from "../../../tools/alerts/alert-words.ts";
import { NumericExpressionSchema } from "../../../tools/strategy/expression-schema.ts";
import { call, missing, planned, type Intent, type Outcome } from "../intent.ts";
import { indicatorsIn } from "../strategy.ts";
import { symbolsIn } from "../symbols.ts";
import { listWords } from "../text.ts";

/**
 * Asking to be told later: "alert me", "let me know", "set an alert", "price alert"; with a number
 * or the word alert, since "tell me a joke" and "tell me when the market opens" are not alerts.
 */
const notifyWords =
  /\b(?:alert|notify|ping|warn|text|message|tell|remind) me\b|\blet me know\b|^know (?:when|if)\b|\b(?:set|create|add|make|put|place|new)(?: up)? (?:a |an |another )?(?:price )?alerts?\b|\bprice alerts? (?:on|for)\b/;
const alertWord = /\balerts?\b/;
/** Alerts of other kinds, which other intents serve: TradingView's webhooks, research. */
const otherAlerts = /\b(?:tradingview|webhooks?|news|research)\b/;
/** Words of an alert on something other than the price: an indicator, volume, a spread. */
const indicatorWords =
  /\b(?:rsi|macd|sma|ema|wma|moving averages?|bollinger|atr|adx|stoch\w*|cci|mfi|roc|williams|vwap|indicators?|volume|volatility|vix|spread|correlation)\b/;
/** What an alert cannot watch yet. */
const unwatchable = /\b(?:volume|volatility|vix|spread|correlation)\b/;

const below =
  /\b(?:below|under|beneath|drops?|dropped|dropping|falls?|falling|fell|dips?|dipping|sinks?|declines?|slides?|slumps?|tanks?|crash(?:es)?|goes down|down|less than|lower than|loses)\b/;
const above =
  /\b(?:above|over|exceeds?|rises?|rising|rallies|rally|climbs?|jumps?|surges?|gains?|goes up|up|more than|higher than|breaks? out|tops?)\b/;

const percentMove = /(\d+(?:\.\d+)?)\s*(?:%|percent\b|pct\b)/;
/** Words that lead to a level: "below 600", "hits $100000", "at 500". */
const leadsToLevel = String.raw`below|under|beneath|above|over|at|to|hits?|reach(?:es)?|touch(?:es)?|cross(?:es)?|past|than|exceeds?|breaks?`;
/** A price level: a number after such a word, or "of" ("an alert of 500"). */
const levelAfterWord = new RegExp(
  String.raw`\b(?:${leadsToLevel}|of)\s+\$?(\d+(?:\.\d+)?)(?![\d%.]|\s*(?:percent|pct)\b)`,
);
/** An indicator's level: a number, maybe negative, or zero, after such a word ("below -80"). */
const indicatorLevel = new RegExp(
  String.raw`\b(?:${leadsToLevel})\s+(-?\d+(?:\.\d+)?|zero)(?![\d%.])`,
);
/** A number standing alone, not a period ("the 50-day"). */
const levelAlone = /(?<![\w/.])\$?(\d+(?:\.\d+)?)(?![\w%.-]|\s+days?\b)/;

/** A verb that ends alerts, before the word "alert": "drop my SPY alert", not "alert me when SPY drops". */
const cancelling =
  /\b(?:cancel|delete|remove|clear|drop|turn off|disable|get rid of|stop)\b.*\balerts?\b/;
const alertId = /\b([0-9a-f]{8}(?:[0-9a-f-]{0,28}))\b/;

/**
 * The symbols an alert names; in a message without capitals, also the word after "when", "if",
 * "on" or "for" ("alert me when spy drops below 600"), where no other word of the message stands.
 */
function watchedSymbols(raw: string, text: string): string[] {
  const symbols = symbolsIn(raw);
  if (symbols.length > 0) return symbols;
  const after = /\b(?:when|if|once|on|for)\s+\$?([a-z][a-z0-9./]{0,9})(?:'s)?\b/.exec(text);
  return after ? symbolsIn(`on ${after[1]!}`) : [];
}

/**
 * "Alert me when SPY drops below 600", "let me know if BTC/USD goes above 100k", "set an alert
 * for QQQ at 500" (the side from the price now), "ping me if ETH/USD falls 10%": a price alert;
 * an indicator named makes it an indicator alert, never a price level.
 */
export const setAlert: Intent = {
  title: "a price alert",
  tools: ["set_price_alert"],
  examples: [
    "alert me when SPY drops below 600",
    "let me know if BTC/USD goes above 100k",
    "ping me if ETH/USD falls 10%",
  ],
  matches: ({ text }) =>
    notifyWords.test(text) &&
    (/\d|\bzero\b|\bturns? (?:positive|negative)\b|\b(?:golden|death) cross\b/.test(text) ||
      alertWord.test(text) ||
      (indicatorWords.test(text) && /\b(?:above|below|under|over|cross(?:es)?)\b/.test(text))) &&
    !otherAlerts.test(text) &&
    !cancelling.test(text),
  plan({ text, raw }) {
    const symbols = watchedSymbols(raw, text);
    if (symbols.length === 0)
      return missing('which symbol to watch, e.g. "alert me when SPY drops below 600"');
    if (symbols.length > 1)
      return missing(
        `one symbol per alert (this names ${listWords(symbols)}): "alert me when SPY drops below 600", then the next`,
      );
    const symbol = symbols[0]!;
    const rest = text.replaceAll(symbol.toLowerCase(), " ");
    const averages = averagesCrossing(rest);
    if (averages) return averagesAlert(symbol, rest, averages);
    if (indicatorWords.test(text)) return indicatorAlert(symbol, rest);
    const direction = below.test(rest) ? "below" : above.test(rest) ? "above" : undefined;
    const percent = percentMove.exec(rest);
    if (percent) {
      if (!direction)
        return missing(
          `which way ${symbol} should move: "falls ${percent[1]}%" or "rises ${percent[1]}%"`,
        );
      return planned(
        [call("set_price_alert", { symbol, direction, percent: Number(percent[1]) })],
        `Alert when ${symbol} ${direction === "below" ? "falls" : "rises"} ${percent[1]}% from its price now.`,
      );
    }
    const level = levelAfterWord.exec(rest) ?? levelAlone.exec(rest);
    if (!level)
      return missing(
        `the price level for ${symbol}, e.g. "alert me when ${symbol} drops below 600", or a move: "falls 5%"`,
      );
    const price = Number(level[1]);
    return planned(
      [call("set_price_alert", { symbol, price, ...(direction ? { direction } : {}) })],
      `Alert when ${symbol} goes ${direction ?? "past"} ${price}.`,
    );
  },
};

/**
 * "Alert me when SPY's RSI drops below 30", "tell me when QQQ's MACD histogram turns positive":
 * one indicator against a level, at the daily close. "When AAPL closes above its 200-day moving
 * average": the close against an average or band, watched as their difference against 0.
 */
function indicatorAlert(symbol: string, rest: string): Outcome {
  if (unwatchable.test(rest))
    return {
      kind: "refused",
      why: 'An alert watches the price, one indicator against a level ("alert me when SPY\'s RSI drops below 30") or the close against an average ("when SPY closes below its 200-day moving average"), at the daily close: an alert on volume, volatility or a spread is not there yet.',
    };
  const { indicators } = indicatorsIn(rest, true);
  if (indicators.length !== 1)
    return missing(
      indicators.length === 0
        ? 'which indicator, e.g. "alert me when SPY\'s RSI(14) drops below 30"'
        : "one indicator per alert, against a level",
    );
  const named = indicators[0] as Record<string, unknown>;
  const turns = /\bturns? (positive|negative)\b/.exec(rest)?.[1];
  const level = turns ? "0" : indicatorLevel.exec(rest)?.[1];
  const crossed = level === undefined && priceLevelIndicators.has(Object.keys(named)[0]!);
  if (level === undefined && !crossed)
    return missing(
      `the level, e.g. "alert me when ${symbol}'s ${Object.keys(named)[0]} goes below 30"`,
    );
  const direction =
    turns === "positive" || (!turns && above.test(rest) && !below.test(rest))
      ? "above"
      : turns === "negative" || below.test(rest)
        ? "below"
        : undefined;
  const value = level === undefined || level === "zero" ? 0 : Number(level);
  return indicatorPlan(symbol, crossed ? { sub: ["close", named] } : named, value, direction);
}

/**
 * Two moving averages crossing: "the 50-day crosses above the 200-day", "when the 20 ema crosses
 * the 50 ema", "a golden cross" (50 over 200) or "a death cross" (50 under 200). Undefined when
 * the message names no two averages.
 */
function averagesCrossing(rest: string): [unknown, unknown] | undefined {
  if (/\bgolden cross\b|\bdeath cross\b/.test(rest))
    return [{ sma: { period: 50 } }, { sma: { period: 200 } }];
  if (!/\bcross(?:es|ing)?\b/.test(rest)) return undefined;
  const { indicators } = indicatorsIn(rest, true);
  const named = (indicator: unknown) => Object.keys(indicator as object)[0]!;
  if (indicators.length === 2 && indicators.every((one) => priceLevelIndicators.has(named(one))))
    return [indicators[0], indicators[1]];
  const periods = [...rest.matchAll(/\b(\d+)[- ]?days?\b/g)].map((match) => Number(match[1]));
  return periods.length === 2 && indicators.length === 0
    ? [{ sma: { period: periods[0] } }, { sma: { period: periods[1] } }]
    : undefined;
}

/** The first average against the second, as their difference against 0. */
function averagesAlert(symbol: string, rest: string, [fast, slow]: [unknown, unknown]): Outcome {
  const direction = /\bdeath cross\b/.test(rest)
    ? "below"
    : /\bgolden cross\b/.test(rest) || (above.test(rest) && !below.test(rest))
      ? "above"
      : below.test(rest)
        ? "below"
        : undefined;
  return indicatorPlan(symbol, { sub: [fast, slow] }, 0, direction);
}

/** The indicator alert's call, and its summary in the words every alert reply uses. */
function indicatorPlan(
  symbol: string,
  indicator: object,
  level: number,
  direction: "above" | "below" | undefined,
): Outcome {
  const defaulted = NumericExpressionSchema.safeParse(indicator);
  const condition = defaulted.success
    ? alertCondition({ symbol, indicator: defaulted.data, direction: direction ?? "past", level })
    : symbol;
  return planned(
    [call("set_price_alert", { symbol, indicator, level, ...(direction ? { direction } : {}) })],
    `Alert when ${condition} at a daily close.`,
  );
}

/** "Cancel my SPY alert", "delete alert 3f2a1b9c", "clear all my alerts". */
export const cancelAlerts: Intent = {
  title: "price alerts cancelled",
  tools: ["cancel_price_alert"],
  examples: ["cancel my SPY alert", "delete all my alerts"],
  matches: ({ text }) => cancelling.test(text) && !otherAlerts.test(text),
  plan({ text, raw }) {
    const id = alertId.exec(text)?.[1];
    if (id) return planned([call("cancel_price_alert", { id })], `Cancel price alert ${id}.`);
    const symbols = symbolsIn(raw);
    // "Cancel my SPY RSI alert" means one of SPY's alerts, not all of them: its id says which.
    if (symbols.length === 1 && indicatorWords.test(text))
      return missing(
        `which of ${symbols[0]}'s alerts: its id ("show my ${symbols[0]} alerts" lists them), or "cancel my ${symbols[0]} alerts" for all of them`,
      );
    if (symbols.length === 1)
      return planned(
        [call("cancel_price_alert", { symbol: symbols[0] })],
        `Cancel the active price alerts on ${symbols[0]}.`,
      );
    if (symbols.length > 1)
      return missing(`one symbol at a time (this names ${listWords(symbols)})`);
    if (/\b(?:all|every|each|alerts)\b/.test(text))
      return planned(
        [call("cancel_price_alert", { all: true })],
        "Cancel every active price alert.",
      );
    return missing(
      'which alert: its id ("list my alerts" shows them), a symbol ("cancel my SPY alert") or "all"',
    );
  },
};

/** "Check my alerts": fire what reached its level now. */
export const checkAlerts: Intent = {
  title: "the price alerts checked",
  tools: ["check_price_alerts"],
  examples: ["check my alerts"],
  matches: ({ text }) =>
    /\b(?:check|run|test)\b/.test(text) && alertWord.test(text) && !otherAlerts.test(text),
  plan: () =>
    planned(
      [call("check_price_alerts", {})],
      "Check the active price alerts against the prices now.",
    ),
};

/** "Show my alerts", "what alerts do I have", "which alerts fired?". */
export const listAlerts: Intent = {
  title: "the price alerts",
  tools: ["list_price_alerts"],
  examples: ["show my alerts", "which alerts fired?"],
  matches: ({ text }) => alertWord.test(text) && !otherAlerts.test(text),
  plan({ text, raw }) {
    const state = /\b(?:fired|triggered|went off|hit|tripped)\b/.test(text)
      ? "triggered"
      : /\bcancell?ed\b/.test(text)
        ? "cancelled"
        : /\bactive|open|pending|waiting\b/.test(text)
          ? "active"
          : /\ball\b|\bhistory\b/.test(text)
            ? "all"
            : undefined;
    const [symbol] = symbolsIn(raw);
    return planned(
      [call("list_price_alerts", { ...(state ? { state } : {}), ...(symbol ? { symbol } : {}) })],
      `List the ${state === "triggered" ? "fired " : state === "all" ? "" : (state ?? "")} price alerts${symbol ? ` on ${symbol}` : ""}.`.replace(
        /\s+/g,
        " ",
      ),
    );
  },
};
