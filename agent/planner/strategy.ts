import { indicatorCatalog, type IndicatorName } from "../../engine/indicators/catalog.ts";
import { namedStrategy, priorHigh, priorLow } from "./named-strategies.ts";
import { blank, timeframeIn } from "./text.ts";

/**
 * Strategy specs from words: moving-average crossovers ("20/50 moving average crossover",
 * "golden cross"), rules ("buy when RSI(14) < 30, sell above 70", "buy when the close crosses
 * above the 200-day SMA"), buy and hold, and what goes around them (stops, targets, time exits,
 * costs, sizing, side, timeframe). With `allowParams`, a range where a number goes ("fast 5-50",
 * "RSI(2-10) < 10-30") becomes a free parameter of an optimize_strategy template.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Domain = { int: [number, number]; step?: number } | { float: [number, number] };

export type StrategyParse =
  | {
      ok: true;
      /** The spec without its universe; a template when `params` is not empty. */
      spec: { [key: string]: Json };
      params: Record<string, Domain>;
      /** Starting cash the message gave ("with $50k"), a top-level input of the tools. */
      initialCash?: number;
      label: string;
    }
  | { ok: false; problem: string };

export interface StrategyOptions {
  allowParams: boolean;
}

type Kind = "sma" | "ema" | "wma" | "dema" | "tema";

const indicatorWords: Record<string, IndicatorName> = {
  sma: "sma",
  ma: "sma",
  ema: "ema",
  wma: "wma",
  dema: "dema",
  tema: "tema",
  rsi: "rsi",
  macd: "macd",
  bollinger: "bollinger",
  stochrsi: "stochRsi",
  roc: "roc",
  momentum: "momentum",
  rollingstd: "rollingStd",
  zscore: "zScore",
  linregslope: "linRegSlope",
  rollingmin: "rollingMin",
  rollingmax: "rollingMax",
  atr: "atr",
  natr: "natr",
  adx: "adx",
  plusdi: "plusDi",
  minusdi: "minusDi",
  stochastic: "stochastic",
  cci: "cci",
  williamsr: "williamsR",
  mfi: "mfi",
  obv: "obv",
  vwap: "vwap",
  donchian: "donchian",
  keltner: "keltner",
};

/** Indicator names as the planner reads them after `canonicalIndicators`. */
export const indicatorWordList = Object.keys(indicatorWords);

export function indicatorOf(word: string): IndicatorName | undefined {
  return indicatorWords[word];
}

