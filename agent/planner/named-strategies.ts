import { indicatorCatalog } from "../../engine/indicators/catalog.ts";
import { blank } from "./text.ts";
import type { Json } from "./strategy.ts";

/**
 * Strategies known by a name, written out as the textbooks define them: "a MACD crossover" (the
 * MACD line crossing its signal line), "a 20-day breakout" / "a Donchian breakout" (above the
 * prior N-bar high, out below the prior N-bar low), "a Bollinger mean reversion" (in below the
 * lower band, out above the middle) and "a Bollinger breakout" (in above the upper band, out below
 * the middle). Indicator periods the message leaves out are the indicator's own defaults, as
 * anywhere else; "a Bollinger band strategy" names two opposite strategies, so it is asked about.
 * `text` is the canonical message (canonicalIndicators).
 */
export type NamedStrategy =
  | { ok: true; spec: { name: string; entry: Json; exit: Json }; label: string; rest: string }
  | { ok: false; problem: string };

/** The breakout levels: the highest high (lowest low) of the `period` bars before this one. */
export const priorHigh = (period: Json): Json => ({
  lag: { of: { rollingMax: { period, source: "high" } }, bars: 1 },
});
export const priorLow = (period: Json): Json => ({
  lag: { of: { rollingMin: { period, source: "low" } }, bars: 1 },
});

const macdCrossover =
  /\bmacd\b(?:\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)|\s+(\d+)\s*\/\s*(\d+)\s*\/\s*(\d+))?(?:\s+signal)?\s+cross(?:overs?)?\b(?!\s+(?:above|below|over|under|up|down))/;
const bollingerWord = /\bbollinger\b(?:\s*\(\s*(\d+)\s*(?:,\s*(\d+(?:\.\d+)?)\s*)?\))?/;
const breakout =
  /\b(?:(\d+)[- ]?(?:day|bar|session)s?[- ])?(?:(?:donchian(?:\s*\(\s*(\d+)\s*\))?|channel|price)[- ])?break[- ]?outs?\b/;

/** A strategy known by name, its entry and exit written out, and the text left to read. */
const named = (name: string, entry: Json, exit: Json, rest: string): NamedStrategy => ({
  ok: true,
  spec: { name, entry, exit },
  label: name,
  rest,
});

export function namedStrategy(text: string): NamedStrategy | undefined {
  const macd = macdCrossover.exec(text);
  if (macd) {
    const numbers = (macd.slice(1, 4).every(Boolean) ? macd.slice(1, 4) : macd.slice(4, 7)).map(
      Number,
    );
    const params: Record<string, Json> =
      numbers.length === 3 && numbers.every(Number.isFinite)
        ? { fast: numbers[0]!, slow: numbers[1]!, signal: numbers[2]! }
        : {};
    const line = (output: string): Json => ({ macd: { ...params, output } });
    return named(
      `MACD ${"fast" in params ? `${numbers.join("/")} ` : ""}crossover`,
      { crossAbove: [line("macd"), line("signal")] },
      { crossBelow: [line("macd"), line("signal")] },
      blank(text, macd.index, macd.index + macd[0].length),
    );
  }
  const bollinger = bollingerWord.exec(text);
  if (bollinger) {
    const params: Record<string, Json> = {};
    if (bollinger[1]) params.period = Number(bollinger[1]);
    if (bollinger[2]) params.stdDev = Number(bollinger[2]);
    const band = (output: string): Json => ({ bollinger: { ...params, output } });
    const written = "period" in params ? `(${Object.values(params).join(",")})` : "";
    const kind = /\b(?:mean[- ]?revers\w*|revers\w*|revert\w*|bounce|fade)\b/.test(text)
      ? "mean reversion"
      : /\bbreak[- ]?outs?\b/.test(text)
        ? "breakout"
        : undefined;
    const rest = blank(text, bollinger.index, bollinger.index + bollinger[0].length);
    if (kind === "mean reversion")
      return named(
        `Bollinger${written} mean reversion`,
        { lt: ["close", band("lower")] },
        { gt: ["close", band("middle")] },
        rest,
      );
    if (kind === "breakout")
      return named(
        `Bollinger${written} breakout`,
        { gt: ["close", band("upper")] },
        { lt: ["close", band("middle")] },
        rest,
      );
    if (/\b(?:strateg(?:y|ies)|system|setup|trading)\b/.test(text))
      return {
        ok: false,
        problem:
          'which Bollinger strategy: "a Bollinger mean reversion" (buy below the lower band, sell above the middle) or "a Bollinger breakout" (buy above the upper band, sell below the middle), or rules of your own ("buy when close < lower bollinger band, sell when close > middle bollinger band")',
      };
    return undefined;
  }
  // "A trend following strategy" names a family, not one set of rules: ask which.
  if (
    /\btrend[- ]?follow(?:ing|er)?\b|\btrend (?:strategy|system)\b/.test(text) &&
    !breakout.test(text)
  )
    return {
      ok: false,
      problem:
        'which trend-following strategy: "a 50/200 moving average crossover" (the golden cross), "a 20-day breakout" (Donchian), "a MACD crossover", or rules of your own ("buy when close > sma(200), sell when close < sma(200)")',
    };
  const found = breakout.exec(text);
  if (found) {
    const period = Number(
      found[1] ?? found[2] ?? indicatorCatalog.donchian.parameters.period!.default,
    );
    return named(
      `${period}-bar breakout`,
      { gt: ["close", priorHigh(period)] },
      { lt: ["close", priorLow(period)] },
      blank(text, found.index, found.index + found[0].length),
    );
  }
  return undefined;
}
