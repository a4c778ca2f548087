import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { RegimeName } from "../../engine/validator/analysis/regimes.ts";
import type { ExplanationLevel } from "../../tools/ports/insight.ts";
import type { Fact } from "./explanation-facts.ts";
import { mechanismTexts } from "./mechanism-texts.ts";
import type { MechanismReading } from "./mechanisms.ts";
import { totalReturnMeaning, winRateMeaning } from "./metric-readings.ts";
import { voiceOf, type Voice } from "./voice.ts";

export const sectionKeys = [
  "rules",
  "exploits",
  "why",
  "works",
  "fails",
  "risks",
  "evidence",
] as const;
export type SectionKey = (typeof sectionKeys)[number];

export interface Section {
  key: SectionKey;
  title: string;
  text: string;
}

const titles: Record<"plain" | "technical", Record<SectionKey, string>> = {
  plain: {
    rules: "What it does",
    exploits: "What it tries to profit from",
    why: "Why that can work",
    works: "When it works",
    fails: "When it fails",
    risks: "Risks",
    evidence: "What the test on past prices showed",
  },
  technical: {
    rules: "Rules",
    exploits: "Inefficiency exploited",
    why: "Why it exists",
    works: "When it works",
    fails: "When it fails",
    risks: "Risks",
    evidence: "Evidence",
  },
};

const timeframeWords: Record<string, string> = {
  "1m": "one-minute",
  "5m": "five-minute",
  "15m": "fifteen-minute",
  "1h": "hourly",
  "1d": "daily",
};

export interface ExplanationRequest {
  spec: StrategySpec;
  reading: MechanismReading;
  facts: readonly Fact[];
  level: ExplanationLevel;
  jargonFree: boolean;
}

/**
 * The explanation's sections as templates: numbers appear only as `{fact}` placeholders, and
 * each mechanism is explained by its fixed text (mechanism-texts.ts), so the same strategy and
 * facts always give the same words. The level decides how many numbers are shown, the voice
 * (plain for beginners and in jargon-free mode) how things are named.
 */
export function draftExplanation(request: ExplanationRequest): Section[] {
  return new Draft(request).sections();
}

class Draft {
  private readonly voice: Voice;
  private readonly facts: Map<string, Fact>;

  constructor(private readonly request: ExplanationRequest) {
    this.voice = voiceOf(request.level, request.jargonFree);
    this.facts = new Map(request.facts.map((fact) => [fact.name, fact]));
  }

  sections(): Section[] {
    const text = mechanismTexts[this.request.reading.primary][this.voice];
    const bodies: Record<SectionKey, string[]> = {
      rules: this.rules(),
      exploits: this.exploits(),
      why: [text.why],
      works: [text.works, ...this.regimeSentence("best")],
      fails: [text.fails, ...this.regimeSentence("worst")],
      risks: [text.risks, ...this.specRisks(), ...this.drawdownSentence()],
      evidence: this.evidence(),
    };
    const names = titles[this.voice === "plain" ? "plain" : "technical"];
    return sectionKeys.map((key) => ({ key, title: names[key], text: bodies[key].join(" ") }));
  }

  private has(name: string): boolean {
    return this.facts.has(name);
  }

  private value(name: string): number {
    return this.facts.get(name)!.value as number;
  }

  /** Plain words, with the term named once for a beginner who may meet it elsewhere. */
  private term(plain: string, jargon: string): string {
    if (this.voice !== "plain") return jargon;
    return this.request.jargonFree ? plain : `${plain} (called ${jargon})`;
  }

  private rules(): string[] {
    const { spec } = this.request;
    const subject = this.request.jargonFree ? "This strategy" : "{strategy.name}";
    const prices = this.voice === "plain" ? "prices" : "bars";
    const lines = [
      `${subject} trades {strategy.universe} on ${timeframeWords[spec.timeframe] ?? "its"} ${prices}.`,
      "{rules.entry}",
      "{rules.exit}",
    ];
    if (this.has("rules.protection")) lines.push("{rules.protection}");
    return lines;
  }

