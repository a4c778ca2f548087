import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedMarket } from "../../engine/scanner/planted-market.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { optimizeStrategy, type OptimizeResult } from "../optimizer/optimize-strategy.ts";
import { scanMarkets } from "../scanner/scan-markets.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { addValidationRule, listValidationRules, setValidationRule } from "./rule-tools.ts";
import { describeResult } from "../replies/describe-result.ts";
import { getValidation } from "./get-validation.ts";
import { validateStrategy } from "./validate-strategy.ts";

const market = plantedMarket({
  symbols: 12,
  bars: 1260,
  seed: 4,
  sectors: 2,
  momentum: 2,
  reversal: 2,
  pairs: 1,
  weekday: 2,
});
// Symbols 0-1 carry planted momentum; the last ones are null random walks.
const momentum = market.effects.find((effect) => effect.pattern === "momentum")!.symbols[0]!;
const walk = market.nullSymbols.at(-1)!;

interface Report {
  strategyId: string;
  version: number;
  verdict: string;
  summary: string;
  rules: { id: string; family: string; status: string; message: string }[];
  keyNumbers: { text: string }[];
  counts: { pass: number; warn: number; fail: number; skip: number };
}

const trend = (symbol: string) => ({
  name: `trend ${symbol}`,
  universe: [symbol],
  entry: { gt: [{ roc: { period: 10 } }, 0] },
  exit: { lt: [{ roc: { period: 10 } }, 0] },
  costs: { feeBps: 1, slippageBps: 1 },
});

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
}, 60_000);
afterAll(async () => {
  await store.close();
});

const validate = (input: object) =>
  runTool(validateStrategy, input, testContext(store)) as Promise<Report>;
const ruleOf = (report: Report, id: string) => report.rules.find((rule) => rule.id === id)!;

