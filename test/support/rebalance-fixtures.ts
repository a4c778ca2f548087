import type { StoredPortfolio } from "../../tools/ports/portfolios.ts";
import { orderHarness, type OrderHarness } from "./order-harness.ts";

/**
 * A paper account holding `buys` (symbol, units, price), bought through the executor. Setup
 * orders may reach 60,000 (the default limit per order is 25,000).
 */
export async function accountHolding(
  buys: [string, number, number][],
  options: { approvers?: string[]; nowMs?: number } = {},
): Promise<OrderHarness> {
  const h = await orderHarness({ limits: { maxOrderNotional: 60_000 }, ...options });
  try {
    for (const [symbol, , price] of buys) await h.setPrice(symbol, price);
    for (const [symbol, quantity] of buys)
      if (quantity > 0) await h.approveOrder({ symbol, side: "buy", quantity });
    await h.executor.runOnce();
    await h.executor.settled();
    return h;
  } catch (error) {
    await h.close();
    throw error;
  }
}

/** Target weights stored as an HRP portfolio over returns. */
export const savePortfolio = (
  h: OrderHarness,
  weights: Record<string, number>,
  source: "returns" | "strategies" = "returns",
) =>
  h.store.savePortfolio({
    assets: Object.keys(weights),
    source,
    objective: "hrp",
    request: {},
    weights,
    expectedReturn: 0.06,
    volatility: 0.12,
    result: {},
    actor: "test",
  });

/**
 * The hand calculation's account: 500 AAA bought at 100, 400 BBB at 50, 30,000 cash left; AAA
 * then trades at 120: equity 60,000 + 20,000 + 30,000 = 110,000. Targets AAA 40%, BBB 30%,
 * CCC 20%, 10% cash: AAA 44,000 / 120 = 366.666... units (sell 133.333333, floored to
 * millionths), BBB 33,000 / 50 = 660 (buy 260), CCC 22,000 / 20 = 1100 (buy 1100).
 */
export async function driftedAccount(
  options: { approvers?: string[] } = {},
): Promise<{ h: OrderHarness; portfolio: StoredPortfolio }> {
  const h = await accountHolding(
    [
      ["AAA", 500, 100],
      ["BBB", 400, 50],
      ["CCC", 0, 20],
    ],
    options,
  );
  await h.setPrice("AAA", 120);
  return { h, portfolio: await savePortfolio(h, { AAA: 0.4, BBB: 0.3, CCC: 0.2 }) };
}
