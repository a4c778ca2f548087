import { currentYear, daysAgo, extractPeriod, type Period } from "../dates.ts";
import { call, defined, missing, planned, type Intent } from "../intent.ts";
import { indicatorsIn, indicatorWordList } from "../strategy.ts";
import {
  builtinSymbols,
  symbolsIn,
  symbolsOrUniverse,
  symbolsNamed,
  universeIn,
  wordsBesideSymbols,
} from "../symbols.ts";
import { blank, listWords, timeframeIn } from "../text.ts";

const when = (period: Period) =>
  [period.start ? ` from ${period.start}` : "", period.end ? ` to ${period.end}` : ""].join("");

/** "as of D" or "until D": the last bar a snapshot uses. */
const asOf = (period: Period) => period.at ?? period.end;

export const demoMarket: Intent = {
  title: "a demo market",
  tools: ["generate_demo_market"],
  examples: ["make a demo market", "make a demo market for SPY and QQQ with 10 years, seed 7"],
  matches: ({ text }) =>
    /\bdemo\b|\bsynthetic (?:market|data|bars|prices)\b|\bfake (?:market|data|bars|prices)\b|\bsample (?:market|data)\b/.test(
      text,
    ),
  plan(message) {
    const { text } = message;
    const seed = /\bseed\s*(?:of|=|:|#)?\s*(\d+)/.exec(text);
    const years = /\b(\d+(?:\.\d+)?)\s*(?:years?|yrs?)\b/.exec(text);
    const symbols = symbolsIn(message.raw);
    const input = defined({
      seed: seed ? Number(seed[1]) : undefined,
      symbols: symbols.length > 0 ? symbols : undefined,
      years: years ? Number(years[1]) : undefined,
    });
    return planned(
      [call("generate_demo_market", input)],
      `Create the seeded demo market${symbols.length > 0 ? ` for ${symbols.join(", ")}` : ""}${input.years ? ` with ${input.years} years of daily bars` : ""}${input.seed !== undefined ? ` (seed ${input.seed})` : ""}.`,
    );
  },
};

export const defineUniverse: Intent = {
  title: "a new universe",
  tools: ["define_universe"],
  examples: [
    "define universe my-tech as AAPL, MSFT, NVDA",
    "create a universe called megacaps with AAPL MSFT AMZN",
  ],
  matches: ({ text }) =>
    /\b(?:define|create|make|save|set up|build|new)\b.*\buniverse\b|\buniverse\s+[a-z0-9][a-z0-9_-]*\s*(?:=|:)/.test(
      text,
    ),
  plan({ raw }) {
    const named =
      /\buniverse\s+(?:called\s+|named\s+)?["'`]?([A-Za-z0-9][A-Za-z0-9_-]{0,63})["'`]?/i.exec(
        raw,
      ) ?? /\b(?:called|named)\s+["'`]?([A-Za-z0-9][A-Za-z0-9_-]{0,63})["'`]?/i.exec(raw);
    if (!named || /^(?:called|named|with|as|of)$/i.test(named[1]!))
      return missing('a name for the universe, e.g. "define universe my-tech as AAPL, MSFT, NVDA"');
    const name = named[1]!.toLowerCase();
    const tail = raw.slice(named.index + named[0].length);
    const description = /\b(?:for|described as|description)\s*:?\s*["']([^"']{1,500})["']/i.exec(
      tail,
    )?.[1];
    const symbols = symbolsIn(description ? tail.replace(description, " ") : tail, { list: true });
    if (symbols.length === 0) return missing(`the symbols of ${name}, e.g. "as AAPL, MSFT, NVDA"`);
    return planned(
      [call("define_universe", defined({ name, symbols, description }))],
      `Save universe ${name}: ${symbols.join(", ")}.`,
    );
  },
};

/** "which symbols are stored?", "what data do I have?", "do I have data for AAPL?". */
export const listSymbols: Intent = {
  title: "the stored symbols",
  tools: ["list_symbols"],
  examples: ["which symbols are stored?", "what data do I have?", "do I have data for AAPL?"],
  matches: ({ text }) =>
    !/\buniverses?\b/.test(text) &&
    /\b(?:which|what|list|show)\b(?: me)?(?: the| all| my)? (?:stored |available )?(?:symbols|tickers|instruments)\b|\bwhat data\b.*\b(?:have|stored|there)\b|\bwhat'?s (?:in|stored in) the (?:database|store)\b|\b(?:do|does) (?:i|we|you|alphadesk) have (?:any )?(?:\w+ )?(?:data|bars|prices|history)\b|\bis \S+ stored\b|\b(?:symbols|tickers) (?:are )?stored\b|\b(?:what|which) (?:markets|instruments|assets)(?: do| does) (?:you|i|we|alphadesk) (?:have|cover|support|know)\b|\bhow (?:much|many) (?:data|bars|history|symbols|tickers)\b.*\b(?:have|stored)\b|\bwhen (?:was|were) (?:my|the) (?:data|bars|prices)\b.*\b(?:updated|refreshed|fetched)\b|\bhow (?:old|fresh|recent|current) (?:is|are) (?:my|the) (?:data|bars|prices)\b|\b(?:is|are) (?:my|the) (?:data|bars|prices) (?:up to date|current|fresh|stale)\b|\bwhen (?:was|were) (?!my\b|the\b)\S+ (?:last )?(?:updated|refreshed|fetched)\b|^(?:do|does) (?:you|i|we) have (?!it\b|that\b|this\b|them\b)\$?[a-z][a-z0-9./]*\??$|^is (?!it\b|that\b|this\b)\$?[a-z][a-z0-9./]* (?:available|stored)\??$/.test(
      text,
    ),
  plan(message) {
    const symbols = symbolsIn(message.raw);
    const timeframe = timeframeIn(message.text);
    return planned(
      [
        call(
          "list_symbols",
          defined({ symbols: symbols.length > 0 ? symbols : undefined, timeframe }),
        ),
      ],
      symbols.length > 0
        ? `Show which bars of ${listWords(symbols)} are stored.`
        : "List the stored symbols with their bars.",
    );
  },
};

export const listUniverses: Intent = {
  title: "the list of universes",
  tools: ["list_universes"],
  examples: ["list universes"],
  matches: ({ text }) =>
    /\buniverses\b|\bsymbol lists\b|\b(?:list|show)\b.*\buniverse\b|\b(?:what|which) (?:symbols|tickers|names) are in\b.*\buniverse\b|\bwhat'?s in the\b.*\buniverse\b/.test(
      text,
    ),
  plan: () => planned([call("list_universes", {})], "List the universes: built-in and your own."),
};

