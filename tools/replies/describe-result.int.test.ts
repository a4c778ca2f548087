import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { getBars } from "../bars/get-bars.ts";
import { codeHistory } from "../codegen/code-history.ts";
import { generateCode } from "../codegen/generate-code.ts";
import { generateDemoMarket } from "../demo/generate-demo-market.ts";
import type { Tool } from "../define-tool.ts";
import { computeIndicators } from "../indicators/compute-indicators.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { deskStatus } from "../status/desk-status.ts";
import {
  addValidationRule,
  listValidationRules,
  setValidationRule,
} from "../validator/rule-tools.ts";
import { describeResult } from "./describe-result.ts";
import { figure, utc } from "./format.ts";

/** The describers read the real tools' outputs: each tool runs against a store of one demo year. */
let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await runTool(generateDemoMarket, { symbols: ["ACME", "MES"], years: 1 }, testContext(store));
}, 60_000);
afterAll(async () => {
  await store.close();
});

/** The tool's output and its description, as MCP and the offline replies give them. */
async function described(tool: Tool, input: unknown) {
  const output = (await runTool(tool, input, testContext(store))) as Record<string, unknown>;
  return { output, lines: describeResult(tool.name, output).split("\n") };
}

describe("the replies describe the real tools' outputs", () => {
  it("get_bars: the symbol, the span and the last bar; a futures root's rolls", async () => {
    const stock = await described(getBars, { symbol: "ACME" });
    const bars = stock.output.bars as { time: string; close: number }[];
    const last = bars.at(-1)!;
    expect(last.time).toBe("2020-12-31T00:00:00.000Z");
    expect(stock.lines[0]).toBe(
      `ACME, ${bars.length} daily bars (back-adjusted for splits and dividends) from 2020-01-02 to 2020-12-31.`,
    );
    expect(stock.lines[1]).toMatch(/^Last bar, 2020-12-31: open [\d.]+, high [\d.]+, low [\d.]+, /);
    expect(stock.lines[1]).toContain(`close ${figure(last.close)}, volume `);

    const futures = await described(getBars, { symbol: "MES", start: "2020-06-01" });
    const rolls = futures.output.rolls as { date: string; from: string; to: string }[];
    const roll = rolls.at(-1)!;
    expect(futures.lines[0]).toMatch(
      new RegExp(
        `^MES, \\d+ daily bars \\(continuous series back-adjusted over ${rolls.length} contract rolls\\) from 2020-06-01 to 2020-12-31\\.$`,
      ),
    );
    expect(futures.lines.at(-1)).toMatch(
      new RegExp(`^Latest roll: ${roll.from} to ${roll.to} on ${roll.date} \\(gap `),
    );
  });

  it("compute_indicators: each indicator with its latest value and date, or its warm-up", async () => {
    const { output, lines } = await described(computeIndicators, {
      symbol: "ACME",
      indicators: [{ rsi: {} }, { macd: {} }, { sma: { period: 500 } }],
    });
    const time = output.time as string[];
    const rsi = (output.values as number[][])[0]!;
    expect(lines).toEqual([
      `Latest values over ${time.length} daily bars of ACME from 2020-01-02 to 2020-12-31:`,
      expect.stringMatching(
        new RegExp(
          `^- rsi\\(period 14\\): ${figure(rsi.at(-1)!)} on 2020-12-31 \\((?:over|between)`,
        ),
      ),
      expect.stringMatching(
        /^- macd\(fast 12, slow 26, signal 9\): macd -?[\d.]+, signal -?[\d.]+, histogram -?[\d.]+ on 2020-12-31$/,
      ),
      `- sma(period 500): no value yet: still warming up over these ${time.length} bars`,
    ]);
  });

  it("code_history: the program generated, with its strategy", async () => {
    const generated = (await runTool(
      generateCode,
      { spec: issueExampleSpec, target: "python" },
      testContext(store),
    )) as { filename: string; specHash: string; contentHash: string };
    const { output, lines } = await described(codeHistory, {});
    const [generation] = output.generations as { at: string }[];
    expect(lines).toEqual([
      "1 generated program, newest first:",
      `- ${utc(generation!.at)}: ${generated.filename} (python, generator 1.0.0, program ${generated.contentHash.slice(0, 12)}…) of SMA 20/50 crossover (strategy ${generated.specHash.slice(0, 12)}…), asked by test`,
    ]);
  });

  it("the validation rules: one added, switched off, replaced, and the whole list", async () => {
    const rule = { id: "sharpe-floor", metric: "sharpe", comparison: ">=", threshold: 0.8 };
    expect((await described(addValidationRule, rule)).lines).toEqual([
      "Added validation rule sharpe-floor: sharpe >= 0.8 must hold; warning (a failure warns).",
      "validate_strategy checks it from now on.",
    ]);
    const off = await described(setValidationRule, { id: "sharpe-floor", enabled: false });
    expect(off.lines[0]).toMatch(/^Validation rule sharpe-floor is switched off/);
    expect((await described(addValidationRule, rule)).lines).toEqual([
      "Replaced validation rule sharpe-floor: sharpe >= 0.8 must hold; warning (a failure warns).",
      'It is switched off: switch it on with "turn the rule sharpe-floor back on".',
    ]);
    const { output, lines } = await described(listValidationRules, {});
    expect(lines[0]).toBe(
      `${(output.rules as unknown[]).length} validation rules (1 your own), 1 switched off.`,
    );
    expect(lines).toContain("Critical (a failure fails the verdict):");
    expect(lines).toContain("- sharpe >= 0.8 (sharpe-floor, switched off)");
  });

  it("desk_status: trading, what waits, the strategies and research", async () => {
    const { lines } = await described(deskStatus, {});
    expect(lines).toEqual([
      "The desk as of 2026-01-01 00:00 UTC: trading on, no broker configured.",
      "Waiting for a person: 0 order approvals, 0 rebalance batches; 0 orders on the way or open.",
      "No strategy past backtest.",
      "Research: 0 sources.",
    ]);
  });
});
