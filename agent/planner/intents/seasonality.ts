import { extractPeriod } from "../dates.ts";
import { call, defined, missing, planned, periodText, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";

const monthName =
  "(?:january|february|march|april|may|june|july|august|september|october|november|december)";
const weekdayWords =
  /\bweekdays?\b|\bweekends?\b|\bday of (?:the )?week\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|\b(?:best|worst|strongest|weakest) days?\b/;
/** Asking for a tradable edge is the scanner's test (seasonalityQuestion), not a table. */
const edgeWords = /\b(?:scan\w*|screen\w*|edges?|anomal\w*|inefficienc\w*|patterns?|findings?)\b/;
const askedFor = new RegExp(
  [
    String.raw`\bseasonal(?:ity|ly)?\b`,
    String.raw`\b(?:best|worst|strongest|weakest)\s+(?:calendar\s+)?(?:months?|weekdays?|days? of (?:the )?week|days? to (?:buy|sell|trade|hold))\b`,
    String.raw`\b(?:by|per|each|every)\s+(?:calendar month|month of (?:the )?year|weekday|day of (?:the )?week)\b`,
    String.raw`\b(?:average|typical|mean|median)\s+(?:return|move|performance)s?\s+(?:in|on|by|per|for)\s+(?:each\s+)?(?:month|weekday|${monthName}|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b`,
    String.raw`\b(?:how|does|do|did)\b.*\b(?:do|does|go|perform|trade)\w*\b.*\b(?:in|during)\s+${monthName}s?\b(?!,?\s*\d{4})`,
    String.raw`\b(?:how|does|do|did)\b.*\b(?:do|does|go|perform|trade)\w*\b.*\b(?:on|over)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days|(?:the\s+)?weekends?)\b`,
    String.raw`\bsanta(?:\s+claus)?\s+rally\b|\bsell in may\b|\bjanuary effect\b`,
  ].join("|"),
);

const monthsNamed: readonly [RegExp, string][] = [
  ...monthName
    .slice(3, -1)
    .split("|")
    .map((month): [RegExp, string] => [new RegExp(`\\b${month}s?\\b`), month]),
  [/\bsanta(?:\s+claus)?\s+rally\b/, "december"],
  [/\bsell in may\b/, "may"],
];
const weekdaysNamed = ["mon", "tues", "wednes", "thurs", "fri", "satur", "sun"].map(
  (day): [RegExp, string] => [new RegExp(`\\b${day}days?\\b`), `${day}day`],
);

/** The one month or weekday a message asks about ("in September", "on Mondays"), if one. */
function focusIn(text: string, by: "month" | "weekday"): string | undefined {
  const names = by === "month" ? monthsNamed : weekdaysNamed;
  const found = new Set(names.filter(([words]) => words.test(text)).map(([, name]) => name));
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * "Seasonality of SPY", "what's the best month for QQQ?", "how does SPY do in September?", "best
 * day of the week for BTC/USD": a symbol's returns by calendar month or weekday, each against the
 * rest. "Is there an edge in buying SPY on Mondays?" stays the scanner's test.
 */
export const seasonalityIntent: Intent = {
  title: "a symbol's seasonality",
  tools: ["seasonality"],
  examples: ["seasonality of SPY", "what's the best day of the week for BTC/USD?"],
  matches: ({ text }) => askedFor.test(text) && !edgeWords.test(text),
  plan(message) {
    const symbols = symbolsIn(message.raw);
    if (symbols.length === 0)
      return missing('the symbol: say which one, e.g. "seasonality of SPY"');
    const { period, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const by = weekdayWords.test(message.text) ? "weekday" : "month";
    const focus = focusIn(message.text, by);
    const range = defined({ start: period.start, end: period.end });
    const over = periodText(range);
    return planned(
      symbols.map((symbol) => call("seasonality", defined({ symbol, by, focus, ...range }))),
      `Show ${symbols.join(", ")} by ${by === "month" ? "calendar month" : "weekday"}${over ? ` ${over}` : ""}: the mean and median return, how often up, each against the rest.`,
    );
  },
};