describe("validate_strategy", () => {
  it("reports every rule in plain words and stores each report as the next version", async () => {
    const first = await validate({ spec: trend(momentum) });
    expect(first.rules.length).toBeGreaterThanOrEqual(100);
    expect(first.keyNumbers.length).toBeGreaterThan(3);
    expect(first.counts.pass + first.counts.warn + first.counts.fail + first.counts.skip).toBe(
      first.rules.length,
    );
    expect(first.summary).toMatch(/^(PASS|WARN|FAIL): \d+ rules passed/);
    // Without an optimization, the trial-based rules say what they would need.
    expect(ruleOf(first, "significance-deflated-sharpe").status).toBe("skip");
    const again = await validate({ strategyId: first.strategyId });
    expect([first.version, again.version]).toEqual([1, 2]);
    expect((await store.latestValidationReport(first.strategyId))?.version).toBe(2);
  });

  it("deflates the best of an optimization by its trials and measures its overfitting", async () => {
    const optimized = (await runTool(
      optimizeStrategy,
      {
        spec: {
          ...trend(walk),
          params: { period: { int: [2, 120] }, threshold: { float: [-0.02, 0.02] } },
          entry: { gt: [{ roc: { period: { param: "period" } } }, { param: "threshold" }] },
          exit: { lt: [{ roc: { period: { param: "period" } } }, { param: "threshold" }] },
        },
        sampler: "random",
        trials: 120,
        prune: false,
      },
      testContext(store),
    )) as OptimizeResult;
    const report = await validate({ optimizationId: optimized.id });
    for (const id of [
      "significance-deflated-sharpe",
      "significance-pbo",
      "robustness-neighbour-worst",
    ])
      expect(ruleOf(report, id).status).not.toBe("skip");
    // The best of 120 tries on a walk without skill is not evidence: deflated by its trials
    // and measured by CSCV, it does not pass.
    const deflated = ruleOf(report, "significance-deflated-sharpe");
    expect(["warn", "fail"]).toContain(deflated.status);
    expect(deflated.message).toContain("after 120 trials");
    expect(["warn", "fail"]).toContain(ruleOf(report, "significance-pbo").status);
    expect(report.verdict).not.toBe("pass");
  });

  it("deflates a scanner finding by every candidate its scan tested", async () => {
    const scan = (await runTool(scanMarkets, {}, testContext(store))) as {
      candidatesTested: number;
      findings: { id: string; strategySpec: object }[];
    };
    const [finding] = scan.findings;
    expect(finding).toBeDefined();
    const report = await validate({ findingId: finding!.id });
    const deflated = ruleOf(report, "significance-deflated-sharpe");
    expect(deflated.status).not.toBe("skip");
    expect(deflated.message).toContain(`after ${scan.candidatesTested} trials`);
    expect(deflated.message).toContain("estimation noise alone");
    // The finding's spec, stored under its id; the same trials when the strategy is named too.
    const named = await validate({ strategyId: report.strategyId, findingId: finding!.id });
    expect(named.version).toBe(report.version + 1);
    expect(ruleOf(named, "significance-deflated-sharpe").message).toBe(deflated.message);
  });

  it("runs your own rules beside the built-in ones, and switches rules off and on", async () => {
    await runTool(
      addValidationRule,
      {
        id: "thousand-trades",
        metric: "trades",
        comparison: ">=",
        threshold: 1000,
        severity: "critical",
        message: "we want many trades",
      },
      testContext(store),
    );
    const withRule = await validate({ spec: trend(momentum) });
    expect(ruleOf(withRule, "thousand-trades")).toMatchObject({ family: "custom", status: "fail" });
    expect(withRule.verdict).toBe("fail");
    await runTool(setValidationRule, { id: "thousand-trades", enabled: false }, testContext(store));
    await runTool(
      setValidationRule,
      { id: "significance-t-stat", enabled: false },
      testContext(store),
    );
    const without = await validate({ spec: trend(momentum) });
    expect(ruleOf(without, "thousand-trades").status).toBe("skip");
    expect(ruleOf(without, "significance-t-stat")).toMatchObject({
      status: "skip",
      message: expect.stringContaining("disabled"),
    });
    const listed = (await runTool(
      listValidationRules,
      { family: "custom" },
      testContext(store),
    )) as {
      rules: { id: string; enabled: boolean }[];
      metrics: { name: string }[];
    };
    expect(listed.rules).toEqual([
      expect.objectContaining({ id: "thousand-trades", enabled: false }),
    ]);
    expect(listed.metrics.map((metric) => metric.name)).toContain("deflated_sharpe");
    await runTool(
      setValidationRule,
      { id: "significance-t-stat", enabled: true },
      testContext(store),
    );
  });

  it("refuses bad input, naming what is wrong", async () => {
    await expect(validate({})).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("optimizationId"),
    });
    await expect(
      validate({ optimizationId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(validate({ findingId: "999999" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no finding 999999"),
    });
    await expect(validate({ findingId: "#3" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["findingId"], message: expect.stringContaining("a number") }],
    });
    await expect(
      validate({ findingId: "3", optimizationId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["findingId"], message: expect.stringContaining("not both") }],
    });
    await expect(
      runTool(
        addValidationRule,
        { id: "x-rule", metric: "sharp", comparison: ">", threshold: 1 },
        testContext(store),
      ),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining('metric "sharp" is unknown'),
    });
    await expect(
      runTool(
        addValidationRule,
        { id: "significance-t-stat", metric: "sharpe", comparison: ">", threshold: 1 },
        testContext(store),
      ),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("built-in"),
    });
    await expect(
      runTool(setValidationRule, { id: "no-such-rule", enabled: false }, testContext(store)),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("get_validation", () => {
  const get = (input: object) => runTool(getValidation, input, testContext(store));
  const failure = (input: object) =>
    get(input).then(
      () => undefined,
      (error: unknown) => error as { code: string; message: string },
    );

  it("gives the newest stored report as validate_strategy returned it, nothing run again", async () => {
    const spec = { ...trend(walk), name: "stored report" };
    await validate({ spec });
    const newest = (await validate({ spec, seed: 7 })) as Report & Record<string, unknown>;
    const shown = (await get({ strategyId: newest.strategyId })) as Record<string, unknown>;
    expect(shown).toEqual({ ...newest, createdAt: expect.any(String) });
    expect(shown.version).toBe(2);
    expect(describeResult("get_validation", shown)).toMatch(
      new RegExp(
        `^Validation of strategy ${newest.strategyId.slice(0, 12)}… \\(report \\S+, version 2, made \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\): `,
      ),
    );
    // No new version was made by reading it.
    expect((await store.latestValidationReport(newest.strategyId))?.version).toBe(2);
  });

  it("says when a strategy was never validated, or is not stored, and refuses a bad id", async () => {
    const id = "9e".repeat(32);
    await store.saveStrategy({ id, name: "never validated", spec: trend(walk) });
    expect(await failure({ strategyId: id })).toMatchObject({
      code: "not_found",
      message: expect.stringContaining('"never validated" (9e9e9e9e9e9e…) was never validated'),
    });
    expect(await failure({ strategyId: "7f".repeat(32) })).toMatchObject({
      code: "not_found",
      message: expect.stringContaining("list_strategies lists them"),
    });
    expect(await failure({ strategyId: "abc" })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("strategyId"),
    });
    expect(await failure({})).toMatchObject({ code: "invalid_input" });
  });

  it("refuses a report stored in a form it does not read, naming it", async () => {
    const id = "8d".repeat(32);
    await store.saveStrategy({ id, name: "old report", spec: trend(walk) });
    await store.saveValidationReport({ strategyId: id, verdict: "pass", report: { rules: 3 } });
    expect(await failure({ strategyId: id })).toMatchObject({
      code: "invalid_data",
      message: expect.stringContaining("report 1 of strategy 8d8d8d8d8d8d… is stored in a form"),
    });
  });
});
