import { builtinUniverses } from "../../tools/universes/builtin.ts";
import { numberWords } from "./text.ts";

/**
 * Tickers and universes in a message. A word in capitals (SPY, MESZ5) is a ticker unless it is a
 * known abbreviation (RSI, NYSE, ETF); a word in lower case is one only where a ticker goes
 * ("of aapl", "on spy", "quotes for spy, qqq and gld") and it is not an ordinary word. Pairs
 * (EUR/USD, btc/usd, EURUSD) are always symbols.
 */

const currencies = ["USD", "EUR", "GBP", "JPY", "CHF", "AUD", "CAD", "NZD"];
const cryptoQuotes = ["USD", "USDT", "USDC", "EUR", "BTC"];
const cryptoBases = (
  builtinUniverses.find((universe) => universe.name === "crypto-majors")?.symbols ?? []
).map((pair) => pair.split("/")[0]!);

/** Names people use for a symbol. Only unambiguous ones: a company's common name, a coin's. */
const aliases: Record<string, string> = {
  bitcoin: "BTC/USD",
  ethereum: "ETH/USD",
  ether: "ETH/USD",
  solana: "SOL/USD",
  dogecoin: "DOGE/USD",
  litecoin: "LTC/USD",
  apple: "AAPL",
  microsoft: "MSFT",
  tesla: "TSLA",
  nvidia: "NVDA",
  amazon: "AMZN",
  "s&p 500": "SPY",
  "s&p500": "SPY",
  "the s&p": "SPY",
  "nasdaq 100": "QQQ",
  "nasdaq-100": "QQQ",
  "russell 2000": "IWM",
  gold: "GLD",
  silver: "SLV",
  "crude oil": "USO",
  oil: "USO",
  "natural gas": "UNG",
};

/** Abbreviations written in capitals that are not tickers. */
const notTickers = new Set(
  (
    "I A RSI SMA EMA WMA DEMA TEMA MA MACD ATR NATR ADX DI CCI MFI OBV VWAP ROC BB K D ETF ETFS " +
    "NYSE CME FX CSV JSON YTD MTD TPE OK ID IDS AM PM UTC GMT ET EST EDT CET BP BPS PNL FDR US " +
    "USA API AI PBO DSR TP SL OHLC OHLCV UUID CAGR IPO FAQ FYI ASAP CEO NAV EPS PE ATH DCA " +
    "USD EUR GBP JPY CHF AUD CAD NZD USDT USDC LLM MCP CLI EOD OTC HODL AND OR THE TO OF ON IN " +
    "FOR BUY SELL ME MY IS IT"
  ).split(" "),
);

/**
 * Ordinary words that may stand where a ticker goes ("on the hourly", "for mean reversion",
 * "of my portfolio"): never read as tickers when written in lower case.
 */
