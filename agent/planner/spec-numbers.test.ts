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

  it("asks for ranges with an example around the spec's own numbers, which it then accepts", () => {
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
    for (const [spec, example] of [
      [rsiDips, "RSI 7-28, entry 20-40, exit 60-80"],
      [crossover, "fast 5-20 and slow 15-60"],
    ] as const) {
      const asked = searchTemplate(spec, "optimize it");
      expect(asked).toEqual({
        ok: false,
        problem: `which numbers to search, written as ranges (I do not pick them for you), e.g. "optimize it with ${example}" around this strategy's own numbers`,
      });
      expect(searchTemplate(spec, `optimize it with ${example}`).ok).toBe(true);
    }
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
