import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedMarket } from "../../engine/scanner/planted-market.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { backtestStrategy } from "../backtest/backtest-strategy.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { listFindings } from "./list-findings.ts";
import { scanMarkets } from "./scan-markets.ts";

// Few symbols, planted effects among them: enough to find and confirm, quick to scan.
const market = plantedMarket({
  symbols: 40,
  bars: 1260,
  seed: 5,
  momentum: 3,
  reversal: 3,
  pairs: 2,
  weekday: 3,
  sectors: 4,
});

interface ScanOutput {
  scanId: string;
  candidatesTested: number;
  findings: {
    id: string;
    key: string;
    pattern: string;
    symbols: string[];
    timesConfirmed: number;
    strategySpec: unknown;
    qValue: number;
    explanation: string;
    inSample: { sharpe: number };
  }[];
  decayed: number;
}

let store: Store;
let first: ScanOutput;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
  first = (await runTool(scanMarkets, {}, testContext(store))) as ScanOutput;
}, 120_000);
afterAll(async () => {
  await store.close();
});

describe("scan_markets", () => {
  it("finds planted effects with q-values under the level and stores them", async () => {
    expect(first.candidatesTested).toBeGreaterThan(first.findings.length);
    expect(first.findings.length).toBeGreaterThan(0);
    for (const finding of first.findings) expect(finding.qValue).toBeLessThanOrEqual(0.05);
    const planted = new Set(market.effects.flatMap((effect) => effect.symbols));
    const found = first.findings.filter((finding) => finding.symbols.some((s) => planted.has(s)));
    expect(found.length / first.findings.length).toBeGreaterThan(0.9);
  });

  it("deduplicates across scans, keeping the history", async () => {
    const second = (await runTool(scanMarkets, {}, testContext(store))) as ScanOutput;
    expect(second.scanId).not.toBe(first.scanId);
    const byId = new Map(first.findings.map((finding) => [finding.id, finding]));
    const again = second.findings.filter((finding) => byId.has(finding.id));
    expect(again.length).toBe(second.findings.length);
    for (const finding of again) expect(finding.timesConfirmed).toBe(2);
    const listed = (await runTool(listFindings, { limit: 500 }, testContext(store))) as {
      findings: { id: string }[];
    };
    expect(listed.findings.map((finding) => finding.id).sort()).toEqual(
      [...new Set([...first.findings, ...second.findings].map((finding) => finding.id))].sort(),
    );
  });

  it("gives each finding a spec that backtest_strategy runs, by spec or by finding id", async () => {
    const finding = first.findings[0]!;
    const bySpec = await runTool(
      backtestStrategy,
      { spec: finding.strategySpec },
      testContext(store),
    );
    const byId = await runTool(backtestStrategy, { findingId: finding.id }, testContext(store));
    expect((byId as { metrics: unknown }).metrics).toEqual(
      (bySpec as { metrics: unknown }).metrics,
    );
    // A pairs finding's spec trades one leg: the run says so, and where the spread is tested.
    const pair = first.findings.find((each) => each.pattern === "pairs")!;
    const proxy = (await runTool(backtestStrategy, { findingId: pair.id }, testContext(store))) as {
      warnings: string[];
    };
    expect(proxy.warnings).toContain(
      `Finding ${pair.id} is a pairs pattern of ${pair.symbols.join(" and ")}; its spec is a proxy that trades ${pair.symbols[0]} alone: analyze_pair backtests the spread itself, both legs.`,
    );
  });

  it("scans the most recent bars only when given a lookback", async () => {
    const recent = (await runTool(
      scanMarkets,
      { lookbackBars: 500, families: ["momentum", "mean_reversion"] },
      testContext(store),
    )) as ScanOutput;
    expect(recent.findings.length).toBeGreaterThan(0);
    // 70% of 500 bars in sample, 150 to confirm.
    for (const finding of recent.findings)
      expect(finding.explanation).toContain("In-sample (350 bars)");
  });

  it("scans another timeframe apart: its own keys and specs, Sharpe annualized by its bars per year", async () => {
    const families = ["momentum", "mean_reversion"];
    const hourlyStart = Date.UTC(2024, 0, 1);
    const hourly = market.bars.map((series) => ({
      ...series,
      timestampMs: series.timestampMs.map((_, i) => hourlyStart + i * 3_600_000),
    }));
    await store.writeBars("1h", hourly);
    const daily = (await runTool(scanMarkets, { families }, testContext(store))) as ScanOutput;
    const intraday = (await runTool(
      scanMarkets,
      { families, timeframe: "1h" },
      testContext(store),
    )) as ScanOutput;
    // The same returns on another clock: the same tests, the same findings, under 1h keys.
    expect(intraday.findings.map((finding) => finding.key)).toEqual(
      daily.findings.map((finding) => `${finding.key}|1h`),
    );
    const times = market.bars[0]!.timestampMs;
    const yearMs = 365.25 * 86_400_000;
    const dailyPerYear = ((times.length - 1) * yearMs) / (times.at(-1)! - times[0]!);
    const hourlyPerYear = yearMs / 3_600_000;
    daily.findings.forEach((finding, k) => {
      const other = intraday.findings[k]!;
      expect(other.strategySpec).toMatchObject({ timeframe: "1h" });
      expect(other.inSample.sharpe).toBeCloseTo(
        finding.inSample.sharpe * Math.sqrt(hourlyPerYear / dailyPerYear),
        6,
      );
    });
    // An hourly scan does not decay daily findings it never tested.
    expect(intraday.decayed).toBe(0);
  });

  it("refuses bad input, naming the field", async () => {
    await expect(
      runTool(scanMarkets, { lookbackBars: 100 }, testContext(store)),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("lookbackBars"),
    });
    await expect(
      runTool(scanMarkets, { families: ["astrology"] }, testContext(store)),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("families"),
    });
    await expect(
      runTool(scanMarkets, { universe: "nope" }, testContext(store)),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining('unknown universe "nope"'),
    });
    await expect(runTool(scanMarkets, { alpha: 0.5 }, testContext(store))).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      runTool(backtestStrategy, { findingId: "999999" }, testContext(store)),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