const vocabulary = new Set(
  `a about above across after again against all also an and any anything are as at average
  back backtest bar bars based be because before being below best between both break breaks
  breakout breakouts buy by can candles cap cash change channel chart close closes closing coin coins
  contract contracts cost costs could cross crossover crossovers crypto cryptocurrencies
  currencies currency current daily data day days decayed demo did do does dollar dollars down
  during each edge edges end entire equities equity etf etfs every everything exit fake fee fees
  file findings first for forex from futures fx gap gaps get give go had has have high
  history hold holdings hour hourly how i if in index indices inefficiencies instead into is it
  its itself just last latest less limit live long loss low lowest highest ma macd many market
  markets max me mean min minute minutes momentum month months more most much my new next no not
  now of off on one only open or order orders other our out over own pair pairs paper past
  patterns per percent period periods portfolio position positions previous price prices profit
  quote quotes range rate raw real recent regime regimes reversion rsi rule rules same scan
  sector sectors seed sell session sessions share shares short should show signal signals since
  size slippage sma ema so some something stock stocks stop strategy strategies strength such
  switch symbol symbols synthetic tech technology than that the their them then there these
  they this those through to today top tops total trade trades trading trailing trend true twice
  under universe universes until up us usd using value versus volume vs was we week weekly weeks
  were what when where which while whole will with without worth year years yesterday you your
  equal weight weighted strong stronger strongest weak weaker weakest leading lagging rotation
  correlation correlations correlated calendar holiday holidays approval approvals pending
  account balance exposure risk audit log trail kill halt everything all everyone anyone please
  winner winners winning loser losers optimal combination combinations parameter parameters
  params settings optimization optimizations
  thanks thank hello hi hey okay ok yes sure let lets also again need want like would could
  unadjusted adjusted ohlc ohlcv candle candles window horizon benchmark lookback hours
  seasonality weekday weekend turn reversal reversals lead lag cointegration cointegrated
  volatility vol atr adx cci mfi obv vwap roc bollinger bands band upper lower middle
  stochastic williams donchian keltner zscore trades indicator indicators compute calculate
  energy financials financial banks healthcare health care utilities industrials materials
  estate staples discretionary communication communications bonds bond treasuries commodity
  commodities micros majors major indexes smart money dip dips run test run quick full small
  demote promote validate validation optimize optimise optimization findings finding id ids
  import fetch download pull load csv json json5 file path hold buying power equity cash
  second third fourth fifth strongest number idea ideas opportunity opportunities stored
  once whenever twice thrice each either neither nor yet still fast slow quick golden death
  trials trial windows anchored rolling ladder grid random tpe sampler objective sortino sharpe
  calmar cagr drawdown horizons history lookback baseline threshold critical warning info
  message severity metric metrics family robust overfitting entry target take pct hold
  dollar usd bucks notional amount half quarter percent basis points bp bps round trip fdr alpha
  sample insample shortlist list lists stage stages capital approve reject order january
  february march april may june july august september october november december jan feb mar
  apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
  tomorrow tonight morning afternoon evening noon midnight week moving averages exponential
  simple crossing crosses crossed line lines band bands trend trends right here there
  currently lately recently overall look looks looking doing did done trade traded perform
  performed performing move moved moving went compare compared versus doing going headed
  today's yesterday's latest newest oldest chart charts plot graph tell about return returns
  gone rise rises rose risen fall falls fell fallen gain gains gained lose loses lost rally
  rallied drop drops dropped climb climbed performance mondays tuesdays wednesdays thursdays
  fridays alert alerts notify ping know goes hits hit reaches reach crosses moves good spread spreads
  unit units lot lots risking sizing sized stops afford row rows streak streaks kelly payoff
  consecutive heatmap worst biggest largest smallest longest shortest deepest`.split(/\s+/),
);

/** Words after which a lower-case ticker may stand. */
const slotWords = new Set(
  `on of for in trading buy sell short cover quote quotes fetch download pull get
  show chart symbols symbol tickers ticker between across with vs versus against correlate
  backtest scan bars bar candles indicators compute calculate include plus close trim halve
  reduce exit flatten liquidate`.split(/\s+/),
);
const orderVerbs = new Set(["buy", "sell", "short", "cover", "purchase", "close", "trim", "halve"]);
/** After an order verb, how much of a holding: "sell half my spy", "sell all of my qqq". */
const shareWords = new Set(["half", "all", "third", "quarter", "rest", "remaining", "whole"]);
const determiners = new Set(["the", "a", "an", "my", "our", "some", "shares", "share", "units"]);

interface Token {
  text: string;
  start: number;
}

/** "SMA20", "RSI14": an indicator and its period written together. */
const indicatorWithPeriod = /^(?:sma|ema|wma|rsi|atr|adx|cci|mfi|roc|ma)\d+$/i;

const tokenPattern = /\$?[A-Za-z0-9][A-Za-z0-9._=^:-]*(?:\/[A-Za-z]{3,5})?|[,&]/g;

function tokensOf(text: string): Token[] {
  return [...text.matchAll(tokenPattern)].map((match) => ({
    text: match[0],
    start: match.index,
  }));
}

/** The stored form of a ticker-like token, or undefined when it cannot be a symbol. */
function asSymbol(token: string): string | undefined {
  const upper = token.toUpperCase().replace(/[.,:-]+$/, "");
  const pair = /^([A-Z0-9]{2,6})\/([A-Z]{3,5})$/.exec(upper);
  if (pair) {
    const [, base, quote] = pair;
    const fx = currencies.includes(base!) && currencies.includes(quote!);
    return fx || cryptoQuotes.includes(quote!) ? upper : undefined;
  }
  const glued = /^([A-Z]{3})([A-Z]{3})$/.exec(upper);
  if (glued && currencies.includes(glued[1]!) && currencies.includes(glued[2]!))
    return `${glued[1]}/${glued[2]}`;
  if (!/^[A-Z][A-Z0-9.=^:-]{0,11}$/.test(upper)) return undefined;
  if (cryptoBases.includes(upper)) return `${upper}/USD`;
  return upper;
}

export interface SymbolOptions {
  /** Every ticker-like word that is not an ordinary word counts ("define my-tech as aapl msft"). */
  list?: boolean;
}

/**
 * The symbols a message names, in order and without repeats. `raw` is the message as written:
 * capitals carry meaning.
 */
