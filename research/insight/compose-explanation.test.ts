import { describe, expect, it } from "vitest";
import { runBacktest } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { explanationLevels, type ExplanationLevel } from "../../tools/ports/insight.ts";
import { parseStrategySpec } from "../../tools/strategy/spec-schema.ts";
import {
  citedFacts,
  draftExplanation,
  joinSections,
  renderTemplate,
  sectionKeys,
} from "./compose-explanation.ts";
import { explanationFacts, type Fact, type ValidationEvidence } from "./explanation-facts.ts";
import { jargonIn, jargonTerms } from "./jargon.ts";
import { mechanismTexts } from "./mechanism-texts.ts";
import { classifyMechanisms, Mechanism } from "./mechanisms.ts";
import { splitByRegime } from "./regime-split.ts";
import { RuleWords } from "./rule-words.ts";
import { ColumnKey, runBuyAndHold } from "./strategy-runs.ts";
import { barUnitOf, voiceOf } from "./voice.ts";

const market = generateMarket({ symbols: ["SPY"], years: 3, seed: 11 });
const bars = market.bars;

const spec = (fields: Record<string, unknown>): StrategySpec =>
  parseStrategySpec({ name: "RSI dip with SMA filter", universe: ["SPY"], ...fields });

/** One strategy per mechanism, with the spec features that add risks (short, no costs, stops). */
const mechanismSpecs: Record<Mechanism, StrategySpec> = {
  trend_following: spec({
    entry: { crossAbove: [{ sma: { period: 50 } }, { sma: { period: 200 } }] },
    exit: { crossBelow: [{ sma: { period: 50 } }, { sma: { period: 200 } }] },
    costs: { feeBps: 1 },
  }),
  // Short what has been falling: momentum on the way down.
  momentum: spec({ entry: { lt: [{ roc: { period: 60 } }, 0] }, side: "short" }),
  mean_reversion: spec({
    entry: { lt: [{ rsi: { period: 14 } }, 30] },
    exit: { gt: [{ rsi: { period: 14 } }, 50] },
    filters: [{ gt: ["close", { sma: { period: 200 } }] }],
    stopLoss: { atrMultiple: 2 },
  }),
  breakout: spec({
    entry: {
      gt: ["close", { lag: { of: { donchian: { period: 20, output: "upper" } }, bars: 1 } }],
    },
    exit: { lt: ["close", { donchian: { period: 20, output: "middle" } }] },
    trailingStop: { percent: 5 },
    timeExit: { bars: 20 },
  }),
  volatility: spec({ entry: { lt: [{ natr: { period: 5 } }, { natr: { period: 60 } }] } }),
  seasonality: spec({
    entry: { lte: [{ daysToMonthEnd: {} }, 2] },
    exit: { gte: [{ dayOfMonth: {} }, 4] },
  }),
  gap: spec({
    entry: {
      gt: [{ sub: ["open", { lag: { of: "close", bars: 1 } }] }, { mul: [0.5, { atr: {} }] }],
    },
    timeExit: { bars: 1 },
  }),
  volume: spec({ entry: { gt: ["volume", { sma: { period: 20, source: "volume" } }] } }),
  always_in: spec({ entry: true }),
  unclassified: spec({ entry: { lt: [{ rsi: {} }, 70] } }),
};

const validation: ValidationEvidence = {
  verdict: "warn",
  version: 2,
  counts: { pass: 80, warn: 5, fail: 1 },
  failedRules: ["Sharpe ratio at or below 0 for a neighbour"],
};

function factsFor(strategy: StrategySpec, level: ExplanationLevel, jargonFree: boolean): Fact[] {
  const options = { initialCash: 100_000, startMs: null, endMs: null };
  const run = runBacktest(strategy, bars, options);
  const buyAndHold = runBuyAndHold(strategy, bars, options);
  const words = new RuleWords(voiceOf(level, jargonFree), barUnitOf(strategy.timeframe));
  const regimes = splitByRegime(
    [{ key: ColumnKey.strategy, name: "Strategy", run }, buyAndHold],
    bars[0]!,
  );
  return explanationFacts(
    strategy,
    words,
    { strategy: run, buyAndHold: buyAndHold.run, regimes, reference: "SPY" },
    validation,
  );
}

