import type { BacktestRun } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { trendSmaBars } from "../../engine/validator/analysis/regimes.ts";
import { percent } from "../../engine/validator/rules/helpers.ts";
import { listed } from "../../tools/replies/format.ts";
import { isoTime } from "../../tools/time-input.ts";
import { signedPercent } from "./metric-readings.ts";
import type { RegimeSplit } from "./regime-split.ts";
import type { RuleWords } from "./rule-words.ts";

/** A number or label an explanation may show: its value and how it is written. */
export interface Fact {
  /** Letters and dots only, e.g. "backtest.totalReturn": texts cite it as `{backtest.totalReturn}`. */
  name: string;
  value: number | string | null;
  text: string;
}

/** A backtest of the strategy over all its stored bars, beside buy and hold of its universe. */
export interface BacktestEvidence {
  strategy: BacktestRun;
  buyAndHold: BacktestRun;
  /** The regime split of both runs (splitByRegime), by the market `reference`. */
  regimes: RegimeSplit[];
  reference: string;
}

/** The newest stored validation report's outcome. */
export interface ValidationEvidence {
  verdict: "pass" | "warn" | "fail";
  version: number;
  counts: { pass: number; warn: number; fail: number };
  /** Titles of the rules that failed. */
  failedRules: string[];
}

/**
 * Every fact an explanation of `spec` may cite: its rules in the reader's words, its backtest's
 * numbers and regime split, and its validation. Explanations are templates over these names, so
 * each number they show is one of these.
 */
export function explanationFacts(
  spec: StrategySpec,
  words: RuleWords,
  backtest: BacktestEvidence | undefined,
  validation: ValidationEvidence | undefined,
): Fact[] {
  const facts: Fact[] = [];
  const add = (name: string, value: Fact["value"], text: string) =>
    facts.push({ name, value, text });
  const lines = words.strategyLines(spec);
  add("strategy.name", spec.name, spec.name);
  add("strategy.universe", spec.universe.join(", "), listWords(spec.universe));
  add("rules.entry", lines.entry, lines.entry);
  add("rules.exit", lines.exit, lines.exit);
  if (lines.protection) add("rules.protection", lines.protection, lines.protection);
  if (backtest) {
    const { metrics } = backtest.strategy;
    const market = backtest.buyAndHold.metrics;
    add("backtest.start", metrics.startTimeMs, isoTime(metrics.startTimeMs!).slice(0, 10));
    add("backtest.end", metrics.endTimeMs, isoTime(metrics.endTimeMs!).slice(0, 10));
    add("backtest.totalReturn", metrics.totalReturn, signedPercent(metrics.totalReturn));
    add("backtest.maxDrawdown", metrics.maxDrawdown, percent(metrics.maxDrawdown));
    add("backtest.trades", metrics.trades, String(metrics.trades));
    if (metrics.cagr !== null) add("backtest.cagr", metrics.cagr, signedPercent(metrics.cagr));
    if (metrics.winRate !== null)
      add("backtest.winRate", metrics.winRate, percent(metrics.winRate, 0));
    if (metrics.sharpe !== null) add("backtest.sharpe", metrics.sharpe, metrics.sharpe.toFixed(2));
    if (metrics.profitFactor !== null)
      add("backtest.profitFactor", metrics.profitFactor, metrics.profitFactor.toFixed(2));
    add("backtest.exposure", metrics.exposure, percent(metrics.exposure, 0));
    add("buyAndHold.totalReturn", market.totalReturn, signedPercent(market.totalReturn));
    add("buyAndHold.maxDrawdown", market.maxDrawdown, percent(market.maxDrawdown));
    add("regime.reference", backtest.reference, backtest.reference);
    add("regime.trendWindow", trendSmaBars, String(trendSmaBars));
    for (const split of backtest.regimes) {
      const [own, other] = split.results;
      if (!own || own.days === 0) continue;
      add(`regime.${split.regime}.days`, own.days, String(own.days));
      add(`regime.${split.regime}.strategy`, own.totalReturn, signedPercent(own.totalReturn));
      if (other)
        add(`regime.${split.regime}.market`, other.totalReturn, signedPercent(other.totalReturn));
    }
  }
  if (validation) {
    add("validation.verdict", validation.verdict, validation.verdict);
    add("validation.version", validation.version, String(validation.version));
    add("validation.passed", validation.counts.pass, String(validation.counts.pass));
    add("validation.warned", validation.counts.warn, String(validation.counts.warn));
    add("validation.failed", validation.counts.fail, String(validation.counts.fail));
    if (validation.failedRules.length > 0)
      add(
        "validation.failedRules",
        validation.failedRules.join("; "),
        validation.failedRules.join("; "),
      );
  }
  return facts;
}

/** Symbols named in a sentence before the rest are counted. */
const symbolsNamed = 8;

/** "A", "A and B", "A, B and C", "A, B, ... and 40 more". */
function listWords(items: readonly string[]): string {
  if (items.length > symbolsNamed)
    return `${items.slice(0, symbolsNamed).join(", ")} and ${items.length - symbolsNamed} more`;
  return listed(items);
}