export const correlations: Intent = {
  title: "a correlation analysis",
  tools: ["compute_correlations"],
  examples: [
    "how correlated are SPY, QQQ and GLD",
    "correlations across the sector ETFs with a 20-day window",
    "what is most correlated with SPY?",
  ],
  matches: ({ text }) => /\bcorrelat|\bmove together\b|\bco-?move|\bwhat moves with\b/.test(text),
  plan(message) {
    let text = message.text;
    const windowMatch =
      /\b(\d+)[- ]?(?:day|bar|session)s?\s+(?:rolling\s+)?window\b|\bwindows?\s*(?:of|=|:)?\s*(\d+)\b|\brolling\s+(\d+)[- ]?(?:days?|bars?|sessions?)\b|\b(?:over|in|across)\s+(?:the\s+)?(?:last\s+|past\s+)?(\d+)\s+(?:days|bars|sessions)\b/.exec(
        text,
      );
    if (windowMatch)
      text = blank(text, windowMatch.index, windowMatch.index + windowMatch[0].length);
    const { period, rest, problem } = extractPeriod(text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const written = symbolsIn(message.raw);
    const universe = universeIn(rest);
    const choice: Record<string, unknown> = {};
    let where = "the cross-asset set";
    const group =
      universe?.kind === "symbols"
        ? universe.symbols
        : universe?.kind === "universe"
          ? builtinSymbols(universe.name)
          : undefined;
    // "What moves with SPY?": one symbol is ranked against the rest.
    if (written.length === 1) choice.focus = written[0];
    if (written.length > 0 && group) {
      // "gold and bonds": a symbol beside a group in words is correlated with each of its members.
      choice.symbols = [...new Set([...written, ...group])];
      where = (choice.symbols as string[]).join(", ");
    } else if (written.length === 1) where = `the cross-asset set, ranked against ${written[0]}`;
    else if (written.length > 1) {
      choice.symbols = written;
      where = written.join(", ");
    } else if (universe?.kind === "universe") {
      choice.universe = universe.name;
      where = universe.label;
    } else if (universe?.kind === "symbols") {
      if (universe.symbols.length < 2)
        return missing(`a second symbol to correlate ${universe.symbols[0]} with`);
      choice.symbols = universe.symbols;
      where = universe.label;
    }
    const window = windowMatch
      ? Number(windowMatch[1] ?? windowMatch[2] ?? windowMatch[3] ?? windowMatch[4])
      : undefined;
    const input = defined({
      ...choice,
      window,
      start: period.start,
      at: period.at,
      end: period.at ? undefined : period.end,
    });
    return planned(
      [call("compute_correlations", input)],
      `Compute rolling correlations across ${where}${window ? ` over a ${window}-bar window` : ""}${when(period)}${period.at ? ` as of ${period.at}` : ""}.`,
    );
  },
};

export const currencyStrength: Intent = {
  title: "currency strength",
  tools: ["currency_strength"],
  examples: ["what is the currency strength now", "currency strength over 60 days"],
  matches: ({ text }) =>
    /\bcurrenc(?:y|ies)\b.*\b(?:strength|strong|stronger|strongest|weak|weaker|weakest|rank(?:ed|ing)?|leading|lagging|momentum)\b|\b(?:strongest|weakest)\s+(?:currenc|fx\b)|\b(?:fx|dollar|usd|euro|yen) strength\b|\bhow strong is the (?:dollar|usd|euro|yen|pound|franc)\b|\bis the (?:dollar|usd|euro|yen|pound|franc) (?:strong|weak)|\b(?:stronger|weaker)\b.*\b(?:usd|eur|jpy|gbp|chf|aud|cad|nzd|dollar|euro|yen|pound|franc)\b/.test(
      text,
    ),
  plan(message) {
    let text = message.text;
    const history = /\bhistory\s*(?:of\s*)?(\d+)|\b(\d+)\s*(?:days?|bars?)?\s*of history\b/.exec(
      text,
    );
    if (history) text = blank(text, history.index, history.index + history[0].length);
    const horizonMatch =
      /\bhorizon\s*(?:of|=|:)?\s*(\d+)|\b(?:over|in|across|for)\s+(?:the\s+)?(?:last\s+|past\s+)?(\d+)\s*(?:days?|bars?|sessions?)\b|\b(\d+)[- ](?:day|bar|session)s?\b/.exec(
        text,
      );
    if (horizonMatch)
      text = blank(text, horizonMatch.index, horizonMatch.index + horizonMatch[0].length);
    const { period, problem } = extractPeriod(text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const horizon = horizonMatch
      ? Number(horizonMatch[1] ?? horizonMatch[2] ?? horizonMatch[3])
      : undefined;
    const input = defined({
      horizon,
      historyBars: history ? Number(history[1] ?? history[2]) : undefined,
      at: asOf(period),
    });
    return planned(
      [call("currency_strength", input)],
      `Rank USD, EUR, GBP, JPY, CHF, AUD, CAD and NZD by strength${horizon ? ` over ${horizon} days` : ""}${input.at ? ` as of ${String(input.at)}` : ""}.`,
    );
  },
};

export const sectorRotation: Intent = {
  title: "sector rotation",
  tools: ["sector_rotation"],
  examples: [
    "which sectors are leading",
    "sector rotation against QQQ with horizons 21, 63 and 126 days",
  ],
  matches: ({ text }) =>
    /\b(?:best|worst|top|bottom)[- ]performing sectors?\b|\bsectors?\b.*\b(?:rotation|rotating|leading|leaders?|lagging|laggards?|strength|strong|strongest|weak|weakest|rank(?:ed|ing)?|momentum|outperform\w*|underperform\w*)\b|\brotation\b|\bwhich sectors?\b|\b(?:rank|relative strength of)\b.*\b(?:vs\.?|versus|against|relative to)\b/.test(
      text,
    ),
  plan(message) {
    let text = message.text;
    const horizonMatch =
      /\bhorizons?\s*(?:of\s*)?((?:\d+\s*(?:,|and|\/)?\s*)+)(?:days|bars|sessions)?/.exec(text);
    if (horizonMatch)
      text = blank(text, horizonMatch.index, horizonMatch.index + horizonMatch[0].length);
    const lookback = /\b(?:lookback|signals?\s+(?:against|over|vs))\s*(?:of\s*)?(\d+)/.exec(text);
    if (lookback) text = blank(text, lookback.index, lookback.index + lookback[0].length);
    const { period, problem } = extractPeriod(text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const benchmarkMatch =
      /\b(?:against|vs\.?|versus|relative to|benchmark(?:ed)?(?:\s+(?:to|against|of|is))?)\s+(?:the\s+)?\$?([a-z][a-z0-9.]{0,9})\b/.exec(
        text,
      );
    const benchmarkWord = benchmarkMatch?.[1]?.toUpperCase();
    const written = symbolsIn(message.raw);
    const benchmark =
      benchmarkWord && written.includes(benchmarkWord)
        ? benchmarkWord
        : written.length === 1 && benchmarkWord
          ? written[0]
          : undefined;
    const sectors = written.filter((symbol) => symbol !== benchmark);
    if (sectors.length === 1)
      return missing(`at least two sectors to rank (I see only ${sectors[0]})`);
    const horizons = horizonMatch
      ? [...new Set((horizonMatch[1]!.match(/\d+/g) ?? []).map(Number))].sort((a, b) => a - b)
      : undefined;
    const input = defined({
      horizons,
      lookbackBars: lookback ? Number(lookback[1]) : undefined,
      benchmark,
      sectors: sectors.length > 1 ? sectors : undefined,
      at: asOf(period),
    });
    return planned(
      [call("sector_rotation", input)],
      `Rank ${sectors.length > 1 ? sectors.join(", ") : "the sector ETFs"} against ${benchmark ?? "SPY"}${horizons ? ` over ${listWords(horizons.map(String))} bars` : ""}${input.at ? ` as of ${String(input.at)}` : ""}, with rotation quadrants and signals.`,
    );
  },
};

const markets: [RegExp, string][] = [
  [/\bcme\b|\bglobex\b|\bfutures\b|\bmicros?\b/, "CME"],
  [/\bfx\b|\bforex\b|\bcurrenc(?:y|ies)\b/, "FX"],
  [/\bcrypto\w*\b|\bbitcoin\b|\bbtc\b/, "CRYPTO"],
];

export const marketCalendar: Intent = {
  title: "a market calendar question",
  tools: ["market_calendar"],
  examples: ["is the market open", "NYSE holidays in 2025", "is the CME open at 2025-01-09T15:00Z"],
  matches: ({ text }) =>
    /\b(?:market|markets|nyse|exchange|cme|globex|fx|forex|crypto)\b.*\b(?:open|opened|opens|closed|close|closes|closing|hours|holidays?|sessions?|calendar|trading days?|half[- ]days?|early close)\b|\b(?:holidays?|trading hours|market hours|trading days|early closes?|half[- ]days?|trading sessions?)\b|\bis it a trading day\b|\bwhen does (?:the )?(?:market|nyse|cme|fx|crypto)\b/.test(
      text,
    ),
  plan(message) {
    const { nowMs } = message.context;
    const market = markets.find(([pattern]) => pattern.test(message.text))?.[1] ?? "NYSE";
    let text = message.text;
    if (nowMs !== undefined) {
      // A year named relatively is a whole year: "holidays this year" ends on December 31.
      const year = currentYear(nowMs);
      text = text
        .replace(/\bthis year\b/g, `in ${year}`)
        .replace(/\bnext year\b/g, `in ${year + 1}`)
        .replace(/\blast year\b/g, `in ${year - 1}`);
    }
    const vague =
      /\b(?:on |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|this week|next month|thanksgiving|easter|good friday|labor day|memorial day)\b/.exec(
        text,
      );
    if (vague)
      return missing(`which date "${vague[0].trim()}" is: write it as a date, e.g. 2025-11-27`);
    const relativeDay = /\b(tomorrow|today)\b/.exec(text);
    if (relativeDay)
      text = blank(text, relativeDay.index, relativeDay.index + relativeDay[0].length);
    const { period, problem } = extractPeriod(text, nowMs);
    if (problem) return missing(`the date: ${problem}`);
    let { start, end } = period;
    if (relativeDay && !start && !end && !period.at) {
      if (nowMs === undefined)
        return missing(`the date: "${relativeDay[1]}" needs today's date, which I was not given`);
      start = end =
        relativeDay[1] === "today" ? daysAgo(nowMs, 0, "days") : daysAgo(nowMs, -1, "days");
    }
    if (start && !end) {
      if (nowMs === undefined) return missing('an end date, e.g. "from 2024-11-27 to 2024-12-02"');
      end = daysAgo(nowMs, 0, "days");
    }
    if (end && !start) return missing('a start date, e.g. "from 2024-11-27 to 2024-12-02"');
    if (!start && period.at && period.atIsDay) start = end = period.at;
    if (!start && /\bholidays?\b|\bhalf[- ]days?\b|\bearly closes?\b/.test(message.text)) {
      if (nowMs === undefined) return missing('the year, e.g. "NYSE holidays in 2025"');
      const year = currentYear(nowMs);
      start = `${year}-01-01`;
      end = `${year}-12-31`;
    }
    if (start && end)
      return planned(
        [call("market_calendar", { market, start, end })],
        `List ${market} sessions from ${start} to ${end} (days without a session are holidays or weekends).`,
      );
    const at = period.at;
    return planned(
      [call("market_calendar", defined({ market, at }))],
      `Check whether ${market} is open ${at ? `at ${at}` : "now"} and when it next opens and closes.`,
    );
  },
};

const calendarMarkets = ["NYSE", "CME", "FX", "CRYPTO"];

export const importBars: Intent = {
  title: "a CSV import",
  tools: ["import_bars"],
  examples: [
    "import bars from data/spy.csv",
    "import data/eurusd-1h.csv as hourly bars on the FX calendar",
  ],
  matches: ({ text }) => /\bimport\b|\bload\b.*\.(?:csv|txt)\b|\.csv\b/.test(text),
  plan({ raw, text }) {
    const header = /^\s*(?:symbol|timestamp|open|high|low|close|volume)\s*,.*$/im.exec(raw);
    let source: Record<string, string> | undefined;
    if (header && raw.slice(header.index).includes("\n"))
      source = { csv: raw.slice(header.index).trim() };
    else {
      const quoted = /["'`]([^"'`\n]+\.(?:csv|txt))["'`]/i.exec(raw);
      const bare = /(?:^|\s)((?:~|\.{1,2})?[\w./\\-]*[\w-]+\.(?:csv|txt))(?=[\s,;:!?)]|$)/i.exec(
        raw,
      );
      const path = quoted?.[1] ?? bare?.[1];
      if (path) source = { path };
    }
    if (!source)
      return missing('the file: a path ending in .csv, e.g. "import bars from data/spy.csv"');
    const withoutPath = "path" in source ? text.replace(source.path!.toLowerCase(), " ") : text;
    const timeframe = timeframeIn(withoutPath);
    const marketWord =
      /\b(?:as|on|against|with|using|for)\s+(?:the\s+)?(nyse|cme|fx|forex|crypto)\b/.exec(
        withoutPath,
      )?.[1];
    const market = marketWord === "forex" ? "FX" : marketWord?.toUpperCase();
    const input = defined({
      ...source,
      timeframe,
      market: market && calendarMarkets.includes(market) ? market : undefined,
    });
    return planned(
      [call("import_bars", input)],
      `Import ${timeframe ?? "daily"} bars from ${"path" in source ? source.path : "the CSV text"}${market ? ` on the ${market} calendar` : ""}.`,
    );
  },
};

/**
 * "Update my data", "refresh the bars", "bring the prices up to date": newer bars of what is
 * stored. Research, correlations, strategies and portfolios have their own updates.
 */
const refreshesBars =
  /\b(?:refresh|update)\b.*\b(?:bars|data|prices|candles)\b|\b(?:bring|get)\b.*\bup to date\b/;
const otherData =
  /\b(?:research|news|feeds?|sources?|correlations?|strateg(?:y|ies)|portfolios?)\b/;

export const fetchBars: Intent = {
  title: "a data fetch",
  tools: ["fetch_bars"],
  examples: [
    "fetch daily bars for SPY and AAPL since 2020",
    "download hourly BTC/USD from 2025-03-03 to 2025-03-07",
    "update my data",
  ],
  matches: ({ text, raw }) =>
    /\b(?:fetch|download|pull|retrieve|backfill|grab)\b/.test(text) ||
    (refreshesBars.test(text) && !otherData.test(text)) ||
    // "Update SPY", "refresh SPY and QQQ": symbols alone after the verb.
    (/^(?:update|refresh)\b/.test(text) &&
      symbolsNamed(raw).length > 0 &&
      wordsBesideSymbols(raw, symbolsNamed(raw)).every((word) =>
        ["update", "refresh", "and"].includes(word),
      )),
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const symbols = symbolsOrUniverse(message.raw, rest);
    const start = period.start ?? (period.at && period.atIsDay ? period.at : undefined);
    const timeframe = timeframeIn(rest);
    if (!start)
      return planned(
        [call("fetch_bars", defined({ symbols: symbols.length ? symbols : undefined, timeframe }))],
        `Bring the ${timeframe ?? "daily"} bars of ${symbols.length ? listWords(symbols) : "every stored symbol"} up to date from the market-data provider (only bars newer than the stored ones).`,
      );
    if (symbols.length === 0) return missing('which symbols, e.g. "fetch SPY and AAPL since 2020"');
    const input = defined({ symbols, timeframe, start, end: period.end });
    return planned(
      [call("fetch_bars", input)],
      `Fetch ${input.timeframe ?? "daily"} bars for ${symbols.join(", ")}${when({ start, end: period.end })} from the market-data provider.`,
    );
  },
};

const indicatorWord = new RegExp(
  `\\b(?:${indicatorWordList.filter((word) => word !== "momentum").join("|")})\\b`,
);

/** "What's the trend in QQQ?", "is SPY trending?", "is QQQ in an uptrend?": a question, not a rule. */
const asksTrend =
  /\bwhat(?:'s| is) the trend\b|\b(?:is|are) \S+(?: \S+)? (?:trending|in an? (?:up|down)?trend)\b|\bhow strong is the trend\b/;

export const indicators: Intent = {
  title: "an indicator computation",
  tools: ["compute_indicators"],
  examples: ["RSI of SPY", "compute RSI(14) and MACD on SPY since 2024", "the 50-day SMA of QQQ"],
  matches: ({ text }) =>
    indicatorWord.test(
      text
        .replace(/\bmoving averages?\b/g, "ma")
        .replace(/\bbollinger bands?\b/g, "bollinger")
        .replace(/\brelative strength index\b/g, "rsi"),
    ) ||
    /\bindicators?\b|\bover ?(?:bought|sold)\b/.test(text) ||
    asksTrend.test(text),
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const found = indicatorsIn(rest);
    if (found.problem) return missing(found.problem);
    // "is SPY overbought?": the RSI is the gauge the words come from.
    if (found.indicators.length === 0 && /\bover ?(?:bought|sold)\b/.test(rest))
      found.indicators.push({ rsi: {} });
    // "what's the trend in QQQ?": the 50- and 200-day averages, and ADX for the trend's strength.
    if (found.indicators.length === 0 && asksTrend.test(rest))
      found.indicators.push(
        { sma: { period: 50 } },
        { sma: { period: 200 } },
        { adx: { period: 14 } },
      );
    if (found.indicators.length === 0)
      return missing(
        `which indicators, e.g. "RSI(14) and MACD of SPY" (known: ${indicatorWordList.slice(0, 12).join(", ")}, ...)`,
      );
    const symbols = symbolsIn(message.raw);
    if (symbols.length === 0) return missing('which symbol, e.g. "RSI of SPY"');
    const timeframe = timeframeIn(rest);
    const calls = symbols.map((symbol) =>
      call(
        "compute_indicators",
        defined({
          symbol,
          timeframe,
          indicators: found.indicators,
          start: period.start,
          end: period.end ?? period.at,
        }),
      ),
    );
    const names = found.indicators.map((indicator) =>
      Object.keys(indicator as object)[0]!.toUpperCase(),
    );
    return planned(calls, `Compute ${listWords(names)} on ${symbols.join(", ")}${when(period)}.`);
  },
};

export const quotes: Intent = {
  title: "a quote",
  tools: ["get_quotes"],
  examples: ["quote AAPL", "what's the price of bitcoin", "quotes for SPY, QQQ and BTC/USD"],
  matches: ({ text }) =>
    /\bquotes?\b|\bprice of\b|\bprices? (?:for|of|now)\b|\b(?:bid|ask)\b|\blast (?:trade|price)\b|\bhow much is\b|\btrading at\b|\bcurrent price\b|\bwhat(?:'s| is) \S+ at\b/.test(
      text,
    ),
  plan(message) {
    const symbols = symbolsIn(message.raw);
    if (symbols.length === 0) return missing('which symbols, e.g. "quote AAPL"');
    return planned(
      [call("get_quotes", { symbols })],
      `Get the latest quote and last trade of ${symbols.join(", ")}.`,
    );
  },
};

export const bars: Intent = {
  title: "stored bars",
  tools: ["get_bars"],
  examples: ["show SPY bars since 2024-06-01", "raw hourly bars of ACME in March 2024"],
  matches: ({ text }) =>
    /\bbars?\b|\bcandles?\b|\bcandlesticks?\b|\bohlcv?\b|\bprice history\b|\bhistor(?:y|ical)\b|\bprices\b|^(?:chart|plot|graph)\b|\b(?:price )?(?:chart|graph)\b/.test(
      text,
    ),
  plan(message) {
    const { period, rest, problem } = extractPeriod(message.text, message.context.nowMs);
    if (problem) return missing(`the date: ${problem}`);
    const symbols = symbolsIn(message.raw);
    if (symbols.length === 0) return missing('which symbol, e.g. "show SPY bars since 2024"');
    const timeframe = timeframeIn(rest);
    const adjusted = /\b(?:raw|unadjusted|not adjusted|as traded)\b/.test(rest) ? false : undefined;
    const calls = symbols.map((symbol) =>
      call(
        "get_bars",
        defined({ symbol, timeframe, start: period.start, end: period.end ?? period.at, adjusted }),
      ),
    );
    return planned(
      calls,
      `Show ${adjusted === false ? "raw " : ""}${timeframe ?? "daily"} bars of ${symbols.join(", ")}${when({ start: period.start, end: period.end ?? period.at })}.`,
    );
  },
};