/** Many words for one indicator, rewritten to one token each ("simple moving average" -> "sma"). */
const indicatorPhrases: [RegExp, string][] = [
  [
    /\b(\d+)[- ]?(day|bar|period|session)s? (?:simple )?average\b(?! true| directional)/g,
    "$1-$2 ma",
  ],
  [/\bsimple moving averages?\b/g, "sma"],
  [/\bexponential moving averages?\b/g, "ema"],
  [/\bweighted moving averages?\b/g, "wma"],
  [/\bdouble (?:exponential moving averages?|emas?)\b/g, "dema"],
  [/\btriple (?:exponential moving averages?|emas?)\b/g, "tema"],
  [/\bmoving averages?\b|\bmas\b/g, "ma"],
  [/\b(?:smas)\b/g, "sma"],
  [/\b(?:emas)\b/g, "ema"],
  [/\brelative strength index\b/g, "rsi"],
  [/\bstoch(?:astic)?[ -]?rsi\b/g, "stochrsi"],
  [/\bstochastics?(?: oscillator)?\b|\bstoch\b/g, "stochastic"],
  [/\bbollinger(?: bands?)?\b|\bbbands\b/g, "bollinger"],
  [/\brate of change\b/g, "roc"],
  [/\bmoney flow(?: index)?\b/g, "mfi"],
  [/\bon[- ]balance[- ]volume\b/g, "obv"],
  [/\bnormali[sz]ed (?:average true range|atr)\b/g, "natr"],
  [/\baverage true range\b/g, "atr"],
  [/\baverage directional (?:movement )?index\b/g, "adx"],
  [/\bcommodity channel index\b/g, "cci"],
  [/\bwilliams'? ?%? ?r\b/g, "williamsr"],
  [/\bz[- ]?scores?\b/g, "zscore"],
  [/\b(?:rolling )?(?:standard deviation|std ?dev|stdev)\b/g, "rollingstd"],
  [/\b(?:linear )?regression slope\b/g, "linregslope"],
  [/(^|[\s(])(?:\+ ?di|plus di)\b/g, "$1plusdi"],
  [/(^|[\s(])(?:- ?di|minus di)\b/g, "$1minusdi"],
  [/\bdonchian(?: channels?)?\b/g, "donchian"],
  [/\bkeltner(?: channels?)?\b/g, "keltner"],
  [/\bvolume[- ]weighted average price\b/g, "vwap"],
  [/\brolling (?:max|maximum)\b/g, "rollingmax"],
  [/\brolling (?:min|minimum)\b/g, "rollingmin"],
  [/\bsignal line\b/g, "signal"],
];

export function canonicalIndicators(text: string): string {
  let result = text;
  for (const [pattern, replacement] of indicatorPhrases)
    result = result.replace(pattern, replacement);
  return result;
}

const comparatorPhrases: [RegExp, string][] = [
  [
    /\b(?:crosses|crossed|crossing|cross|breaks|broke|break|rises|rise|rose|moves|move|goes|go|climbs|climb|jumps|jump)\s+(?:back\s+)?(?:above|over|up through|up)\b/g,
    " xabove ",
  ],
  [
    /\b(?:crosses|crossed|crossing|cross|breaks|broke|break|falls|fall|fell|drops|drop|dropped|dips|dip|moves|move|goes|go|sinks|sink)\s+(?:back\s+)?(?:below|under|down through|beneath)\b/g,
    " xbelow ",
  ],
  [/\bcrosses\b/g, " xabove "],
  [
    />=|=>|\b(?:is\s+|are\s+)?(?:at or above|greater than or equal to|at least|no less than)\b/g,
    " gte ",
  ],
  [
    /<=|=<|\b(?:is\s+|are\s+)?(?:at or below|less than or equal to|at most|no more than)\b/g,
    " lte ",
  ],
  [
    />|\b(?:is\s+|are\s+|stays\s+|closes\s+|trades\s+|gets\s+)?(?:above|over|greater than|more than|higher than|exceeds|beyond)\b/g,
    " gt ",
  ],
  [
    /<|\b(?:is\s+|are\s+|stays\s+|closes\s+|trades\s+|gets\s+)?(?:below|under|less than|lower than|beneath)\b/g,
    " lt ",
  ],
];

const comparators: Record<string, string> = {
  gt: "gt",
  lt: "lt",
  gte: "gte",
  lte: "lte",
  xabove: "crossAbove",
  xbelow: "crossBelow",
};
const comparatorSigns: Record<string, string> = {
  gt: ">",
  lt: "<",
  gte: ">=",
  lte: "<=",
  crossAbove: "crosses above",
  crossBelow: "crosses below",
};

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/\d+(?:\.\d+)?%?|[a-z_][a-z0-9_]*|[()/,;:+*%-]|\S/g)].map((match) => ({
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

const isNumber = (token: Token | undefined) => token !== undefined && /^\d/.test(token.text);
const numberOf = (token: Token) => Number(token.text.replace("%", ""));

const priceFields: Record<string, string> = {
  price: "close",
  prices: "close",
  close: "close",
  closes: "close",
  closing: "close",
  open: "open",
  high: "high",
  low: "low",
  volume: "volume",
  hl2: "hl2",
  hlc3: "hlc3",
  ohlc4: "ohlc4",
};

const outputWords: Record<string, string> = {
  upper: "upper",
  top: "upper",
  lower: "lower",
  bottom: "lower",
  middle: "middle",
  mid: "middle",
  basis: "middle",
  signal: "signal",
  histogram: "histogram",
  hist: "histogram",
  k: "k",
  d: "d",
};

/** What one parse has found so far: free parameters (templates only) and the first problem. */
class ParseState {
  params: Record<string, Domain> = {};
  problem: string | undefined;

  constructor(readonly allowParams: boolean) {}

  /** What a tentative read may change, to put back when it does not pan out. */
  snapshot(): () => void {
    const problem = this.problem;
    const params = { ...this.params };
    return () => {
      this.problem = problem;
      this.params = params;
    };
  }

  report(problem: string): void {
    this.problem ??= problem;
  }

  /** A range where a number goes: a parameter of a template, or a problem in a plain spec. */
  range(parameter: string, low: number, high: number, step?: number): Json {
    if (!this.allowParams) {
      this.report(
        `"${low}-${high}" is a range: optimize searches ranges, a backtest takes one value`,
      );
      return low;
    }
    let name = parameter;
    for (let n = 2; this.params[name] !== undefined; n += 1) name = `${parameter}${n}`;
    const [from, to] = low <= high ? [low, high] : [high, low];
    this.params[name] =
      Number.isInteger(from) && Number.isInteger(to)
        ? step === undefined
          ? { int: [from, to] }
          : { int: [from, to], step }
        : { float: [from, to] };
    return { param: name };
  }
}

const parameterName = (indicator: string, parameter: string) =>
  `${indicator}${parameter.slice(0, 1).toUpperCase()}${parameter.slice(1)}`;

/** Reads rules and expressions from the tokens of one message; remembers what it read. */
class RuleReader {
  /** The last parameters each indicator was written with: "RSI(2) < 10, sell when RSI > 70" is one RSI. */
  private readonly lastParams = new Map<IndicatorName, Record<string, Json>>();
  /** The entry rule's two sides, for exits that leave one out ("sell above 70", "sell when it crosses below"). */
  primaryLeft: Json | undefined;
  primaryRight: Json | undefined;

  constructor(
    private readonly tokens: Token[],
    private readonly state: ParseState,
  ) {}

  /** A number or, for templates, a range "5-50" / "5 to 50" that becomes a parameter. */
  private readNumber(index: number, parameter: string): { value: Json; next: number } | undefined {
    let i = index;
    let sign = 1;
    if (this.tokens[i]?.text === "-" && isNumber(this.tokens[i + 1])) {
      sign = -1;
      i += 1;
    }
    const token = this.tokens[i];
    if (!isNumber(token)) return undefined;
    const low = sign * numberOf(token!);
    const separator = this.tokens[i + 1]?.text;
    if ((separator === "-" || separator === "to") && isNumber(this.tokens[i + 2])) {
      const high = numberOf(this.tokens[i + 2]!);
      return { value: this.state.range(parameter, low, high), next: i + 3 };
    }
    return { value: low, next: i + 1 };
  }

  /** An indicator mention: "RSI(14)", "rsi 14", "14-day rsi", "the upper bollinger band", "macd signal". */
  readIndicator(index: number, withOutput = true): { value: Json; next: number } | undefined {
    let i = index;
    let prefixPeriod: { value: Json } | undefined;
    let output: string | undefined;
    const periodWords = new Set(["day", "days", "bar", "bars", "period", "periods", "session"]);
    if (isNumber(this.tokens[i])) {
      let j = i + 1;
      if (this.tokens[j]?.text === "-") j += 1;
      if (periodWords.has(this.tokens[j]?.text ?? "")) j += 1;
      if (j > i + 1 && this.tokens[j] && indicatorWords[this.tokens[j]!.text]) {
        prefixPeriod = { value: numberOf(this.tokens[i]!) };
        i = j;
      } else if (this.tokens[i + 1] && indicatorWords[this.tokens[i + 1]!.text]) {
        prefixPeriod = { value: numberOf(this.tokens[i]!) };
        i += 1;
      } else return undefined;
    }
    if (outputWords[this.tokens[i]?.text ?? ""] && this.tokens[i + 1]) {
      const next = this.tokens[i + 1]!.text;
      if (indicatorWords[next] && indicatorCatalog[indicatorWords[next]].outputs) {
        output = outputWords[this.tokens[i]!.text];
        i += 1;
      } else if (next === "band" || next === "channel") {
        // "the lower band": the band of the last banded indicator read.
        const banded = [...this.lastParams.keys()]
          .reverse()
          .find((name) => ["bollinger", "keltner", "donchian"].includes(name));
        if (!banded) return undefined;
        return {
          value: {
            [banded]: {
              ...this.lastParams.get(banded)!,
              output: outputWords[this.tokens[i]!.text]!,
            },
          },
          next: i + 2,
        };
      }
    }
    const word = this.tokens[i]?.text ?? "";
    const name = indicatorWords[word];
    if (!name) return undefined;
    const definition = indicatorCatalog[name];
    const parameterNames = Object.keys(definition.parameters);
    i += 1;
    const written: Json[] = [];
    if (prefixPeriod) written.push(prefixPeriod.value);
    if (this.tokens[i]?.text === "(") {
      i += 1;
      while (i < this.tokens.length && this.tokens[i]!.text !== ")") {
        if (this.tokens[i]!.text === ",") {
          i += 1;
          continue;
        }
        const parameter = parameterNames[written.length] ?? "period";
        const number = this.readNumber(i, parameterName(name, parameter));
        if (!number) return undefined;
        written.push(number.value);
        i = number.next;
      }
      i += 1;
    } else if (parameterNames.length > 0) {
      if (this.tokens[i]?.text === "period") i += 1;
      const first = parameterNames[0]!;
      const number = isNumber(this.tokens[i])
        ? this.readNumber(i, parameterName(name, first))
        : undefined;
      if (number && written.length === 0) {
        written.push(number.value);
        i = number.next;
        while (this.tokens[i]?.text === "/" && isNumber(this.tokens[i + 1])) {
          written.push(numberOf(this.tokens[i + 1]!));
          i += 2;
        }
      }
    }
    if (written.length > parameterNames.length) return undefined;
    let params: Record<string, Json> = {};
    written.forEach((value, k) => (params[parameterNames[k]!] = value));
    if (written.length === 0) params = { ...(this.lastParams.get(name) ?? {}) };
    else this.lastParams.set(name, params);
    if (!this.lastParams.has(name)) this.lastParams.set(name, params);
    if (
      this.tokens[i]?.text === "of" &&
      priceFields[this.tokens[i + 1]?.text ?? ""] &&
      definition.usesSource
    ) {
      params = { ...params, source: priceFields[this.tokens[i + 1]!.text]! };
      i += 2;
    } else if (
      // "the 20-day average volume": a series named right after the indicator.
      ["volume", "high", "low", "open", "hl2", "hlc3", "ohlc4"].includes(
        this.tokens[i]?.text ?? "",
      ) &&
      definition.usesSource
    ) {
      params = { ...params, source: priceFields[this.tokens[i]!.text]! };
      i += 1;
    }
    if (definition.outputs) {
      const after = outputWords[this.tokens[i]?.text ?? ""];
      if (!output && after && definition.outputs.includes(after)) {
        output = after;
        i += 1;
      }
      if (["line", "band", "bands", "channel", "channels"].includes(this.tokens[i]?.text ?? ""))
        i += 1;
      if (withOutput) {
        output ??= definition.outputs.includes("macd")
          ? "macd"
          : definition.outputs.includes("k")
            ? "k"
            : undefined;
        if (!output) {
          this.state.report(`which line of ${name} to use (${definition.outputs.join(", ")})`);
          return undefined;
        }
        params = { ...params, output };
      }
    }
    return { value: { [name]: params }, next: i };
  }

  /** "its signal", "the signal": the signal line of the MACD on the rule's other side. */
  private signalOf(left: Json | undefined): Json | undefined {
    const macd =
      left && typeof left === "object" && !Array.isArray(left) && "macd" in left
        ? (left.macd as Record<string, Json>)
        : undefined;
    return macd ? { macd: { ...macd, output: "signal" } } : undefined;
  }

  readExpression(
    index: number,
    left?: Json,
  ): { value: Json; next: number; implicit?: boolean } | undefined {
    let i = index;
    while (["the", "a", "its", "their", "current"].includes(this.tokens[i]?.text ?? "")) i += 1;
    const token = this.tokens[i];
    if (!token) return undefined;
    if (token.text === "it") return { value: null, next: i + 1, implicit: true };
    const indicator = this.readIndicator(i);
    if (indicator) return indicator;
    if (token.text === "signal") {
      const signal = this.signalOf(left) ?? this.signalOf(this.primaryLeft);
      if (signal) return { value: signal, next: i + 1 };
    }
    if (priceFields[token.text]) {
      let next = i + 1;
      if (token.text === "closing" && this.tokens[next]?.text === "price") next += 1;
      return { value: priceFields[token.text]!, next };
    }
    if (
      outputWords[token.text] ||
      (token.text === "%" && outputWords[this.tokens[i + 1]?.text ?? ""])
    ) {
      // "stochastic k crosses above d": the other line of the indicator on the left.
      const at = token.text === "%" ? i + 1 : i;
      const line = this.otherLine(left, outputWords[this.tokens[at]!.text]!);
      if (line) return { value: line, next: at + 1 };
    }
    const extreme = this.readExtreme(i);
    if (extreme) return extreme;
    const number = this.readNumber(i, "level");
    if (number) {
      if (this.tokens[number.next]?.text === "%") number.next += 1;
      return number;
    }
    return undefined;
  }

  private otherLine(left: Json | undefined, output: string): Json | undefined {
    if (!left || typeof left !== "object" || Array.isArray(left)) return undefined;
    const [name, params] = Object.entries(left)[0] ?? [];
    const definition = indicatorCatalog[name as IndicatorName];
    if (!definition?.outputs?.includes(output)) return undefined;
    return { [name!]: { ...(params as Record<string, Json>), output } };
  }

  /**
   * "the 20-day high" / "the 50-day low": the highest high (lowest low) of the 20 bars before
   * this one, so "close > 20-day high" is the classic breakout rather than never true.
   */
  private readExtreme(index: number): { value: Json; next: number } | undefined {
    if (!isNumber(this.tokens[index])) return undefined;
    let i = index + 1;
    if (this.tokens[i]?.text === "-") i += 1;
    if (!["day", "bar", "session", "week"].includes(this.tokens[i]?.text ?? "")) return undefined;
    const unit = this.tokens[i]!.text;
    const which = this.tokens[i + 1]?.text;
    if (which !== "high" && which !== "low") {
      this.state.report(`what "${this.tokens[index]!.text} ${unit} ${which ?? ""}" is`);
      return undefined;
    }
    if (unit === "week") {
      this.state.report(`how many bars "${this.tokens[index]!.text}-week ${which}" is`);
      return undefined;
    }
    const period = numberOf(this.tokens[index]!);
    return { value: which === "high" ? priorHigh(period) : priorLow(period), next: i + 2 };
  }

  /** `a CMP b`, `CMP b` (the left side implied), `a CMP` (the right side implied, for exits). */
  private readAtom(index: number, role: string): { rule: Json; next: number } | undefined {
    let i = index;
    let negate = false;
    if (this.tokens[i]?.text === "not") {
      negate = true;
      i += 1;
    }
    let left: Json | undefined;
    const startsWithComparator = comparators[this.tokens[i]?.text ?? ""] !== undefined;
    if (!startsWithComparator) {
      const expression = this.readExpression(i);
      if (!expression) return undefined;
      left = expression.implicit ? this.primaryLeft : expression.value;
      i = expression.next;
    } else left = this.primaryLeft;
    if (left === undefined || left === null) return undefined;
    const comparator = comparators[this.tokens[i]?.text ?? ""];
    if (!comparator) return undefined;
    i += 1;
    const levelName = `${role}Level`;
    let right: Json | undefined;
    const expression = this.readExpressionFor(i, levelName, left);
    if (expression && !expression.implicit) {
      right = expression.value;
      i = expression.next;
    } else right = comparator.startsWith("cross") ? this.primaryRight : undefined;
    if (right === undefined || right === null) return undefined;
    const rule: Json = { [comparator]: [priorChannel(left, right), priorChannel(right, left)] };
    return { rule: negate ? { not: rule } : rule, next: i };
  }

  private readExpressionFor(
    index: number,
    parameter: string,
    left: Json,
  ): { value: Json; next: number; implicit?: boolean } | undefined {
    const token = this.tokens[index];
    if (isNumber(token) || (token?.text === "-" && isNumber(this.tokens[index + 1]))) {
      // "200-day sma" is an indicator, "30" a level.
      const before = this.state.problem;
      const indicator = this.readIndicator(index) ?? this.readExtreme(index);
      if (indicator) return indicator;
      if (this.state.problem !== before) return undefined;
      const number = this.readNumber(index, parameter);
      if (number && this.tokens[number.next]?.text === "%") number.next += 1;
      return number;
    }
    return this.readExpression(index, left);
  }

  /** Atoms joined by "and" / "or"; stops before anything that does not continue the rule. */
  readCondition(index: number, role: string): { rule: Json; next: number } | undefined {
    const first = this.readAtom(index, role);
    if (!first) return undefined;
    let rule = first.rule;
    let next = first.next;
    for (;;) {
      const joiner = this.tokens[next]?.text;
      if (joiner !== "and" && joiner !== "or") break;
      const more = this.readAtom(next + 1, role);
      if (!more) break;
      const key = joiner;
      rule =
        typeof rule === "object" &&
        rule !== null &&
        !Array.isArray(rule) &&
        Array.isArray(rule[key])
          ? { [key]: [...(rule[key] as Json[]), more.rule] }
          : { [key]: [rule, more.rule] };
      next = more.next;
    }
    const after = this.tokens[next]?.text;
    if (after && ["unless", "except", "but", "without", "xor"].includes(after)) {
      this.state.report(`the condition after "${after}"`);
      return undefined;
    }
    return { rule, next };
  }

  tokenAt(offset: number): number {
    const index = this.tokens.findIndex((token) => token.start >= offset);
    return index === -1 ? this.tokens.length : index;
  }
}

const priceSeries = new Set(["open", "high", "low", "close", "hl2", "hlc3", "ohlc4"]);

/**
 * A Donchian band a price is compared with, as the band of the bars before this one: today's
 * band holds today's high and low, so "close crosses above the upper donchian channel" would
 * never be true. Anything else is returned as it is.
 */
function priorChannel(side: Json, other: Json): Json {
  if (typeof other !== "string" || !priceSeries.has(other)) return side;
  const call = side && typeof side === "object" && !Array.isArray(side) ? side.donchian : undefined;
  if (!call || typeof call !== "object" || Array.isArray(call)) return side;
  const period = call.period ?? indicatorCatalog.donchian.parameters.period!.default;
  if (call.output === "upper") return priorHigh(period);
  if (call.output === "lower") return priorLow(period);
  return side;
}

const kindPattern = "(sma|ema|wma|dema|tema|ma)";
const crossWord = "(?:crossovers?|cross(?:ing|es)?(?: ?over)?|system|strategy)";
const unit = String.raw`(?:-?\s*(?:day|bar|period|session)s?)?`;
const crossoverA = new RegExp(
  String.raw`(?:\b${kindPattern}\s*\(?\s*)?\b(\d+)\s*${unit}\s*(?:\/|and|&|vs\.?|versus|x)\s*(\d+)\s*\)?\s*${unit}\s*${kindPattern}?s?\s*(${crossWord})?`,
);
const crossoverB = new RegExp(
  String.raw`\b${kindPattern}?\s*(?:crossovers?|cross)\s+(?:of\s+)?(?:the\s+)?(\d+)\s*${unit}\s*(?:\/|and|&|vs\.?)\s*(\d+)\s*${unit}\s*${kindPattern}?`,
);

function kindOf(...words: (string | undefined)[]): Kind {
  const word = words.find((candidate) => candidate !== undefined && candidate !== "ma");
  return (word as Kind | undefined) ?? "sma";
}

interface CrossoverFound {
  kind: Kind;
  fast: Json;
  slow: Json;
  label: string;
  rest: string;
}

/** "20/50 ma crossover", "sma 20/50", "crossover of the 20 and 50 day ema", "golden cross". */
function findCrossover(text: string, state: ParseState): CrossoverFound | undefined {
  const golden = /\bgolden cross(?:over)?\b/.exec(text);
  if (golden)
    return {
      kind: "sma",
      fast: 50,
      slow: 200,
      label: "Golden cross (SMA 50/200)",
      rest: blank(text, golden.index, golden.index + golden[0].length),
    };
  const written = (match: RegExpExecArray, kind: Kind): CrossoverFound => {
    const [fast, slow] = [Number(match[2]), Number(match[3])].sort((x, y) => x - y) as [
      number,
      number,
    ];
    const label = `${kind.toUpperCase()} ${fast}/${slow} crossover`;
    return {
      kind,
      fast,
      slow,
      label,
      rest: blank(text, match.index, match.index + match[0].length),
    };
  };
  const a = crossoverA.exec(text);
  if (a && (a[1] || a[4] || a[5])) return written(a, kindOf(a[1], a[4]));
  const b = crossoverB.exec(text);
  if (b) return written(b, kindOf(b[1], b[4]));
  if (!state.allowParams) return undefined;
  // Templates: "an ema crossover with fast 5-50 and slow 60-200 step 10".
  const crossover = new RegExp(String.raw`\b${kindPattern}?\s*(?:crossovers?|cross)\b`).exec(text);
  if (!crossover) return undefined;
  const range = (names: string) =>
    new RegExp(
      String.raw`\b(?:${names})(?:\s+(?:ma|sma|ema|period|length|window|average))*\s*(?:from|between|in|of|:|=)?\s*(\d+)\s*(?:-|to|and|\.\.)\s*(\d+)(?:\s*(?:step|by|in steps of|every)\s*(\d+))?`,
    ).exec(text);
  const fastRange = range("fast|quick");
  const slowRange = range("slow|long");
  if (!fastRange || !slowRange) return undefined;
  let rest = blank(text, crossover.index, crossover.index + crossover[0].length);
  rest = blank(rest, fastRange.index, fastRange.index + fastRange[0].length);
  rest = blank(rest, slowRange.index, slowRange.index + slowRange[0].length);
  const domain = (match: RegExpExecArray, name: string) =>
    state.range(
      name,
      Number(match[1]),
      Number(match[2]),
      match[3] === undefined ? undefined : Number(match[3]),
    );
  const kind = kindOf(crossover[1]);
  return {
    kind,
    fast: domain(fastRange, "fast"),
    slow: domain(slowRange, "slow"),
    label: `${kind.toUpperCase()} crossover`,
    rest,
  };
}

const numberOrRange = String.raw`(\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?)`;

/** Stops, targets, time exits, costs, sizing and starting cash written around the rules. */
function readExtras(
  text: string,
  state: ParseState,
): { fields: Record<string, Json>; initialCash?: number } {
  let rest = text;
  const fields: Record<string, Json> = {};
  const value = (written: string, parameter: string): Json => {
    const range = /^(\d+(?:\.\d+)?)\s*(?:-|to)\s*(\d+(?:\.\d+)?)$/.exec(written.trim());
    return range ? state.range(parameter, Number(range[1]), Number(range[2])) : Number(written);
  };
  const first = (patterns: RegExp[]) => {
    for (const pattern of patterns) {
      const match = pattern.exec(rest);
      if (match) {
        rest = blank(rest, match.index, match.index + match[0].length);
        return match;
      }
    }
    return undefined;
  };
  const distance = (name: string, words: string) => {
    const atr = first([
      new RegExp(String.raw`${numberOrRange}\s*(?:x\s*)?atrs?(?:\s*\((\d+)\))?\s*(?:${words})`),
      new RegExp(
        String.raw`(?:${words})\s*(?:of|at|=|:)?\s*${numberOrRange}\s*(?:x\s*)?atrs?(?:\s*\((\d+)\))?`,
      ),
    ]);
    if (atr) {
      fields[name] = {
        atrMultiple: value(atr[1]!, `${name}Atr`),
        ...(atr[2] ? { atrPeriod: Number(atr[2]) } : {}),
      };
      return;
    }
    const percent = first([
      new RegExp(String.raw`${numberOrRange}\s*%\s*(?:${words})`),
      new RegExp(String.raw`(?:${words})\s*(?:of|at|=|:)?\s*${numberOrRange}\s*%`),
    ]);
    if (percent) fields[name] = { percent: value(percent[1]!, `${name}Percent`) };
  };
  distance("trailingStop", "trailing[- ]stop(?:[- ]loss)?|trailing");
  distance("stopLoss", "stop[- ]loss(?:es)?|stops?|sl");
  distance("takeProfit", "take[- ]profits?|profit[- ]target|profit[- ]taking|targets?|tp");
  const timeExit = first([
    new RegExp(
      String.raw`\b(?:exit|close|sell|cover|hold(?:ing)?|time[- ]exit|max(?:imum)? hold(?:ing)?(?: period)?|time[- ]stop)\s*(?:it\s+|positions?\s+|trades?\s+)?(?:for|of|after|at most)?\s*${numberOrRange}\s*(bars?|days?|sessions?)\b`,
    ),
  ]);
  const timeframe = timeframeIn(text);
  if (timeExit) {
    if (timeExit[2]!.startsWith("bar") || timeframe === undefined || timeframe === "1d")
      fields.timeExit = { bars: value(timeExit[1]!, "holdBars") };
    else state.report(`how many ${timeframe} bars "${timeExit[0].trim()}" is`);
  }
  const bps = String.raw`\s*(?:bps?|basis points?)`;
  const fee = first([
    new RegExp(
      String.raw`\b(?:fees?|commissions?|costs?)\s*(?:of|at|=|:|were|was|are|is)?\s*${numberOrRange}${bps}`,
    ),
    new RegExp(String.raw`${numberOrRange}${bps}\s*(?:in\s+|of\s+)?(?:fees?|commissions?|costs?)`),
  ]);
  const slippage = first([
    new RegExp(String.raw`\bslippage\s*(?:of|at|=|:|were|was|are|is)?\s*${numberOrRange}${bps}`),
    new RegExp(String.raw`${numberOrRange}${bps}\s*(?:of\s+)?slippage`),
  ]);
  // "add costs", "include fees": costs are a number the person chooses, never one I pick.
  if (
    !fee &&
    !slippage &&
    /^(?:add|include|charge|with|and with|use)\b.*\b(?:fees|commissions|costs|slippage)\b(?!.*\d)/.test(
      text,
    )
  )
    state.report('how much: e.g. "add 1 bps fees and 5 bps slippage"');
  if (fee || slippage)
    fields.costs = {
      ...(fee ? { feeBps: value(fee[1]!, "feeBps") } : {}),
      ...(slippage ? { slippageBps: value(slippage[1]!, "slippageBps") } : {}),
    };
  const volatilityTarget = first([
    /\b(?:targets?|targeting|vol(?:atility)? target(?: of)?)\s*(\d+(?:\.\d+)?)\s*%\s*(?:annual(?:i[sz]ed)?\s+)?vol(?:atility)?\b/,
    /\bvol(?:atility)? target(?: of)?\s*(\d+(?:\.\d+)?)\s*%/,
    /(\d+(?:\.\d+)?)\s*%\s*(?:annual(?:i[sz]ed)?\s+)?vol(?:atility)? target\b/,
  ]);
  const fraction = first([
    /(\d+(?:\.\d+)?)\s*%\s*of\s*(?:the\s+|my\s+)?(?:equity|capital|account|portfolio|cash)\b/,
  ]);
  const fixed = first([/\$(\d+(?:\.\d+)?)\s*(?:per|a|each|every)\s*(?:trade|position)\b/]);
  if (volatilityTarget)
    fields.sizing = { volatilityTarget: { annualVolatilityPercent: Number(volatilityTarget[1]) } };
  else if (fraction) fields.sizing = { fractionOfEquity: Number(fraction[1]) / 100 };
  else if (fixed) fields.sizing = { fixedNotional: Number(fixed[1]) };
  const cash = first([
    /\b(?:with|starting with|start with|starting capital of|initial (?:cash|capital)(?: of)?|capital of|account of|cash of)\s*\$(\d+(?:\.\d+)?)/,
    /\$(\d+(?:\.\d+)?)\s*(?:of\s+)?(?:starting |initial )?(?:capital|cash|account)\b/,
  ]);
  if (timeframe) fields.timeframe = timeframe;
  return cash ? { fields, initialCash: Number(cash[1]) } : { fields };
}

/**
 * Stops, targets, costs, sizing and cash written without rules ("add a 5% stop loss"); with
 * `allowParams`, ranges become free parameters ("a 2-10% stop loss").
 */
export function extrasIn(
  text: string,
  allowParams = false,
): {
  fields: Record<string, Json>;
  params: Record<string, Domain>;
  initialCash?: number;
  problem?: string;
} {
  const state = new ParseState(allowParams);
  const extras = { ...readExtras(text, state), params: state.params };
  return state.problem === undefined ? extras : { ...extras, problem: state.problem };
}

const bandNames: Record<string, string> = {
  bollinger: "Bollinger",
  keltner: "Keltner",
  donchian: "Donchian",
};

function render(value: Json): string {
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return String(value);
  if (value === null) return "";
  if (Array.isArray(value)) return value.map(render).join(", ");
  const [key, body] = Object.entries(value)[0] ?? ["", null];
  if (key === "param") return `{${String(body)}}`;
  if (key === "lag" && body && typeof body === "object" && !Array.isArray(body)) {
    // The breakout levels readExtreme writes: "20-day high".
    const of = body.of as Record<string, { period: Json; source: Json }> | undefined;
    if (of?.rollingMax?.source === "high") return `${render(of.rollingMax.period)}-bar high`;
    if (of?.rollingMin?.source === "low") return `${render(of.rollingMin.period)}-bar low`;
    return `${render(body.of ?? null)} ${render(body.bars ?? null)} bars ago`;
  }
  if (comparatorSigns[key] && Array.isArray(body))
    return `${render(body[0]!)} ${comparatorSigns[key]} ${render(body[1]!)}`;
  if ((key === "and" || key === "or") && Array.isArray(body))
    return body.map(render).join(` ${key} `);
  if (key === "not") return `not (${render(body)})`;
  const params = (body ?? {}) as Record<string, Json>;
  const args = Object.entries(params)
    .filter(([name]) => name !== "output" && name !== "source")
    .map(([, argument]) => render(argument));
  const written = args.length ? `(${args.join(",")})` : "";
  const source = params.source ? ` of ${render(params.source)}` : "";
  const band = bandNames[key];
  // "lower Bollinger band", "upper Donchian(55) band": as people say them.
  if (band && params.output) return `${render(params.output)} ${band}${written} band${source}`;
  const output = params.output && params.output !== key ? ` ${render(params.output)}` : "";
  return `${key.toUpperCase()}${written}${output}${source}`;
}

/**
 * A name for rules, as a message would have written them: "SMA 10/30 crossover" for a crossover
 * of two periods of one kind, else "Buy when RSI(2) < 30; sell when RSI(2) > 70".
 */
export function rulesLabel(spec: { [key: string]: Json }): string {
  const entry = spec.entry as { [key: string]: Json } | undefined;
  const sides = entry?.crossAbove;
  if (Array.isArray(sides) && sides.length === 2) {
    const calls = sides.map((side) => Object.entries((side ?? {}) as object)[0]) as [
      string,
      { period?: Json },
    ][];
    const [fast, slow] = calls;
    if (fast && slow && fast[0] === slow[0] && typeof fast[1]?.period === "number")
      return `${fast[0].toUpperCase()} ${render(fast[1].period)}/${render(slow[1]?.period ?? null)} crossover`;
    // The MACD line over its signal line: "MACD 8/21/9 crossover" (the defaults where unset).
    const [line, signal] = calls as unknown as [string, Record<string, Json>][];
    if (
      line?.[0] === "macd" &&
      signal?.[0] === "macd" &&
      line[1].output === "macd" &&
      signal[1].output === "signal" &&
      ["fast", "slow", "signal"].every((key) => line[1][key] === signal[1][key])
    ) {
      const numbers = (["fast", "slow", "signal"] as const).map(
        (key) => line[1][key] ?? indicatorCatalog.macd.parameters[key]!.default,
      );
      return `MACD ${numbers.map(render).join("/")} crossover`;
    }
  }
  const short = spec.side === "short";
  const exit =
    spec.exit === undefined || spec.exit === null
      ? ""
      : `; ${short ? "cover" : "sell"} when ${render(spec.exit)}`;
  return `${short ? "Short" : "Buy"} when ${render(spec.entry ?? null)}${exit}`;
}

const entryTrigger =
  /\b(?:buy|go long|long|enter(?: long)?|get in|open (?:a )?(?:long|position))(?:\s+\$?[a-z0-9./]+)?\s+(?:when|if|once|whenever)\b/;
const shortTrigger =
  /\b(?:sell short|go short|short(?: sell)?|enter short)(?:\s+\$?[a-z0-9./]+)?\s+(?:when|if|once|whenever)\b/;
const exitTrigger =
  /\b(?:sell|exit|close(?: (?:the|a) (?:position|trade))?|get out|cover|flatten)(?:\s+(?:it|the position|out))?\s+(?:when|if|once|whenever)\b|\b(?:sell|exit|cover)\s+(?=(?:xabove|xbelow|gt|lt|gte|lte)\b)/;
const filterTrigger =
  /\b(?:only (?:when|if|while)|as long as|provided(?: that)?|while|filter(?:ed)?(?: by| on| when)?:?)\s/;

/** The condition after "only when", "as long as", "filtered by" in rules text, if any. */
function readFilter(
  rulesText: string,
  reader: RuleReader,
  state: ParseState,
): { ok: true; rule: Json } | { ok: false; problem: string } | undefined {
  const match = filterTrigger.exec(rulesText);
  if (!match) return undefined;
  const filter = reader.readCondition(reader.tokenAt(match.index + match[0].length), "filter");
  if (!filter)
    return { ok: false, problem: state.problem ?? `the filter after "${match[0].trim()}"` };
  return { ok: true, rule: filter.rule };
}

/** "a 200-day filter", "a trend filter", "an EMA(100) filter": the close against that average. */
const trendFilter =
  /\b(?:a |an |the )?(?:(\d+)[- ]?(?:day|d|bar|period|session)s?[- ](?:(sma|ema|simple moving average|exponential moving average|moving average|ma)[- ])?(?:trend[- ])?|(sma|ema)\s*\(?(\d+)\)?[- ]|trend[- ])filter\b/;
/** "only trade above the 200-day SMA", "only buy when the price is below the 50-day EMA". */
const onlyAboveOrBelow =
  /\bonly (?:trade|buy|enter|go long|go short|sell short|take (?:trades|entries|signals)|be (?:long|short|in))(?: when (?:the )?(?:price|close) is)? (above|below)\b/;

/**
 * A filter a message adds to a strategy that already runs: "add a 200 day filter", "add a trend
 * filter" (the close against its 200-day SMA, above for a long strategy and below for a short
 * one), "only trade above the 50-day EMA", "only when ADX > 25". Undefined when it names none.
 */
export function filterIn(
  text: string,
  side: "long" | "short",
): { ok: true; rule: Json } | { ok: false; problem: string } | undefined {
  const above = side === "long" ? "above" : "below";
  let phrased = text
    .replace(trendFilter, (_all, days, kind, named, period) => {
      const average = /^e/.test(kind ?? named ?? "") ? "ema" : "sma";
      return ` only when close ${above} ${average}(${days ?? period ?? 200}) `;
    })
    .replace(onlyAboveOrBelow, "only when close $1");
  phrased = canonicalIndicators(phrased);
  for (const [pattern, replacement] of comparatorPhrases)
    phrased = phrased.replace(pattern, replacement);
  const state = new ParseState(false);
  const filter = readFilter(phrased, new RuleReader(tokenize(phrased), state), state);
  if (filter?.ok && state.problem) return { ok: false, problem: state.problem };
  return filter;
}

/** The part of the text a rule was read from, blanked so that later searches skip it. */
function blankTokens(text: string, tokens: Token[], from: number, to: number): string {
  const start = tokens[from]?.start ?? text.length;
  const end = tokens[to - 1]?.end ?? start;
  return end > start ? blank(text, start, end) : text;
}

/**
 * The strategy in a message, or undefined when it names none. `text` is the normalized message
 * with its dates already blanked out.
 */
export function parseStrategy(text: string, options: StrategyOptions): StrategyParse | undefined {
  const state = new ParseState(options.allowParams);
  const canonical = canonicalIndicators(text);
  const crossover = findCrossover(canonical, state);
  const buyAndHold = /\bbuy[- ](?:and|&|n)[- ]hold(?:ing)?\b/.exec(canonical);

  let spec: { [key: string]: Json } | undefined;
  let label = "";
  let working = canonical;
  if (crossover) {
    const fast = { [crossover.kind]: { period: crossover.fast } };
    const slow = { [crossover.kind]: { period: crossover.slow } };
    spec = {
      name: crossover.label,
      entry: { crossAbove: [fast, slow] },
      exit: { crossBelow: [fast, slow] },
    };
    label = crossover.label;
    working = crossover.rest;
  } else if (buyAndHold) {
    spec = { name: "Buy and hold", entry: true };
    label = "buy and hold";
    working = blank(canonical, buyAndHold.index, buyAndHold.index + buyAndHold[0].length);
  } else if (!entryTrigger.test(canonical) && !shortTrigger.test(canonical)) {
    const named = namedStrategy(canonical);
    if (named && !named.ok) return named;
    if (named) {
      spec = { ...named.spec };
      label = named.label;
      working = named.rest;
    }
  }

  let rulesText = working;
  for (const [pattern, replacement] of comparatorPhrases)
    rulesText = rulesText.replace(pattern, replacement);
  const tokens = tokenize(rulesText);
  const reader = new RuleReader(tokens, state);
  const short = shortTrigger.exec(rulesText);
  const entryMatch = short ?? entryTrigger.exec(rulesText);
  if (!spec && entryMatch) {
    const from = reader.tokenAt(entryMatch.index + entryMatch[0].length);
    const entry = reader.readCondition(from, "entry");
    if (!entry)
      return {
        ok: false,
        problem: state.problem ?? `the entry rule after "${entryMatch[0].trim()}"`,
      };
    const sides = Object.values(entry.rule as Record<string, Json>)[0];
    if (Array.isArray(sides) && sides.length === 2) {
      reader.primaryLeft = sides[0];
      reader.primaryRight = sides[1];
    }
    let rest = blank(rulesText, entryMatch.index, entryMatch.index + entryMatch[0].length);
    rest = blankTokens(rest, tokens, from, entry.next);
    const exitMatch = exitTrigger.exec(rest);
    let exitRule: Json | undefined;
    if (exitMatch) {
      const exit = reader.readCondition(
        reader.tokenAt(exitMatch.index + exitMatch[0].length),
        "exit",
      );
      if (!exit)
        return {
          ok: false,
          problem: state.problem ?? `the exit rule after "${exitMatch[0].trim()}"`,
        };
      exitRule = exit.rule;
    }
    const exitLabel =
      exitRule === undefined ? "" : `; ${short ? "cover" : "sell"} when ${render(exitRule)}`;
    label = `${short ? "Short" : "Buy"} when ${render(entry.rule)}${exitLabel}`;
    spec = {
      name: label.length > 200 ? `${label.slice(0, 197)}...` : label,
      ...(short ? { side: "short" } : {}),
      entry: entry.rule,
      ...(exitRule === undefined ? {} : { exit: exitRule }),
    };
  }
  if (!spec && !entryMatch) {
    // "backtest sma(10) crosses above sma(30) on msft": a crossover written as its rule.
    for (let i = 0; i < tokens.length && !spec; i += 1) {
      const restore = state.snapshot();
      const bare = reader.readCondition(i, "entry");
      const sides = bare && (bare.rule as Record<string, Json>).crossAbove;
      if (Array.isArray(sides) && sides.every((side) => typeof side !== "number")) {
        const [fast, slow] = sides as [Json, Json];
        label = `${render(fast)} / ${render(slow)} crossover`;
        spec = {
          name: label,
          entry: { crossAbove: [fast, slow] },
          exit: { crossBelow: [fast, slow] },
        };
      } else restore();
    }
  }
  if (!spec) {
    if (/\brsi\b/.test(canonical) && /\bmean[- ]revers|\boversold|\boverbought/.test(canonical))
      return {
        ok: false,
        problem:
          'the RSI levels to buy and sell at (I do not pick thresholds for you), e.g. "buy when RSI(14) < 30, sell above 70"',
      };
    if (/\bcross(?:overs?|es|ing)?\b/.test(canonical))
      return {
        ok: false,
        problem: options.allowParams
          ? 'the ranges to search (I do not pick them for you), e.g. "fast 5-50 and slow 60-200"'
          : 'the two periods of the crossover, e.g. "a 20/50 moving average crossover"',
      };
    return undefined;
  }

  const filter = readFilter(rulesText, reader, state);
  if (filter && !filter.ok) return filter;
  if (filter) spec.filters = [filter.rule];
  const extras = readExtras(text, state);
  Object.assign(spec, extras.fields);
  if (state.problem) return { ok: false, problem: state.problem };
  return {
    ok: true,
    spec,
    params: state.params,
    ...(extras.initialCash === undefined ? {} : { initialCash: extras.initialCash }),
    label,
  };
}

/**
 * Indicators named in a message, for compute_indicators: `[{"rsi": {"period": 14}}, {"macd": {}}]`;
 * with `withOutput`, one line of a multi-line one as a rule reads it (`{"macd": {"output": "histogram"}}`).
 */
export function indicatorsIn(
  text: string,
  withOutput = false,
): { indicators: Json[]; problem?: string } {
  const state = new ParseState(false);
  const tokens = tokenize(canonicalIndicators(text));
  const reader = new RuleReader(tokens, state);
  const indicators: Json[] = [];
  for (let i = 0; i < tokens.length;) {
    const found = reader.readIndicator(i, withOutput);
    if (found) {
      if (!indicators.some((known) => JSON.stringify(known) === JSON.stringify(found.value)))
        indicators.push(found.value);
      i = found.next;
    } else i += 1;
  }
  return state.problem === undefined ? { indicators } : { indicators, problem: state.problem };
}
