import { describe, expect, it } from "vitest";
import { backAdjust } from "../adjust/corporate-actions.ts";
import { validateBars } from "../bars.ts";
import { sessionOn } from "../calendar/sessions.ts";
import { demoSymbols, generateMarket, type Regime } from "./index.ts";

const dayMs = 86_400_000;

const logReturns = (close: Float64Array, horizon: number) => {
  const returns: number[] = [];
  for (let i = horizon; i < close.length; i += horizon)
    returns.push(Math.log(close[i]! / close[i - horizon]!));
  return returns;
};
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
function correlation(a: number[], b: number[]): number {
  const meanA = mean(a);
  const meanB = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - meanA) * (b[i]! - meanB);
    aa += (a[i]! - meanA) ** 2;
    bb += (b[i]! - meanB) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
const autocorrelation = (values: number[]) => correlation(values.slice(1), values.slice(0, -1));

describe("generateMarket", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateMarket({ seed: 3, years: 1 });
    const b = generateMarket({ seed: 3, years: 1 });
    const c = generateMarket({ seed: 4, years: 1 });
    expect(a).toEqual(b);
    expect(Array.from(a.bars[1]!.close)).not.toEqual(Array.from(c.bars[1]!.close));
  });

  it("makes the default demo universe: valid bars at 00:00 UTC on its market's trading dates, every one", () => {
    const market = generateMarket();
    expect(market.profiles.map((profile) => profile.symbol)).toEqual(demoSymbols);
    const marketOf = new Map<string, string>();
    for (const profile of market.profiles)
      for (const symbol of profile.contracts ?? [profile.symbol])
        marketOf.set(symbol, profile.market);
    expect(market.bars.map((bars) => bars.symbol).sort()).toEqual([...marketOf.keys()].sort());
    for (const bars of market.bars) {
      const calendar = marketOf.get(bars.symbol) as Parameters<typeof sessionOn>[0];
      expect(() => validateBars(bars)).not.toThrow();
      const days = Array.from(bars.timestampMs, (time) => time / dayMs);
      expect(days.every(Number.isInteger), bars.symbol).toBe(true);
      const closed = days.filter((day) => sessionOn(calendar, day) === undefined);
      expect(closed, `${bars.symbol} has bars on closed ${calendar} dates`).toEqual([]);
      const present = new Set(days);
      let missing = 0;
      for (let day = days[0]!; day <= days.at(-1)!; day++)
        if (sessionOn(calendar, day) && !present.has(day)) missing++;
      expect(missing, `${bars.symbol} misses ${calendar} trading dates`).toBe(0);
    }
    const countOf = (symbol: string) =>
      market.bars.find((bars) => bars.symbol === symbol)!.close.length;
    // 2020-01-02 to 2024-12-31: NYSE's 1258 sessions, 1304 FX weekdays, 1826 crypto days.
    expect([countOf("SPY"), countOf("ACME"), countOf("EUR/USD"), countOf("BTC/USD")]).toEqual([
      1258, 1258, 1304, 1826,
    ]);
    expect(new Set(market.profiles.map((profile) => profile.regime))).toEqual(
      new Set(["trending", "meanReverting", "randomWalk"]),
    );
    expect(new Set(market.profiles.map((profile) => profile.assetClass))).toEqual(
      new Set(["stock", "etf", "fx", "future", "crypto"]),
    );
  });

  it("gives a symbol the same bars whatever else is asked for", () => {
    const alone = generateMarket({ symbols: ["QQQ", "BTC/USD"], seed: 9, years: 2 });
    const together = generateMarket({ symbols: ["SPY", "BTC/USD", "QQQ"], seed: 9, years: 2 });
    expect(together.bars[2]).toEqual(alone.bars[0]);
    expect(together.bars[1]).toEqual(alone.bars[1]);
  });

  it("plants the effects its profiles claim", () => {
    const symbols = ["SPY", ...Array.from({ length: 90 }, (_, i) => `N${i}`)];
    const market = generateMarket({ symbols, years: 10, seed: 11 });
    const adjusted = market.bars.map((bars) =>
      backAdjust(
        bars,
        market.corporateActions.filter((action) => action.symbol === bars.symbol),
      ),
    );
    const spy = logReturns(adjusted[0]!.close, 1);
    const byRegime = new Map<
      Regime,
      {
        weekly: number[];
        monthly: number[];
        kurtosis: number[];
        beta: number[];
        volatility: number[];
      }
    >();
    adjusted.slice(1).forEach((bars, index) => {
      const profile = market.profiles[index + 1]!;
      const daily = logReturns(bars.close, 1);
      const m = mean(daily);
      const variance = mean(daily.map((r) => (r - m) ** 2));
      const stats = byRegime.get(profile.regime) ?? {
        weekly: [],
        monthly: [],
        kurtosis: [],
        beta: [],
        volatility: [],
      };
      stats.weekly.push(autocorrelation(logReturns(bars.close, 5)));
      stats.monthly.push(autocorrelation(logReturns(bars.close, 21)));
      stats.kurtosis.push(mean(daily.map((r) => (r - m) ** 4)) / variance ** 2 - 3);
      stats.beta.push(correlation(daily, spy));
      stats.volatility.push(Math.sqrt(variance * 252) / profile.annualVolatilityRatio);
      byRegime.set(profile.regime, stats);
    });
    const trending = byRegime.get("trending")!;
    const reverting = byRegime.get("meanReverting")!;
    const random = byRegime.get("randomWalk")!;
    expect(mean(trending.monthly)).toBeGreaterThan(0.03);
    expect(mean(reverting.weekly)).toBeLessThan(-0.08);
    expect(Math.abs(mean(random.monthly))).toBeLessThan(0.05);
    for (const stats of [trending, reverting, random]) {
      expect(mean(stats.kurtosis)).toBeGreaterThan(1);
      expect(mean(stats.beta)).toBeGreaterThan(0.3);
      expect(mean(stats.beta)).toBeLessThan(0.75);
      expect(mean(stats.volatility)).toBeGreaterThan(0.8);
      expect(mean(stats.volatility)).toBeLessThan(1.25);
    }
  });

  it("prints a split and dividends into the raw bars, and lists them", () => {
    const market = generateMarket();
    const acme = market.bars[1]!;
    const split = market.corporateActions.find((action) => action.symbol === "ACME");
    expect(split).toMatchObject({ kind: "split", ratio: 4 });
    const exIndex = acme.timestampMs.findIndex((time) => time >= split!.exDateMs);
    // The raw close falls about fourfold across the ex-date; the adjusted one does not.
    expect(acme.close[exIndex - 1]! / acme.close[exIndex]!).toBeGreaterThan(3);
    const adjusted = backAdjust(acme, [split!]);
    expect(adjusted.close[exIndex - 1]! / adjusted.close[exIndex]!).toBeLessThan(1.3);
    const dividends = market.corporateActions.filter((action) => action.kind === "dividend");
    const payers = new Set(dividends.map((action) => action.symbol));
    for (const symbol of ["SPY", "BOLT", "XLU", "TLT", "HYG"]) expect(payers).toContain(symbol);
    for (const symbol of ["ACME", "CRUX", "GLD", "EUR/USD", "BTC/USD", "MESH21"])
      expect(payers).not.toContain(symbol);
    // SPY goes ex quarterly (20 times in 5 years), TLT monthly (59 after its first bar).
    expect(dividends.filter((action) => action.symbol === "SPY")).toHaveLength(20);
    expect(dividends.filter((action) => action.symbol === "TLT")).toHaveLength(59);
    expect(dividends.filter((action) => action.symbol === "BOLT").length).toBeGreaterThan(15);
  });

  it.each([
    [{ years: 0 }, /years must be more than 0 and at most 50 \(was 0\)/],
    [{ years: 51 }, /years must be more than 0/],
    [{ symbols: [] }, /symbols must list at least one symbol/],
    [{ symbols: ["A", "B", "A"] }, /symbols lists A more than once/],
    [{ seed: 1.5 }, /seed must be a whole number/],
    [{ symbols: ["EUR/JPY"] }, /EUR\/JPY: no synthetic model for this pair; .*EUR\/USD/],
    [{ symbols: ["MESH25"] }, /MESH25 is a MES contract: ask for the root MES/],
    [{ symbols: ["spy"] }, /spy: symbols are case-sensitive; write SPY/],
    [{ symbols: ["MES"], startMs: Date.UTC(1995, 0, 3) }, /futures contracts are dated 2001-2098/],
    [{ symbols: ["SPY"], years: 0.002, startMs: Date.UTC(2024, 0, 6) }, /years is too short: SPY/],
  ])("refuses bad options with a message naming them (%j)", (options, message) => {
    expect(() => generateMarket(options)).toThrow(RangeError);
    expect(() => generateMarket(options)).toThrow(message);
  });
});