function explain(
  strategy: StrategySpec,
  level: ExplanationLevel,
  jargonFree: boolean,
  facts?: Fact[],
) {
  const used = facts ?? factsFor(strategy, level, jargonFree);
  const reading = classifyMechanisms(strategy);
  const draft = draftExplanation({ spec: strategy, reading, facts: used, level, jargonFree });
  const sections = draft.map((section) => ({
    ...section,
    text: renderTemplate(section.text, used),
  }));
  return { draft, sections, text: joinSections(sections) };
}

const modes = explanationLevels.flatMap((level) => [
  { level, jargonFree: false },
  { level, jargonFree: true },
]);

describe("explanations drafted from facts", () => {
  it("classify each test strategy as the mechanism it stands for", () => {
    for (const [mechanism, strategy] of Object.entries(mechanismSpecs))
      expect(classifyMechanisms(strategy).primary).toBe(mechanism);
  });

  it("write every number through a fact: no digit outside a placeholder, every placeholder known", () => {
    for (const strategy of Object.values(mechanismSpecs)) {
      for (const { level, jargonFree } of modes) {
        const facts = factsFor(strategy, level, jargonFree);
        const names = new Set(facts.map((fact) => fact.name));
        for (const section of explain(strategy, level, jargonFree, facts).draft) {
          expect(section.text.replace(/\{[A-Za-z.]+\}/g, "")).not.toMatch(/\d/);
          for (const name of citedFacts(section.text)) expect(names).toContain(name);
        }
      }
    }
  });

  it("keep the mechanism texts free of digits, and the plain ones free of jargon", () => {
    for (const voices of Object.values(mechanismTexts)) {
      for (const text of Object.values(voices))
        expect(Object.values(text).join(" ")).not.toMatch(/\d/);
      expect(jargonIn(Object.values(voices.plain).join(" "))).toEqual([]);
    }
  });

  it("use no jargon in jargon-free mode, at every level and for every mechanism", () => {
    for (const strategy of Object.values(mechanismSpecs))
      for (const level of explanationLevels) {
        const { text } = explain(strategy, level, true);
        expect(jargonIn(text), text).toEqual([]);
        // The strategy's own name holds jargon ("RSI", "SMA"): jargon-free text leaves it out.
        expect(text).not.toContain("RSI dip");
      }
    // The check itself finds jargon, whole words only, in any case.
    expect(jargonIn("Sharpe 1.2, a DRAWDOWN of 5% and mean reversion")).toEqual([
      "Sharpe",
      "DRAWDOWN",
      "mean reversion",
    ]);
    expect(jargonIn("a smart reader, rsid")).toEqual([]);
    expect(jargonTerms).toEqual(
      expect.arrayContaining(["Sharpe", "drawdown", "mean reversion", "RSI"]),
    );
  });

  it("give every section at every level, different per level, and the same text twice", () => {
    const strategy = mechanismSpecs.mean_reversion;
    const texts = modes.map(({ level, jargonFree }) => explain(strategy, level, jargonFree).text);
    expect(new Set(texts).size).toBe(texts.length);
    for (const { level, jargonFree } of modes) {
      const once = explain(strategy, level, jargonFree);
      expect(once.sections.map((section) => section.key)).toEqual([...sectionKeys]);
      for (const section of once.sections) expect(section.text.length).toBeGreaterThan(20);
      expect(explain(strategy, level, jargonFree).text).toBe(once.text);
    }
  });

  it("explain the same mechanism in the same words for different strategies", () => {
    const other = spec({
      entry: { lt: [{ zScore: { period: 20 } }, -2] },
      exit: { gte: [{ zScore: { period: 20 } }, 0] },
    });
    for (const level of explanationLevels) {
      const [a, b] = [mechanismSpecs.mean_reversion, other].map(
        (strategy) => explain(strategy, level, false).sections,
      );
      expect(b!.find((section) => section.key === "why")).toEqual(
        a!.find((section) => section.key === "why"),
      );
    }
  });

  it("name the regimes it did best and worst in against holding the same days", () => {
    // The demo's XLU mean reversion: +9.1% in the uptrend against -8.9% held, +14.3% in calm
    // markets against +14.4% held. By its own return the uptrend would be its worst regime.
    const strategy = mechanismSpecs.mean_reversion;
    const regimes: Record<string, [number, number, number]> = {
      bull: [0.091, -0.089, 835],
      bear: [0.177, 0.177, 223],
      highVolatility: [0.163, -0.034, 618],
      lowVolatility: [0.143, 0.144, 619],
    };
    const facts: Fact[] = [
      ...factsFor(strategy, "intermediate", false).filter(
        (fact) => !/^regime\.[a-zA-Z]+\./.test(fact.name),
      ),
      ...Object.entries(regimes).flatMap(([regime, [own, held, days]]) => [
        { name: `regime.${regime}.strategy`, value: own, text: `${own}` },
        { name: `regime.${regime}.market`, value: held, text: `${held}` },
        { name: `regime.${regime}.days`, value: days, text: `${days}` },
      ]),
    ];
    const sections = explain(strategy, "intermediate", false, facts).sections;
    const textOf = (key: string) => sections.find((section) => section.key === key)!.text;
    expect(textOf("works")).toContain("0.163 over 618 days, against -0.034 for buying and holding");
    expect(textOf("fails")).toContain("0.143 over 619 days, against 0.144 for buying and holding");
  });

  it("word the comparison and the win rate by the numbers, on both sides", () => {
    const strategy = mechanismSpecs.trend_following;
    const base = factsFor(strategy, "beginner", true);
    const withValues = (values: Record<string, number>) => [
      ...base.filter((fact) => !(fact.name in values)),
      ...Object.entries(values).map(([name, value]) => ({ name, value, text: String(value) })),
    ];
    const evidence = (values: Record<string, number>) =>
      explain(strategy, "beginner", true, withValues(values)).sections.find(
        (section) => section.key === "evidence",
      )!.text;
    const ahead = evidence({
      "backtest.totalReturn": 0.3,
      "buyAndHold.totalReturn": 0.1,
      "backtest.winRate": 0.65,
    });
    expect(ahead).toContain("it made money over the period), more than buying and holding");
    expect(ahead).toContain("it wins more often than a coin flip");
    const behind = evidence({
      "backtest.totalReturn": -0.2,
      "buyAndHold.totalReturn": 0.1,
      "backtest.winRate": 0.4,
    });
    expect(behind).toContain("it lost money over the period), less than buying and holding");
    expect(behind).toContain("it wins less often than a coin flip");
    expect(behind).not.toContain("more often");
  });

  it("name the spec's own risks", () => {
    const risks = (strategy: StrategySpec, jargonFree = true) =>
      explain(strategy, "beginner", jargonFree).sections.find((section) => section.key === "risks")!
        .text;
    expect(risks(mechanismSpecs.momentum)).toContain(
      "A bet on a fall can lose more than was put in",
    );
    expect(risks(mechanismSpecs.momentum)).toContain("The test charged no trading costs");
    expect(risks(mechanismSpecs.momentum)).toContain("Nothing limits the loss of a single trade");
    expect(risks(mechanismSpecs.mean_reversion)).not.toContain("Nothing limits the loss");
    expect(risks(mechanismSpecs.trend_following)).not.toContain("no trading costs");
    // A beginner who is not in jargon-free mode learns the word once.
    expect(risks(mechanismSpecs.trend_following, false)).toContain(
      "worst fall from a peak (called drawdown)",
    );
  });
});
