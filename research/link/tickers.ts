/**
 * Tickers that are also upper-case English words or everyday abbreviations: in prose they are
 * words ("IT spending", "ALL eyes ON the Fed", "AI stocks"), so they count only when written as a
 * cashtag (`$IT`) or after an exchange (`NYSE: IT`).
 */
// prettier-ignore
const wordLikeTickers = new Set([
  "AI", "ALL", "AM", "AN", "AND", "ANY", "ARE", "AS", "AT", "BE", "BIG", "BY", "CAN", "CAR",
  "CASH", "CEO", "CFO", "DO", "EAT", "ETF", "EU", "EV", "FED", "FOR", "FUN", "GDP", "GO", "GOOD",
  "HAS", "HE", "HOT", "IF", "IN", "IPO", "IS", "IT", "KEY", "LOW", "ME", "MY", "NEW", "NO", "NOW",
  "OF", "OK", "OLD", "ON", "ONE", "OR", "OUT", "PAY", "PC", "PM", "REAL", "RUN", "SEC", "SEE",
  "SO", "TO", "TV", "TWO", "UK", "UP", "US", "USA", "WE", "WELL", "WHO", "YOU",
]);

/** Exchanges written before a ticker ("(NYSE: IT)"), which make even a word-like one a ticker. */
const exchangePrefix = String.raw`(?:NYSE(?: American| Arca)?|NYSEARCA|NASDAQ|Nasdaq|AMEX|CBOE|TSX|LSE):\s?`;

/** A single letter, a number, or an English word: in prose it is rarely the ticker. */
export function isWordLikeTicker(symbol: string): boolean {
  return symbol.length === 1 || !/[A-Za-z]/.test(symbol) || wordLikeTickers.has(symbol);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * A reader of the `known` symbols a text names as tickers: case-sensitive, whole (not inside a
 * longer word or symbol: "AAPL" is not in "AAPLX"), and word-like ones (see `isWordLikeTicker`)
 * only as a cashtag or after an exchange. It answers each symbol once, sorted.
 */
export function tickerReader(known: Iterable<string>): (text: string) => string[] {
  // Longest first, so a symbol that starts another ("BRK" and "BRK.B") never hides it.
  const symbols = [...new Set(known)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (symbols.length === 0) return () => [];
  const pattern = new RegExp(
    String.raw`(?<![A-Za-z0-9])(\$|${exchangePrefix})?(${symbols.map(escapeRegExp).join("|")})(?![A-Za-z0-9])`,
    "g",
  );
  return (text) => {
    const found = new Set<string>();
    for (const [, marker, symbol] of text.matchAll(pattern)) {
      if (marker !== undefined || !isWordLikeTicker(symbol!)) found.add(symbol!);
    }
    return [...found].sort();
  };
}
