import { describe, expect, it } from "vitest";
import { runBacktest } from "../strategy/backtest.ts";
import { customRuleProblem } from "./custom-rules.ts";
import { validateStrategy } from "./runner.ts";
import { barsAt, dailyTimes, specOf, walkCloses } from "./test-markets.ts";
import type { CustomRule, ValidationInput } from "./types.ts";

const options = { initialCash: 100_000, startMs: null, endMs: null };
const times = dailyTimes("NYSE", "2021-01-04", 500);
const bars = barsAt("AAA", times, walkCloses(times.length, 12));
const spec = specOf(
  ["AAA"],
  { crossAbove: [{ sma: { period: 5 } }, { sma: { period: 20 } }] },
  { crossBelow: [{ sma: { period: 5 } }, { sma: { period: 20 } }] },
);
const input: ValidationInput = { spec, bars: [bars], markets: ["NYSE"], options, seed: 4 };
// The engine's own backtest of the same spec: the custom rules must read the same numbers.
const reference = runBacktest(spec, [bars], options).metrics;

const valid: CustomRule = {
  id: "few-trades",
  metric: "trades",
  comparison: "<=",
  threshold: 1000,
  severity: "warning",
};

describe("custom rules", () => {
  it("accepts a well-formed rule", () => {
    expect(customRuleProblem(valid)).toBeUndefined();
  });

  it("refuses bad rules with a message naming each problem", () => {
    expect(customRuleProblem({ ...valid, metric: "sharp" })).toMatch(
      /metric "sharp" is unknown; use one of sharpe/,
    );
    expect(customRuleProblem({ ...valid, threshold: Number.POSITIVE_INFINITY })).toMatch(
      /threshold must be a finite number \(was Infinity\)/,
    );
    expect(customRuleProblem({ ...valid, threshold: Number.NaN })).toMatch(
      /threshold must be a finite number/,
    );
    expect(customRuleProblem({ ...valid, id: "Few Trades" })).toMatch(/id must be kebab-case/);
    expect(customRuleProblem({ ...valid, id: "significance-t-stat" })).toMatch(
      /is a built-in rule's/,
    );
    expect(customRuleProblem({ ...valid, comparison: "==" as never })).toMatch(
      /comparison must be one of < <= > >=/,
    );
    expect(customRuleProblem({ ...valid, severity: "fatal" as never })).toMatch(
      /severity must be one of critical, warning, info/,
    );
    const both = customRuleProblem({ ...valid, metric: "nope", threshold: Number.NaN })!;
    expect(both).toMatch(/metric "nope"/);
    expect(both).toMatch(/threshold/);
  });

  it("compares the metric the report carries, passing and failing on either side of it", () => {
    const trades = reference.trades;
    expect(trades).toBeGreaterThan(5);
    const report = validateStrategy(input, {
      customRules: [
        {
          id: "at-least-trades",
          metric: "trades",
          comparison: ">=",
          threshold: trades,
          severity: "warning",
        },
        {
          id: "more-than-trades",
          metric: "trades",
          comparison: ">",
          threshold: trades,
          severity: "info",
          message: "Trade more.",
        },
        {
          id: "drawdown-cap",
          metric: "max_drawdown",
          comparison: "<",
          threshold: reference.maxDrawdown + 0.001,
          severity: "critical",
        },
      ],
    });
    expect(report.metrics.trades).toBe(trades);
    expect(report.metrics.max_drawdown).toBe(reference.maxDrawdown);
    const byId = (id: string) => report.rules.find((rule) => rule.id === id)!;
    expect(byId("at-least-trades")).toMatchObject({
      family: "custom",
      status: "pass",
      value: trades,
    });
    expect(byId("more-than-trades").status).toBe("fail");
    expect(byId("more-than-trades").message).toMatch(/Trade more\.$/);
    expect(byId("drawdown-cap").status).toBe("pass");
  });

  it("fails the verdict through a failing critical custom rule, but not through an info one", () => {
    const critical = validateStrategy(input, {
      customRules: [
        {
          id: "impossible",
          metric: "sharpe",
          comparison: ">",
          threshold: 100,
          severity: "critical",
        },
      ],
      disabled: new Set(["significance-positive-return", "significance-t-stat"]),
    });
    expect(critical.rules.find((rule) => rule.id === "impossible")!.status).toBe("fail");
    expect(critical.verdict).toBe("fail");
  });

  it("skips a rule whose metric is unavailable, saying so", () => {
    const report = validateStrategy(input, {
      customRules: [
        { id: "low-pbo", metric: "pbo", comparison: "<", threshold: 0.2, severity: "critical" },
      ],
    });
    const rule = report.rules.find((each) => each.id === "low-pbo")!;
    expect(rule.status).toBe("skip");
    expect(rule.message).toMatch(/pbo cannot be computed/);
  });

  it("reports disabled rules, built-in and custom, as skipped with 'disabled'", () => {
    const report = validateStrategy(input, {
      customRules: [valid],
      disabled: new Set(["significance-t-stat", "few-trades"]),
    });
    for (const id of ["significance-t-stat", "few-trades"]) {
      const rule = report.rules.find((each) => each.id === id)!;
      expect(rule.status).toBe("skip");
      expect(rule.message).toMatch(/disabled/);
    }
  });

  it("reports a refused custom rule as skipped with its problem instead of running it", () => {
    const report = validateStrategy(input, {
      customRules: [{ ...valid, id: "broken", metric: "unknown_metric" }],
    });
    const rule = report.rules.find((each) => each.id === "broken")!;
    expect(rule.status).toBe("skip");
    expect(rule.message).toMatch(/Refused: metric "unknown_metric" is unknown/);
  });
});
