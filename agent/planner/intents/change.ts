import { changeWords, type SpecChanges } from "../../../tools/strategy/spec-changes.ts";
import { changesIn } from "../changes.ts";
import { extractPeriod } from "../dates.ts";
import {
  call,
  defined,
  missing,
  periodForLast,
  periodText,
  planned,
  strategyIdIn,
  type Intent,
  type Message,
} from "../intent.ts";
import { filterIn, type Json } from "../strategy.ts";
import { normalize } from "../text.ts";
import { otherNameWords, strategyNamed } from "../strategy-names.ts";
import { findingIdIn, isOutcome, periodInput, strategySymbols } from "./strategies.ts";
import { keepCrossoverKind, namesRuleNumbers, respecified } from "../spec-numbers.ts";

/** "it", "the last strategy", "the same rules", "that one", a finding. */
const pointsBack =
  /\b(?:it|this|that|the (?:last|latest|same|previous) strateg(?:y|ies)|(?:this|that|the) (?:one|strategy|rules)|(?:the )?same(?: rules| strategy| thing| one)?|finding)\b/;
/** The same, where rules are written too: "it" in "sell when it crosses below" is the price. */
const pointsBackPastRules =
  /\b(?:(?:try|test|run|re-?run|back[- ]?test|apply|use|do|change|make|switch|modify|tweak|compare) (?:it|this|that)|the (?:last|latest|same|previous) strateg(?:y|ies)|(?:this|that|the) (?:one|strategy)|(?:the )?same(?: rules| strategy| thing| one)?|finding)\b/;
/** Changes that only a strategy has: exits, costs, sizing (a timeframe or a side alone may be anything). */
const strategyOnly = [
  "stopLoss",
  "takeProfit",
  "trailingStop",
  "timeExit",
  "exit",
  "filters",
  "costs",
  "sizing",
];
/** Verbs of other requests, which a timeframe alone does not turn into a change. */
const otherRequest = /\b(?:show|list|get|fetch|import|download|scan|chart|plot|display|compute)\b/;
/** Words that ask to test something on other symbols: "try it on QQQ", "what about IWM". */
const asksToTest =
  /\bback[- ]?test|\b(?:test|try|run|apply|use|what about|how about|what if|instead|same|switch|how (?:would|does|did|do) it)\b/;
/** Another strategy, named but not written out: "a momentum strategy", "a trend following system". */
const anotherStrategy =
  /\b(?:a|an|another|some|new)\s+(?:[a-z0-9/().,-]+\s+){0,3}?(?:strateg(?:y|ies)|system|approach)\b/;
/** How a follow-up opens: "now with a 5% stop", "add a trailing stop", "instead, ...". */
const followUp =
  /^(?:now|and|then|ok(?:ay)?|also|but|instead|what about|how about|what if|try|add|include|charge|remove|drop|use|with|without|make it|put|set|switch|change)\b|\binstead\b/;

/** The words a change names its strategy by: "rsi" in "add a stop loss to my rsi strategy". */
const strategyWords = (text: string) =>
  /\b(?:to|for|on|of|in) (?:my|the|our|this|that) (.+?) strategy\b/.exec(text)?.[1];

interface Reading {
  changes: Record<string, Json>;
  initialCash?: number;
  problem?: string;
  symbols: string[];
  rules: boolean;
  /** Numbers of the last spec were named ("RSI(2)", "fast 10"). */
  renumbered: boolean;
  /** ... but the conversation has no spec: one looked up would answer. */
  needsSpec?: boolean;
}

