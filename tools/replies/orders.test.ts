import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

describe("propose_order", () => {
  it("says what waits for whom until when, and when a closed market sends it", () => {
    const reply = describeResult("propose_order", {
      status: "pending",
      order: {
        side: "buy",
        quantity: 10,
        symbol: "SPY",
        type: "market",
        limitPrice: null,
        referencePrice: 633.6,
        notional: 6336,
        broker: "paper-sim",
        live: false,
      },
      approval: { id: "ap-1", expiresAt: "2026-12-03T04:21:07.250Z", approvers: ["cli", "U1"] },
      queuedForSession: { opensAt: "2026-12-03T14:30:00.000Z" },
    });
    expect(reply.split("\n")).toEqual([
      "Paper order proposed on paper-sim: buy 10 SPY at market (last trade 633.6, notional about 6336).",
      "It waits for cli or U1 to approve it until 2026-12-03 04:21 UTC: nothing reaches the broker before that.",
      "The market is closed: it will be sent when the session opens at 2026-12-03 14:30 UTC.",
    ]);
  });

  it("says what a person can do about a denial, by its code, after the gate's reason", () => {
    const denied = (code: string, message: string) =>
      describeResult("propose_order", { status: "denied", reason: { code, message } }).split("\n");
    expect(
      denied("MAX_ORDER_QUANTITY", "MAX_ORDER_QUANTITY: quantity 100000 against 10000"),
    ).toEqual([
      "The risk gate denied the order: MAX_ORDER_QUANTITY: quantity 100000 against 10000",
      "A smaller order may pass. The limits are a person's to change, never chat's: RISK_LIMITS in the environment (within the hard boundaries), or `npx alphadesk controls --limits` to tighten them; \"what are the risk limits?\" shows those in force.",
    ]);
    expect(denied("TRADING_HALTED", "TRADING_HALTED: trading is halted")[1]).toContain(
      "`npx alphadesk resume`",
    );
    expect(denied("SHORT_SALE", "SHORT_SALE: selling 5 SPY")[1]).toContain(
      "sell at most what you hold",
    );
    // A reason without advice stands alone.
    expect(denied("INVALID_ORDER", "INVALID_ORDER: quantity must be positive")).toEqual([
      "The risk gate denied the order: INVALID_ORDER: quantity must be positive",
    ]);
  });

  it("writes a notional computed in floating point as the amount it is", () => {
    const reply = describeResult("propose_order", {
      status: "approved",
      order: {
        side: "buy",
        quantity: 10,
        symbol: "QQQ",
        type: "market",
        limitPrice: null,
        referencePrice: 475.04,
        notional: 10 * 475.04, // 4750.400000000001
        broker: "paper-sim",
        live: false,
      },
    });
    expect(reply.split("\n")[0]).toBe(
      "Paper order proposed on paper-sim: buy 10 QQQ at market (last trade 475.04, notional about 4750.4).",
    );
  });
});
