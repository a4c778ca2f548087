import { describe, expect, it } from "vitest";
import type { StrategySpec } from "../strategy/spec.ts";
import { runBacktest } from "../strategy/backtest.ts";
import { generateMarket } from "../synthetic/index.ts";
import { complexityLadder, ladderSteps, type LadderLevel } from "./ladder.ts";
import { pickLevel, type LadderPoint } from "./pick-level.ts";
import type { ParameterDomain, ParameterValues } from "./space.ts";
import { bindParameters, templateProblems, type SpecTemplate } from "./template.ts";

const crossover: SpecTemplate = {
  name: "SMA crossover",
  universe: ["AAA"],
  timeframe: "1d",
  side: "long",
  params: { fast: { int: [5, 50], step: 5 }, slow: { int: [60, 200], step: 20 } },
  entry: {
    crossAbove: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  filters: [],
  sizing: { fractionOfEquity: 0.5 },
  costs: { feeBps: 1, slippageBps: 2 },
};

const bars = generateMarket({ symbols: ["AAA"], years: 4, seed: 11 }).bars[0]!;
const backtestOptions = { initialCash: 100_000, startMs: null, endMs: null };

/** Each parameter at the low end, the middle or the high end of its domain (middle: on the step grid, rounded down). */
function valuesAt(
  params: Readonly<Record<string, ParameterDomain>>,
  where: "low" | "mid" | "high",
): ParameterValues {
  const values: ParameterValues = {};
  for (const [name, domain] of Object.entries(params)) {
    if ("categorical" in domain) {
      const choices = domain.categorical;
      values[name] =
        choices[where === "low" ? 0 : where === "high" ? choices.length - 1 : choices.length >> 1]!;
      continue;
    }
    const [low, high] =
      "int" in domain
        ? domain.int
        : "float" in domain
          ? domain.float
          : "logInt" in domain
            ? domain.logInt
            : domain.logFloat;
    const step = "int" in domain ? (domain.step ?? 1) : 0;
    values[name] =
      where === "low"
        ? low
        : where === "high"
          ? high
          : step > 0
            ? low + step * Math.floor((high - low) / step / 2)
            : (low + high) / 2;
  }
  return values;
}

const ladder = complexityLadder(crossover);

describe("complexityLadder from a plain crossover", () => {
  it("climbs at least 10 levels, level 0 being the base as given", () => {
    expect(ladder.length).toBeGreaterThanOrEqual(10);
    expect(ladder.map((level) => level.level)).toEqual(ladder.map((_, index) => index));
    expect(ladder[0]!.template).toEqual(crossover);
    expect(ladder[0]!.name).toBe("base");
    // Every step applies to this base: nothing is skipped.
    expect(ladder).toHaveLength(ladderSteps.length + 1);
  });

  it("measures the base by hand", () => {
    // Two parameters; one condition (the cross); SMA(200) has TA-Lib lookback 199; no intrabar orders.
    expect(ladder[0]!.complexity).toEqual({
      parameters: 2,
      rules: 1,
      lookbackBars: 199,
      executionNeeds: 0,
      score: 3,
    });
    expect(ladder[0]!.interpretability).toBeCloseTo(7 / 10, 12);
    // The top level: NATR(14) (lookback 14) under a 250-bar z-score (lookback 249) is the longest.
    const top = ladder.at(-1)!;
    expect(top.complexity.lookbackBars).toBe(14 + 249);
    expect(top.complexity.executionNeeds).toBe(3);
  });

  it("rises strictly in complexity and falls in interpretability", () => {
    for (let k = 1; k < ladder.length; k++) {
      const [below, level] = [ladder[k - 1]!, ladder[k]!];
      expect(level.complexity.score, level.name).toBeGreaterThan(below.complexity.score);
      expect(level.complexity.parameters).toBeGreaterThanOrEqual(below.complexity.parameters);
      expect(level.complexity.lookbackBars).toBeGreaterThanOrEqual(below.complexity.lookbackBars);
      expect(level.interpretability).toBeLessThan(below.interpretability);
      expect(level.interpretability).toBeGreaterThan(0);
      expect(level.added.length).toBeGreaterThan(20);
    }
    const stops = ["ATR stop loss", "take profit", "trailing stop"];
    for (const level of ladder)
      expect(level.complexity.executionNeeds).toBe(
        ladder.slice(1, level.level + 1).filter((step) => stops.includes(step.name)).length,
      );
  });

  it("is cumulative: each level keeps everything the one below has", () => {
    for (let k = 1; k < ladder.length; k++) expectContains(ladder[k]!, ladder[k - 1]!);
  });

  it("declares each parameter once, new names for new ones, and uses them all", () => {
    for (const level of ladder) expect(templateProblems(level.template), level.name).toEqual([]);
    for (let k = 1; k < ladder.length; k++) {
      const before = Object.keys(ladder[k - 1]!.template.params);
      const added = Object.keys(ladder[k]!.template.params).filter(
        (name) => !before.includes(name),
      );
      // The take profit and trailing stop share the stop loss's ATR period.
      if (["exit on the opposite signal", "take profit", "trailing stop"].includes(ladder[k]!.name))
        expect(added.length, ladder[k]!.name).toBeLessThanOrEqual(1);
      else expect(added.length, ladder[k]!.name).toBeGreaterThanOrEqual(1);
    }
  });

  it("binds and backtests every level at low, middle and high parameters", () => {
    const exitReasons = new Set<string>();
    for (const level of ladder)
      for (const where of ["low", "mid", "high"] as const) {
        const spec = bindParameters(
          level.template,
          valuesAt(level.template.params, where),
        ) as unknown as StrategySpec;
        const run = runBacktest(spec, [bars], backtestOptions);
        expect(run.simulation.equity).toHaveLength(bars.close.length);
        expect(Number.isFinite(run.metrics.finalEquity), `${level.name} at ${where}`).toBe(true);
        for (const trade of run.simulation.trades) exitReasons.add(trade.exitReason);
      }
    // The ladder's exits do fire somewhere.
    expect([...exitReasons].sort()).toEqual([
      "signal",
      "stopLoss",
      "takeProfit",
      "timeExit",
      "trailingStop",
    ]);
    // The base opens one position and holds it; with the opposite exit it trades in and out.
    const bindAtMid = (level: LadderLevel) =>
      bindParameters(
        level.template,
        valuesAt(level.template.params, "mid"),
      ) as unknown as StrategySpec;
    const base = runBacktest(bindAtMid(ladder[0]!), [bars], backtestOptions).simulation;
    expect(base.trades.length + base.openPositions.length).toBe(1);
    expect(
      runBacktest(bindAtMid(ladder[1]!), [bars], backtestOptions).metrics.trades,
    ).toBeGreaterThan(1);
  });
});

function expectContains(level: LadderLevel, below: LadderLevel): void {
  const [now, before] = [level.template, below.template];
  for (const [name, domain] of Object.entries(before.params))
    expect(now.params[name]).toEqual(domain);
  expect(now.entry).toEqual(before.entry);
  for (const field of [
    "exit",
    "stopLoss",
    "takeProfit",
    "trailingStop",
    "timeExit",
    "costs",
    "universe",
    "side",
  ])
    if (before[field] !== undefined)
      expect(now[field], `${level.name}: ${field}`).toEqual(before[field]);
  const filtersBefore = (before.filters ?? []) as unknown[];
  expect((now.filters as unknown[]).slice(0, filtersBefore.length)).toEqual(filtersBefore);
  const sizingBefore = before.sizing as { fractionOfEquity?: unknown };
  const sizingNow = now.sizing as { volatilityTarget?: { maxFractionOfEquity: unknown } };
  if (sizingNow.volatilityTarget && !("volatilityTarget" in sizingBefore))
    expect(sizingNow.volatilityTarget.maxFractionOfEquity).toEqual(sizingBefore.fractionOfEquity);
  else expect(sizingNow).toEqual(sizingBefore);
}

describe("complexityLadder from other bases", () => {
  it("does not give a base with its own stop a second one", () => {
    const withStop: SpecTemplate = {
      ...crossover,
      params: { ...crossover.params, stopPercent: { float: [1, 10] } },
      stopLoss: { percent: { param: "stopPercent" } },
    };
    const levels = complexityLadder(withStop);
    expect(levels.map((level) => level.name)).not.toContain("ATR stop loss");
    expect(levels).toHaveLength(ladderSteps.length);
    for (const level of levels) {
      expect(level.template.stopLoss).toEqual({ percent: { param: "stopPercent" } });
      expect(level.template.params).not.toHaveProperty("stopAtrMultiple");
      expect(templateProblems(level.template)).toEqual([]);
    }
    expect(levels[0]!.added).toMatch(/already has a stop loss/);
    // The take profit still comes, with its own ATR period.
    expect(levels.find((level) => level.name === "take profit")!.template.takeProfit).toEqual({
      atrMultiple: { param: "takeProfitAtrMultiple" },
      atrPeriod: { param: "atrPeriod" },
    });
    for (let k = 1; k < levels.length; k++) {
      expect(levels[k]!.complexity.score).toBeGreaterThan(levels[k - 1]!.complexity.score);
      expectContains(levels[k]!, levels[k - 1]!);
    }
  });

  it("mirrors the filters for a short base and renames a taken parameter", () => {
    const short: SpecTemplate = {
      ...crossover,
      side: "short",
      params: { ...crossover.params, trendPeriod: { int: [10, 30] } },
      entry: {
        and: [
          {
            crossBelow: [
              { sma: { period: { param: "fast" } } },
              { sma: { period: { param: "slow" } } },
            ],
          },
          { lt: ["close", { ema: { period: { param: "trendPeriod" } } }] },
        ],
      },
    };
    const levels = complexityLadder(short);
    const byName = (name: string) => levels.find((level) => level.name === name)!.template;
    expect(byName("exit on the opposite signal").exit).toEqual({
      or: [
        {
          crossAbove: [
            { sma: { period: { param: "fast" } } },
            { sma: { period: { param: "slow" } } },
          ],
        },
        { gt: ["close", { ema: { period: { param: "trendPeriod" } } }] },
      ],
    });
    const trend = byName("trend filter");
    expect(trend.params.trendPeriod2).toEqual({ int: [50, 250], step: 10 });
    expect((trend.filters as unknown[]).at(-1)).toEqual({
      lt: ["close", { sma: { period: { param: "trendPeriod2" } } }],
    });
    expect((byName("RSI confirmation").filters as unknown[]).at(-1)).toEqual({
      and: [
        { lt: [{ rsi: { period: 14 } }, { sub: [100, { param: "rsiFloor" }] }] },
        { gt: [{ rsi: { period: 14 } }, { sub: [100, { param: "rsiCeiling" }] }] },
      ],
    });
    for (const level of levels) {
      expect(templateProblems(level.template)).toEqual([]);
      for (const where of ["low", "mid", "high"] as const) {
        const spec = bindParameters(
          level.template,
          valuesAt(level.template.params, where),
        ) as unknown as StrategySpec;
        expect(() => runBacktest(spec, [bars], backtestOptions), level.name).not.toThrow();
      }
    }
  });

  it("builds the opposite exit operator by operator", () => {
    const momentum = { roc: { period: 10 } };
    const entry = {
      and: [
        { gt: [momentum, 0] },
        { gte: ["close", { ema: { period: 20 } }] },
        { not: { lte: [{ adx: { period: 14 } }, 20] } },
        { or: [{ crossAbove: ["close", 100] }, { lt: [{ rsi: { period: 14 } }, 30] }] },
      ],
    };
    const [, level] = complexityLadder(
      { ...crossover, params: {}, entry },
      { steps: ["oppositeExit"] },
    );
    expect(level!.template.exit).toEqual({
      or: [
        { lt: [momentum, 0] },
        { lte: ["close", { ema: { period: 20 } }] },
        { lte: [{ adx: { period: 14 } }, 20] },
        { and: [{ crossBelow: ["close", 100] }, { gt: [{ rsi: { period: 14 } }, 30] }] },
      ],
    });
  });

  it("skips the opposite exit of an always-true entry and follows the steps given", () => {
    const hold: SpecTemplate = { ...crossover, params: {}, entry: true };
    const levels = complexityLadder(hold, { steps: ["timeExit", "trendFilter", "oppositeExit"] });
    expect(levels.map((level) => level.name)).toEqual(["base", "time exit", "trend filter"]);
    expect(levels[0]!.added).toMatch(/always true/);
    expect(levels[0]!.complexity).toEqual({
      parameters: 0,
      rules: 0,
      lookbackBars: 0,
      executionNeeds: 0,
      score: 0,
    });
    expect(levels[0]!.interpretability).toBe(1);
  });

  it("refuses a base it cannot climb from", () => {
    expect(() => complexityLadder({ ...crossover, params: { fast: { int: [5, 50] } } })).toThrow(
      /the base template: .*does not declare slow/,
    );
    expect(() =>
      complexityLadder({
        ...crossover,
        side: { param: "side" },
        params: { ...crossover.params, side: { categorical: ["long", "short"] } },
      }),
    ).toThrow(/needs a fixed `side`/);
    expect(() => complexityLadder(crossover, { steps: ["stopLoss", "stopLoss"] })).toThrow(
      /listed twice/,
    );
    expect(() => complexityLadder(crossover, { steps: ["martingale" as "stopLoss"] })).toThrow(
      /unknown ladder step "martingale"/,
    );
  });
});

describe("pickLevel", () => {
  // In sample keeps rising with complexity; out of sample peaks at level 3 and falls.
  const curve: LadderPoint[] = [
    { level: 0, complexity: 3, inSample: 0.5, outOfSample: 0.3 },
    { level: 1, complexity: 4, inSample: 0.7, outOfSample: 0.5 },
    { level: 2, complexity: 6, inSample: 0.9, outOfSample: 0.6 },
    { level: 3, complexity: 8, inSample: 1.1, outOfSample: 0.9 },
    { level: 4, complexity: 11, inSample: 1.3, outOfSample: 0.7 },
    { level: 5, complexity: 15, inSample: 1.5, outOfSample: 0.5 },
    { level: 6, complexity: 18, inSample: 1.7, outOfSample: 0.2 },
  ];

  it("picks the out-of-sample peak when nothing simpler is close", () => {
    // Default tolerance: 10% of 0.9 = 0.09; only level 3 reaches 0.81.
    const pick = pickLevel(curve);
    expect(pick.level).toBe(3);
    expect(pick.reason).toMatch(/level 3 has the best out-of-sample objective, 0.9/);
    expect(pick.reason).toMatch(/3 more complex levels/);
    expect(pick.reason).toMatch(
      /In sample the best is level 6 \(1.7\), but out of sample it reaches only 0.2/,
    );
    // The order of the points does not matter.
    expect(pickLevel([...curve].reverse())).toEqual(pick);
  });

  it("picks the simplest level within the tolerance", () => {
    // 0.9 − 0.35 = 0.55: level 2 (0.6) is the simplest that reaches it.
    const pick = pickLevel(curve, 0.35);
    expect(pick.level).toBe(2);
    expect(pick.reason).toMatch(
      /level 2 is the simplest .* 0.6, is within 0.35 .* of the best, 0.9 at level 3/,
    );
    expect(pickLevel(curve, 0.7).level).toBe(0);
    expect(pickLevel(curve, 0).level).toBe(3);
  });

  it("takes the best level's standard error as the default tolerance", () => {
    const withError = (error: number) =>
      curve.map((point) =>
        point.level === 3 ? { ...point, outOfSampleStandardError: error } : point,
      );
    // 0.9 − 0.25 = 0.65 > 0.6: still level 3; 0.9 − 0.31 = 0.59 <= 0.6: level 2.
    expect(pickLevel(withError(0.25)).level).toBe(3);
    const pick = pickLevel(withError(0.31));
    expect(pick.level).toBe(2);
    expect(pick.reason).toMatch(/one standard error/);
  });

  it("leaves out failed levels and says when all failed", () => {
    const failedPeak = curve.map((point) =>
      point.level === 3 ? { ...point, outOfSample: NaN } : point,
    );
    // Best is now level 4 (0.7); within 0.07 nothing simpler: 0.6 < 0.63.
    expect(pickLevel(failedPeak).level).toBe(4);
    const allFailed = curve.map((point) => ({ ...point, outOfSample: NaN }));
    expect(pickLevel(allFailed)).toEqual({
      level: 0,
      reason: expect.stringMatching(/no level has a finite out-of-sample objective/),
    });
    expect(() => pickLevel([])).toThrow(/at least one/);
    expect(() => pickLevel(curve, -0.1)).toThrow(/`tolerance`/);
  });
});
