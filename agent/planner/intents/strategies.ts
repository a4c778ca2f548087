import { patternFamilies, type PatternFamily } from "../../../engine/scanner/types.ts";
import { metricCatalogue, ruleFamilies } from "../../../engine/validator/index.ts";
import { extractPeriod, type Period } from "../dates.ts";
import {
  call,
  defined,
  missing,
  periodForLast,
  periodText,
  planned,
  type Intent,
  type Message,
  type Outcome,
  type PlannedCall,
} from "../intent.ts";
import { parseStrategy, type Json } from "../strategy.ts";
import { returnsByIn } from "../returns-by.ts";
import { searchTemplate } from "../spec-numbers.ts";
import {
  strategyKind,
  strategyLabel,
  strategyNamed,
  type StrategyByName,
} from "../strategy-names.ts";
import { builtinSymbols, symbolsIn, universeIn } from "../symbols.ts";
import { listWords, timeframeIn } from "../text.ts";

/** The symbols a strategy trades: written tickers, or a universe named in words, expanded. */
export function strategySymbols(
  message: Message,
  text: string,
): { symbols: string[]; label: string } {
  const written = symbolsIn(message.raw);
  if (written.length > 0) return { symbols: written, label: written.join(", ") };
  const universe = universeIn(text);
  if (universe?.kind === "symbols") return { symbols: universe.symbols, label: universe.label };
  if (universe?.kind === "universe") {
    const symbols = builtinSymbols(universe.name);
    if (symbols) return { symbols, label: `the ${universe.name} (${symbols.join(", ")})` };
  }
  return { symbols: [], label: "" };
}

export const periodWords = (period: Period) =>
  [
    period.start ? `from ${period.start}` : "",
    period.end ? `to ${period.end}` : "",
    period.at && !period.end ? `to ${period.at}` : "",
  ]
    .filter(Boolean)
    .join(" ");

/** start/end as the backtest-like tools take them; "as of D" ends there. */
export const periodInput = (period: Period) => ({
  start: period.start,
  end: period.end ?? period.at,
});

const findingOrdinals: Record<string, number> = {
  top: 0,
  first: 0,
  best: 0,
  strongest: 0,
  second: 1,
  third: 2,
  fourth: 3,
  fifth: 4,
};

