import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const desk = {
  trading: { state: "active", reason: null, broker: "paper-sim" },
  approvalsPending: 1,
  batchesPending: 0,
  openOrders: 2,
  strategies: [],
  jobs: [],
  research: { sources: 0, failing: [] },
  asOf: "2026-12-02T23:16:41.123Z",
};

describe("desk_status", () => {
  it("gives trading, what waits for a person, strategies by stage, jobs and failing research", () => {
    const row = (name: string, stage: string, state: string, pnl: number | null) => ({
      strategyId: "s",
      name,
      stage,
      state,
      pnl,
      daysInStage: 3,
    });
    const reply = describeResult("desk_status", {
      ...desk,
      trading: { state: "halted", reason: "kill switch by U1", broker: "paper-sim" },
      strategies: [
        row("Trend", "paper", "active", 120.5),
        row("Carry", "small_live", "halted", null),
        row("Dip", "paper", "active", -3),
      ],
      jobs: [
        { id: "1", name: "optimize_strategy", state: "active", progress: 0.45, message: null },
        { id: "2", name: "scan_markets", state: "waiting", progress: null, message: null },
      ],
      research: { sources: 5, failing: [{ name: "example.com", consecutiveFailures: 3 }] },
    });
    expect(reply.split("\n")).toEqual([
      "The desk as of 2026-12-02 23:16 UTC: trading HALTED (kill switch by U1), broker paper-sim.",
      "Waiting for a person: 1 order approval, 0 rebalance batches; 2 orders on the way or open.",
      "At paper: Trend (P&L 120.50), Dip (P&L -3.00).",
      "At small live: Carry (P&L n/a, halted).",
      "Running: optimize_strategy (45%), scan_markets (waiting).",
      "Research: 5 sources; failing: example.com (3 reads in a row).",
    ]);
  });

  it("states the account's risk limits in words", () => {
    const reply = describeResult("desk_status", {
      ...desk,
      riskLimits: {
        maxOrderQuantity: 10_000,
        maxOrderNotional: 5000,
        maxPositionNotional: 50_000,
        maxGrossExposure: 1.5,
        maxNetExposure: 1,
        dailyLossLimit: 0.02,
        maxOrdersPerMinute: 10,
        denySymbols: ["GME", "AMC"],
      },
    });
    expect(reply.split("\n")[1]).toBe(
      "Risk limits: an order up to 5000 and 10000 units; a position up to 50000 a symbol; gross exposure 150% and net 100% of equity; a day's loss 2.0%; 10 orders a minute; never GME, AMC (RISK_LIMITS sets them).",
    );
  });

  it("gives today's loss against the daily limit, or why the account could not be read", () => {
    const today = {
      startEquity: 100_000,
      change: -2500,
      changeFraction: -0.025,
      since: "previousClose",
      lossLimit: { fraction: 0.02, amount: 2000, loss: 2500, left: -500 },
    };
    expect(describeResult("desk_status", { ...desk, today }).split("\n")[1]).toBe(
      "Today: -2,500.00 (-2.50%) since the previous close (equity 100000). Daily loss limit 2.0% = 2000 reached (lost 2500): only orders that reduce exposure pass until the next trading day.",
    );
    expect(
      describeResult("desk_status", { ...desk, today: null, brokerError: "timed out" }).split(
        "\n",
      )[1],
    ).toBe("The broker's account could not be read: timed out");
  });

  it("says when no strategy is past backtest and no broker is configured", () => {
    expect(
      describeResult("desk_status", {
        ...desk,
        trading: { state: "active", reason: null, broker: null },
      }).split("\n"),
    ).toEqual([
      "The desk as of 2026-12-02 23:16 UTC: trading on, no broker configured.",
      "Waiting for a person: 1 order approval, 0 rebalance batches; 2 orders on the way or open.",
      "No strategy past backtest.",
      "Research: 0 sources.",
    ]);
  });
});
