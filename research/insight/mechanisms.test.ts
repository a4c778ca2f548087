import { describe, expect, it } from "vitest";
import { breakoutCandidates } from "../../engine/scanner/families/breakout.ts";
import { gapCandidates } from "../../engine/scanner/families/gap.ts";
import { meanReversionCandidates } from "../../engine/scanner/families/mean-reversion.ts";
import { momentumCandidates } from "../../engine/scanner/families/momentum.ts";
import type { RuleCandidate } from "../../engine/scanner/families/rule-candidate.ts";
import {
  dayOfWeekCandidates,
  turnOfMonthCandidates,
} from "../../engine/scanner/families/seasonality.ts";
import { volatilityRegimeCandidates } from "../../engine/scanner/families/volatility-regime.ts";
import { parseStrategySpec } from "../../tools/strategy/spec-schema.ts";
import { classifyMechanisms, Mechanism, priceLevelExpressions } from "./mechanisms.ts";

const specOf = (fields: Record<string, unknown>) =>
  parseStrategySpec({ name: "test", universe: ["SPY"], ...fields });

const primaryOf = (fields: Record<string, unknown>) => classifyMechanisms(specOf(fields)).primary;

/** A scanner candidate traded on the side its family is named for. */
const candidateSpec = (candidate: RuleCandidate, side: "long" | "short") =>
  specOf({ entry: candidate.entry, exit: candidate.exit, side });

describe("classifyMechanisms on the scanner's own rules", () => {
  it("names each family's classic form after the family", () => {
    const sideOfSign = (candidate: RuleCandidate) =>
      ["up", "upper", "high", "extreme"].includes(
        String(candidate.parameters.sign ?? candidate.parameters.side),
      )
        ? "long"
        : "short";
    for (const candidate of momentumCandidates())
      expect(classifyMechanisms(candidateSpec(candidate, sideOfSign(candidate))).primary).toBe(
        Mechanism.momentum,
      );
    for (const candidate of breakoutCandidates())
      expect(classifyMechanisms(candidateSpec(candidate, sideOfSign(candidate))).primary).toBe(
        Mechanism.breakout,
      );
    // Mean reversion buys what fell (and sells what rose): a negative return or z-score, long.
    for (const candidate of meanReversionCandidates()) {
      const fell = JSON.stringify(candidate.entry).includes('"lt"');
      expect(classifyMechanisms(candidateSpec(candidate, fell ? "long" : "short")).primary).toBe(
        Mechanism.meanReversion,
      );
    }
    for (const candidate of [...dayOfWeekCandidates(), ...turnOfMonthCandidates()])
      expect(classifyMechanisms(candidateSpec(candidate, "long")).primary).toBe(
        Mechanism.seasonality,
      );
    for (const candidate of gapCandidates())
      expect(classifyMechanisms(candidateSpec(candidate, "long")).primary).toBe(Mechanism.gap);
    for (const candidate of volatilityRegimeCandidates())
      expect(classifyMechanisms(candidateSpec(candidate, "long")).primary).toBe(
        Mechanism.volatility,
      );
  });

  it("keeps the squeeze breakout's volatility condition as a supporting mechanism", () => {
    const squeeze = breakoutCandidates().find((candidate) =>
      JSON.stringify(candidate.entry).includes("natr"),
    )!;
    const reading = classifyMechanisms(candidateSpec(squeeze, "long"));
    expect(reading.mechanisms.map((found) => [found.mechanism, found.role])).toEqual([
      [Mechanism.breakout, "primary"],
      [Mechanism.volatility, "supporting"],
    ]);
  });
});

