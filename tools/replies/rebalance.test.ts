import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const common = {
  portfolio: {
    id: "p-1",
    objective: "hrp",
    source: "returns",
    createdAt: "2026-12-01T00:00:00.000Z",
  },
  broker: "paper-sim",
  live: false,
  equity: 110_000,
  buyingPower: 30_000,
  driftThreshold: 0.05,
  maxDrift: { symbol: "CCC", currentWeight: 0, targetWeight: 0.2, drift: -0.2 },
  drifts: [],
  triggers: { drift: true, forced: false, regimeEvents: [] },
  warnings: [],
};
const batch = {
  id: "b-1",
  state: "pending",
  orders: 2,
  approvers: ["U1", "U2"],
  expiresAt: "2026-12-02T23:26:48.590Z",
  paramsHash: "h",
};
const order = (
  symbol: string,
  side: string,
  quantity: number,
  price: number,
  notional: number,
) => ({
  symbol,
  side,
  quantity,
  referencePrice: price,
  notional,
  currentWeight: 0,
  targetWeight: 0.2,
  verdict: "passed",
  checks: [],
});
const denied = {
  ...order("CCC", "buy", 1100, 20, 22_000),
  verdict: "denied",
  reason: { code: "MAX_ORDER_NOTIONAL", message: "notional 22000 is over the limit of 20000" },
};

describe("rebalance_portfolio", () => {
  it("gives the batch proposed, its orders, why, and that it waits for a person until its expiry", () => {
    const reply = describeResult("rebalance_portfolio", {
      ...common,
      status: "proposed",
      batch,
      orders: [
        order("AAA", "sell", 133.333333, 120, 15_999.99996),
        { ...order("BBB", "buy", 260, 50, 13_000), queuedUntil: "2026-12-03T14:30:00.000Z" },
        denied,
      ],
      warnings: ["held outside the portfolio and left alone: ZZZ"],
    });
    expect(reply.split("\n")).toEqual([
      "Rebalance of portfolio p-1 (hrp) on paper-sim, equity 110000.00:",
      "Proposed batch b-1 of 2 orders (CCC holds 0.00% against a target of 20.00%, past the 5.00% threshold):",
      "- sell 133.333333 AAA at market (last 120, notional 16000.00)",
      "- buy 260 BBB at market (last 50, notional 13000.00), sent when the session opens at 2026-12-03 14:30 UTC",
      "- DENIED: buy 1100 CCC at market (last 20, notional 22000.00): notional 22000 is over the limit of 20000",
      "It waits for U1 or U2 to approve it until 2026-12-02 23:26 UTC: nothing reaches the broker before that. Decide it on its card in chat or with `npx alphadesk approve b-1`.",
      "Note: held outside the portfolio and left alone: ZZZ.",
    ]);
  });

  it("says when nothing needs trading, and why", () => {
    const within = { symbol: "CCC", currentWeight: 0.18, targetWeight: 0.2, drift: -0.02 };
    expect(
      describeResult("rebalance_portfolio", {
        ...common,
        status: "in_range",
        live: true,
        maxDrift: within,
        triggers: { drift: false, forced: false, regimeEvents: [] },
      }).split("\n"),
    ).toEqual([
      "LIVE rebalance of portfolio p-1 (hrp) on paper-sim, equity 110000.00:",
      "Nothing to trade: no symbol is past the 5.00% drift threshold (the furthest: CCC holds 18.00% against a target of 20.00%) and no correlation regime changed.",
    ]);
    expect(
      describeResult("rebalance_portfolio", {
        ...common,
        status: "nothing_to_trade",
        triggers: { drift: false, forced: true, regimeEvents: [{}] },
      }).split("\n")[1],
    ).toBe(
      "Triggered (1 correlation regime change over its symbols; asked for with force), but every order would be below the minimum size: nothing to trade.",
    );
  });

  it("points to the earlier batch still waiting, or says the risk gate denied every order", () => {
    expect(
      describeResult("rebalance_portfolio", { ...common, status: "waiting", batch }).split("\n")[1],
    ).toBe(
      "An earlier proposal, batch b-1 of 2 orders, still waits for U1 or U2 until 2026-12-02 23:26 UTC: decide it first, on its card in chat or with `npx alphadesk approve b-1`.",
    );
    expect(
      describeResult("rebalance_portfolio", { ...common, status: "denied", orders: [denied] })
        .split("\n")
        .slice(1),
    ).toEqual([
      "Triggered (CCC holds 0.00% against a target of 20.00%, past the 5.00% threshold), but the risk gate denied every order: nothing to approve.",
      "- DENIED: buy 1100 CCC at market (last 20, notional 22000.00): notional 22000 is over the limit of 20000",
    ]);
  });
});