function read(message: Message, rest: string): Reading {
  const parsed = changesIn(rest);
  const { symbols } = strategySymbols(message, rest);
  if (parsed && !parsed.ok)
    return { changes: {}, problem: parsed.problem, symbols, rules: true, renumbered: false };
  const rules = parsed?.rules !== undefined;
  // "try it with RSI(2)", "buy below 25 instead": numbers of the spec that ran, changed. Only
  // the conversation's strategy has its spec here: not a finding, not another id written.
  const aboutLast =
    !/\bfinding\b/.test(rest) &&
    strategyIdIn(message) === message.context.lastStrategyId &&
    otherNameWords(strategyWords(message.text), message.context) === undefined;
  const spec = aboutLast
    ? (message.context.lastSpec as Record<string, Json> | undefined)
    : undefined;
  // "Add a 200 day filter", "only trade above the 50-day EMA": one more filter, the others kept.
  const filter = parsed ? undefined : filterIn(rest, spec?.side === "short" ? "short" : "long");
  if (filter && !filter.ok)
    return { changes: {}, problem: filter.problem, symbols, rules: false, renumbered: false };
  if (filter && !spec)
    return {
      changes: {},
      problem:
        'the strategy to add the filter to: I add one only to the strategy this conversation ran last; backtest it first, then e.g. "add a 200 day filter"',
      ...(aboutLast ? { needsSpec: true } : {}),
      symbols,
      rules: false,
      renumbered: false,
    };
  if (filter)
    return {
      changes: { filters: [...(Array.isArray(spec!.filters) ? spec!.filters : []), filter.rule] },
      symbols,
      rules: false,
      renumbered: false,
    };
  const renumbered = spec && !rules ? respecified(spec, rest) : undefined;
  if (aboutLast && !spec && !rules && namesRuleNumbers(rest))
    return {
      changes: {},
      problem:
        'the strategy whose numbers to change: none was backtested in this conversation; backtest it first ("backtest the last strategy"), then e.g. "what about RSI(2)?"',
      needsSpec: true,
      symbols,
      rules: false,
      renumbered: true,
    };
  if (!aboutLast && !rules && namesRuleNumbers(rest))
    return {
      changes: {},
      problem:
        'whose numbers to change: I change the numbers of the rules only for the strategy this conversation ran last; backtest that one first, then e.g. "what about RSI(2)?"',
      symbols,
      rules: false,
      renumbered: true,
    };
  if (renumbered && !renumbered.ok)
    return { changes: {}, problem: renumbered.problem, symbols, rules: false, renumbered: true };
  const written =
    spec && parsed?.ok ? keepCrossoverKind(spec, parsed.changes, rest) : parsed?.changes;
  return {
    changes: { ...written, ...(renumbered?.ok ? renumbered.changes : {}) },
    ...(parsed?.initialCash === undefined ? {} : { initialCash: parsed.initialCash }),
    symbols,
    rules,
    renumbered: renumbered !== undefined,
  };
}

/**
 * Whether a message changes the conversation's strategy. Rules with symbols are a new strategy
 * ("backtest a 10/30 crossover on QQQ"); rules alone or other symbols alone need "it" or a
 * follow-up's opening; stops, costs and sizing alone ("add a 5% stop loss") can only mean a change.
 */
function changes(message: Message): boolean {
  const { text, context } = message;
  const { rest } = extractPeriod(text, context.nowMs);
  const reading = read(message, rest);
  const opening = followUp.test(normalize(message.raw));
  const extras = Object.keys(reading.changes).length > 0 || reading.initialCash !== undefined;
  if (reading.renumbered) return pointsBackPastRules.test(rest) || opening;
  if (reading.rules || reading.problem !== undefined)
    return reading.symbols.length === 0 && (pointsBackPastRules.test(rest) || opening);
  const strong = pointsBack.test(rest);
  if (extras && strategyOnly.some((key) => key in reading.changes))
    return strong || opening || reading.symbols.length === 0;
  // A timeframe or a side alone: "now on hourly bars", not "now show me daily SPY bars".
  if (extras)
    return strong || (opening && reading.symbols.length === 0 && !otherRequest.test(text));
  if (reading.symbols.length === 0 || !asksToTest.test(text)) return false;
  if (anotherStrategy.test(text) && !strong) return false;
  // "backtest strategy <id> on SPY": a strategy named by its id is as good as "it".
  const named = /\b[0-9a-f]{64}\b/.test(message.raw);
  const tested = context.lastBacktestId !== undefined || context.lastOptimizationId !== undefined;
  return strong || tested || named;
}

