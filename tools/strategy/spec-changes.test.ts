import { describe, expect, it } from "vitest";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { applyChanges, changeWords, SpecChangesSchema, type SpecChanges } from "./spec-changes.ts";
import { parseStrategySpec } from "./spec-schema.ts";

const base = parseStrategySpec({
  ...issueExampleSpec,
  stopLoss: { percent: 5 },
  costs: { feeBps: 1, slippageBps: 2 },
});
const change = (changes: unknown, spec = base) =>
  applyChanges(spec, SpecChangesSchema.parse(changes) as SpecChanges);

describe("applyChanges: a variant of a stored spec", () => {
  it("replaces the fields given and names the variant after them", () => {
    const { spec, words } = change({ universe: ["QQQ", "IWM"], takeProfit: { percent: 10 } });
    expect(spec).toEqual({
      ...base,
      name: "SMA 20/50 crossover, on QQQ IWM, 10% take profit",
      universe: ["QQQ", "IWM"],
      takeProfit: { percent: 10 },
    });
    expect(words).toEqual(["on QQQ IWM", "10% take profit"]);
  });

  it("removes an optional field given null and changes one cost at a time", () => {
    const { spec, words } = change({ stopLoss: null, costs: { slippageBps: 10 } });
    expect(spec.stopLoss).toBeUndefined();
    expect(spec.costs).toEqual({ feeBps: 1, slippageBps: 10 });
    expect(spec.name).toBe("SMA 20/50 crossover, no stop loss, slippage 10 bps");
    expect(words).toEqual(["no stop loss", "slippage 10 bps"]);
  });

  it("counts only what differs: the same side, symbols and stop change nothing", () => {
    const same = change({ side: "long", universe: ["GOOG"], stopLoss: { percent: 5 } });
    expect(same).toEqual({ spec: base, words: [] });
    expect(change({ side: "long", stopLoss: { percent: 3 } }).words).toEqual(["3% stop loss"]);
  });

  it("puts a change where the same kind was named, and appends new kinds", () => {
    const named = { ...base, name: "SMA 20/50 crossover, on QQQ, 5% stop loss" };
    expect(change({ universe: ["IWM"], side: "short" }, named).spec.name).toBe(
      "SMA 20/50 crossover, on IWM, 5% stop loss, short",
    );
    expect(change({ stopLoss: { atrMultiple: 2 } }, named).spec.name).toBe(
      "SMA 20/50 crossover, on QQQ, 2 ATR(14) stop loss",
    );
  });

  it("names new rules by their own name, keeping the stops and dropping the old side", () => {
    const short = { ...base, name: "SMA 20/50 crossover, 5% stop loss, short", side: "short" };
    const rules = {
      name: "Buy when RSI(2) < 10",
      entry: { lt: [{ rsi: { period: 2 } }, 10] },
      side: "long",
      exit: null,
      filters: [],
    };
    const { spec, words } = change(rules, parseStrategySpec(short));
    expect(spec.name).toBe("Buy when RSI(2) < 10, 5% stop loss");
    expect(spec.side).toBe("long");
    expect(spec.exit).toBeUndefined();
    expect(spec.stopLoss).toEqual({ percent: 5 });
    expect(words).toEqual(['new rules "Buy when RSI(2) < 10"']);
  });

  it("says sizing, exits and costs in words", () => {
    expect(
      changeWords(
        SpecChangesSchema.parse({
          timeframe: "1h",
          sizing: { fractionOfEquity: 0.5 },
          trailingStop: { atrMultiple: 2.5, atrPeriod: 20 },
          timeExit: { bars: 10 },
          costs: { feeBps: 0 },
          exit: null,
        }) as SpecChanges,
      ),
    ).toEqual([
      "1h bars",
      "no exit rule",
      "50% of equity",
      "2.5 ATR(20) trailing stop",
      "exit after 10 bars",
      "fees 0 bps",
    ]);
  });
});

describe("SpecChangesSchema refuses changes it cannot apply", () => {
  it.each([
    [{}, /changes nothing/],
    [{ stopLoss: { percent: 500 } }, /stopLoss/],
    [{ universe: ["SPY", "SPY"] }, /universe lists a symbol twice/],
    [{ costs: { feeBps: -1 } }, /feeBps/],
    [{ strategy: "x" }, /strategy/],
  ])("%j", (changes, problem) => {
    const parsed = SpecChangesSchema.safeParse(changes);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(problem);
  });
});
