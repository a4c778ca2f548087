import { describe, expect, it } from "vitest";
import { defaultLimits } from "../../engine/risk/index.ts";
import { blockAsText, type TableBlock, type TextBlock } from "./message.ts";
import { statusBlocks } from "./status-view.ts";

const row = (name: string, stage: string, extra: Record<string, unknown> = {}) => ({
  strategyId: name.padEnd(64, "0"),
  name,
  stage,
  since: "2024-03-04T15:00:00.000Z",
  daysInStage: 28,
  state: "active",
  stateReason: null,
  trades: 12,
  capital: 100_000,
  pnl: 1234.5,
  trackingError: 0.01,
  gapToBacktest: -0.0042,
  correlationToPortfolio: 0.613,
  ...extra,
});

const status = {
  trading: { state: "halted", reason: "checking the feed", broker: "paper-sim" },
  approvalsPending: 2,
  batchesPending: 1,
  openOrders: 1,
  strategies: [
    row("cycle", "paper"),
    row("trend", "full_live", { pnl: null, gapToBacktest: null, note: "only 2 stored 1d bars" }),
  ],
  jobs: [
    {
      id: "7",
      name: "scan",
      state: "active",
      progress: 0.4,
      message: "scanning NASDAQ",
      enqueuedAt: "2024-04-01T21:00:00.000Z",
    },
  ],
  research: { sources: 0, failing: [] },
  asOf: "2024-04-01T21:00:00.000Z",
};

describe("statusBlocks", () => {
  it("says how trading stands, tables the strategies (live first) and the running jobs", () => {
    const blocks = statusBlocks(status)!;
    expect((blocks[0] as TextBlock).text).toBe(
      "Trading **halted** (checking the feed) on paper-sim; 2 approval(s) and 1 rebalance batch(es) waiting, 1 order(s) on their way or open.",
    );
    const strategies = blocks[1] as TableBlock;
    expect(strategies.caption).toBe("Strategies as of 2024-04-01 21:00 UTC");
    expect(strategies.rows).toEqual([
      ["trend", "full_live", "28", "active", "12", "n/a", "n/a", "0.61"],
      ["cycle", "paper", "28", "active", "12", "1234.50", "-0.42%", "0.61"],
    ]);
    expect(blockAsText(blocks[2]!)).toBe("- trend: only 2 stored 1d bars");
    expect((blocks[3] as TableBlock).rows).toEqual([
      ["scan #7", "active", "40%", "scanning NASDAQ"],
    ]);
  });

  it("states the risk limits under the trading line when a broker is configured", () => {
    const blocks = statusBlocks({ ...status, riskLimits: { ...defaultLimits, denySymbols: [] } })!;
    expect((blocks[1] as TextBlock).text).toBe(
      "Risk limits: an order up to 25000 and 10000 units; a position up to 50000 a symbol; gross exposure 100% and net 100% of equity; a day's loss 2.0%; 10 orders a minute (RISK_LIMITS sets them).",
    );
    expect((blocks[2] as TableBlock).caption).toBe("Strategies as of 2024-04-01 21:00 UTC");
  });

  it("names the research sources whose reads keep failing", () => {
    const failing = {
      id: "s1",
      name: "Fed releases",
      url: "https://www.federalreserve.gov/feeds/press_all.xml",
      consecutiveFailures: 3,
      lastError: "HTTP 503",
      lastErrorAt: "2024-04-01T20:00:00.000Z",
      lastReadAt: null,
    };
    const blocks = statusBlocks({ ...status, research: { sources: 4, failing: [failing] } })!;
    expect(blockAsText(blocks.at(-1)!)).toBe(
      "- research source Fed releases: 3 failed read(s) in a row (HTTP 503)",
    );
    expect(statusBlocks(status)!.map(blockAsText).join("\n")).not.toMatch(/research source/);
  });

  it("says so when nothing is promoted, and is undefined for other output", () => {
    const quiet = statusBlocks({ ...status, strategies: [], jobs: [] })!;
    expect(quiet.map(blockAsText)[1]).toMatch(/No strategy promoted past backtest yet/);
    expect(quiet).toHaveLength(2);
    expect(statusBlocks({ strategies: [] })).toBeUndefined();
  });
});