/** "backtest it on QQQ", "add a 5% stop loss", "make it short", "try a 10/30 crossover instead". */
export const changeStrategy: Intent = {
  title: "a change to a strategy",
  tools: ["backtest_strategy"],
  examples: [
    "backtest it on QQQ",
    "add a 5% stop loss",
    "make it short",
    "try a 10/30 crossover instead",
    "remove the take profit and use 10 bps slippage",
  ],
  matches: changes,
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    const reading = read(message, rest);
    if (reading.problem !== undefined)
      return missing(reading.problem, reading.needsSpec ? "lastSpec" : undefined);
    const changed = {
      ...reading.changes,
      ...(reading.symbols.length > 0 ? { universe: reading.symbols } : {}),
    };
    const finding = findingIdIn(message);
    if (isOutcome(finding)) return finding;
    // "Add a stop loss to my RSI strategy" names a strategy, maybe another than the conversation's.
    const named = strategyNamed(strategyWords(message.text), message.context);
    if (isOutcome(named)) return named;
    const strategy = finding === undefined ? (named?.id ?? strategyIdIn(message)) : undefined;
    if (finding === undefined && strategy === undefined)
      return missing(
        "which strategy to change: none was backtested in this conversation yet; give its 64-hex id",
      );
    const when = periodForLast(message.context, periodInput(period));
    const words = Object.keys(changed).length > 0 ? changeWords(changed as SpecChanges) : [];
    return planned(
      [
        call(
          "backtest_strategy",
          defined({
            ...(finding === undefined ? { strategyId: strategy } : { findingId: finding }),
            ...(words.length > 0 ? { changes: changed } : {}),
            ...when,
            initialCash: reading.initialCash,
          }),
        ),
      ],
      `Backtest ${words.length > 0 ? "a variant of " : ""}${finding === undefined ? `strategy ${strategy!.slice(0, 12)}…` : `finding ${finding}'s strategy`}${words.length > 0 ? ` (${words.join("; ")})` : " again"}${periodText(when) ? ` ${periodText(when)}` : " over all stored bars"}.`,
    );
  },
};

/** "undo that", "go back to the original": the strategy the last change was made to, again. */
export const undoChange: Intent = {
  title: "undoing the last change",
  tools: ["backtest_strategy"],
  examples: ["undo that", "go back to the original"],
  matches: ({ text }) =>
    /^(?:undo|revert|roll ?back)\b(?:\s+(?:that|it|this|the (?:last )?changes?))?\s*[.!]?$|^(?:go )?back to (?:the )?(?:original|previous(?: version| one| strategy)?|one before|way it was)\b/.test(
      text,
    ),
  plan(message) {
    const original = message.context.lastVariantOf;
    if (original === undefined)
      return missing(
        "a change to undo: the last backtest of this conversation was not a change of another strategy",
      );
    const when = periodForLast(message.context, {});
    return planned(
      [call("backtest_strategy", { strategyId: original, ...when })],
      `Back to strategy ${original.slice(0, 12)}…, as it was before the last change${periodText(when) ? `, ${periodText(when)}` : ", over all stored bars"}.`,
    );
  },
};

/** A follow-up that gives only a period: "what if I started in 2022?", "and from 2018 to 2020?". */
const periodOnly =
  /^(?:what if (?:i|we) (?:had )?(?:started|start|began|begun|ran it|run it|traded it)|what about|how about|and|now|ok(?:ay)?|then|try(?: it)?|run it|rerun it|re-run it|test it|do it|same)?(?: again| instead)?$/;

/** "What about 2021?": a year alone after a follow-up's opening is that year. */
const yearAlone = (text: string) =>
  text.replace(/^((?:what|how) about|and|now|try it|run it) ((?:19|20)\d\d)\b/, "$1 in $2");

/** "What if I started in 2022?": the conversation's strategy again over another period. */
export const periodFollowUp: Intent = {
  title: "the same strategy over another period",
  tools: ["backtest_strategy"],
  examples: ["what if I started in 2022?", "and from 2018 to 2020?"],
  matches: ({ text, context }) => {
    const { period, rest } = extractPeriod(yearAlone(text), context.nowMs);
    const said = rest
      .replace(/[?!.,]/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    return (period.start !== undefined || period.end !== undefined) && periodOnly.test(said);
  },
  plan({ text, context }) {
    const { period, problem } = extractPeriod(yearAlone(text), context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    const strategyId = context.lastStrategyId;
    if (!strategyId)
      return missing(
        "which strategy: none was backtested in this conversation yet; backtest one first",
      );
    // "Started in 2022" runs from 2022 on, not through 2022 alone.
    const fromOnly = /\b(?:started|start|began|begun)\b/.test(text);
    const when = fromOnly ? defined({ start: periodInput(period).start }) : periodInput(period);
    return planned(
      [call("backtest_strategy", { strategyId, ...when })],
      `Backtest strategy ${strategyId.slice(0, 12)}… again ${periodText(when) || "over all stored bars"}.`,
    );
  },
};
