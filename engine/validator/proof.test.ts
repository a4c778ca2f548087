import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random.ts";
import { plantedMarket } from "../scanner/planted-market.ts";
import { runBacktest } from "../strategy/backtest.ts";
import { ExpressionEvaluator } from "../strategy/expressions.ts";
import type { StrategySpec } from "../strategy/spec.ts";
import { sharpeMoments } from "../validation/sharpe-inference.ts";
import { validateStrategy } from "./runner.ts";
import { barsAt, dailyTimes, randomRuleSpec, specOf, walkCloses } from "./test-markets.ts";
import type { ValidationReport } from "./types.ts";

const options = { initialCash: 100_000, startMs: null, endMs: null };
const statusOf = (report: ValidationReport, id: string) =>
  report.rules.find((rule) => rule.id === id)?.status;

describe("the issue's proof: a planted effect passes, the best of 1000 random rules on noise fails", () => {
  it("passes (at most warns) a momentum rule trading a planted momentum symbol", () => {
    const market = plantedMarket({
      seed: 7,
      symbols: 30,
      momentum: 2,
      reversal: 0,
      pairs: 0,
      weekday: 0,
    });
    const symbol = market.effects.find((effect) => effect.pattern === "momentum")!.symbols[0]!;
    const bars = market.bars.find((series) => series.symbol === symbol)!;
    // Time-series momentum as the scanner's momentum family writes it: long while the 20-bar return is positive.
    const momentum = (period: number) =>
      specOf([symbol], { gt: [{ roc: { period } }, 0] }, { lte: [{ roc: { period } }, 0] });
    const report = validateStrategy({
      spec: momentum(20),
      bars: [bars],
      markets: ["NYSE"],
      options,
      seed: 11,
      neighbours: [15, 25].map((period) => ({ label: `roc ${period}`, spec: momentum(period) })),
    });
    expect(report.verdict).not.toBe("fail");
    const criticalSignificanceFailures = report.rules.filter(
      (rule) =>
        rule.family === "significance" && rule.severity === "critical" && rule.status === "fail",
    );
    expect(criticalSignificanceFailures).toEqual([]);
    expect(statusOf(report, "significance-t-stat")).toBe("pass");
    expect(statusOf(report, "lookahead-truncated-signals")).toBe("pass");
    expect(statusOf(report, "robustness-neighbour-plateau")).toBe("pass");
  });

  it("passes outright the same effect traded at a fixed size with realistic costs on trading days", () => {
    const market = plantedMarket({
      seed: 7,
      symbols: 30,
      momentum: 2,
      reversal: 0,
      pairs: 0,
      weekday: 0,
    });
    const symbol = market.effects.find((effect) => effect.pattern === "momentum")!.symbols[0]!;
    const raw = market.bars.find((series) => series.symbol === symbol)!;
    // The planted market's weekdays include NYSE holidays; the same bars on NYSE trading days.
    const times = Float64Array.from(dailyTimes("NYSE", "2019-01-02", raw.close.length));
    const bars = { ...raw, timestampMs: times };
    const momentum = (period: number): StrategySpec => ({
      ...specOf([symbol], { gt: [{ roc: { period } }, 0] }, { lte: [{ roc: { period } }, 0] }),
      sizing: { fixedNotional: 20_000 },
      costs: { feeBps: 1, slippageBps: 3 },
    });
    const report = validateStrategy({
      spec: momentum(10),
      bars: [bars],
      markets: ["NYSE"],
      options,
      seed: 11,
      // One spec, written down before looking: no search to deflate.
      trials: { count: 1 },
      neighbours: [5, 15].map((period) => ({ label: `roc ${period}`, spec: momentum(period) })),
    });
    const objections = report.rules.filter(
      (rule) => rule.severity !== "info" && (rule.status === "warn" || rule.status === "fail"),
    );
    expect(objections).toEqual([]);
    expect(report.verdict).toBe("pass");
  });

  // Three seeds chosen before looking at the results: PBO of a no-skill search scatters widely
  // (about 0.5 ± 0.15), so one seed alone would say little about the rule.
  it.each([1, 2, 3])(
    "fails the best by Sharpe of 1000 random-rule strategies on random walks (seed %i)",
    (seed) => {
      const uniform = mulberry32(seed);
      const times = dailyTimes("NYSE", "2019-01-02", 1260);
      const walks = Array.from({ length: 10 }, (_, k) =>
        barsAt(`RW${k}`, times, walkCloses(times.length, seed * 1000 + k)),
      );
      const evaluators = walks.map((bars) => new ExpressionEvaluator(bars));
      const trials = 1000;
      const rows = times.length - 1;
      const matrix = new Float64Array(rows * trials);
      const sharpes = new Float64Array(trials);
      let best = { sharpe: -Infinity, spec: null as StrategySpec | null, walk: 0 };
      for (let trial = 0; trial < trials; trial++) {
        const walk = Math.floor(uniform() * walks.length);
        const spec = randomRuleSpec(uniform, walks[walk]!.symbol);
        const { equity } = runBacktest(spec, [walks[walk]!], options, [
          evaluators[walk]!,
        ]).simulation;
        const returns = new Float64Array(rows);
        for (let row = 0; row < rows; row++) {
          returns[row] = equity[row + 1]! / equity[row]! - 1;
          matrix[row * trials + trial] = returns[row]!;
        }
        const varies = returns.some((value) => value !== returns[0]);
        sharpes[trial] = varies ? sharpeMoments(returns).sharpe : 0;
        if (sharpes[trial]! > best.sharpe) best = { sharpe: sharpes[trial]!, spec, walk };
      }
      const report = validateStrategy({
        spec: best.spec!,
        bars: [walks[best.walk]!],
        markets: ["NYSE"],
        options,
        seed,
        trials: { count: trials, sharpes, matrix: { rows, columns: trials, values: matrix } },
      });
      expect(statusOf(report, "significance-deflated-sharpe")).toBe("fail");
      expect(statusOf(report, "significance-pbo")).toBe("fail");
      expect(report.verdict).toBe("fail");
    },
  );
});