  private exploits(): string[] {
    const { reading } = this.request;
    const primary = mechanismTexts[reading.primary][this.voice];
    const label = this.voice === "plain" ? "In short" : "Mechanism";
    return [
      `${label}: ${primary.name}.`,
      primary.exploits,
      ...reading.mechanisms
        .filter((found) => found.role === "supporting")
        .map((found) => mechanismTexts[found.mechanism][this.voice].supports),
    ];
  }

  private regimePhrase(regime: RegimeName): string {
    const phrases: Record<Voice, Record<RegimeName, string>> = {
      plain: {
        bull: "while {regime.reference} was in a longer rise",
        bear: "while {regime.reference} was in a longer fall",
        highVolatility: "while {regime.reference} swung wildly",
        lowVolatility: "while {regime.reference} was calm",
      },
      standard: {
        bull: "in uptrends of {regime.reference}",
        bear: "in downtrends of {regime.reference}",
        highVolatility: "when {regime.reference} was volatile",
        lowVolatility: "when {regime.reference} was calm",
      },
      expert: {
        bull: "in the bull regime ({regime.reference} above its {regime.trendWindow}-bar SMA)",
        bear: "in the bear regime ({regime.reference} below its {regime.trendWindow}-bar SMA)",
        highVolatility: "in the high-volatility regime of {regime.reference}",
        lowVolatility: "in the low-volatility regime of {regime.reference}",
      },
    };
    return phrases[this.voice][regime];
  }

  /**
   * The regime the strategy did best (or worst) in, when the test saw two or more: judged
   * against buying and holding in the same days where every regime has that, since a regime
   * that lifted everything says little about the rules.
   */
  private regimeSentence(which: "best" | "worst"): string[] {
    const regimes = (["bull", "bear", "highVolatility", "lowVolatility"] as const).filter(
      (regime) => this.has(`regime.${regime}.strategy`),
    );
    if (regimes.length < 2) return [];
    const relative = regimes.every((regime) => this.has(`regime.${regime}.market`));
    const returnOf = (regime: RegimeName) =>
      this.value(`regime.${regime}.strategy`) -
      (relative ? this.value(`regime.${regime}.market`) : 0);
    const pick = regimes.reduce((chosen, regime) =>
      which === "best"
        ? returnOf(regime) > returnOf(chosen)
          ? regime
          : chosen
        : returnOf(regime) < returnOf(chosen)
          ? regime
          : chosen,
    );
    const market = this.has(`regime.${pick}.market`)
      ? `, against {regime.${pick}.market} for buying and holding`
      : "";
    const test = this.voice === "plain" ? "In the test it did" : "In the backtest it did";
    return [
      `${test} ${which} ${this.regimePhrase(pick)}: {regime.${pick}.strategy} over {regime.${pick}.days} days${market}.`,
    ];
  }

  private specRisks(): string[] {
    const { spec } = this.request;
    const plain = this.voice === "plain";
    const risks: string[] = [];
    if (!spec.stopLoss && !spec.trailingStop)
      risks.push(
        plain
          ? "Nothing limits the loss of a single trade except its exit rule."
          : "No stop loss: a single trade's loss is capped only by the exit rule.",
      );
    if (spec.side === "short")
      risks.push(
        plain
          ? "A bet on a fall can lose more than was put in, because a price can rise without limit."
          : "Short positions have unbounded losses and need shares to borrow.",
      );
    if (spec.costs.feeBps === 0 && spec.costs.slippageBps === 0)
      risks.push(
        plain
          ? "The test charged no trading costs, so real results would be lower."
          : "No fees or slippage are modelled: live results will be worse.",
      );
    if (spec.universe.length === 1)
      risks.push(
        plain
          ? "It trades a single market, so nothing spreads the risk."
          : "A single instrument: no diversification.",
      );
    return risks;
  }

  private drawdownSentence(): string[] {
    if (!this.has("backtest.maxDrawdown")) return [];
    const fall = this.term("worst fall from a peak", "drawdown");
    return this.voice === "plain"
      ? [
          `In the test its ${fall} was {backtest.maxDrawdown}, against {buyAndHold.maxDrawdown} for buying and holding.`,
        ]
      : [
          `Maximum ${fall} in the backtest: {backtest.maxDrawdown} (buy and hold: {buyAndHold.maxDrawdown}).`,
        ];
  }