export function symbolsIn(raw: string, options: SymbolOptions = {}): string[] {
  // Where each was written: names ("apple") are matched before tickers, yet keep their place.
  const found: { symbol: string; at: number }[] = [];
  const add = (symbol: string, at: number) => found.push({ symbol, at });
  let text = raw;
  const lowerRaw = raw.toLowerCase();
  for (const [name, symbol] of Object.entries(aliases).sort((a, b) => b[0].length - a[0].length)) {
    const pattern = new RegExp(`(?<![\\w/])${name.replace(/[&]/g, "\\&")}(?![\\w/])`, "g");
    for (const match of lowerRaw.matchAll(pattern)) {
      text =
        text.slice(0, match.index) +
        " ".repeat(name.length) +
        text.slice(match.index + name.length);
      add(symbol, match.index);
    }
  }
  // A message in capitals only says nothing by its case.
  const caseMeans = /[a-z]/.test(raw);
  // A possessive is not a word of its own: "SPY's RSI" names SPY, not SPY and S.
  const tokens = tokensOf(text.replace(/(?<=\w)['’]s\b/gi, "  "));
  let previousWasSymbol = false;
  let slot = false;
  let orderVerb = false;
  for (const token of tokens) {
    const word = token.text;
    if (word === "," || word === "&" || word.toLowerCase() === "and") {
      if (previousWasSymbol) slot = true;
      continue;
    }
    const cashtag = /^\$([A-Za-z][A-Za-z0-9./]*)$/.exec(word);
    if (cashtag) {
      const symbol = asSymbol(cashtag[1]!);
      if (symbol) add(symbol, token.start);
      previousWasSymbol = symbol !== undefined;
      slot = previousWasSymbol;
      continue;
    }
    if (word.startsWith("$") || /^\d/.test(word)) {
      // "buy 10 aapl", "sell $5000 spy": an amount after an order verb keeps the slot open.
      previousWasSymbol = false;
      slot = slot && orderVerb;
      continue;
    }
    const lower = word.toLowerCase();
    const symbol = indicatorWithPeriod.test(word) ? undefined : asSymbol(word);
    const capitals = caseMeans && word === word.toUpperCase() && /[A-Z]/.test(word);
    const ordinary =
      vocabulary.has(lower) || numberWords.has(lower) || notTickers.has(word.toUpperCase());
    let accepted = false;
    if (symbol?.includes("/")) accepted = true;
    else if (symbol && capitals && word.length > 1 && !notTickers.has(word.toUpperCase()))
      accepted = true;
    else if (
      symbol &&
      (slot || options.list) &&
      !ordinary &&
      word.length <= 6 &&
      !lower.includes("-")
    )
      accepted = true;
    if (accepted) add(symbol!, token.start);
    previousWasSymbol = accepted;
    // Determiners keep the slot open: "of my aapl".
    slot =
      accepted ||
      slotWords.has(lower) ||
      (slot && (determiners.has(lower) || (orderVerb && shareWords.has(lower))));
    orderVerb = orderVerbs.has(lower) || (orderVerb && determiners.has(lower));
  }
  const inOrder = found.sort((a, b) => a.at - b.at).map((hit) => hit.symbol);
  return [...new Set(inOrder)];
}

export type UniverseChoice =
  | { kind: "universe"; name: string; label: string }
  | { kind: "symbols"; symbols: string[]; label: string };

const sectorEtfs: [RegExp, string, string][] = [
  [/\b(?:tech|technology|software|semiconductors?|chips?)\b/, "XLK", "technology"],
  [/\benergy\b|\boil (?:and|&) gas\b/, "XLE", "energy"],
  [/\b(?:financials?|banks?|banking)\b/, "XLF", "financials"],
  [/\b(?:health ?care|pharma|biotech)\b/, "XLV", "health care"],
  [/\butilities\b/, "XLU", "utilities"],
  [/\bindustrials?\b/, "XLI", "industrials"],
  [/\bmaterials\b/, "XLB", "materials"],
  [/\breal estate\b|\breits?\b/, "XLRE", "real estate"],
  [/\b(?:consumer )?staples\b/, "XLP", "consumer staples"],
  [/\b(?:consumer )?discretionary\b/, "XLY", "consumer discretionary"],
  [/\bcommunications?(?: services)?\b/, "XLC", "communication services"],
];

/** Words next to "universe" that are not its name: "scan the universe for ...". */
const notUniverseNames = new Set(
  "the a my this that whole entire default new for with of and on in to as from by at is scan".split(
    " ",
  ),
);

const universeWords: [RegExp, string][] = [
  [/\bsector[- ]etfs?\b|\bsectors\b|\ball (?:the )?sectors\b|\bsector-etfs\b/, "sector-etfs"],
  [
    /\bindex[- ]etfs?\b|\bindices\b|\bindexes\b|\bindex-etfs\b|\bbroad market etfs?\b/,
    "index-etfs",
  ],
  [/\bcommodit(?:y|ies)(?:[- ]etfs?)?\b/, "commodity-etfs"],
  [/\bbonds?(?:[- ]etfs?)?\b|\btreasur(?:y|ies)\b|\bfixed income\b/, "bond-etfs"],
  [
    /\bfx(?:[- ]majors?| pairs)?\b|\bforex\b|\bcurrenc(?:y|ies)(?: pairs)?\b|\bmajor pairs\b/,
    "fx-majors",
  ],
  [/\b(?:cme[- ])?micros\b|\bmicro futures\b|\bfutures\b|\bcme\b/, "cme-micros"],
  [/\bcrypto(?:currenc(?:y|ies)|s|[- ]majors)?\b|\bcoins\b/, "crypto-majors"],
];

/**
 * A group of symbols named in words: a built-in universe ("the sector ETFs", "crypto"), one of
 * the user's ("universe my-tech"), or a sector by name ("tech stocks": XLK, the technology
 * sector's ETF, since no universe of single stocks ships with Alphadesk).
 */
export function universeIn(text: string): UniverseChoice | undefined {
  const after = /\buniverse\s+(?:called\s+|named\s+)?["']?([a-z0-9][a-z0-9_-]{0,63})\b/.exec(text);
  const before = /\b([a-z0-9][a-z0-9_-]{0,63})\s+universe\b/.exec(text);
  const name = [after?.[1], before?.[1]].find(
    (candidate) => candidate !== undefined && !notUniverseNames.has(candidate),
  );
  if (name) {
    if (builtinUniverses.some((universe) => universe.name === name))
      return { kind: "universe", name, label: name };
    const builtin = universeWords.find(([pattern]) => pattern.test(name));
    if (builtin) return { kind: "universe", name: builtin[1], label: builtin[1] };
    return { kind: "universe", name, label: `universe ${name}` };
  }
  for (const [pattern, universe] of universeWords)
    if (pattern.test(text)) return { kind: "universe", name: universe, label: universe };
  const sectors = sectorEtfs.filter(([pattern]) => pattern.test(text));
  if (sectors.length > 0)
    return {
      kind: "symbols",
      symbols: sectors.map(([, symbol]) => symbol),
      label: sectors.map(([, symbol, sector]) => `${symbol} (${sector})`).join(", "),
    };
  return undefined;
}

/**
 * Written tickers, else a universe named in words expanded to its symbols (a universe of your own
 * is not known offline: none).
 */
export function symbolsOrUniverse(raw: string, text: string): string[] {
  const written = symbolsIn(raw);
  if (written.length > 0) return written;
  const universe = universeIn(text);
  if (universe?.kind === "symbols") return universe.symbols;
  if (universe?.kind === "universe") return builtinSymbols(universe.name) ?? [];
  return [];
}

/** The symbols of a built-in universe, for tools that take symbols rather than a universe name. */
export function builtinSymbols(name: string): string[] | undefined {
  return builtinUniverses.find((universe) => universe.name === name)?.symbols.slice();
}

/** The message's words that are neither its symbols nor punctuation. */
export function wordsBesideSymbols(raw: string, symbols: readonly string[]): string[] {
  const words = raw.match(/[$\w&./'’-]+/g) ?? [];
  return words
    .map((word) => word.replace(/['’]s$/i, "").replace(/^\$/, ""))
    .filter((word) => !symbols.includes(word.toUpperCase()) && symbolsIn(word).length === 0)
    .map((word) => word.toLowerCase());
}

/**
 * The message's symbols; in a message in capitals only ("NVDA", "SPY QQQ?", "UPDATE SPY"), which
 * symbolsIn does not read by case, the words shaped like tickers (five letters at most, or a pair).
 */
export function symbolsNamed(raw: string): string[] {
  if (/[a-z]/.test(raw)) return symbolsIn(raw);
  const tickers = (raw.match(/[$\w./]+/g) ?? []).filter((word) =>
    /^\$?[A-Z]{1,5}(?:\.[A-Z])?$|^[A-Z]{2,6}\/[A-Z]{3,4}$/.test(word),
  );
  return tickers.length === 0 ? [] : symbolsIn(`show ${tickers.join(" ")}`);
}
