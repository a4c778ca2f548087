import { describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import { SpecTemplateSchema } from "../strategy/template-schema.ts";
import { trialEvidence } from "./trial-evidence.ts";

const market = generateMarket({ symbols: ["SPY"], years: 2, seed: 5 });
const template = SpecTemplateSchema.parse({
  name: "SMA trend",
  universe: ["SPY"],
  params: { period: { int: [10, 40], step: 10 } },
  entry: { gt: ["close", { sma: { period: { param: "period" } } }] },
  exit: { lt: ["close", { sma: { period: { param: "period" } } }] },
});
const trial = (number: number, period: number, sharpe: number): StoredTrial => ({
  stage: "main",
  number,
  params: { period },
  state: "complete",
  value: sharpe,
  metrics: { sharpe },
  error: null,
});
const options = { initialCash: 100_000, startMs: null, endMs: null };

describe("the trials an optimization counts", () => {
  it("counts a parameter set tried twice once: for the deflation and for CSCV", () => {
    // A sampler's repeats: period 20 three times, 40 twice. Four strategies were tried.
    const tried = [
      trial(0, 10, 0.4),
      trial(1, 20, 0.9),
      trial(2, 20, 0.9),
      trial(3, 30, 0.1),
      trial(4, 20, 0.9),
      trial(5, 40, -0.2),
      trial(6, 40, -0.2),
    ];
    const evidence = trialEvidence(template, tried, market.bars, options);
    expect(evidence.count).toBe(4);
    expect([...evidence.sharpes!].map((s) => s * Math.sqrt(252))).toEqual([
      expect.closeTo(0.4, 12),
      expect.closeTo(0.9, 12),
      expect.closeTo(0.1, 12),
      expect.closeTo(-0.2, 12),
    ]);
    expect(evidence.matrix?.columns).toBe(4);
  });
});
