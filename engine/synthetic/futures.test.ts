import { describe, expect, it } from "vitest";
import { contractsBetween, expiryDay, parseContractCode } from "../futures/contracts.ts";
import { continuousBackAdjusted } from "../futures/continuous.ts";
import { generateMarket } from "./index.ts";

const dayMs = 86_400_000;
const market = generateMarket({ seed: 42, symbols: ["SPY", "MES", "MCL", "MGC"] });
const barsOf = (symbol: string) => market.bars.find((bars) => bars.symbol === symbol)!;
const dayOf = (time: number) => time / dayMs;

describe("the CME micros as contracts", () => {
  it("lists the quarterly MES contracts of 2020-2024 and the next one, as stored bars", () => {
    const mes = market.profiles.find((profile) => profile.symbol === "MES")!;
    expect(mes).toMatchObject({ assetClass: "future", market: "CME", regime: "randomWalk" });
    // H20 (front on 2020-01-02) through Z24, plus H25: front from the December 2024 roll.
    expect(mes.contracts).toEqual(
      [20, 21, 22, 23, 24]
        .flatMap((year) => ["H", "M", "U", "Z"].map((m) => `MES${m}${year}`))
        .concat("MESH25"),
    );
    expect(market.bars.some((bars) => bars.symbol === "MES")).toBe(false);
  });

  it("gives each contract bars from ten sessions before it is front to its last trading day", () => {
    const mesm24 = barsOf("MESM24");
    // MESH24 rolls to MESM24 on Thursday 2024-03-07, eight days before Friday 2024-03-15;
    // ten CME sessions back from there is Thursday 2024-02-22. MESM24 expires Friday 2024-06-21.
    expect(new Date(mesm24.timestampMs[0]!).toISOString()).toBe("2024-02-22T00:00:00.000Z");
    expect(new Date(mesm24.timestampMs.at(-1)!).toISOString()).toBe("2024-06-21T00:00:00.000Z");
    expect(dayOf(mesm24.timestampMs.at(-1)!)).toBe(expiryDay("MES", 2024, 6));
    expect(mesm24.volume[0]!).toBeLessThan(mesm24.volume[20]!);
  });

  it("prices contracts apart on a roll day, on their tick, converging to one price at expiry", () => {
    for (const root of ["MES", "MCL", "MGC"] as const) {
      const codes = market.profiles.find((profile) => profile.symbol === root)!.contracts!;
      const first = dayOf(barsOf(codes[0]!).timestampMs[0]!);
      const schedule = contractsBetween(root, first, Date.UTC(2024, 11, 31) / dayMs);
      const { rolls } = continuousBackAdjusted(
        schedule.map(({ code }) => ({ code, bars: barsOf(code) })),
        schedule,
        "difference",
      );
      expect(rolls.length).toBe(schedule.length - 1);
      expect(rolls.filter((roll) => roll.adjustment === 0).length).toBeLessThan(rolls.length / 10);
      const tick = { MES: 0.25, MCL: 0.01, MGC: 0.1 }[root];
      for (const code of codes) {
        for (const close of barsOf(code).close)
          expect(Math.abs(close / tick - Math.round(close / tick))).toBeLessThan(1e-6);
      }
      // The same trade date's closes of two contracts differ by the carry over their expiries.
      const gaps = rolls.map((roll) => Math.abs(roll.adjustment / roll.fromClose));
      expect(Math.max(...gaps)).toBeLessThan(root === "MCL" ? 0.06 : 0.02);
    }
  });

  it("tracks the ETF: continuous MES returns correlate with SPY's above 0.95", () => {
    const codes = market.profiles.find((profile) => profile.symbol === "MES")!.contracts!;
    const schedule = contractsBetween(
      "MES",
      Date.UTC(2020, 0, 2) / dayMs,
      Date.UTC(2024, 11, 31) / dayMs,
    );
    expect(schedule.map(({ code }) => code)).toEqual(codes);
    const mes = continuousBackAdjusted(
      schedule.map(({ code }) => ({ code, bars: barsOf(code) })),
      schedule,
      "ratio",
    ).bars;
    const spy = barsOf("SPY");
    const spyClose = new Map(Array.from(spy.timestampMs, (time, i) => [time, spy.close[i]!]));
    const pairs: [number, number][] = [];
    let previous: [number, number] | undefined;
    mes.timestampMs.forEach((time, i) => {
      const other = spyClose.get(time);
      if (other === undefined) return;
      if (previous)
        pairs.push([Math.log(mes.close[i]! / previous[0]), Math.log(other / previous[1])]);
      previous = [mes.close[i]!, other];
    });
    const mean = (k: 0 | 1) => pairs.reduce((sum, pair) => sum + pair[k], 0) / pairs.length;
    const [mx, my] = [mean(0), mean(1)];
    let [xy, xx, yy] = [0, 0, 0];
    for (const [x, y] of pairs) {
      xy += (x - mx) * (y - my);
      xx += (x - mx) ** 2;
      yy += (y - my) ** 2;
    }
    expect(pairs.length).toBeGreaterThan(1200);
    // SPY's quarterly dividends are in its raw closes: about 0.35% on 20 days.
    expect(xy / Math.sqrt(xx * yy)).toBeGreaterThan(0.95);
    // Index points: MES starts near 3250 (the S&P 500 in January 2020).
    expect(mes.close.at(-1)! / spy.close.at(-1)!).toBeGreaterThan(5);
    expect(parseContractCode(codes.at(-1)!)).toEqual({ root: "MES", year: 2025, month: 3 });
  });
});
