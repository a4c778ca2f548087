import { describe, expect, it } from "vitest";
import { SeriesGraph } from "./expressions.ts";

describe("the shared lowering of expressions and rules", () => {
  it("lists each distinct series once, after its inputs, with the engine's defaults filled in", () => {
    const graph = new SeriesGraph();
    const rule = graph.rule({
      and: [
        { crossAbove: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
        { gt: [{ rsi: {} }, { lag: { of: { rsi: { period: 14 } }, bars: 1 } }] },
        { not: { lt: ["close", { sma: { period: 20, source: "close" } }] } },
      ],
    });
    expect(graph.nodes).toEqual([
      { kind: "price", field: "close" },
      { kind: "indicator", name: "sma", parameters: { period: 20 }, source: 0, output: null },
      { kind: "indicator", name: "sma", parameters: { period: 50 }, source: 0, output: null },
      { kind: "indicator", name: "rsi", parameters: { period: 14 }, source: 0, output: null },
      { kind: "lag", of: 3, bars: 1 },
    ]);
    expect(rule).toEqual({
      kind: "all",
      parts: [
        { kind: "cross", direction: "above", left: 1, right: 2 },
        { kind: "compare", operator: "gt", left: 3, right: 4 },
        { kind: "not", part: { kind: "compare", operator: "lt", left: 0, right: 1 } },
      ],
    });
  });

  it("keeps the line of a multi-output indicator and gives bar indicators no source", () => {
    const graph = new SeriesGraph();
    graph.rule({ gt: [{ macd: { output: "signal" } }, { atr: { period: 7 } }] });
    expect(graph.nodes).toEqual([
      { kind: "price", field: "close" },
      {
        kind: "indicator",
        name: "macd",
        parameters: { fast: 12, slow: 26, signal: 9 },
        source: 0,
        output: "signal",
      },
      { kind: "indicator", name: "atr", parameters: { period: 7 }, source: null, output: null },
    ]);
  });

  it("lowers arithmetic, constants and booleans", () => {
    const graph = new SeriesGraph();
    expect(graph.rule({ or: [true, { lte: [{ abs: { div: ["high", 2] } }, 1.5] }] })).toEqual({
      kind: "any",
      parts: [
        { kind: "constant", value: true },
        { kind: "compare", operator: "lte", left: 3, right: 4 },
      ],
    });
    expect(graph.nodes).toEqual([
      { kind: "price", field: "high" },
      { kind: "constant", value: 2 },
      { kind: "arithmetic", operator: "div", left: 0, right: 1 },
      { kind: "abs", of: 2 },
      { kind: "constant", value: 1.5 },
    ]);
  });

  it("refuses a multi-output indicator without its line, naming the lines", () => {
    expect(() => new SeriesGraph().series({ bollinger: { period: 20 } })).toThrow(
      'bollinger needs "output": one of upper, middle, lower (was missing)',
    );
  });
});
