import { fiatCurrencies } from "../../../tools/bars/market-of.ts";
import { extractPeriod } from "../dates.ts";
import { call, defined, missing, periodText, planned, type Intent } from "../intent.ts";
import { symbolsIn } from "../symbols.ts";

const pairWords = /\bpairs?\b|\bcointegrat\w*|\bhedge ratio\b|\bstat(?:istical)?[- ]?arb\w*/;
/** "Spread" is a pair's only between two symbols: of one, it is the bid-ask spread (get_quotes). */
const spreadWords = /\bspread\b/;
const quoteWords = /\bbid\b|\bask\b|\bquotes?\b/;
/** What a crypto or FX pair is quoted in: "ETH/USD" is one symbol, "KO/PEP" two. */
const isQuoteCurrency = (code: string) =>
  fiatCurrencies.has(code) || ["USDT", "USDC", "BTC", "ETH"].includes(code);

/** The symbols a message names, "KO/PEP" read as two ("ETH/USD" stays one). */
function legsIn(raw: string): string[] {
  return symbolsIn(
    raw
      // "z 2.5", "z-score": the spread's measure, not the ticker Z.
      .replace(/\|?\bz(?:[- ]?scores?)?\b\|?/gi, " ")
      .replace(/\b([A-Za-z][A-Za-z.]{0,5})\/([A-Za-z][A-Za-z.]{0,5})\b/g, (whole, base, quote) =>
        isQuoteCurrency(String(quote).toUpperCase()) ? whole : `${base} and ${quote}`,
      ),
  );
}
/** Looking for pairs among many is the scanner's (scan_markets' pairs family). */
const searchWords =
  /\b(?:scan\w*|screen\w*|find|search\w*|look(?:ing)? for|hunt\w*|discover\w*|which|any)\b/;

const number = String.raw`(\d+(?:\.\d+)?)`;
const zSetting = (word: string) =>
  new RegExp(
    String.raw`\b${word}\w*\s*(?:z(?:[- ]?score)?\s*)?(?:at|of|=|:|above|beyond|below|when)?\s*(?:\|z\|\s*)?(?:[<>]=?\s*)?[+-]?${number}`,
  );

/** A number set for one of the rule's knobs: "entry z 2.5", "exit at 0.5", "stop at 4". */
function setting(text: string, pattern: RegExp): number | undefined {
  const value = pattern
    .exec(text)
    ?.slice(1)
    .find((group) => group !== undefined);
  return value === undefined ? undefined : Number(value);
}

/**
 * "Pairs trade KO and PEP", "are GLD and SLV cointegrated?", "the spread between XLE and XOP
 * with entry z 2.5": two named symbols as a spread (analyze_pair). Finding pairs among many
 * stays the scanner's.
 */
export const pairIntent: Intent = {
  title: "a pair trade",
  tools: ["analyze_pair"],
  examples: ["pairs trade KO and PEP", "are GLD and SLV cointegrated?"],
  matches: ({ text, raw }) =>
    (pairWords.test(text) || (spreadWords.test(text) && legsIn(raw).length === 2)) &&
    !quoteWords.test(text) &&
    !searchWords.test(text),
  plan(message) {
    const symbols = legsIn(message.raw);
    if (symbols.length !== 2)
      return missing(
        symbols.length < 2
          ? 'the two symbols of the pair, e.g. "pairs trade KO and PEP"'
          : `two symbols, not ${symbols.length} (${symbols.join(", ")}): "scan ${symbols.join(" ")} for pairs" tests every pair among them`,
      );
    const { text } = message;
    const { period, problem } = extractPeriod(text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const lookback = setting(
      text,
      /\b(\d+)[- ]?(?:day|bar|session)s?\s+(?:rolling\s+)?(?:window|lookback)\b|\b(?:lookback|window)\s*(?:of\s*)?(\d+)/,
    );
    const input = defined({
      a: symbols[0],
      b: symbols[1],
      lookback,
      entryZ: setting(text, zSetting("(?:entry|entries|enter)")),
      exitZ: setting(text, zSetting("exit")),
      stopZ: setting(text, zSetting("stop")),
      start: period.start,
      end: period.end,
    });
    const over = periodText(defined({ start: period.start, end: period.end }));
    return planned(
      [call("analyze_pair", input)],
      `Analyze ${symbols[0]} / ${symbols[1]} as a pair${over ? ` ${over}` : ""}: cointegration, the spread's z-score now, and the spread trade backtested.`,
    );
  },
};
