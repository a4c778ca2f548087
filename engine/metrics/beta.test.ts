import { describe, expect, it } from "vitest";
import { betaAgainst } from "./beta.ts";

const dayMs = 86_400_000;
const series = (symbol: string, closes: number[], skip: number[] = []) => {
  const kept = closes.map((close, t) => ({ t, close })).filter(({ t }) => !skip.includes(t));
  return {
    symbol,
    timestampMs: Float64Array.from(kept, ({ t }) => Date.UTC(2024, 0, 1) + t * dayMs),
    close: Float64Array.from(kept, ({ close }) => close),
  };
};

describe("betaAgainst", () => {
  it("gives beta 2 and correlation 1 for returns twice the market's", () => {
    const market = [100];
    const asset = [50];
    for (let t = 1; t < 120; t++) {
      const r = 0.01 * Math.sin(t);
      market.push(market[t - 1]! * (1 + r));
      asset.push(asset[t - 1]! * (1 + 2 * r));
    }
    const beta = betaAgainst(series("A", asset), series("SPY", market))!;
    expect(beta.beta).toBeCloseTo(2, 12);
    expect(beta.correlation).toBeCloseTo(1, 12);
    expect(beta.returns).toBe(119);
  });

  it("matches numpy on the last 252 returns of two smooth series", () => {
    const t = Array.from({ length: 301 }, (_, i) => i);
    const market = t.map((i) => 100 + 10 * Math.sin(i / 7) + i / 10);
    const asset = t.map((i) => 50 + 5 * Math.sin(i / 5) + 3 * Math.sin(i / 7) + i / 20);
    // numpy: np.cov(ra, rm, ddof=1)[0, 1] / np.var(rm, ddof=1) and np.corrcoef(ra, rm)[0, 1]
    // over the last 252 simple returns.
    const beta = betaAgainst(series("A", asset), series("SPY", market))!;
    expect(beta.beta).toBeCloseTo(0.49912192772721237, 12);
    expect(beta.correlation).toBeCloseTo(0.33191900777797734, 12);
    expect(beta.returns).toBe(252);
  });

  it("uses only the dates both have, and needs enough of them", () => {
    const closes = Array.from({ length: 80 }, (_, i) => 100 + i + (i % 3));
    // The asset lacks 30 dates: 50 shared closes, 49 returns, under the 60 needed.
    const sparse = series(
      "A",
      closes,
      Array.from({ length: 30 }, (_, i) => 2 * i + 1),
    );
    expect(betaAgainst(sparse, series("SPY", closes))).toBeUndefined();
    expect(betaAgainst(sparse, series("SPY", closes), 252, 40)).toMatchObject({ returns: 49 });
    // A market that never moved has no beta.
    const flat = series(
      "SPY",
      closes.map(() => 100),
    );
    expect(betaAgainst(series("A", closes), flat)).toBeUndefined();
  });
});
