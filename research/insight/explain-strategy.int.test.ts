import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import {
  answer,
  FakeOpenAI,
  hang,
  httpError,
  type OpenAIChatRequest,
} from "../../test/fakes/openai-server.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { OpenAITextModel } from "../../tools/adapters/llm/openai-text-model.ts";
import { VegaChartRenderer } from "../../tools/adapters/charts/vega-renderer.ts";
import { backtestStrategy } from "../../tools/backtest/backtest-strategy.ts";
import { chartsForResult } from "../../tools/charts/charts-for-result.ts";
import type { TimeChartSpec } from "../../tools/ports/chart-renderer.ts";
import { explanationLevels } from "../../tools/ports/insight.ts";
import type { Store } from "../../tools/ports/store.ts";
import type { TextModel } from "../../tools/ports/text-model.ts";
import { runTool } from "../../tools/run-tool.ts";
import { parseStrategySpec, strategyId } from "../../tools/strategy/spec-schema.ts";
import { explainStrategy } from "./explain-strategy.ts";
import { jargonIn } from "./jargon.ts";

interface Explanation {
  strategyId: string;
  level: string;
  jargonFree: boolean;
  source: "templates" | "model";
  model?: string;
  note?: string;
  mechanisms: { id: string; role: string; conditions: string[] }[];
  sections: { key: string; title: string; text: string }[];
  text: string;
  facts: { name: string; value: unknown; text: string }[];
  diagram: {
    title: string;
    rules: string[];
    price: { points: { time: string; value: number }[] };
    overlays: { name: string }[];
    markers: { kind: string; points: { time: string; price: number }[] }[];
  } | null;
  savedAt: string;
}

const market = generateMarket({ symbols: ["GOOG", "SPY"], years: 4, seed: 5 });
const spec = {
  name: "SMA 20/50 crossover",
  universe: ["GOOG"],
  entry: { crossAbove: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
  exit: { crossBelow: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
  costs: { feeBps: 1 },
};
const id = strategyId(parseStrategySpec(spec));

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
});
afterAll(async () => {
  await store.close();
});

const explain = async (input: unknown, textModel?: TextModel, on: Store = store) =>
  (await runTool(explainStrategy, input, {
    ...testContext(on),
    ...(textModel ? { textModel } : {}),
  })) as Explanation;

/** The text with every fact's text taken out: what is left was written by the templates. */
const withoutFacts = (text: string, facts: Explanation["facts"]) =>
  [...facts]
    .sort((a, b) => b.text.length - a.text.length)
    .reduce((left, fact) => left.replaceAll(fact.text, ""), text);

