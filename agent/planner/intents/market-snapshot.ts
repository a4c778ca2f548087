import { call, defined, planned, type Intent, type Message } from "../intent.ts";
import { symbolsIn, symbolsNamed, universeIn, wordsBesideSymbols } from "../symbols.ts";
import { listWords } from "../text.ts";

/** Questions about one symbol's standing: its range, its volume, its move of the day. */
const standing =
  /\b52[- ]?w(?:ee)?k\b|\b(?:year(?:ly)?|annual) (?:high|low|range)\b|\bfrom (?:its|the|their) (?:high|low)s?\b|\b(?:all[- ]time|recent) highs?\b|\b(?:average|avg|typical|normal|usual) (?:daily )?(?:trading )?volume\b|\brelative volume\b|\bhow much did \S+ (?:move|change|go up|go down|gain|lose|drop|rise|fall)\b|\bhow far (?:is|are|has)\b.*\b(?:high|low)s?\b|\bsnapshot\b|\bhow (?:is|are) \S+ (?:doing|trading) (?:today|now|right now|lately|this week)\b|\bwhat(?:'s| is) \S+ doing\b|\bbeta\b|\bhow volatile (?:is|are|has)\b|\bvolatility (?:of|in)\b|\bwhat(?:'s| is) \S+(?:'s)? volatility\b|\bwhat happened (?:to|with) (?!my\b|our\b|the\b|it\b)\S+(?: (?:today|yesterday|this week))?\??$|\bwhat did (?!my\b|our\b|the\b|it\b)\S+ do(?: (?:today|yesterday|this week))?\??$/;

/** Rankings across symbols: the day's movers, the week's losers, unusual volume. */
const ranking =
  /\b(?:top|biggest|largest|best|worst)(?: \d+)? (?:gainers?|losers?|movers?|performers?|decliners?|winners?)\b|\bbiggest (?:moves|drops|jumps)\b|\b(?:best|worst)[- ]performing (?:symbols?|stocks?|etfs?|assets?|markets?|coins?)\b|\bwhat(?:'s| is) (?:moving|up|down) (?:today|this week|now)\b|\bwhat happened (?:in|to) (?:the )?markets? (?:today|yesterday|this week)\b|\bunusual volume\b|\b(?:volume spikes?|heavy volume)\b|\bmost volatile (?:symbols?|stocks?|etfs?|assets?|markets?|coins?)\b|\b(?:near|at|closest to) (?:their|its|the) (?:52[- ]?w(?:ee)?k )?highs?\b|\b(?:farthest|furthest) (?:from|below) (?:their|its|the) (?:52[- ]?w(?:ee)?k )?highs?\b|\b(?:highest|lowest|high|low)[- ]beta\b/;

type SortBy =
  | "beta"
  | "day"
  | "week"
  | "month"
  | "quarter"
  | "year"
  | "yearToDate"
  | "fromHigh"
  | "relativeVolume"
  | "volatility";

/** What a ranking is by, from its words: the period of the move, or the other numbers. */
function sortOf(text: string): { sortBy: SortBy; order: "desc" | "asc"; words: string } {
  if (/\bvolume\b/.test(text))
    return { sortBy: "relativeVolume", order: "desc", words: "volume against its average" };
  if (/\bbeta\b/.test(text))
    return /\blow(?:est)?\b/.test(text)
      ? { sortBy: "beta", order: "asc", words: "beta against SPY, lowest first" }
      : { sortBy: "beta", order: "desc", words: "beta against SPY, highest first" };
  if (/\bvolatile\b/.test(text))
    return { sortBy: "volatility", order: "desc", words: "volatility" };
  if (/\bhighs?\b/.test(text))
    return /\b(?:farthest|furthest|below)\b/.test(text)
      ? {
          sortBy: "fromHigh",
          order: "asc",
          words: "the distance below the 52-week high, farthest first",
        }
      : {
          sortBy: "fromHigh",
          order: "desc",
          words: "the distance below the 52-week high, closest first",
        };
  const order = /\b(?:losers?|worst|decliners?|down|drops)\b/.test(text) ? "asc" : "desc";
  const [sortBy, words]: [SortBy, string] = /\b(?:ytd|year to date|this year)\b/.test(text)
    ? ["yearToDate", "the change this year"]
    : /\b(?:this|last|past) week\b|\bweekly\b/.test(text)
      ? ["week", "the week's change"]
      : /\b(?:this|last|past) month\b|\bmonthly\b/.test(text)
        ? ["month", "the month's change"]
        : /\b(?:this|last|past) (?:quarter|3 months)\b/.test(text)
          ? ["quarter", "the change over 3 months"]
          : /\b(?:last|past) year\b|\b12 months\b/.test(text)
            ? ["year", "the year's change"]
            : ["day", "the last day's change"];
  return { sortBy, order, words: `${words}, ${order === "desc" ? "largest" : "smallest"} first` };
}

/**
 * "What's SPY's 52-week high?", "how much did QQQ move today?", "average volume of TLT": where a
 * symbol stands at its last close; "top gainers today", "worst performers this week", "unusual
 * volume in the tech universe": a ranking.
 */
export const marketSnapshotIntent: Intent = {
  title: "where markets stand",
  tools: ["market_snapshot"],
  examples: ["what's SPY's 52-week high?", "top gainers today", "unusual volume"],
  matches: ({ text, raw }) =>
    ranking.test(text) || (standing.test(text) && symbolsIn(raw).length > 0),
  plan(message: Message) {
    const { text, raw } = message;
    const symbols = symbolsIn(raw);
    if (!ranking.test(text) && symbols.length > 0)
      return planned(
        [call("market_snapshot", { symbols })],
        `Show where ${listWords(symbols)} stand${symbols.length === 1 ? "s" : ""} at the last close: moves, the 52-week range, volume, volatility and beta.`,
      );
    const { sortBy, order, words } = sortOf(text);
    const universe = universeIn(text);
    const set: { symbols?: string[]; universe?: string } =
      symbols.length > 1
        ? { symbols }
        : universe?.kind === "universe"
          ? { universe: universe.name }
          : universe?.kind === "symbols"
            ? { symbols: universe.symbols }
            : {};
    const limit = /\btop (\d+)\b|\b(\d+) (?:best|worst|biggest)\b/.exec(text);
    return planned(
      [
        call(
          "market_snapshot",
          defined({ ...set, sortBy, order, limit: limit ? Number(limit[1] ?? limit[2]) : 10 }),
        ),
      ],
      `Rank ${set.universe ? `universe ${set.universe}` : set.symbols ? listWords(set.symbols) : "every stored symbol"} by ${words}.`,
    );
  },
};

/**
 * Words that ask for no more than a look at the symbols beside them: "show me NVDA", "how is SPY
 * doing?".
 */
const lookingWords = new Set(
  "show me tell about what what's whats how is are doing look at give an a the overview summary of on check pull bring up stock stocks shares ticker tickers symbol and lately".split(
    " ",
  ),
);
/** Words that ask for the price now: "NVDA price", "price SPY". */
const priceWords = new Set(["price", "prices", "quote", "quotes", "now"]);

/**
 * Symbols named with nothing else asked of them: "NVDA", "show me SPY", "how is ACME doing?"
 * show where they stand at the last close (one symbol with its chart); "NVDA price" quotes them.
 * Last in the planner's order, so every request that says more ("show me SPY bars") goes where
 * it says.
 */
export const symbolLook: Intent = {
  title: "a look at symbols",
  tools: ["market_snapshot", "get_quotes"],
  examples: ["show me SPY", "how is NVDA doing?", "NVDA price"],
  matches: ({ raw }) => {
    const symbols = symbolsNamed(raw);
    return (
      symbols.length > 0 &&
      wordsBesideSymbols(raw, symbols).every(
        (word) => lookingWords.has(word) || priceWords.has(word),
      )
    );
  },
  plan({ raw }: Message) {
    const symbols = symbolsNamed(raw);
    if (wordsBesideSymbols(raw, symbols).some((word) => priceWords.has(word)))
      return planned(
        [call("get_quotes", { symbols })],
        `Get the latest quote and last trade of ${symbols.join(", ")}.`,
      );
    // One symbol is also drawn: its stored daily closes as a chart.
    if (symbols.length === 1)
      return planned(
        [call("market_snapshot", { symbols }), call("get_bars", { symbol: symbols[0]! })],
        `Show where ${symbols[0]} stands at the last close (moves, the 52-week range, volume, volatility and beta) and chart its daily bars.`,
      );
    return planned(
      [call("market_snapshot", { symbols })],
      `Show where ${listWords(symbols)} stand at the last close: moves, the 52-week range, volume, volatility and beta.`,
    );
  },
};
