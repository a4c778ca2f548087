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
