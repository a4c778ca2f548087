import { describe, expect, it } from "vitest";
import { runBacktest } from "../strategy/backtest.ts";
import {
  defaultScanOptions,
  mergeScanParts,
  planScan,
  runScanWork,
  scanMarket,
  splitScanWork,
} from "./index.ts";
import { plantedMarket } from "./planted-market.ts";

// The proof the scanner finds what is there and little that is not: planted effects of known
// strength (planted-market.ts) among random walks moved by market and sector factors.
const market = plantedMarket({ symbols: 300, bars: 1260, seed: 7 });
const result = scanMarket(market.bars, defaultScanOptions);
const nulls = new Set(market.nullSymbols);
const sameSymbols = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

describe("scanMarket on a planted-effects market", () => {
  it("recalls at least 95% of the planted effects", () => {
    const recalled = market.effects.filter((effect) =>
      result.findings.some(
        (finding) =>
          finding.pattern === effect.pattern && sameSymbols(finding.symbols, effect.symbols),
      ),
    );
    expect(recalled.length / market.effects.length).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps the false-discovery proportion over null names at or below 5%", () => {
    const falseFindings = result.findings.filter((finding) =>
      finding.symbols.every((s) => nulls.has(s)),
    );
    expect(result.findings.length).toBeGreaterThan(0);
    expect(falseFindings.length / result.findings.length).toBeLessThanOrEqual(0.05);
  });

  it("reports only BH-significant, out-of-sample confirmed, profitable findings", () => {
    expect(result.candidatesTested).toBeGreaterThan(300 * 30);
    for (const finding of result.findings) {
      expect(finding.qValue).toBeLessThanOrEqual(defaultScanOptions.alpha);
      expect(finding.qValue).toBeGreaterThanOrEqual(finding.pValue);
      expect(finding.inSample.meanReturnBps).toBeGreaterThan(0);
      expect(finding.outOfSample.meanReturnBps).toBeGreaterThan(0);
      expect(finding.explanation).toContain("q = ");
    }
    expect(new Set(result.findings.map((finding) => finding.key)).size).toBe(
      result.findings.length,
    );
  });

  it("emits specs that runBacktest runs on the same bars, trading what was tested", () => {
    const bySymbol = new Map(market.bars.map((bars) => [bars.symbol, bars]));
    for (const finding of result.findings) {
      const spec = finding.strategySpec;
      const bars = spec.universe.map((symbol) => bySymbol.get(symbol)!);
      const run = runBacktest(spec, bars, { initialCash: 100_000, startMs: null, endMs: null });
      expect(run.metrics.trades + run.simulation.openPositions.length).toBeGreaterThan(0);
      if (finding.specFidelity === "exact") {
        const tested = finding.inSample.trades + finding.outOfSample.trades;
        const traded = run.metrics.trades + run.simulation.openPositions.length;
        // A trade straddling the split counts in both periods; one opened on the last bars
        // has no forward return to test.
        expect(Math.abs(traded - tested)).toBeLessThanOrEqual(2);
      }
    }
  });

  it("rejects series too short to split and confirm", () => {
    const short = { ...market.bars[0]!, symbol: "SHORT" };
    for (const field of ["timestampMs", "open", "high", "low", "close", "volume"] as const)
      short[field] = short[field].subarray(0, 100);
    const scan = scanMarket([short, ...market.bars.slice(1, 4)], {
      ...defaultScanOptions,
      families: ["momentum"],
    });
    expect(scan.rejected.insufficientData).toEqual(["SHORT"]);
  });

  it("is deterministic", () => {
    const again = scanMarket(market.bars.slice(0, 40), defaultScanOptions);
    const once = scanMarket(market.bars.slice(0, 40), defaultScanOptions);
    expect(again).toEqual(once);
  });

  it("gives the same result split into parts run apart and merged (one BH correction)", () => {
    const { work, insufficientData } = planScan(market.bars, defaultScanOptions);
    const shares = splitScanWork(work, 3);
    expect(shares).toHaveLength(3);
    expect(shares.flatMap((share) => share.pairs)).toEqual(work.pairs);
    const parts = shares.map((share) => {
      // Each part sees only the bars it names, as a worker that loaded just those would.
      const named = new Set([...share.singles, ...share.pairs.flat(), ...share.leadLag.flat()]);
      const bars = market.bars.filter((series) => named.has(series.symbol));
      return runScanWork(bars, share, defaultScanOptions);
    });
    expect(mergeScanParts(parts, defaultScanOptions.alpha, insufficientData)).toEqual(result);
    // A part's own correction would be weaker: more findings per part than in the merged whole.
    const alone = parts.map((part) => mergeScanParts([part], defaultScanOptions.alpha, []));
    expect(alone.reduce((sum, r) => sum + r.findings.length, 0)).toBeGreaterThan(
      result.findings.length,
    );
  });

  it("names the strongest candidates that fell short, and why, with q-values worked by hand", () => {
    // Five p-values, three below alpha (kept). Benjamini-Hochberg by hand, n = 5, in p order:
    // q(0.9) = 0.9; q(0.5) = 0.5 x 5/4 = 0.625; q(0.04) = 0.04 x 5/3 = 0.0667;
    // q(0.02) = 0.02 x 5/2 = 0.05; q(0.001) = min(0.001 x 5, 0.05) = 0.005.
    const [finding] = result.findings;
    const candidate = (symbol: string, pValue: number, confirmed: boolean) => {
      const { qValue: _q, ...rest } = finding!;
      return { ...rest, key: `test|${symbol}`, symbols: [symbol], pValue, confirmed };
    };
    const part = {
      pValues: [0.5, 0.04, 0.001, 0.9, 0.02],
      kept: [
        { index: 1, candidate: candidate("B", 0.04, true) },
        { index: 2, candidate: candidate("A", 0.001, true) },
        { index: 4, candidate: candidate("C", 0.02, false) },
      ],
    };
    const merged = mergeScanParts([part], 0.05, []);
    expect(merged.findings.map((f) => [f.symbols[0], f.qValue])).toEqual([["A", 0.005]]);
    expect(
      merged.nearMisses.map((miss) => [
        miss.symbols[0],
        Number(miss.qValue.toFixed(4)),
        miss.reason,
      ]),
    ).toEqual([
      ["C", 0.05, "not_confirmed"],
      ["B", 0.0667, "q_above_alpha"],
    ]);
    // On the planted market: at most three, none of them a finding, smallest q first.
    expect(result.nearMisses.length).toBeLessThanOrEqual(3);
    const keys = new Set(
      result.findings.map(
        (f) => `${f.pattern}|${f.symbols.join()}|${f.direction}|${JSON.stringify(f.parameters)}`,
      ),
    );
    for (const miss of result.nearMisses)
      expect(
        keys.has(
          `${miss.pattern}|${miss.symbols.join()}|${miss.direction}|${JSON.stringify(miss.parameters)}`,
        ),
      ).toBe(false);
    const qs = result.nearMisses.map((miss) => miss.qValue);
    expect(qs).toEqual([...qs].sort((a, b) => a - b));
  });

  it("refuses work naming a symbol without bars, and a bad split", () => {
    const work = { singles: ["NOPE"], pairs: [], leadLag: [] };
    expect(() => runScanWork(market.bars.slice(0, 2), work, defaultScanOptions)).toThrow(
      /without bars: NOPE/,
    );
    expect(() => splitScanWork(work, 0)).toThrow(/parts must be a positive integer/);
  });
});