  private evidence(): string[] {
    const plain = this.voice === "plain";
    if (!this.has("backtest.totalReturn"))
      return [
        plain
          ? "No prices are stored for {strategy.universe}, so there are no test results to show: add its price history and ask again."
          : "No bars are stored for {strategy.universe}, so there are no backtest numbers: import bars and explain it again.",
        ...this.validation(),
      ];
    const own = this.value("backtest.totalReturn");
    const market = this.value("buyAndHold.totalReturn");
    const compared = own > market ? "more than" : own < market ? "less than" : "the same as";
    const sentences = [
      plain
        ? `Tested on past prices from {backtest.start} to {backtest.end}, it returned {backtest.totalReturn} (it ${totalReturnMeaning(own)}), ${compared} buying and holding {strategy.universe}, which returned {buyAndHold.totalReturn}.`
        : `Backtest from {backtest.start} to {backtest.end}: total return {backtest.totalReturn}, ${compared} buy and hold's {buyAndHold.totalReturn}.`,
    ];
    sentences.push(
      this.has("backtest.winRate")
        ? `It won {backtest.winRate} of its {backtest.trades} closed trades: it ${winRateMeaning(this.value("backtest.winRate"))}.`
        : "It closed no trades in that time.",
    );
    if (this.request.level !== "beginner" && this.has("backtest.cagr"))
      sentences.push(
        plain
          ? "On average that is {backtest.cagr} a year, compounded."
          : "Annual return: {backtest.cagr}.",
      );
    if (this.request.level === "expert") sentences.push(...this.expertNumbers());
    return [...sentences, ...this.validation()];
  }

  private expertNumbers(): string[] {
    if (this.voice === "plain") return ["It was invested {backtest.exposure} of the time."];
    const parts = [
      ...(this.has("backtest.sharpe") ? ["Sharpe ratio {backtest.sharpe}"] : []),
      ...(this.has("backtest.profitFactor") ? ["profit factor {backtest.profitFactor}"] : []),
      "time in the market {backtest.exposure}",
    ];
    return [`Also: ${parts.join(", ")}.`];
  }

  private validation(): string[] {
    const plain = this.voice === "plain";
    if (!this.has("validation.verdict"))
      return [
        plain
          ? "It has not been through the safety checks yet: ask to validate it."
          : "No validation report is stored yet: run validate_strategy.",
      ];
    const verdict = this.facts.get("validation.verdict")!.value;
    const counts =
      "{validation.passed} checks passed, {validation.warned} warned and {validation.failed} failed";
    const outcome = plain
      ? {
          pass: "It passed the safety checks",
          warn: "The safety checks raised warnings",
          fail: "It failed at least one critical safety check",
        }
      : {
          pass: "Validation passed",
          warn: "Validation warned",
          fail: "Validation failed on a critical rule",
        };
    const sentences = [
      `${outcome[verdict as keyof typeof outcome]} (report {validation.version}: ${counts}).`,
    ];
    if (this.request.level === "expert" && !plain && this.has("validation.failedRules"))
      sentences.push("Failed rules: {validation.failedRules}.");
    return sentences;
  }
}

const placeholder = /\{([A-Za-z.]+)\}/g;

/** A template with each `{fact}` replaced by the fact's text; an unknown name is a bug. */
export function renderTemplate(template: string, facts: readonly Fact[]): string {
  const byName = new Map(facts.map((fact) => [fact.name, fact.text]));
  return template.replace(placeholder, (_, name: string) => {
    const text = byName.get(name);
    if (text === undefined) throw new Error(`the explanation cites an unknown fact {${name}}`);
    return text;
  });
}

/** The names a template cites. */
export function citedFacts(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1]!);
}

/** The sections as one text: each title on its own line, a blank line between sections. */
export function joinSections(sections: readonly Pick<Section, "title" | "text">[]): string {
  return sections.map((section) => `${section.title}\n${section.text}`).join("\n\n");
}
