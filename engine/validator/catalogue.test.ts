import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Market } from "../calendar/sessions.ts";
import { generateMarket } from "../synthetic/index.ts";
import { ValidationContext } from "./context.ts";
import { metricCatalogue, metricNames } from "./metrics.ts";
import { builtInRules } from "./rules/index.ts";
import { validateStrategy } from "./runner.ts";
import { barsAt, dailyTimes, specOf, walkCloses } from "./test-markets.ts";
import { ruleFamilies, severities, type ValidationInput } from "./types.ts";

const options = { initialCash: 100_000, startMs: null, endMs: null };
const crossover = (universe: string[]) =>
  specOf(
    universe,
    { crossAbove: [{ sma: { period: 10 } }, { sma: { period: 30 } }] },
    { crossBelow: [{ sma: { period: 10 } }, { sma: { period: 30 } }] },
    {
      sizing: { fractionOfEquity: 1 / universe.length },
      stopLoss: { atrMultiple: 3, atrPeriod: 14 },
    },
  );

/** Two years of SPY, EUR/USD, BTC/USD and one MES contract, with every optional input given. */
function ordinaryInputs(): ValidationInput[] {
  const market = generateMarket({
    seed: 5,
    years: 2,
    symbols: ["SPY", "EUR/USD", "BTC/USD", "MES"],
  });
  const contract = market.bars
    .filter((series) => series.symbol.startsWith("MES"))
    .reduce((longest, series) => (series.close.length > longest.close.length ? series : longest));
  const bars = [...market.bars.slice(0, 3), contract];
  const universe = bars.map((series) => series.symbol);
  const markets: Market[] = ["NYSE", "FX", "CRYPTO", "CME"];
  const spy = bars[0]!;
  const days = spy.timestampMs.length;
  const many: ValidationInput = {
    spec: crossover(universe),
    bars,
    markets,
    options,
    seed: 9,
    trials: {
      count: 20,
      sharpes: Float64Array.from({ length: 20 }, (_, k) => 0.01 * (k - 10)),
      matrix: {
        rows: days,
        columns: 4,
        values: Float64Array.from({ length: days * 4 }, (_, k) => 0.001 * Math.sin(k * 1.7)),
      },
    },
    neighbours: [
      {
        label: "fast 8",
        spec: {
          ...crossover(universe),
          entry: { crossAbove: [{ sma: { period: 8 } }, { sma: { period: 30 } }] },
        },
      },
    ],
    liveReturns: [
      {
        name: "live",
        timestampMs: spy.timestampMs,
        returns: Float64Array.from({ length: days }, (_, k) => 0.002 * Math.cos(k)),
      },
    ],
    account: { equity: 50_000 },
    corporateActions: [{ symbol: "SPY", exDateMs: spy.timestampMs[100]!, kind: "dividend" }],
    futures: [{ symbol: contract.symbol, multiplier: 5, continuous: false }],
  };
  const times = dailyTimes("NYSE", "2022-01-03", 300);
  const single: ValidationInput = {
    spec: crossover(["AAA"]),
    bars: [barsAt("AAA", times, walkCloses(times.length, 2))],
    markets: ["NYSE"],
    options,
    seed: 1,
  };
  return [many, single];
}

describe("the rule catalogue", () => {
  it("has at least 100 rules with unique kebab-case ids, a title and a severity", () => {
    expect(builtInRules.length).toBeGreaterThanOrEqual(100);
    const ids = builtInRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of builtInRules) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.length).toBeGreaterThan(5);
      expect(severities).toContain(rule.severity);
    }
  });

  it("covers every family of the issue", () => {
    const present = new Set(builtInRules.map((rule) => rule.family));
    for (const family of ruleFamilies.filter((family) => family !== "custom"))
      expect(present).toContain(family);
  });

  it("runs every rule on small ordinary inputs without throwing, each with a message", () => {
    for (const input of ordinaryInputs()) {
      const context = new ValidationContext(input);
      for (const rule of builtInRules) {
        const outcome = rule.check(context);
        expect(["pass", "warn", "fail", "skip"], rule.id).toContain(outcome.status);
        expect(outcome.message.length, rule.id).toBeGreaterThan(20);
        if (outcome.value !== undefined) expect(Number.isNaN(outcome.value), rule.id).toBe(false);
      }
    }
  });

  it("reports every rule, never throwing, on odd data", () => {
    const times = dailyTimes("NYSE", "2022-01-03", 3);
    const tiny = barsAt("AAA", times, [100, 101, 102]);
    const broken = barsAt("AAA", dailyTimes("NYSE", "2022-01-03", 50), walkCloses(50, 1));
    broken.close[10] = Number.NaN;
    const flat = barsAt(
      "AAA",
      dailyTimes("NYSE", "2022-01-03", 60),
      new Array<number>(60).fill(100),
      0,
    );
    const odd: ValidationInput[] = [
      { spec: crossover(["AAA"]), bars: [tiny], markets: ["NYSE"], options, seed: 1 },
      { spec: crossover(["AAA"]), bars: [], markets: [], options, seed: 1 },
      { spec: crossover(["AAA", "BBB"]), bars: [tiny], markets: ["NYSE"], options, seed: 1 },
      { spec: crossover(["AAA"]), bars: [broken], markets: ["NYSE"], options, seed: 1 },
      { spec: crossover(["AAA"]), bars: [flat], markets: ["NYSE"], options, seed: 1.5 },
    ];
    for (const input of odd) {
      const report = validateStrategy(input);
      expect(report.rules.map((rule) => rule.id)).toEqual(builtInRules.map((rule) => rule.id));
      expect(report.verdict).not.toBe("pass");
    }
  });

  it("documents at least 30 metrics, and a report carries each of them", () => {
    expect(metricNames.length).toBeGreaterThanOrEqual(30);
    expect(new Set(metricNames).size).toBe(metricNames.length);
    for (const metric of metricCatalogue) {
      expect(metric.name).toMatch(/^[a-z0-9_]+$/);
      expect(metric.description.length).toBeGreaterThan(15);
    }
    const report = validateStrategy(ordinaryInputs()[1]!);
    expect(Object.keys(report.metrics).sort()).toEqual([...metricNames].sort());
  });

  it("is listed in the README, exactly", () => {
    const readme = readFileSync(join(import.meta.dirname, "README.md"), "utf8");
    const listed = [...readme.matchAll(/^- `([a-z0-9-]+)`/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(builtInRules.map((rule) => rule.id).sort());
  });
});