const ordinals = "(top|first|best|strongest|second|third|fourth|fifth|last)";
const findingOrdinal = new RegExp(`\\b${ordinals}\\s+(?:scan(?:ner)?\\s+)?finding\\b`);
/** Right after a list of findings, "the best one" and "#3" (the list's numbers) name one. */
const shownOrdinal = new RegExp(`\\b${ordinals}\\s+(?:one|1)\\b`);
const shownNumber = /(?:^|\s)(?:#\s*|number\s+)(\d{1,18})\b/;

/** "finding 12", "finding #3", or "the second finding" of the last scan. */
export function findingIdIn(message: Message): string | Outcome | undefined {
  const shown = message.context.findingsShownLast === true;
  const written =
    /\bfinding\s*(?:id\s*)?#?\s*(\d{1,18})\b/.exec(message.text) ??
    (shown ? shownNumber.exec(message.text) : null);
  if (written) return written[1];
  const ordinal =
    findingOrdinal.exec(message.text) ?? (shown ? shownOrdinal.exec(message.text) : null);
  if (!ordinal) return undefined;
  const ids = message.context.lastFindingIds;
  if (ids === undefined)
    return missing(
      "which finding: no scan has run in this conversation; give its id (list_findings shows them)",
    );
  const id = ids[ordinal[1] === "last" ? ids.length - 1 : findingOrdinals[ordinal[1]!]!];
  if (id === undefined)
    return missing(
      ids.length === 0
        ? "a finding: the last list of findings was empty"
        : `a ${ordinal[1]} finding: the last list of findings has ${ids.length}`,
    );
  return id;
}

/**
 * A stored strategy to backtest again: a 64-hex id written, or "it" / "the last strategy" when
 * the message gives no rules and no symbols of its own ("backtest it since 2018").
 */
function storedStrategyIn(message: Message, rest: string): string | Outcome | undefined {
  const written = /\b([0-9a-f]{64})\b/.exec(message.raw)?.[1];
  if (written) return written;
  // Right after an optimization or a comparison, "the best one" / "the winner" is its best.
  const bestOfOptimization =
    (message.context.lastOptimizationId !== undefined || message.context.comparisonShownLast) &&
    !message.context.findingsShownLast &&
    /\bthe (?:best|better|winning|optimal|top)(?: one| 1| parameters| params| combination| set| settings)?\b|\bthe winner\b/.test(
      rest,
    );
  const pointsBack =
    bestOfOptimization ||
    /\b(?:it|this|that|the (?:last|latest|same|previous) strateg(?:y|ies)|(?:this|that|the) one)\b/.test(
      rest,
    );
  if (
    !pointsBack ||
    parseStrategy(rest, { allowParams: false }) ||
    symbolsIn(message.raw).length > 0
  )
    return undefined;
  const findingMeant = bestOfOptimization ? undefined : whichFindingIsIt(message.context);
  if (findingMeant) return findingMeant;
  return (
    message.context.lastStrategyId ??
    missing("which strategy: none was backtested in this conversation yet; give its 64-hex id")
  );
}

/**
 * What a backtest's verb points at with "the", "my" or "our" ("backtest the rsi dip strategy",
 * "how did my sma crossover do"): a stored strategy's name when the words describe none. "The
 * best one", "the second" point into a list shown, never at a name.
 */
const pointedAt = (rest: string) =>
  /\b(?:back[- ]?test|re-?test|re-?run|run|test|simulate|how (?:did|does|has|would))\s+((?:the|my|our)\s+(?!(?:best|better|top|winning|winner|first|second|third|next)\b).+?)(?=\s+(?:again|do|done|perform(?:ed)?|fared?|work(?:ed)?|since|from|in|on|over|with|for|to|during|through|until)\b|\s*$)/.exec(
    rest,
  )?.[1];

/** An oscillator with its period, written once: "rsi(2)", "rsi 2", "cci(20)", "mfi". */
const oscillator = /\b(rsi|cci|mfi)(?:\s*\(\s*(\d+)\s*\)|\s+(\d+)\b)?/g;

/**
 * "An rsi(2) strategy on QQQ: buy below 10, sell above 70": the one oscillator the message
 * names, written into a buy rule that compares nothing with its level ("buy when rsi(2) below
 * 10"), as the sell rule already takes the buy rule's indicator. Undefined when the message
 * names none or several, or its buy rule needs no filling.
 */
function oscillatorIntoRule(text: string): string | undefined {
  const named = [...text.matchAll(oscillator)];
  const kinds = new Set(named.map((match) => match[0].replace(/\s+/g, "")));
  if (kinds.size !== 1) return undefined;
  const [, name, inParens, afterSpace] = named[0]!;
  const period = inParens ?? afterSpace;
  const written = period === undefined ? name! : `${name}(${period})`;
  const bareBuy = /\b(buy|enter|go long)\s+(?:when\s+)?(below|under|<)\s*(-?\d)/;
  return bareBuy.test(text) ? text.replace(bareBuy, `$1 when ${written} $2 $3`) : undefined;
}

/** The strategy a message describes, with its symbols: a spec, or what is missing. */
function specFrom(
  message: Message,
  written: string,
  allowParams: boolean,
):
  | {
      spec: Record<string, Json>;
      params: Record<string, unknown>;
      initialCash?: number;
      label: string;
      symbols: string;
    }
  | Outcome {
  // "A strategy that buys SPY when ..." states the rule as "buy SPY when ...".
  const stated = written.replace(/\b(that|which) (buy|sell|short)s\b/g, "$1 $2");
  const asWritten = parseStrategy(stated, { allowParams });
  const filled = asWritten?.ok ? undefined : oscillatorIntoRule(stated);
  const completed = filled === undefined ? undefined : parseStrategy(filled, { allowParams });
  const parsed = completed?.ok ? completed : asWritten;
  if (!parsed && /\brsi\b/.test(stated))
    return missing(
      'the RSI levels to buy and sell at (I do not pick thresholds for you), e.g. "buy when RSI(2) < 10, sell above 70"',
    );
  if (!parsed)
    return missing(
      'the rules to test: a crossover ("a 20/50 moving average crossover"), a strategy known by name ("a MACD crossover", "a 20-day breakout", "a Bollinger mean reversion"), rules ("buy when RSI(14) < 30, sell above 70") or "buy and hold"',
    );
  if (!parsed.ok) return missing(parsed.problem);
  const { symbols, label } = strategySymbols(message, stated);
  if (symbols.length === 0) return missing('which symbols to trade, e.g. "on SPY"');
  const { name, ...rules } = parsed.spec;
  const spec: Record<string, Json> = { name: name!, universe: symbols, ...rules };
  return {
    spec,
    params: parsed.params,
    ...(parsed.initialCash === undefined ? {} : { initialCash: parsed.initialCash }),
    label: parsed.label,
    symbols: label,
  };
}

/** Said in the summary when nothing closes a position: a rule with no exit holds until the end. */
function exitNote(spec: Record<string, Json>): string {
  const closes = ["exit", "stopLoss", "takeProfit", "trailingStop", "timeExit"].some(
    (field) => spec[field] !== undefined,
  );
  return closes || spec.entry === true
    ? ""
    : " (no exit rule given: positions stay open until the end)";
}

export const isOutcome = (value: unknown): value is Outcome =>
  typeof value === "object" && value !== null && "kind" in value;

/** "what's SPY's return since 2020", "how much has QQQ gone up this year": a symbol's own record. */
const asksPerformance =
  /\b(?:what(?:'s| is| was| were)|how much (?:has|have|did|does|do))\b.*\b(?:returns?|performance|gone (?:up|down)|go (?:up|down)|gain(?:ed)?|lost|drawdowns?|risen|rise|fallen|fall|rallied|cagr|volatility|sharpe|sortino|calmar|(?:best|worst) (?:month|year)s?)\b|^(?:(?:show|give|list)(?: me)? )?(?:the )?(?:monthly|annual|yearly) returns\b|^(?:(?:show|give|list)(?: me)? )?(?:the )?(?:total )?returns? (?:of|for|on)\b|\bhow volatile\b|\bhow much would (?:i|we|you) have (?:made|earned|lost|gained|had)\b|\bif (?:i|we|you) (?:had )?(?:bought|invested|put)\b|\bwhat would\b.*\bbe worth\b/;
/** "If I had invested 10000 in QQQ", "what would 10k in SPY be worth": the money put in. */
const investedAmount =
  /\b(?:invested|put|bought|had)\s+\$?(\d[\d,]*(?:\.\d+)?)\s*(k|thousand)?\s+(?:(?:dollars|usd)\s+)?(?:in|of|into)\b|\bwhat would\s+\$?(\d[\d,]*(?:\.\d+)?)\s*(k|thousand)?\s+(?:(?:dollars|usd)\s+)?(?:in|of)\b/;
/** "If I had bought SPY in 2020": from then on, not through 2020 alone. */
const hypotheticalBuy = /\b(?:bought|invested|put)\b/;

/** "Rerun my rsi(2) dip", "retest the breakout strategy": a stored strategy, by its kind. */
const rerunNamed = new RegExp(
  `\\bre-?(?:run|test) (?:the|my|our) (?:[a-z0-9()/.-]+ ){0,4}?${strategyKind}\\b`,
);

export const backtest: Intent = {
  title: "a backtest",
  tools: ["backtest_strategy"],
  examples: [
    "backtest a 20/50 moving average crossover on SPY since 2020",
    "backtest QQQ: buy when RSI(14) < 30, sell above 70, 5% stop loss",
    "backtest buy and hold on the sector ETFs from 2020-01-01 to 2023-12-31",
    "backtest the top finding",
  ],
  matches: ({ text, raw }) =>
    (asksPerformance.test(text) && symbolsIn(raw).length > 0) ||
    /\bback[- ]?test|\bsimulate\b|\bhow (?:would|did|does|has)\b.*\b(?:perform|performed|do|done|fare|fared|work|worked)\b|\btest (?:a|an|the|my|this)\b|\b(?:re-?test|re-?run|run|test) (?:it|that) again\b|\bre-?(?:run|test) (?:it|that)\b|\bbuy[- ](?:and|&|n)[- ]hold\b|\b(?:buys?|buying|go long|long|short|shorts|shorting|sell short|go short)(?:\s+\S+)?\s+(?:when|if|whenever|once)\b|\bgolden cross\b|\bcrossover\b|\b(?:build|make|create|design|write|code up|set up|come up with)(?: me)? (?:a|an|my|the)\b.*\bstrategy\b/.test(
      text,
    ) ||
    rerunNamed.test(text),
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    const finding = findingIdIn(message);
    if (isOutcome(finding)) return finding;
    const cash =
      /\bwith\s+\$(\d+(?:\.\d+)?)|\$(\d+(?:\.\d+)?)\s+(?:of\s+)?(?:starting\s+|initial\s+)?(?:capital|cash)\b/.exec(
        rest,
      );
    // A strategy found or stored earlier, by id: the period and cash are the message's.
    const byId = (key: Record<string, string>, what: string) =>
      planned(
        [
          call(
            "backtest_strategy",
            defined({
              ...key,
              ...periodInput(period),
              initialCash: cash ? Number(cash[1] ?? cash[2]) : undefined,
            }),
          ),
        ],
        `Backtest ${what}${periodWords(period) ? ` ${periodWords(period)}` : " over all stored bars"}.`,
      );
    if (finding !== undefined) return byId({ findingId: finding }, `finding ${finding}'s strategy`);
    const stored = storedStrategyIn(message, rest);
    if (isOutcome(stored)) return stored;
    if (stored !== undefined)
      return byId({ strategyId: stored }, `strategy ${stored.slice(0, 12)}… again`);
    // "how did SPY do last year": the instrument's own performance, which is buy and hold.
    const performanceOnly =
      (/\bhow (?:did|has|does|would)\b/.test(rest) || asksPerformance.test(rest)) &&
      !parseStrategy(rest, { allowParams: false });
    // A day or a week is no backtest (it fills at the next open): never all history instead.
    if (
      performanceOnly &&
      /\b(?:today|yesterday|this (?:week|morning|afternoon)|right now)\b/.test(message.text)
    )
      return missing(
        'a period of at least a few weeks: a backtest buys at the open after its first bar; ask "what is the price of SPY" for the latest price, or give a start, e.g. "how did SPY do since 2024-06-01"',
      );
    const found = specFrom(message, performanceOnly ? `${rest} buy and hold` : rest, false);
    if (isOutcome(found)) {
      // No rules or symbols of its own: "the rsi dip strategy" is a stored one, by its name.
      const object = strategySymbols(message, rest).symbols.length === 0 && pointedAt(rest);
      if (!object) return found;
      const named = strategyNamed(object, message.context, found);
      if (named !== undefined)
        return isOutcome(named) ? named : byId({ strategyId: named.id }, strategyLabel(named));
      const last = message.context.lastStrategyId;
      return last ? byId({ strategyId: last }, `strategy ${last.slice(0, 12)}… again`) : found;
    }
    const amount = performanceOnly ? investedAmount.exec(message.text) : null;
    const invested = amount
      ? Number((amount[1] ?? amount[3])!.replace(/,/g, "")) * ((amount[2] ?? amount[4]) ? 1000 : 1)
      : undefined;
    // "... and sold in 2022": held to that year's end.
    const soldIn = /\bsold (?:it |them )?(?:in|during) ((?:19|20)\d\d)\b/.exec(message.text)?.[1];
    const fromThen =
      performanceOnly &&
      hypotheticalBuy.test(rest) &&
      !/\b(?:to|until|till|through)\b/.test(message.text);
    const held = soldIn ? `${soldIn}-12-31` : undefined;
    const input = defined({
      spec: found.spec,
      ...periodInput(fromThen ? { ...period, end: held } : period),
      initialCash: found.initialCash ?? invested,
      returnsBy: returnsByIn(message.text),
    });
    const byPeriod = input.returnsBy ? `, with its returns by ${String(input.returnsBy)}` : "";
    return planned(
      [call("backtest_strategy", input)],
      `Backtest "${found.label}" on ${found.symbols}${periodWords(period) ? ` ${periodWords(period)}` : " over all stored bars"}${byPeriod}${exitNote(found.spec)}.`,
    );
  },
};

/** The most symbols one comparison backtests, one run each. */
const comparedAtMost = 6;

/** "compare SPY and QQQ since 2020", "SPY vs QQQ vs IWM": buy and hold of each, one backtest each. */
export const compareSymbols: Intent = {
  title: "a comparison of symbols",
  tools: ["backtest_strategy", "compare_backtests"],
  examples: ["compare SPY and QQQ since 2020", "SPY vs QQQ vs IWM last 3 years"],
  matches: ({ raw, text }) =>
    /\bcompare\b|\b(?:vs\.?|versus)\b|\bwhich (?:is|was|has been) (?:more|less) volatile\b|\bwhich (?:one )?(?:is|was|has been|did|performed|does) (?:the )?(?:better|best|worse|safer|riskier)\b|\b(?:better|safer|riskier)[,:]? [a-z0-9./^=-]+ or [a-z0-9./^=-]+\b/.test(
      text,
    ) &&
    !/\bcorrelat|\bstrateg|\bback[- ]?test/.test(text) &&
    symbolsIn(raw).length >= 2,
  plan(message) {
    const { period, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    const symbols = symbolsIn(message.raw);
    if (symbols.length > comparedAtMost)
      return missing(
        `at most ${comparedAtMost} symbols to compare: the message names ${symbols.length}`,
      );
    const calls = symbols.map((symbol) =>
      call(
        "backtest_strategy",
        defined({
          spec: { name: `Buy and hold ${symbol}`, universe: [symbol], entry: true },
          ...periodInput(period),
        }),
      ),
    );
    return {
      ...planned(
        calls,
        `Compare ${listWords(symbols)} held${periodWords(period) ? ` ${periodWords(period)}` : " over all stored bars"}: one buy-and-hold backtest each, then side by side.`,
      ),
      thenCompare: true,
    };
  },
};

/**
 * "optimize it with fast 5-50 and slow 60-200": the conversation's last spec, its numbers named
 * by the message's ranges made free parameters.
 */
function optimizeLast(
  message: Message,
  text: string,
  options: Record<string, unknown>,
  period: Period,
): Outcome {
  const spec = message.context.lastSpec as Record<string, Json> | undefined;
  if (!spec)
    return missing(
      'the strategy to optimize: none was backtested in this conversation; backtest it first ("backtest the last strategy"), then "optimize it with fast 5-50 and slow 60-200"',
      "lastSpec",
    );
  const search = searchTemplate(spec, text);
  if (!search.ok) return missing(search.problem);
  const when = periodForLast(message.context, periodInput(period));
  return planned(
    [
      call(
        "optimize_strategy",
        defined({
          spec: { ...search.template, params: search.params as Json },
          ...options,
          ...when,
          initialCash: search.initialCash,
        }),
      ),
    ],
    `Optimize ${searched(search)} of "${String(spec.name)}"${periodText(when) ? ` ${periodText(when)}` : ""}.`,
  );
}

/** The parameters searched, and their ranges when the planner chose them around the spec's own. */
const searched = (search: { params: object; chosen?: string }) =>
  search.chosen === undefined
    ? listWords(Object.keys(search.params))
    : `${search.chosen} (around its own numbers, as the message named no ranges)`;

export const optimize: Intent = {
  title: "an optimization",
  tools: ["optimize_strategy"],
  examples: [
    "optimize an SMA crossover on SPY with fast 5-50 and slow 60-200",
    "optimize SPY: buy when RSI(2-10) < 10-30, sell above 60-80, 200 trials, walk-forward",
  ],
  matches: ({ text }) =>
    /\boptimi[sz](?:e|ing|ation)\b|\btune\b|\bparameter (?:search|sweep)\b|\bgrid[- ]search\b|\bbest parameters\b|\bwalk[- ]forward\b|\bcomplexity ladder\b/.test(
      text,
    ),
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    let text = rest;
    const options: Record<string, unknown> = {};
    const trials = /\b(\d+)\s+trials\b|\btrials?\s*(?:of|=|:)?\s*(\d+)\b/.exec(text);
    if (trials) {
      options.trials = Number(trials[1] ?? trials[2]);
      text = text.replace(trials[0], " ");
    }
    const sampler = /\b(grid|tpe|bayesian|random(?= search| sampler| sampling))\b/.exec(text);
    if (sampler) options.sampler = sampler[1] === "bayesian" ? "tpe" : sampler[1];
    const seed = /\bseed\s*(?:of|=|:)?\s*(\d+)/.exec(text);
    if (seed) {
      options.seed = Number(seed[1]);
      text = text.replace(seed[0], " ");
    }
    const objective =
      /\b(?:maximi[sz]e|maximi[sz]ing|optimi[sz]e for|objective\s*(?:of|=|:)?|by|for)\s+(?:the\s+)?(sharpe|sortino|calmar|cagr)\b/.exec(
        text,
      );
    if (objective) {
      const kind = objective[1]!;
      if (kind === "cagr") {
        const cap =
          /\b(?:max(?:imum)?|with(?: a)?(?: max(?:imum)?)?) drawdown\s*(?:of|cap(?: of)?|under|below|at most|<=?)?\s*(\d+(?:\.\d+)?)\s*%/.exec(
            text,
          );
        if (!cap)
          return missing(
            'the drawdown cap a CAGR objective needs, e.g. "maximize CAGR with max drawdown 20%"',
          );
        options.objective = { kind, maxDrawdown: Number(cap[1]) / 100 };
        text = text.replace(cap[0], " ");
      } else options.objective = { kind };
      text = text.replace(objective[0], " ");
    }
    if (/\bno prun(?:e|ing)\b|\bwithout prun(?:e|ing)\b|\bdon'?t prune\b/.test(text))
      options.prune = false;
    if (/\bwalk[- ]forward\b/.test(text)) {
      const windows =
        /\b(\d+)\s+(?:walk[- ]forward\s+)?windows\b|\bwindows\s*(?:of|=|:)?\s*(\d+)/.exec(text);
      options.walkForward = defined({
        mode: /\banchored\b/.test(text)
          ? "anchored"
          : /\brolling\b/.test(text)
            ? "rolling"
            : undefined,
        windows: windows ? Number(windows[1] ?? windows[2]) : undefined,
      });
      if (windows) text = text.replace(windows[0], " ");
    }
    if (/\b(?:complexity )?ladder\b/.test(text)) options.ladder = {};
    if (
      !parseStrategy(text, { allowParams: true }) &&
      /\b(?:it|this|that|the (?:last|latest|same|previous) strategy)\b/.test(text)
    )
      return optimizeLast(message, text, options, period);
    const found = specFrom(message, text, true);
    if (isOutcome(found)) return found;
    // "Optimize a 20/50 crossover on SPY": its own numbers are the ones to search around.
    const search =
      Object.keys(found.params).length > 0
        ? { ok: true as const, template: found.spec, params: found.params }
        : searchTemplate(found.spec as Record<string, Json>, "");
    if (!search.ok) return missing(search.problem);
    const input = defined({
      spec: { ...search.template, params: search.params as Json },
      ...options,
      ...periodInput(period),
      initialCash: found.initialCash,
    });
    return planned(
      [call("optimize_strategy", input)],
      `Optimize ${searched(search)} of "${found.label}" on ${found.symbols}${periodWords(period) ? ` ${periodWords(period)}` : ""}.`,
    );
  },
};

export const validate: Intent = {
  title: "a validation",
  tools: ["validate_strategy"],
  examples: [
    "validate the last strategy",
    "validate strategy <64-hex id> since 2020",
    "validate a 20/50 moving average crossover on SPY",
  ],
  matches: ({ text }) =>
    /\bvalidat(?:e|ing)\b|\bvalidation of\b|\boverfit|\b(?:is|how) (?:it|this|that|the strategy) robust\b|\bhow robust (?:is|was) (?:it|this|that|the strategy)\b|\bcurve[- ]fit(?:ted|ting)?\b|\bdata[- ]mined\b|\brobustness (?:check|test)\b|\bsanity[- ]check\b|\bmonte[- ]?carlo\b|\bstress[- ]test\b|\bbootstrap (?:it|this|that|the)\b|\bcheck (?:it|this|that|the (?:last |latest )?strategy)\b|\bcan i trust\b|\bis (?:it|this|that) (?:real|reliable|trustworthy)\b|\b(?:probability|chance|odds|likely|likelihood) (?:that )?(?:it'?s|it is|this is|that'?s|that is|it was|the (?:edge|result|strategy) (?:is|was)) (?:just )?(?:luck|chance|random|noise)\b|\bis (?:it|this|that) (?:just )?(?:luck|random|noise)\b/.test(
      text,
    ),
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    const options = defined({
      ...periodInput(period),
      accountEquity: (() => {
        const equity =
          /\b(?:account|equity)\s*(?:of|=|:)?\s*\$(\d+(?:\.\d+)?)|\$(\d+(?:\.\d+)?)\s+(?:account|equity)\b/.exec(
            rest,
          );
        return equity ? Number(equity[1] ?? equity[2]) : undefined;
      })(),
      seed: (() => {
        const seed = /\bseed\s*(?:of|=|:)?\s*(\d+)/.exec(rest);
        return seed ? Number(seed[1]) : undefined;
      })(),
    });
    const when = periodWords(period) ? ` ${periodWords(period)}` : "";
    const optimizationId =
      /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/.exec(rest);
    const strategyId =
      /\b([0-9a-f]{64})\b/.exec(rest) ??
      /\bstrategy\s+(?:id\s+)?([a-z0-9]*\d[a-z0-9]*)\b/.exec(rest);
    if (strategyId || optimizationId) {
      // A stored strategy is validated as it is: other symbols make another strategy.
      if (symbolsIn(message.raw.replace(/\b[0-9a-f]{64}\b/g, " ")).length > 0)
        return {
          kind: "refused",
          why: 'A stored strategy is validated on its own symbols. To validate it on others, backtest it there first ("backtest strategy <id> on SPY"), then say "validate it".',
        };
      const input = defined({
        strategyId: strategyId?.[1],
        optimizationId: optimizationId?.[1],
        ...options,
      });
      const what = strategyId
        ? `strategy ${strategyId[1]!.slice(0, 12)}…`
        : `the best of optimization ${optimizationId![1]}`;
      return planned([call("validate_strategy", input)], `Validate ${what}${when}.`);
    }
    // "validate finding 7", "validate the best one" after a scan: its spec, deflated by its scan.
    const finding = findingIdIn(message);
    if (isOutcome(finding)) return finding;
    if (finding !== undefined)
      return planned(
        [call("validate_strategy", { findingId: finding, ...options })],
        `Validate finding ${finding}'s strategy, counting the candidates its scan tested${when}.`,
      );
    const object =
      /\bvalidat(?:e|ing)\s+(.+?)(?=\s+(?:since|from|in|on|over|with|for|to|using)\b|$)/.exec(
        rest,
      )?.[1];
    const described = parseStrategy(rest, { allowParams: false });
    if (described) {
      const found = specFrom(message, rest, false);
      // "validate the sma 20/50 crossover", no symbols: a stored strategy of that name, if any.
      if (isOutcome(found) && symbolsIn(message.raw).length === 0) {
        const named = strategyNamed(object, message.context, found);
        if (named === undefined) return validateLast(message, options, period);
        if (isOutcome(named)) return named;
        return validateNamed(named, options, when);
      }
      if (isOutcome(found)) return found;
      const input = defined({ spec: found.spec, ...options, initialCash: found.initialCash });
      return planned(
        [call("validate_strategy", input)],
        `Validate "${found.label}" on ${found.symbols}${when}.`,
      );
    }
    // "backtest ... then validate it": the spec planned earlier in this message.
    const earlierSpec = [...message.earlier]
      .reverse()
      .find((planned: PlannedCall) => planned.name === "backtest_strategy" && planned.input.spec);
    if (earlierSpec) {
      const spec = earlierSpec.input.spec as Record<string, Json>;
      const input = defined({
        spec,
        start: options.start ?? earlierSpec.input.start,
        end: options.end ?? earlierSpec.input.end,
        accountEquity: options.accountEquity,
        seed: options.seed,
        initialCash: earlierSpec.input.initialCash,
      });
      return planned([call("validate_strategy", input)], `Validate "${String(spec.name)}"${when}.`);
    }
    const named = strategyNamed(object, message.context);
    if (isOutcome(named)) return named;
    if (named) return validateNamed(named, options, when);
    return validateLast(message, options, period);
  },
};

/** Validation of a stored strategy found by its name. */
const validateNamed = (named: StrategyByName, options: Record<string, unknown>, when: string) =>
  planned(
    [call("validate_strategy", defined({ strategyId: named.id, ...options }))],
    `Validate ${strategyLabel(named)}${when}.`,
  );

/**
 * "It" right after a list of findings: a finding of that list rather than the strategy run
 * before it, so which one is asked (undefined when no list of findings was shown last).
 */
export function whichFindingIsIt(context: Message["context"]): Outcome | undefined {
  const shown = context.lastFindingIds;
  if (!context.findingsShownLast || !shown || shown.length === 0) return undefined;
  return missing(
    `which finding "it" is: the last result lists ${shown.length === 1 ? "1 finding" : `${shown.length} findings`}; name one by its number there, e.g. "backtest finding #${shown[0]}" or "validate finding #${shown[0]}" for the first`,
  );
}

/** Validation of the conversation's strategy: its optimization's trials or its scan's counted. */
function validateLast(message: Message, options: Record<string, unknown>, period: Period): Outcome {
  const findingMeant = whichFindingIsIt(message.context);
  if (findingMeant) return findingMeant;
  const last = message.context.lastStrategyId;
  if (!last)
    return missing(
      "which strategy: none was backtested in this conversation yet; give its 64-hex id or describe it",
    );
  const span = periodForLast(message.context, periodInput(period));
  const optimization = message.context.lastOptimizationId;
  if (optimization)
    return planned(
      [call("validate_strategy", defined({ optimizationId: optimization, ...options, ...span }))],
      `Validate the best of the last optimization (${optimization}), counting its trials${periodText(span) ? ` ${periodText(span)}` : ""}.`,
    );
  const origin = message.context.lastStrategyFindingId;
  return planned(
    [
      call(
        "validate_strategy",
        defined({ strategyId: last, findingId: origin, ...options, ...span }),
      ),
    ],
    `Validate the last strategy (${last.slice(0, 12)}…)${origin ? `, counting the candidates the scan of finding ${origin} tested` : ""}${periodText(span) ? ` ${periodText(span)}` : ""}.`,
  );
}

/** The first that matches names the target: the more specific wording first. */
const codeTargetWords: [RegExp, string][] = [
  [/\bpine(?: ?script)?\b|\btrading ?view\b|\.pine\b/, "pine"],
  [/\bmt5\b|\bmql5?\b|\bmeta ?trader\b|\.mq5\b|\bexpert advisor\b/, "mt5"],
  [/\bquant ?connect\b|\blean\b/, "quantconnect"],
  [/\b(?:typescript|type script|ts|node(?:\.?js)?|javascript)\b/, "alpaca-typescript"],
  [/\balpaca\b/, "alpaca-python"],
  [/\bpython\b|\.py\b/, "python"],
];

const codeTargetIn = (text: string) => codeTargetWords.find(([pattern]) => pattern.test(text))?.[1];

/**
 * The words a request for code names its strategy by, once its target and the words for code
 * are taken out: "sma 20/50 crossover" in "write the sma 20/50 crossover strategy for
 * tradingview", "momentum" in "generate python code for momentum".
 */
function codeStrategyWords(text: string): string | undefined {
  const said = codeTargetWords
    .reduce((rest, [pattern]) => rest.replace(new RegExp(pattern.source, "g"), " "), text)
    .replace(/\b(?:trading )?(?:code|script|program|bot|expert)s?\b/g, " ")
    .replace(/\s+/g, " ");
  return (
    /\b(?:my|the|our|this|that)\s+((?:(?!(?:for|of|in|as|to|into|using|with|on|the|my)\b)[a-z0-9/().,%+-]+\s+)+)strateg(?:y|ies)\b/.exec(
      said,
    )?.[1] ??
    /\b(?:for|of)\s+(.+?)(?=\s+(?:as|in|into|to|for|using|with|on)\b|\s*$)/.exec(said)?.[1]
  );
}

export const codeHistory: Intent = {
  title: "the generated code's history or a diff",
  tools: ["code_history", "diff_generated_code"],
  examples: [
    "show the code history",
    "what changed in the generated python code of the last strategy",
    "diff program <64-hex hash> against <64-hex hash>",
  ],
  matches: ({ text }) =>
    /\b(?:code|program|generation)s? (?:history|log|trail)\b|\bhistory of (?:the )?(?:generated )?(?:[a-z-]+ )?(?:code|programs?)\b|\b(?:diff|compare|what changed)\b.*\b(?:code|programs?|scripts?)\b/.test(
      text,
    ),
  plan({ text, context }) {
    const target = codeTargetIn(text);
    if (/\b(?:diff|compare|changed)\b/.test(text)) {
      const hashes = [...text.matchAll(/\b([0-9a-f]{64})\b/g)].map((match) => match[1]!);
      if (hashes.length === 2) {
        return planned(
          [call("diff_generated_code", { from: hashes[0], to: hashes[1] })],
          "Compare the two generated programs line by line.",
        );
      }
      const strategyId = hashes[0] ?? context.lastStrategyId;
      if (!strategyId)
        return missing(
          "which strategy's code: none was backtested in this conversation yet; give its 64-hex id, or two program hashes from the code history",
        );
      const chosen = target ?? "python";
      return planned(
        [call("diff_generated_code", { strategyId, target: chosen })],
        `Compare the two newest ${chosen} programs generated for strategy ${strategyId.slice(0, 12)}….`,
      );
    }
    const strategyId = /\b([0-9a-f]{64})\b/.exec(text)?.[1];
    return planned(
      [call("code_history", defined({ strategyId, target }))],
      "List the programs the code generator produced, newest first.",
    );
  },
};

/**
 * "set up TradingView alerts for it", "how do I connect TradingView": its Pine Script, whose
 * reply says how the alerts reach Alphadesk; without a strategy, how it works.
 */
export const tradingViewAlerts: Intent = {
  title: "TradingView alerts",
  tools: ["generate_code"],
  examples: ["set up tradingview alerts for it", "how do I connect tradingview"],
  matches: ({ text }) =>
    /\btradingview\b.*\b(?:alerts?|webhooks?|connect|hook(?: it)? up|link|set up)\b|\b(?:alerts?|webhooks?|connect|hook(?: it)? up|link|set up)\b.*\btradingview\b|\bwebhook (?:url|address)\b/.test(
      text,
    ),
  plan({ text, context }) {
    const strategyId = /\b([0-9a-f]{64})\b/.exec(text)?.[1] ?? context.lastStrategyId;
    if (!strategyId)
      return {
        kind: "refused",
        why: 'TradingView alerts trade through Alphadesk as order proposals, each waiting for a person\'s approval: backtest a strategy, then say "set up tradingview alerts for it" for its Pine Script; set TRADINGVIEW_WEBHOOK_SECRET and run alphadesk serve behind HTTPS, and point the alert at https://<your host>/webhooks/tradingview (README: Trading from TradingView alerts).',
      };
    return planned(
      [call("generate_code", { strategyId, target: "pine" })],
      `Generate the Pine Script of strategy ${strategyId.slice(0, 12)}…, whose alerts post to Alphadesk.`,
    );
  },
};

export const generateCode: Intent = {
  title: "code for a strategy",
  tools: ["generate_code"],
  examples: [
    "generate python code for the last strategy",
    "export strategy <64-hex id> as pine script for tradingview",
    "write an alpaca trading bot in typescript for the last strategy",
  ],
  matches: ({ text }) =>
    // "now in python for alpaca", "and as pine script": the same code for another target.
    /^(?:(?:now|and|also|ok(?:ay)?|then|same|same thing)[, ]+)*(?:in|as|for|to|into) (?:an? )?(?:pine(?: ?script)?|python|typescript|javascript|mt5|mql5|metatrader(?: 5)?|quant ?connect|trading ?view|alpaca)\b/.test(
      text,
    ) ||
    /\b(?:generate|write|export|give me|make|create|turn|convert|translate|port|rewrite)\b.*\b(?:code|script|program|python|pine|tradingview|mt5|mql5|metatrader|quantconnect|typescript|expert advisor)\b|\b(?:code|script|program) (?:for|of) (?:it|this|that|the (?:last |latest )?strategy)\b|^(?:show|give)(?: me)? (?:the|its) (?:code|program|script)\b/.test(
      text,
    ),
  plan({ text, context }) {
    const target = codeTargetIn(text) ?? "python";
    // "for momentum" when the conversation ran something else is another strategy.
    const named = strategyNamed(codeStrategyWords(text), context);
    if (isOutcome(named)) return named;
    const strategyId = /\b([0-9a-f]{64})\b/.exec(text)?.[1] ?? named?.id ?? context.lastStrategyId;
    if (!strategyId)
      return missing(
        "which strategy: none was backtested in this conversation yet; give its 64-hex id or backtest one first",
      );
    return planned(
      [call("generate_code", { strategyId, target })],
      `Generate ${target} code for strategy ${strategyId.slice(0, 12)}… that trades exactly as its backtest.`,
    );
  },
};

const metricNames = metricCatalogue.map((metric) => metric.name);
const metricPattern = [...metricNames]
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/_/g, "[ _-]"))
  .join("|");

