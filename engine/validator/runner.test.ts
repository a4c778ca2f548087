import { describe, expect, it } from "vitest";
import { runBacktest } from "../strategy/backtest.ts";
import { annualizedSharpe } from "./analysis/numbers.ts";
import { ValidationContext } from "./context.ts";
import { runRule, validateStrategy, verdictOf } from "./runner.ts";
import { barsAt, dailyTimes, specOf, walkCloses } from "./test-markets.ts";
import type { RuleResult, ValidationInput } from "./types.ts";

const options = { initialCash: 100_000, startMs: null, endMs: null };

describe("verdictOf", () => {
  type Row = [string, Pick<RuleResult, "status" | "severity">[], "pass" | "warn" | "fail"];
  const table: Row[] = [
    ["nothing at all", [], "pass"],
    [
      "only passes and skips",
      [
        { severity: "critical", status: "pass" },
        { severity: "warning", status: "skip" },
      ],
      "pass",
    ],
    [
      "a failed critical rule",
      [
        { severity: "critical", status: "fail" },
        { severity: "warning", status: "pass" },
      ],
      "fail",
    ],
    ["a warned critical rule", [{ severity: "critical", status: "warn" }], "warn"],
    ["a failed warning rule", [{ severity: "warning", status: "fail" }], "warn"],
    ["a warned warning rule", [{ severity: "warning", status: "warn" }], "warn"],
    ["a failed info rule", [{ severity: "info", status: "fail" }], "pass"],
    ["a warned info rule", [{ severity: "info", status: "warn" }], "pass"],
    ["a skipped critical rule", [{ severity: "critical", status: "skip" }], "pass"],
    [
      "a failed critical rule among warnings",
      [
        { severity: "warning", status: "fail" },
        { severity: "info", status: "fail" },
        { severity: "critical", status: "fail" },
      ],
      "fail",
    ],
    [
      "a failed info rule and a warned warning rule",
      [
        { severity: "info", status: "fail" },
        { severity: "warning", status: "warn" },
      ],
      "warn",
    ],
  ];
  it.each(table)("%s", (_, results, verdict) => {
    expect(verdictOf(results)).toBe(verdict);
  });
});

describe("validateStrategy", () => {
  const times = dailyTimes("NYSE", "2021-01-04", 400);
  const bars = barsAt("AAA", times, walkCloses(times.length, 21));
  const spec = specOf(
    ["AAA"],
    { crossAbove: [{ ema: { period: 8 } }, { ema: { period: 21 } }] },
    { crossBelow: [{ ema: { period: 8 } }, { ema: { period: 21 } }] },
  );
  const input: ValidationInput = { spec, bars: [bars], markets: ["NYSE"], options, seed: 2 };

  it("runs the same backtest as runBacktest, with the same daily returns", () => {
    const context = new ValidationContext(input);
    const reference = runBacktest(spec, [bars], options);
    expect(context.baseline.metrics).toEqual(reference.metrics);
    expect(context.baseline.simulation.trades).toEqual(reference.simulation.trades);
    // engine/metrics computes Sharpe from the same daily sampling.
    expect(annualizedSharpe(context.daily.returns)).toBeCloseTo(reference.metrics.sharpe!, 10);
    expect(context.daily.returns.length).toBe(times.length - 1);
  });

  it("turns a throwing rule into a failure naming the error", () => {
    const context = new ValidationContext(input);
    const outcome = runRule(
      {
        id: "explodes",
        family: "custom",
        severity: "critical",
        title: "Explodes",
        check: () => {
          throw new TypeError("bad thing at row 7");
        },
      },
      context,
    );
    expect(outcome).toEqual({
      status: "fail",
      message: "The check could not run: TypeError: bad thing at row 7.",
    });
  });

  it("drops non-finite values from outcomes so reports serialize", () => {
    const context = new ValidationContext(input);
    const outcome = runRule(
      {
        id: "inf",
        family: "custom",
        severity: "info",
        title: "Infinite",
        check: () => ({ status: "pass", message: "ok", value: Infinity }),
      },
      context,
    );
    expect(outcome).toEqual({ status: "pass", message: "ok" });
  });

  it("reports progress from 0 to 1, never going back", () => {
    const fractions: number[] = [];
    const report = validateStrategy(input, { progress: (fraction) => fractions.push(fraction) });
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let k = 1; k < fractions.length; k++)
      expect(fractions[k]!).toBeGreaterThanOrEqual(fractions[k - 1]!);
    expect(fractions.length).toBe(report.rules.length + 2);
  });

  it("is deterministic for a seed and serializes to JSON", () => {
    const first = validateStrategy(input);
    const second = validateStrategy(input);
    expect(JSON.parse(JSON.stringify(first))).toEqual(JSON.parse(JSON.stringify(second)));
    expect(first.keyNumbers.length).toBeGreaterThan(5);
    for (const number of first.keyNumbers) expect(number.text.length).toBeGreaterThan(10);
  });
});
