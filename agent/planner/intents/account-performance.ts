import { accountPeriodWords } from "../../../tools/replies/account-performance.ts";
import { call, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";

type Period = "1W" | "1M" | "3M" | "6M" | "YTD" | "1Y" | "all";

/** The span a message asks about, in account_performance's periods; undefined when it names none. */
const spans: readonly [RegExp, Period][] = [
  [/\b(?:this|past|last|the) week\b|\bweekly\b|\b7 days\b|\bwtd\b/, "1W"],
  [/\b(?:this|past|last|the) month\b|\bmonthly\b|\b30 days\b|\bmtd\b/, "1M"],
  [/\b3 months\b|\b(?:this|past|last|the) quarter\b|\b90 days\b/, "3M"],
  [/\b6 months\b|\bhalf (?:a )?year\b/, "6M"],
  [/\bthis year\b|\bytd\b|\byear to date\b|\bsince (?:january|jan)\b/, "YTD"],
  [/\b(?:past|last) (?:year|12 months)\b|\b12 months\b|\b1 year\b|\b365 days\b/, "1Y"],
  [
    /\ball[- ]time\b|\bsince (?:i|we) (?:started|began|opened)\b|\bsince (?:the )?(?:start|beginning|inception)\b|\bever\b|\boverall\b|\bin total\b|\btotal\b/,
    "all",
  ],
];
const periodIn = (text: string) => spans.find(([words]) => words.test(text))?.[1];

const accountWords = /\b(?:my|i|i've|we|our|account)\b/;
/**
 * What another intent answers: a strategy's or backtest's results, today's P&L (get_positions),
 * the orders and trades themselves (list_orders).
 */
const elsewhere =
  /\b(?:strateg\w*|backtests?|optimi[sz]\w*|validat\w*|findings?|scans?|bots?|today'?s?|risk\w*|var|drawdown|trades?|orders?|fills?)\b/;
const performanceWords =
  /\bp ?& ?l\b|\bpnl\b|\bprofit(?:s| and loss)?\b|\blosses\b|\b(?:made|make|earned|lost|lose|gained)\b|\breturns?\b|\bperform(?:ance|ed)?\b|\bequity (?:curve|history|chart)\b|\b(?:account|portfolio) history\b|\bhow (?:did|has|have|am|are|is)\b.*\b(?:do|done|doing|going)\b/;
/** Said without a span, still about a stretch of time: the curve, "how did my portfolio do". */
const overTime =
  /\bequity (?:curve|history|chart)\b|\b(?:account|portfolio) (?:history|performance)\b|\bperform(?:ance|ed)\b|\bhow (?:did|has) my (?:account|portfolio)\b/;
/** "What's my max drawdown?": the account's (a backtest's is "its" or "the strategy's"). */
const accountDrawdown =
  /\b(?:my|our|the account'?s?|the portfolio'?s?) (?:(?:max(?:imum)?|worst|biggest|largest|current) )?drawdown\b(?!.*\b(?:strateg\w*|backtests?)\b)/;
/** Sums said without a span mean the whole history: "how much have I made?". */
const sums = /\b(?:made|earned|lost|gained)\b|\btotal\b/;

/**
 * "How did my portfolio do?", "what's my P&L this month?", "show my equity curve", "how much have I
 * made this year?": the broker account over a period. Today's P&L stays the account's own
 * (get_positions), and a strategy's or a symbol's results are a backtest's.
 */
export const accountPerformanceIntent: Intent = {
  title: "the account's performance",
  tools: ["account_performance"],
  examples: ["how did my portfolio do this month?", "show my equity curve"],
  matches: ({ text, raw }) =>
    symbolsIn(raw).length === 0 &&
    ((accountWords.test(text) &&
      performanceWords.test(text) &&
      !elsewhere.test(text) &&
      (periodIn(text) !== undefined || overTime.test(text))) ||
      accountDrawdown.test(text)),
  plan({ text }) {
    const period = periodIn(text) ?? (sums.test(text) || accountDrawdown.test(text) ? "all" : "1M");
    return planned(
      [call("account_performance", { period })],
      `Show how the broker account did over ${accountPeriodWords[period]}.`,
    );
  },
};