const ruleComparisons: [RegExp, string][] = [
  [/^(?:<=|=<|at most|no more than|not above|under or equal to)$/, "<="],
  [/^(?:>=|=>|at least|no less than|not below)$/, ">="],
  [/^(?:<|below|under|less than|lower than|smaller than)$/, "<"],
  [/^(?:>|above|over|more than|greater than|higher than|exceeds?)$/, ">"],
];
const comparisonPattern =
  "<=|=<|>=|=>|<|>|at most|no more than|not above|at least|no less than|not below|below|under|less than|lower than|smaller than|above|over|more than|greater than|higher than|exceeds?";

export const validationRules: Intent = {
  title: "a validation rule",
  tools: ["list_validation_rules", "add_validation_rule", "set_validation_rule"],
  examples: [
    "list the validation rules",
    "add a rule max-drawdown-cap: max drawdown at most 25%, critical",
    "disable rule <rule-id>",
  ],
  matches: ({ text }) =>
    /\b(?:validation|validator|custom)\s+rules?\b|\brules?\b.*\b(?:validation|validator)\b|\b(?:list|show|what|which)\b.*\brules\b|\b(?:add|create|define|new|make)\b.*\brule\b|\b(?:disable|deactivate|re-?enable|enable|activate|turn (?:on|off)|switch (?:on|off))\b.*\brule\b|\b(?:disable|deactivate|re-?enable|enable|activate|turn (?:on|off)|switch (?:on|off))\s+(?:the\s+)?[a-z0-9]+(?:-[a-z0-9]+){2,}\b|\brule\b.*\b(?:on|off)$/.test(
      text,
    ),
  plan({ text }) {
    const switchVerb =
      /\b(disable|deactivate|turn off|switch off|re-?enable|enable|activate|turn on|switch on)\b/.exec(
        text,
      ) ?? /\b(?:turn|switch)\b.*\b(on|off)\b/.exec(text);
    if (switchVerb) {
      const rest = text.replace(/\bre-?enable\b/g, " ");
      const id =
        /\brule\s+(?:id\s+)?["'`]?([a-z0-9]+(?:-[a-z0-9]+)*)/.exec(rest)?.[1] ??
        /\b([a-z0-9]+(?:-[a-z0-9]+)+)\b/.exec(rest)?.[1];
      if (!id || ["the", "a", "that", "this"].includes(id))
        return missing('which rule, by its id, e.g. "disable rule robustness-one-bar-delay"');
      const enabled = !/disable|deactivate|off/.test(switchVerb[1]!);
      return planned(
        [call("set_validation_rule", { id, enabled })],
        `Switch validation rule ${id} ${enabled ? "on" : "off"}.`,
      );
    }
    if (/\b(?:add|create|define|new|make)\b/.test(text)) {
      const rule = new RegExp(
        String.raw`\b(${metricPattern})\s*(?:(?:must|should|has to|needs to|must always)\s+)?(?:be|stay|stays|remain|remains|is|are|of|to be)?\s*(${comparisonPattern})\s*(-?\d+(?:\.\d+)?)\s*(%)?`,
      ).exec(text);
      if (!rule)
        return missing(
          `the condition: a metric, a comparison and a threshold, e.g. "max drawdown at most 25%" (metrics: ${metricNames.slice(0, 8).join(", ")}, ...)`,
        );
      const metric = rule[1]!.replace(/[ -]/g, "_");
      const comparison = ruleComparisons.find(([pattern]) => pattern.test(rule[2]!))![1];
      const threshold = rule[4] ? Number(rule[3]) / 100 : Number(rule[3]);
      const named =
        /\brule\s+(?:called\s+|named\s+)?["'`]?([a-z0-9]+(?:-[a-z0-9]+)+|[a-z0-9]+(?=\s*:))["'`]?/.exec(
          text,
        );
      const id =
        named?.[1] ??
        `${metric.replace(/_/g, "-")}-${comparison.startsWith("<") ? "cap" : "floor"}`;
      const severity =
        /\bcritical\b/.exec(text)?.[0] ??
        /\b(?:info|informational)\b/.exec(text)?.[0] ??
        /\bwarning\b/.exec(text)?.[0];
      const message = /\b(?:message|saying|say)\s*[:=]?\s*["'](.+?)["']/.exec(text)?.[1];
      const input = defined({
        id,
        metric,
        comparison,
        threshold,
        severity: severity === "informational" ? "info" : severity,
        message,
      });
      return planned(
        [call("add_validation_rule", input)],
        `Add validation rule ${id}: ${metric} ${comparison} ${threshold}${severity ? ` (${severity})` : ""}.`,
      );
    }
    const family = ruleFamilies.find((name) =>
      new RegExp(`\\b${name.replace(/_/g, "[ _-]?")}\\b`).test(text),
    );
    return planned(
      [call("list_validation_rules", defined({ family }))],
      `List the validation rules${family ? ` of the ${family.replace(/_/g, " ")} family` : ""} and the metrics custom rules can use.`,
    );
  },
};

const familyWords: [RegExp, PatternFamily[]][] = [
  [/\bmomentum\b|\btrend[- ]following\b/, ["momentum"]],
  [/\bmean[- ]revers(?:ion|ing|al)\b|\breversals?\b/, ["mean_reversion"]],
  [/\bpairs?(?: trading| trades)?\b|\bcointegrat/, ["pairs"]],
  [
    /\bday[- ]of[- ](?:the[- ])?week\b|\bweekdays?\b|\b(?:mon|tues|wednes|thurs|fri)days?\b|\b(?:best|worst) day\b/,
    ["day_of_week"],
  ],
  [/\bturn[- ]of[- ](?:the[- ])?month\b|\bmonth[- ]end\b/, ["turn_of_month"]],
  [/\bseasonal(?:ity)?\b/, ["day_of_week", "turn_of_month"]],
  [/\bbreakouts?\b/, ["breakout"]],
  [/\bvol(?:atility)?[- ]regimes?\b/, ["volatility_regime"]],
  [/\b(?:overnight )?gaps?\b/, ["gap"]],
  [/\blead[- ]lag\b|\bcross[- ]asset\b/, ["cross_asset_lead_lag"]],
];

/** The pattern families a message names, in the scanner's order. */
function familiesIn(text: string): PatternFamily[] {
  const named = new Set(
    familyWords.filter(([pattern]) => pattern.test(text)).flatMap(([, f]) => f),
  );
  return patternFamilies.filter((family) => named.has(family));
}

/** "find me a strategy", "give me a trading idea": what the scanner finds. */
const asksForIdeas =
  /\b(?:find|give|suggest|recommend)\b(?: me)? (?:a |an |some |new |any )?(?:(?:good|new|profitable) )?(?:strateg(?:y|ies)|(?:trading |trade )?ideas?)\b|\bany (?:trading )?opportunities\b/;
/** "Where is SPY going?": a forecast, which no tool gives either. */
const asksForecast =
  /\bwhere (?:is|are) \S+ (?:going|headed|heading)\b|^will \S+ (?:go (?:up|down)|rise|fall|drop|crash|rally)\b|^predict\b|\bprice target\b/;
/** "what should I buy?": advice, which no tool gives. */
const asksWhatToTrade =
  /\b(?:what|which \w+) should (?:i|we) (?:buy|sell|trade|invest in|short)\b|^should (?:i|we) (?:buy|sell|short)\b(?!.*\b(?:if|when|once)\b)|\bis (?:now|it|this|today) a good (?:time|moment|day) to (?:buy|sell|short)\b|^is \S+ a (?:good )?(?:buy|sell)\b|\ba good (?:entry|exit|entry point|exit point|price to (?:buy|sell)(?: at)?) (?:for|on|in)\b/;

export const scan: Intent = {
  title: "a market scan",
  tools: ["scan_markets"],
  examples: [
    "scan tech stocks for mean reversion",
    "scan the sector ETFs for momentum and breakouts",
    "scan crypto for pairs with 10 bps costs",
  ],
  matches: ({ text }) =>
    (/\bscan\b|\bscanning\b|\bscreen\b|\b(?:find|look for|search for|hunt for|discover|detect)\b.*\b(?:inefficienc|patterns?\b|edges?\b|anomal|opportunit|setups?\b|momentum|mean[- ]revers|pairs\b|breakouts?|seasonality|gaps\b|lead[- ]lag)/.test(
      text,
    ) ||
      asksForIdeas.test(text) ||
      asksWhatToTrade.test(text) ||
      asksForecast.test(text) ||
      /\b(?:which|what|any) (?:pairs|symbols|stocks|coins)\b.*\bcointegrat\w*\b/.test(text)) &&
    !/\bfindings\b/.test(text),
  plan(message) {
    const { text, raw } = message;
    if (asksForecast.test(text))
      return {
        kind: "refused",
        why: 'I do not forecast prices: every number I give comes from a test. "Show me SPY" says where a symbol stands; a backtest says how a rule traded it in the past; "scan everything" looks for inefficiencies that survive a multiple-testing correction and an out-of-sample check.',
      };
    if (asksWhatToTrade.test(text))
      return {
        kind: "refused",
        why: 'I do not pick trades: every number I give comes from a test. "Scan everything" looks for inefficiencies that survive a multiple-testing correction and an out-of-sample check; backtest and validate one before any order.',
      };
    const families = familiesIn(text);
    const universe = universeIn(text);
    const written = symbolsIn(raw);
    const choice: Record<string, unknown> = {};
    let where = "every stored daily symbol";
    if (written.length > 0) {
      choice.symbols = written;
      where = written.join(", ");
    } else if (universe?.kind === "universe") {
      choice.universe = universe.name;
      where = universe.label;
    } else if (universe?.kind === "symbols") {
      choice.symbols = universe.symbols;
      where = universe.label;
    }
    const cost =
      /\b(\d+(?:\.\d+)?)\s*(?:bps?|basis points?)(?:\s+(?:round[- ]trip\s+)?(?:costs?|fees?))?|\bcosts?\s*(?:of|=|:)?\s*(\d+(?:\.\d+)?)\s*(?:bps?|basis points?)/.exec(
        text,
      );
    const alpha =
      /\b(?:fdr|false discovery rate|alpha|q)\s*(?:of|=|:|at)?\s*(\d+(?:\.\d+)?)\s*(%)?/.exec(text);
    const lookback =
      /\b(?:last|recent|latest)\s+(\d+)\s+bars\b|\blookback\s*(?:of|=|:)?\s*(\d+)/.exec(text);
    const inSample =
      /\b(\d+(?:\.\d+)?)\s*%\s*in[- ]sample\b|\bin[- ]sample\s*(?:ratio|share)?\s*(?:of|=|:)?\s*(\d+(?:\.\d+)?)\s*(%)?/.exec(
        text,
      );
    const input = defined({
      ...choice,
      families: families.length > 0 ? families : undefined,
      costBps: cost ? Number(cost[1] ?? cost[2]) : undefined,
      alpha: alpha ? Number(alpha[1]) / (alpha[2] ? 100 : 1) : undefined,
      timeframe: timeframeIn(text),
      lookbackBars: lookback ? Number(lookback[1] ?? lookback[2]) : undefined,
      inSampleRatio: inSample
        ? inSample[1] !== undefined
          ? Number(inSample[1]) / 100
          : Number(inSample[2]) / (inSample[3] ? 100 : 1)
        : undefined,
    });
    return planned(
      [call("scan_markets", input)],
      `Scan ${where} for ${families.length > 0 ? listWords(families.map((f) => f.replace(/_/g, " "))) : "every pattern family"}.`,
    );
  },
};

/**
 * "is there an edge in buying SPY on Mondays?", "does SPY go up at the turn of the month?":
 * a calendar effect on named symbols is the scanner's seasonality test, with its correction.
 */
export const seasonalityQuestion: Intent = {
  title: "a seasonality test",
  tools: ["scan_markets"],
  examples: [
    "is there an edge in buying SPY on Mondays?",
    "does QQQ go up at the turn of the month?",
  ],
  matches: ({ text, raw }) =>
    familiesIn(text).some((family) => family === "day_of_week" || family === "turn_of_month") &&
    symbolsIn(raw).length > 0 &&
    /\b(?:is there|are there|does|do|did|test|check|edge|effect|anomaly|best|worst)\b/.test(text),
  plan: (message) => scan.plan(message),
};

/**
 * "Which of those is most promising?" right after a list of findings: which to trade is for
 * tests to say, so the answer is how to test one.
 */
export const bestFinding: Intent = {
  title: "the strongest finding",
  tools: [],
  examples: ["backtest the best one", "validate finding #12"],
  matches: ({ text, context }) =>
    context.findingsShownLast === true &&
    /\bwhich\b.*\b(?:best|most promising|strongest|better|worth|should i|to (?:trade|pick|choose))\b/.test(
      text,
    ),
  plan: ({ context }) => {
    const first = context.lastFindingIds?.[0];
    return {
      kind: "refused",
      why: first
        ? `Which is worth trading is for tests to say, not for me: each finding listed survived the multiple-testing correction (its q-value) and was confirmed out of sample, and a scan lists the smallest q-value first. Test one: "backtest finding #${first}" runs its strategy with costs, "validate finding #${first}" checks it against every candidate its scan tested, and "which one is better?" compares the backtests you ran.`
        : "The last list of findings was empty: nothing survived the multiple-testing correction.",
    };
  },
};

export const findings: Intent = {
  title: "a list of findings",
  tools: ["list_findings"],
  examples: ["show the latest findings", "list the top 5 momentum findings including decayed"],
  matches: ({ text }) => /\bfindings?\b|\bwhat did the scan(?:ner)? find\b/.test(text),
  plan({ text }) {
    const families = familiesIn(text);
    if (families.length > 1)
      return missing(`one pattern family at a time (I see ${listWords(families)})`);
    const limit =
      /\b(?:last|latest|top|first|recent|best)\s+(\d+)\b|\b(\d+)\s+(?:\w+\s+)?findings\b/.exec(
        text,
      );
    const input = defined({
      limit: limit ? Number(limit[1] ?? limit[2]) : undefined,
      pattern: families[0],
      includeDecayed: /\bdecayed\b|\binclud(?:e|ing) (?:old|stale|dead)\b/.test(text)
        ? true
        : undefined,
    });
    return planned(
      [call("list_findings", input)],
      `List ${input.limit ? `the ${input.limit} most recent` : "the stored"} ${families[0] ? `${families[0].replace(/_/g, " ")} ` : ""}findings${input.includeDecayed ? ", decayed ones included" : ""}.`,
    );
  },
};