describe("explain_strategy with the templates", () => {
  it("explains the same spec in byte-identical words twice", async () => {
    const first = await explain({ spec, level: "intermediate" });
    const second = await explain({ spec, level: "intermediate" });
    expect(second.text).toBe(first.text);
    expect(second.sections).toEqual(first.sections);
    expect(second.facts).toEqual(first.facts);
    expect(first.source).toBe("templates");
    expect(first.mechanisms).toEqual([
      {
        id: "trend_following",
        name: "trend following",
        role: "primary",
        conditions: [
          "the 20-day simple moving average rises above the 50-day simple moving average",
        ],
      },
    ]);
  });

  it("writes three levels and a jargon-free mode, each complete and each different", async () => {
    const texts: string[] = [];
    for (const level of explanationLevels) {
      for (const jargonFree of [false, true]) {
        const result = await explain({ spec, level, jargonFree });
        expect(result.sections.map((section) => section.key)).toEqual([
          "rules",
          "exploits",
          "why",
          "works",
          "fails",
          "risks",
          "evidence",
        ]);
        if (jargonFree) expect(jargonIn(result.text)).toEqual([]);
        // Every number shown is a fact's: nothing numeric is left once the facts are taken out.
        expect(withoutFacts(result.text, result.facts)).not.toMatch(/\d/);
        texts.push(result.text);
      }
    }
    expect(new Set(texts).size).toBe(6);
    const expert = await explain({ spec, level: "expert" });
    expect(expert.text).toContain("SMA(20) crosses above SMA(50)");
    expect(expert.text).toMatch(/Sharpe ratio -?\d+\.\d\d/);
    const beginner = await explain({ spec, jargonFree: true });
    expect(beginner.level).toBe("beginner");
    expect(beginner.text).toContain(
      "Buys when the average closing price of the last 20 days rises above the average closing price of the last 50 days.",
    );
  });

  it("cites the backtest over the stored bars and the stored validation", async () => {
    const backtest = (await runTool(backtestStrategy, { spec }, testContext(store))) as {
      metrics: { totalReturn: number; maxDrawdown: number; trades: number };
      trades: { entryTime: string; entryPrice: number; exitTime: string; exitPrice: number }[];
      openPositions: { entryTime: string; entryPrice: number }[];
    };
    const before = await explain({ spec, level: "expert" });
    const fact = (name: string) => before.facts.find((entry) => entry.name === name)!;
    expect(fact("backtest.totalReturn").value).toBe(backtest.metrics.totalReturn);
    expect(fact("backtest.maxDrawdown").value).toBe(backtest.metrics.maxDrawdown);
    expect(fact("backtest.trades").value).toBe(backtest.metrics.trades);
    expect(before.text).toContain("No validation report is stored yet: run validate_strategy.");

    await store.saveValidationReport({
      strategyId: id,
      verdict: "fail",
      report: {
        counts: { pass: 90, warn: 3, fail: 2, skip: 5 },
        rules: [
          { title: "Deflated Sharpe ratio of at least 95%", status: "fail" },
          { title: "At least 30 closed trades", status: "fail" },
          { title: "Makes money after costs", status: "pass" },
        ],
      },
    });
    const after = await explain({ spec, level: "expert" });
    expect(after.text).toContain(
      "Validation failed on a critical rule (report 1: 90 checks passed, 3 warned and 2 failed). Failed rules: Deflated Sharpe ratio of at least 95%; At least 30 closed trades.",
    );
    const plain = await explain({ spec, jargonFree: true });
    expect(plain.text).toContain(
      "It failed at least one critical safety check (report 1: 90 checks passed, 3 warned and 2 failed).",
    );

    // The diagram marks the backtest's last trades at their fills, and the open position's entry.
    const shown = backtest.trades.slice(-6);
    const [entries, exits] = after.diagram!.markers;
    expect(backtest.openPositions).toHaveLength(1);
    expect(entries!.points).toEqual(
      [...shown, ...backtest.openPositions].map((fill) => ({
        time: fill.entryTime,
        price: fill.entryPrice,
      })),
    );
    expect(exits!.points).toEqual(
      shown.map((trade) => ({ time: trade.exitTime, price: trade.exitPrice })),
    );
  });

  it("stores the explanation with the strategy, one per level and mode, and reads it back", async () => {
    const result = await explain({ spec, level: "expert", jargonFree: true });
    const stored = await store.requestStrategyExplanation(id, "expert", true);
    expect(stored).toMatchObject({
      strategyId: id,
      level: "expert",
      jargonFree: true,
      source: "templates",
    });
    expect(stored!.explanation).toEqual({
      source: result.source,
      mechanisms: result.mechanisms,
      sections: result.sections,
      text: result.text,
      facts: result.facts,
    });
    expect(new Date(stored!.savedAtMs).toISOString()).toBe(result.savedAt);
    expect(await store.requestStrategyExplanation(id, "expert", false)).toBeDefined();
    expect(await store.requestStrategyExplanation("c".repeat(64), "expert", true)).toBeUndefined();
  });

  it("draws the entry and exit logic on a price chart, rendered as PNG", async () => {
    const result = await explain({ spec, level: "expert" });
    const diagram = result.diagram!;
    expect(diagram.title).toBe("GOOG: entries and exits of SMA 20/50 crossover");
    expect(diagram.rules).toEqual([
      "Goes long when SMA(20) crosses above SMA(50).",
      "Exits when SMA(20) crosses below SMA(50).",
    ]);
    expect(diagram.overlays.map((overlay) => overlay.name)).toEqual(["SMA(20)", "SMA(50)"]);
    const [chart] = chartsForResult("explain_strategy", result) as TimeChartSpec[];
    expect(chart!.series.map((series) => series.name)).toEqual([
      "Close",
      "SMA(20)",
      "SMA(50)",
      "Entries",
      "Exits",
    ]);
    const markedTimes = (name: string) =>
      chart!.series
        .find((series) => series.name === name)!
        .points.filter((point) => Number.isFinite(point.value))
        .map((point) => new Date(point.timeMs).toISOString());
    const twice = (times: string[]) => times.flatMap((time) => [time, time]);
    expect(markedTimes("Entries")).toEqual(
      twice(diagram.markers[0]!.points.map((point) => point.time)),
    );
    expect(markedTimes("Exits")).toEqual(
      twice(diagram.markers[1]!.points.map((point) => point.time)),
    );
    // The first entry shown comes a little after the chart's first price.
    expect(diagram.price.points[0]!.time < diagram.markers[0]!.points[0]!.time).toBe(true);
    const png = await new VegaChartRenderer().renderPng(chart!);
    expect(Array.from(png.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it("still explains completely without stored bars, and says why there are no numbers", async () => {
    const elsewhere = { ...spec, name: "Unpriced", universe: ["ZZZ"] };
    const result = await explain({ spec: elsewhere, jargonFree: true });
    expect(result.diagram).toBeNull();
    expect(result.sections).toHaveLength(7);
    expect(result.text).toContain(
      "No prices are stored for ZZZ, so there are no test results to show: add its price history and ask again.",
    );
    expect(jargonIn(result.text)).toEqual([]);
  });
});

describe("explain_strategy with a text model (the fake OpenAI server)", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await new FakeOpenAI().start();
  });
  afterAll(async () => {
    await fake.stop();
  });
  afterEach(() => {
    expect(fake.remainingSteps).toBe(0);
  });
  const model = (options: { timeoutMs?: number } = {}) =>
    new OpenAITextModel({
      baseURL: fake.baseURL,
      apiKey: fake.apiKey,
      model: "gpt-test",
      maxRetries: 0,
      ...options,
    });

  /** The "model" rewrites the draft it was shown, keeping its placeholders. */
  const rewrite = (edit: (text: string) => string) => (request: OpenAIChatRequest) => {
    const { draft } = JSON.parse(request.messages.at(-1)!.content as string) as {
      draft: Record<string, string>;
    };
    return answer(
      JSON.stringify(
        Object.fromEntries(Object.entries(draft).map(([key, text]) => [key, edit(text)])),
      ),
    );
  };

  it("writes the prose from the facts and stores it as the model's", async () => {
    fake.play(rewrite((text) => `Put simply: ${text}`));
    const result = await explain({ spec, level: "intermediate" }, model());
    expect(result).toMatchObject({ source: "model", model: "model gpt-test" });
    expect(result.note).toBeUndefined();
    const templates = await explain({ spec, level: "intermediate" });
    expect(result.sections.map((section) => section.text)).toEqual(
      templates.sections.map((section) => `Put simply: ${section.text}`),
    );
    const [request] = fake.chatRequests;
    expect(request!.messages[0]!.content).toContain("Never write a digit");
    expect(
      JSON.parse(request!.messages[1]!.content as string).facts["backtest.totalReturn"],
    ).toBeDefined();
    // The templates' run above replaced the stored row: the model's is stored when it writes.
    fake.play(rewrite((text) => `Put simply: ${text}`));
    await explain({ spec, level: "intermediate" }, model());
    expect((await store.requestStrategyExplanation(id, "intermediate", false))!.source).toBe(
      "model",
    );
  });

  it("falls back to the templates on an error, a hang or an invented number, saying so", async () => {
    const templates = await explain({ spec, level: "beginner" });
    fake.play(() => httpError(400, "model not found"));
    const refused = await explain({ spec, level: "beginner" }, model());
    expect(refused.source).toBe("templates");
    expect(refused.text).toBe(templates.text);
    expect(refused.note).toMatch(
      /^model gpt-test failed: .*model not found.*, so the templates wrote this explanation\.$/,
    );

    fake.play(hang);
    const slow = await explain({ spec, level: "beginner" }, model({ timeoutMs: 300 }));
    expect(slow.source).toBe("templates");
    expect(slow.note).toMatch(
      /^model gpt-test failed: .*timed out.*so the templates wrote this explanation\.$/i,
    );

    fake.play(rewrite((text) => `${text} It will make 12% next year.`));
    const invented = await explain({ spec, level: "beginner" }, model());
    expect(invented.source).toBe("templates");
    expect(invented.note).toBe(
      'model gpt-test wrote a number that is not one of the facts ("12%"), so the templates wrote this explanation.',
    );
    expect((await store.requestStrategyExplanation(id, "beginner", false))!.source).toBe(
      "templates",
    );
  });
});

describe("explain_strategy refuses bad input, naming the field", () => {
  const refusal = (input: unknown) =>
    explain(input).then(
      () => undefined,
      (caught: unknown) =>
        caught as { code: string; message: string; issues?: { path: unknown[] }[] },
    );

  it("wants exactly one known strategy and a known level", async () => {
    expect(await refusal({ spec, strategyId: id })).toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["spec"] }],
    });
    expect(await refusal({})).toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["spec"] }],
    });
    expect(await refusal({ spec, level: "guru" })).toMatchObject({ issues: [{ path: ["level"] }] });
    const unknown = await refusal({ strategyId: "d".repeat(64) });
    expect(unknown).toMatchObject({ code: "not_found" });
    expect(unknown!.message).toContain("`strategyId`");
  });

  it("explains a stored strategy by its id", async () => {
    await explain({ spec });
    expect((await explain({ strategyId: id })).text).toBe((await explain({ spec })).text);
  });
});
