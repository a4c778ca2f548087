import { termIn } from "../../../tools/glossary/terms.ts";
import { extractPeriod } from "../dates.ts";
import {
  call,
  defined,
  missing,
  periodForLast,
  planned,
  type Intent,
  type Message,
  type Outcome,
} from "../intent.ts";
import { strategyKind, strategyMeant } from "../strategy-names.ts";
import { isOutcome } from "./strategies.ts";

/**
 * A 64-hex strategy id written in the message, else the conversation's last strategy, unless
 * the message names another ("the rsi strategy" after an EMA crossover): then that one, found
 * by its name among the stored strategies.
 */
function strategyOf({ raw, text, context }: Message): string | Outcome | undefined {
  const meant = strategyMeant(
    raw,
    // The last "the/my ... strategy": "the beta of my rsi strategy" names "my rsi strategy".
    /.*\b((?:the|my)(?: [a-z0-9/ -]+?)? strateg(?:y|ies))\b/.exec(text)?.[1] ??
      whyFailed.exec(text)?.[1],
    context,
  );
  return meant && "kind" in meant ? meant : meant?.id;
}

const noStrategy = () =>
  missing(
    "which strategy: none was backtested in this conversation yet; give its 64-hex id or backtest one first",
  );

/**
 * "Why did my rsi dip do badly?", "why did the sma crossover lose money?": a strategy, pointed at
 * or named by its kind, asked why it failed (group 1: the words naming it).
 */
const whyFailed = new RegExp(
  `\\bwhy (?:did|does|has|do) (it|this|that|(?:the|my|our) (?:[a-z0-9()/.-]+ ){0,4}?${strategyKind}) (?:lose|lost|losing|underperform\\w*|do (?:so )?(?:badly|poorly)|done (?:so )?(?:badly|poorly)|struggle\\w*|fall|fell|drop\\w*)\\b`,
);

/** "How correlated is my strategy with SPY?", "what's the beta of the strategy?". */
const strategyLink =
  /\b(?:beta|correlat\w*)\b.*\b(?:my|the|this|that|our) (?:[a-z0-9/().-]+ ){0,4}?strategy\b|\b(?:my|the|this|that|our) (?:[a-z0-9/().-]+ ){0,4}?strategy\b.*\b(?:beta|correlat\w*)\b(?!.*\bstrateg)/;

/** A question about what a term means, not about a value ("what is a Sharpe ratio?"). */
const asksMeaning =
  /^(?:what(?:'s| is| are)|whats)\s+the kelly criterion\b|^(?:what(?:'s| is| are)|whats)\s+(?!the\b|my\b|its?\b|our\b|this\b|that\b)|^what does\b.*\bmean\b|^(?:define|explain)\b(?!.*\b(?:it|this|that|strateg(?:y|ies))\b)|^how (?:is|are|do you|does alphadesk)\b.*\b(?:computed|calculated|measured|defined)\b|\bmeaning of\b/;

/** "what is a Sharpe ratio?", "what does max drawdown mean", "how is sharpe computed". */
export const explainTerm: Intent = {
  title: "the meaning of a term",
  tools: ["explain_term"],
  examples: ["what is a Sharpe ratio?", "what does profit factor mean", "how is sharpe computed"],
  matches: ({ text }) => asksMeaning.test(text) && termIn(text) !== undefined,
  plan({ text }) {
    const entry = termIn(text)!;
    return planned(
      [call("explain_term", { term: entry.term })],
      `Explain what ${entry.term} means and how Alphadesk computes it.`,
    );
  },
};

/** "explain the strategy simply", "why does it work", "when does this fail, without jargon". */
export const explainStrategy: Intent = {
  title: "an explanation of a strategy",
  tools: ["explain_strategy"],
  examples: ["explain the last strategy simply", "why does it work? no jargon please"],
  matches: ({ text }) =>
    /\bexplain\b.*\b(?:it|this|that|strateg(?:y|ies)|(?:the |my )?(?:last |latest )?backtest|the (?:best|better|winning) (?:one|1)|the winner)\b|\b(?:why|how) (?:does|would|should|do) (?:it|this|that|the strategy|(?:strategy )?[0-9a-f]{64}) work\b|\bwhen (?:does|would|do) (?:it|this|that|the strategy|(?:strategy )?[0-9a-f]{64}) (?:work|fail)\b/.test(
      text,
    ),
  plan(message) {
    const strategyId = strategyOf(message);
    if (isOutcome(strategyId)) return strategyId;
    if (!strategyId) return noStrategy();
    const { text } = message;
    const level = /\b(?:expert|in depth|technical(?:ly)?|advanced)\b/.test(text)
      ? "expert"
      : /\bintermediate\b/.test(text)
        ? "intermediate"
        : undefined;
    const jargonFree =
      /\b(?:without jargon|no jargon|jargon[- ]free|plain (?:english|words)|like i'?m (?:five|5)|eli5)\b/.test(
        text,
      ) || undefined;
    return planned(
      [call("explain_strategy", defined({ strategyId, level, jargonFree }))],
      `Explain strategy ${strategyId.slice(0, 12)}…${level ? ` for an ${level} reader` : ""}${jargonFree ? " without jargon" : ""}.`,
    );
  },
};

/** "compare it with buy and hold", "how does it do in bear markets", "did the complexity pay". */
export const performanceContext: Intent = {
  title: "a strategy's performance in context",
  tools: ["performance_context"],
  examples: [
    "compare the last strategy with buy and hold and SPY",
    "how does it do in bear markets since 2020",
  ],
  matches: ({ text }) =>
    /\b(?:compare (?:it|this|that|(?:the |my )?(?:last |latest |previous )?strategy|(?:strategy )?[0-9a-f]{64})|(?:does|did|would|do) (?:it|this|that|the strategy) compare|compare (?=(?:with|to|against) ))\b(?!.*\bcorrelat).*\b(?:buy[- ]and[- ]hold|benchmarks?|spy|qqq|the market)\b|\b(?:in|into) context\b|\bperformance context\b|\b(?:bear|bull|calm|turbulent|volatile) (?:markets?|regimes?|periods?)\b|\bdid (?:the )?(?:added |extra )?complexity pay\b|\bare (?:its|the|these) (?:numbers|results) good\b|\b(?:is|was) (?:it|this|that|the strategy) (?:any )?(?:better|worse) than\b|\bdoes (?:it|this|that|the strategy) (?:beat|outperform|underperform)\b|\bwhat went wrong\b/.test(
      text,
    ) ||
    whyFailed.test(text) ||
    strategyLink.test(text),
  plan(message) {
    const strategyId = strategyOf(message);
    if (isOutcome(strategyId)) return strategyId;
    if (!strategyId) return noStrategy();
    const { period, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the period: ${problem}`);
    const given = { start: period.start, end: period.end ?? period.at };
    const written = /\b[0-9a-f]{64}\b/.test(message.raw);
    const input = defined({
      strategyId,
      ...(written ? given : periodForLast(message.context, given)),
    });
    return planned(
      [call("performance_context", input)],
      `Put strategy ${strategyId.slice(0, 12)}… in context: against buy and hold, SPY, QQQ and an SMA trend, by market regime.`,
    );
  },
};
