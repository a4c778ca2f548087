import { describe, expect, it } from "vitest";
import {
  ceilingFields,
  defaultLimits,
  effectiveLimits,
  floorFields,
  hardLimits,
} from "./limits.ts";

describe("hardLimits and defaultLimits", () => {
  it("pins the hard boundary", () => {
    expect(hardLimits).toEqual({
      maxOrderQuantity: 1_000_000,
      maxOrderNotional: 1_000_000,
      maxPositionNotional: 5_000_000,
      maxGrossExposure: 4,
      maxNetExposure: 2,
      dailyLossLimit: 0.1,
      maxOrdersPerMinute: 60,
      priceCollarBps: 1_000,
      maxPriceAgeMs: 900_000,
      duplicateWindowMs: 5_000,
      denySymbols: [],
      maxClusterExposure: 2,
      allowOutsideHours: true,
    });
  });
  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(hardLimits)).toBe(true);
    expect(Object.isFrozen(hardLimits.denySymbols)).toBe(true);
    expect(() => {
      (hardLimits as { maxOrderNotional: number }).maxOrderNotional = 1e12;
    }).toThrow(TypeError);
  });
  it("starts inside the boundary", () => {
    for (const field of ceilingFields)
      expect(defaultLimits[field]).toBeLessThanOrEqual(hardLimits[field]);
    for (const field of floorFields)
      expect(defaultLimits[field]).toBeGreaterThanOrEqual(hardLimits[field]);
  });
});

describe("effectiveLimits", () => {
  it("returns the defaults for an empty configuration, queueing outside hours on", () => {
    const limits = effectiveLimits({});
    expect(limits).toEqual({ ...defaultLimits, denySymbols: [] });
    expect(limits.allowOutsideHours).toBe(true);
  });

  it("lets configuration loosen the defaults up to the hard boundary, and no further", () => {
    const limits = effectiveLimits({
      maxOrderNotional: 200_000,
      maxOrderQuantity: 5e9,
      maxGrossExposure: 10,
      maxNetExposure: 3,
      dailyLossLimit: 0.5,
      maxOrdersPerMinute: 1_000,
      priceCollarBps: 5_000,
      maxPriceAgeMs: 3_600_000,
      maxPositionNotional: 1e12,
      maxClusterExposure: 9,
      duplicateWindowMs: 1,
    });
    expect(limits).toMatchObject({
      maxOrderNotional: 200_000,
      maxOrderQuantity: 1_000_000,
      maxGrossExposure: 4,
      maxNetExposure: 2,
      dailyLossLimit: 0.1,
      maxOrdersPerMinute: 60,
      priceCollarBps: 1_000,
      maxPriceAgeMs: 900_000,
      maxPositionNotional: 5_000_000,
      maxClusterExposure: 2,
      duplicateWindowMs: 5_000,
    });
  });

  it("lets the account and then the strategy tighten, never loosen", () => {
    const limits = effectiveLimits(
      { maxOrderNotional: 100_000, dailyLossLimit: 0.05, duplicateWindowMs: 10_000 },
      { maxOrderNotional: 40_000, dailyLossLimit: 0.08, duplicateWindowMs: 6_000 },
      { maxOrderNotional: 60_000, dailyLossLimit: 0.01, duplicateWindowMs: 120_000 },
    );
    expect(limits.maxOrderNotional).toBe(40_000);
    expect(limits.dailyLossLimit).toBe(0.01);
    expect(limits.duplicateWindowMs).toBe(120_000);
  });

  it("unions deny lists, intersects allow lists and upper-cases symbols", () => {
    const limits = effectiveLimits(
      { denySymbols: ["gme"], allowSymbols: ["AAPL", "MSFT", "SPY"] },
      { denySymbols: ["AMC"], allowSymbols: ["msft", "SPY", "TSLA"] },
      { allowSymbols: ["SPY", "QQQ"] },
    );
    expect(limits.denySymbols).toEqual(["GME", "AMC"]);
    expect(limits.allowSymbols).toEqual(["SPY"]);
  });

  it("lets an override turn queueing outside hours off but not back on", () => {
    expect(effectiveLimits({ allowOutsideHours: false }).allowOutsideHours).toBe(false);
    expect(
      effectiveLimits({}, { allowOutsideHours: false }, { allowOutsideHours: true })
        .allowOutsideHours,
    ).toBe(false);
    expect(
      effectiveLimits({ allowOutsideHours: false }, { allowOutsideHours: true }).allowOutsideHours,
    ).toBe(false);
  });

  it("accepts zero (nothing may trade) and explicit undefined (not set)", () => {
    const limits = effectiveLimits({ maxOrderQuantity: 0, maxOrderNotional: undefined });
    expect(limits.maxOrderQuantity).toBe(0);
    expect(limits.maxOrderNotional).toBe(defaultLimits.maxOrderNotional);
  });

  const bad: [string, unknown][] = [
    ["NaN", NaN],
    ["a negative number", -1],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["a string", "5000"],
    ["null", null],
    ["a boolean", true],
  ];
  for (const field of [...ceilingFields, ...floorFields]) {
    it.each(bad)(`refuses %s as ${field}, naming it, in either layer`, (_, value) => {
      const layer = { [field]: value };
      expect(() => effectiveLimits(layer)).toThrow(RangeError);
      expect(() => effectiveLimits(layer)).toThrow(`\`${field}\` in configured`);
      expect(() => effectiveLimits({}, {}, layer)).toThrow(`\`${field}\` in overrides[1]`);
    });
  }

  it("refuses unknown fields, bad symbol lists, a non-boolean switch and a non-object", () => {
    expect(() => effectiveLimits({ maxOrderNotionl: 5 } as never)).toThrow(
      /unknown risk limit `maxOrderNotionl`/,
    );
    expect(() => effectiveLimits({ denySymbols: "GME" } as never)).toThrow(/`denySymbols`/);
    expect(() => effectiveLimits({ denySymbols: ["GME", ""] })).toThrow(/`denySymbols\[1\]`/);
    expect(() => effectiveLimits({ allowSymbols: [" SPY"] })).toThrow(/`allowSymbols\[0\]`/);
    expect(() => effectiveLimits({ allowOutsideHours: "yes" } as never)).toThrow(
      /`allowOutsideHours`/,
    );
    expect(() => effectiveLimits(null as never)).toThrow(RangeError);
    expect(() => effectiveLimits({}, [] as never)).toThrow(/overrides\[0\] must be an object/);
  });

  it("returns a fresh object: changing it leaves the defaults alone", () => {
    const limits = effectiveLimits({});
    (limits.denySymbols as string[]).push("X");
    limits.maxOrderNotional = 1;
    expect(defaultLimits.denySymbols).toEqual([]);
    expect(effectiveLimits({}).maxOrderNotional).toBe(defaultLimits.maxOrderNotional);
  });
});