describe("classifyMechanisms on hand-written rules", () => {
  const sma = (period: number) => ({ sma: { period } });
  const rsi = { rsi: { period: 14 } };

  it("reads moving-average crosses as trend following, against the trend as mean reversion", () => {
    expect(primaryOf({ entry: { crossAbove: [sma(50), sma(200)] } })).toBe(
      Mechanism.trendFollowing,
    );
    expect(primaryOf({ entry: { gt: ["close", sma(200)] } })).toBe(Mechanism.trendFollowing);
    expect(primaryOf({ entry: { lt: [sma(200), "close"] } })).toBe(Mechanism.trendFollowing);
    expect(primaryOf({ entry: { lt: ["close", sma(20)] } })).toBe(Mechanism.meanReversion);
    expect(primaryOf({ entry: { crossBelow: [sma(50), sma(200)] }, side: "short" })).toBe(
      Mechanism.trendFollowing,
    );
  });

  it("reads an oscillator by the side of its middle the threshold is on", () => {
    expect(primaryOf({ entry: { lt: [rsi, 30] } })).toBe(Mechanism.meanReversion);
    expect(primaryOf({ entry: { crossAbove: [rsi, 30] } })).toBe(Mechanism.meanReversion);
    expect(primaryOf({ entry: { gt: [rsi, 70] } })).toBe(Mechanism.momentum);
    expect(primaryOf({ entry: { gt: [rsi, 70] }, side: "short" })).toBe(Mechanism.meanReversion);
    // "Not overbought" alone is a guard, not a bet.
    expect(primaryOf({ entry: { lt: [rsi, 70] } })).toBe(Mechanism.unclassified);
    expect(primaryOf({ entry: { lt: [{ williamsR: {} }, -80] } })).toBe(Mechanism.meanReversion);
  });

  it("buys the dip in an uptrend: mean reversion first, the trend filter supporting", () => {
    const reading = classifyMechanisms(
      specOf({ entry: { lt: [rsi, 30] }, filters: [{ gt: ["close", sma(200)] }] }),
    );
    expect(reading.primary).toBe(Mechanism.meanReversion);
    expect(reading.mechanisms.map((found) => [found.mechanism, found.role])).toEqual([
      [Mechanism.meanReversion, "primary"],
      [Mechanism.trendFollowing, "supporting"],
    ]);
  });

  it("reads bands, trend strength, volume, not, and an always-true entry", () => {
    const upper = { bollinger: { output: "upper" } };
    expect(primaryOf({ entry: { gt: ["close", upper] } })).toBe(Mechanism.breakout);
    expect(primaryOf({ entry: { gt: ["close", upper] }, side: "short" })).toBe(
      Mechanism.meanReversion,
    );
    expect(primaryOf({ entry: { not: { lte: ["close", upper] } } })).toBe(Mechanism.breakout);
    expect(
      primaryOf({ entry: { gt: ["close", { rollingMax: { period: 20, source: "high" } }] } }),
    ).toBe(Mechanism.breakout);
    expect(primaryOf({ entry: { gt: [{ adx: {} }, 25] } })).toBe(Mechanism.trendFollowing);
    expect(primaryOf({ entry: { gt: [{ plusDi: {} }, { minusDi: {} }] } })).toBe(
      Mechanism.trendFollowing,
    );
    expect(
      primaryOf({ entry: { gt: ["volume", { sma: { period: 20, source: "volume" } }] } }),
    ).toBe(Mechanism.volume);
    expect(
      primaryOf({ entry: { gt: [{ macd: { output: "macd" } }, { macd: { output: "signal" } }] } }),
    ).toBe(Mechanism.momentum);
    expect(primaryOf({ entry: true })).toBe(Mechanism.alwaysIn);
    expect(primaryOf({ entry: { gt: [{ obv: {} }, 0] }, filters: [] })).toBe(Mechanism.volume);
  });

  it("gives the same reading every time", () => {
    const fields = { entry: { and: [{ lt: [rsi, 30] }, { gt: ["close", sma(200)] }] } };
    expect(classifyMechanisms(specOf(fields))).toEqual(classifyMechanisms(specOf(fields)));
  });
});

describe("priceLevelExpressions", () => {
  it("lists the price-level lines the rules compare, once each", () => {
    const spec = specOf({
      entry: { crossAbove: [{ sma: { period: 50 } }, { sma: { period: 200 } }] },
      exit: { crossBelow: [{ sma: { period: 50 } }, { sma: { period: 200 } }] },
      filters: [{ lt: [{ rsi: {} }, 70] }, { gt: ["close", { donchian: { output: "upper" } }] }],
    });
    expect(priceLevelExpressions(spec)).toEqual([
      { sma: { period: 50 } },
      { sma: { period: 200 } },
      { donchian: { period: 20, output: "upper" } },
    ]);
  });
});
