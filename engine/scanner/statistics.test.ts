import { describe, expect, it } from "vitest";
import { engleGranger, engleGrangerCriticalValues, engleGrangerPValue } from "./cointegration.ts";
import { benjaminiHochberg, hacMeanT, normalCdf } from "./statistics.ts";
import { mulberry32, normalSource } from "../random.ts";

describe("statistics", () => {
  it("normal CDF matches tabulated values (Abramowitz & Stegun table 26.1)", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249979, 6);
    expect(normalCdf(1.644854)).toBeCloseTo(0.95, 6);
    expect(normalCdf(-5)).toBeCloseTo(2.866516e-7, 9);
  });

  it("Benjamini-Hochberg q-values match R's p.adjust(method = 'BH')", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.5), "BH") = 0.025 0.05 0.05 0.025 0.5
    const q = benjaminiHochberg(Float64Array.from([0.01, 0.04, 0.03, 0.005, 0.5]));
    expect(Array.from(q).map((value) => Number(value.toFixed(6)))).toEqual([
      0.025, 0.05, 0.05, 0.025, 0.5,
    ]);
  });

  it("HAC t of white noise is about standard normal", () => {
    const normal = normalSource(mulberry32(3));
    const values = Float64Array.from({ length: 5000 }, () => normal());
    expect(Math.abs(hacMeanT(values, 0, values.length, 8))).toBeLessThan(3);
  });

  it("MacKinnon's p-value surface agrees with the 2010 critical values (N = 2, constant)", () => {
    const critical = engleGrangerCriticalValues(1e9);
    expect(engleGrangerPValue(critical.fivePercent)).toBeCloseTo(0.05, 2);
    expect(engleGrangerPValue(critical.onePercent)).toBeCloseTo(0.01, 2);
    expect(engleGrangerPValue(critical.tenPercent)).toBeCloseTo(0.1, 2);
  });

  it("Engle-Granger finds a planted cointegrated pair and not two independent walks", () => {
    const normal = normalSource(mulberry32(9));
    const count = 800;
    const x = new Float64Array(count);
    const y = new Float64Array(count);
    const z = new Float64Array(count);
    let u = 0;
    for (let t = 0; t < count; t++) {
      x[t] = (t > 0 ? x[t - 1]! : 0) + 0.02 * normal();
      z[t] = (t > 0 ? z[t - 1]! : 0) + 0.02 * normal();
      u = 0.9 * u + 0.01 * normal();
      y[t] = 0.5 + 1.5 * x[t]! + u;
    }
    const residual = new Float64Array(count);
    const pair = engleGranger(y, x, count, 1, residual);
    expect(pair.hedgeRatio).toBeCloseTo(1.5, 1);
    expect(pair.pValue).toBeLessThan(1e-4);
    expect(pair.halfLifeBars).toBeGreaterThan(3);
    expect(pair.halfLifeBars).toBeLessThan(12);
    expect(engleGranger(z, x, count, 1, residual).pValue).toBeGreaterThan(0.01);
  });
});
