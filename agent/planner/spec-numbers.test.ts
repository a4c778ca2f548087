import { describe, expect, it } from "vitest";
import { respecified, searchTemplate } from "./spec-numbers.ts";
import type { Json } from "./strategy.ts";

const rsi = (period: Json) => ({ rsi: { period } });
/** RSI dips with an RSI filter of its own: two RSI calls with different periods. */
const dips = {
  name: "Buy when RSI(14) < 30",
  universe: ["QQQ"],
  entry: { lt: [rsi(14), 30] },
  exit: { and: [{ gt: [rsi(14), 70] }, { gt: [{ close: {} }, 1] }] },
  filters: [{ gt: [rsi(50), 40] }],
};

describe("the numbers of a spec a message names", () => {
  it("makes every call of the indicator named a free parameter, whatever its period was", () => {
    const search = searchTemplate(dips, "rsi 2-20");
    expect(search).toEqual({
      ok: true,
      template: {
        ...dips,
        entry: { lt: [rsi({ param: "rsiPeriod" }), 30] },
        exit: {
          and: [{ gt: [rsi({ param: "rsiPeriod" }), 70] }, { gt: [{ close: {} }, 1] }],
        },
        filters: [{ gt: [rsi({ param: "rsiPeriod" }), 40] }],
      },
      params: { rsiPeriod: { int: [2, 20] } },
    });
  });

  it("writes a placeholder where the name held a number that became a parameter", () => {
    const crossover = {
      name: "EMA 10/30 crossover",
      universe: ["QQQ"],
      entry: { crossAbove: [{ ema: { period: 10 } }, { ema: { period: 30 } }] },
      exit: { crossBelow: [{ ema: { period: 10 } }, { ema: { period: 30 } }] },
    };
    const search = searchTemplate(crossover, "fast 5-20 and slow 25-60");
    expect(search.ok && search.template.name).toBe("EMA {fast}/{slow} crossover");
    // Two periods became one parameter: neither number can stand for it, so the name keeps them.
    const dipsSearch = searchTemplate(dips, "rsi 2-20");
    expect(dipsSearch.ok && dipsSearch.template.name).toBe("Buy when RSI(14) < 30");
  });

  it("searches around the spec's own numbers when the message names no range, and says which", () => {
    const rsiDips = {
      name: "Buy when RSI(14) < 30; sell when RSI(14) > 70",
      universe: ["QQQ"],
      entry: { lt: [rsi(14), 30] },
      exit: { gt: [rsi(14), 70] },
    };
    const crossover = {
      name: "EMA 10/30 crossover",
      universe: ["QQQ"],
      entry: { crossAbove: [{ ema: { period: 10 } }, { ema: { period: 30 } }] },
      exit: { crossBelow: [{ ema: { period: 10 } }, { ema: { period: 30 } }] },
    };
    // By hand: periods from half to twice their own (14 -> 7-28; 10 -> 5-20, 30 -> 15-60), an
    // RSI level 10 either side (30 -> 20-40, 70 -> 60-80).
    for (const [spec, chosen, params] of [
      [
        rsiDips,
        "RSI 7-28, entry 20-40, exit 60-80",
        {
          rsiPeriod: { int: [7, 28] },
          entryLevel: { int: [20, 40] },
          exitLevel: { int: [60, 80] },
        },
      ],
      [crossover, "fast 5-20 and slow 15-60", { fast: { int: [5, 20] }, slow: { int: [15, 60] } }],
    ] as const) {
      const around = searchTemplate(spec, "optimize it");
      expect(around.ok && around.params).toEqual(params);
      expect(around.ok && around.chosen).toBe(chosen);
      // The same ranges written out search the same, and are the message's own choice.
      const written = searchTemplate(spec, `optimize it with ${chosen.toLowerCase()}`);
      expect(written.ok && written.params).toEqual(params);
      expect(written.ok && written.chosen).toBeUndefined();
    }
  });

  it("asks for ranges when the spec has no number of its own to search around", () => {
    const price: Json = { close: {} };
    const vwap: Json = { vwap: {} };
    const vwapCross = {
      name: "Close crosses VWAP",
      universe: ["QQQ"],
      entry: { crossAbove: [price, vwap] },
      exit: { crossBelow: [price, vwap] },
    };
    const asked = searchTemplate(vwapCross, "optimize it");
    expect(asked.ok).toBe(false);
    expect(!asked.ok && asked.problem).toMatch(
      /^which numbers to search, written as ranges: this strategy has no period or level/,
    );
  });

  it("refuses a level of a rule that is not one comparison, and a range where a value goes", () => {
    expect(searchTemplate(dips, "exit 60-80")).toEqual({
      ok: false,
      problem: "an exit level: the exit rule is not one comparison with a number",
    });
    expect(respecified(dips, "entry 20-25")).toEqual({
      ok: false,
      problem: 'one value for entryLevel ("20-25" is a range: optimize searches ranges)',
    });
  });

  it("changes only the rules a value touches, and names nothing it was not asked", () => {
    expect(respecified(dips, "buy below 25")).toEqual({
      ok: true,
      changes: {
        entry: { lt: [rsi(14), 25] },
        name: "Buy when RSI(14) < 25; sell when RSI(14) > 70 and CLOSE > 1",
      },
    });
    expect(respecified(dips, "add a 5% stop loss")).toBeUndefined();
  });
});
