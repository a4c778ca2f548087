import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { orderCheck } from "./check-order.ts";
import { proposeOrder } from "./propose-order.ts";

const cleanup = closedAfterEach<OrderHarness>();
type Output = z.output<typeof orderCheck.output>;
const check = (h: OrderHarness, input: object) =>
  runTool(orderCheck, input, h.context) as Promise<Output>;

/** The harness with SPY's last trade at 100 (the default limits: $25,000 an order). */
async function setUp() {
  const h = cleanup(await orderHarness());
  await h.setPrice("SPY", 100);
  return h;
}

/** Nothing a check leaves behind: no intent, no approval, no audit row. */
async function traces(h: OrderHarness) {
  return {
    intents: await h.store.listIntents({ limit: 10 }),
    approvals: await h.store.listApprovals({ limit: 10 }),
    audit: await h.store.listAudit({ limit: 10 }),
  };
}
const none = { intents: [], approvals: [], audit: [] };

describe("check_order", () => {
  it("says an order would pass, with its size against the equity, and proposes nothing", async () => {
    const h = await setUp();
    const result = await check(h, { symbol: "spy", side: "buy", quantity: 10 });
    // By hand: 10 x 100 = 1,000, 1% of the paper account's 100,000.
    expect(result).toMatchObject({
      passes: true,
      reason: null,
      order: { symbol: "SPY", side: "buy", quantity: 10, type: "market", limitPrice: null },
      referencePrice: 100,
      notional: 1_000,
      equity: 100_000,
      broker: "paper-sim",
      live: false,
    });
    expect(result.checks.length).toBeGreaterThan(5);
    expect(result.checks.every((one) => one.passed)).toBe(true);
    expect(await traces(h)).toEqual(none);
    const reply = describeResult("check_order", result);
    expect(reply).toContain('"buy 10 SPY" would pass the risk gate on paper-sim now');
    expect(reply).toContain("(about 1000 at the last trade 100, 1.00% of the 100000 equity)");
    expect(reply).toContain("Nothing was proposed");
  });

  it("gives the gate's refusal as propose_order would, and still proposes nothing", async () => {
    const h = await setUp();
    // 300 x 100 = 30,000 against the default 25,000 an order.
    const result = await check(h, { symbol: "SPY", side: "buy", quantity: 300 });
    expect(result.passes).toBe(false);
    expect(result.reason).toMatchObject({ code: "MAX_ORDER_NOTIONAL" });
    expect(result.order.quantity).toBe(300);
    expect(await traces(h)).toEqual(none);
    expect(describeResult("check_order", result)).toMatch(
      /^"buy 300 SPY" would not pass the risk gate on paper-sim now: MAX_ORDER_NOTIONAL.*Nothing was proposed\./,
    );
    // The same order proposed is denied for the same reason (and that leaves its audit row).
    const proposed = await runTool(
      proposeOrder,
      { symbol: "SPY", side: "buy", quantity: 300 },
      h.context,
    );
    expect(proposed).toMatchObject({ status: "denied", reason: { code: "MAX_ORDER_NOTIONAL" } });
    expect((await traces(h)).audit).toHaveLength(1);
  });

  it("says trading is halted, and refuses a strategy still at backtest before the gate", async () => {
    const h = await setUp();
    const strategyId = "ab".repeat(32);
    await h.store.saveStrategy({
      id: strategyId,
      name: "Hold",
      spec: { name: "Hold", universe: ["SPY"], entry: true },
    });
    const atBacktest = await check(h, { symbol: "SPY", side: "buy", quantity: 1, strategyId });
    expect(atBacktest).toMatchObject({ passes: false, reason: { code: "STRATEGY_STAGE" } });
    await h.halt.raise({ reason: "testing", actor: "ops", atMs: h.now() });
    const halted = await check(h, { symbol: "SPY", side: "buy", quantity: 1 });
    expect(halted).toMatchObject({ passes: false, reason: { code: "TRADING_HALTED" } });
    expect(await traces(h)).toEqual(none);
  });
});
