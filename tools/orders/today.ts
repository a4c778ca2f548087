import { z } from "zod";
import { dailyLoss, effectiveLimits } from "../../engine/risk/index.ts";
import type { BrokerAccount } from "../ports/broker.ts";
import type { Execution } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";
import { newYorkDay } from "./risk-context.ts";

export const Today = z
  .object({
    day: z.string().describe("The New York trading day, YYYY-MM-DD."),
    startEquity: z.number(),
    change: z.number().describe("Equity now minus startEquity."),
    changeFraction: z.number().describe("change / startEquity (0.01 = +1%)."),
    since: z
      .enum(["previousClose", "firstSeen"])
      .describe(
        '"previousClose": the broker\'s equity at the last close; "firstSeen": the first equity the desk read today (the broker reports no close).',
      ),
    lossLimit: z
      .object({
        fraction: z.number().describe("The daily loss limit in force (0.02 = 2% of startEquity)."),
        amount: z.number().describe("fraction x startEquity: the most the day may lose."),
        loss: z.number().describe("Today's loss as the risk gate counts it (>= 0)."),
        left: z
          .number()
          .describe(
            "amount - loss; at 0 or below only orders that reduce exposure pass the gate today.",
          ),
      })
      .optional()
      .describe("Absent from results stored before the tool gave it."),
  })
  .describe("Today's profit and loss, from where the daily loss limit counts it.");

/**
 * Today's profit and loss and the room left under the daily loss limit, counted as the risk gate
 * counts them: from the day's start the store records at the day's first look (the broker's
 * previous close when it reports one) against the account's limits in force.
 */
export async function todayOf(
  execution: Execution,
  store: Store,
  account: BrokerAccount,
  nowMs: number,
): Promise<z.output<typeof Today>> {
  const day = newYorkDay(nowMs);
  const [startEquity, controls] = await Promise.all([
    store.dayStartEquity(execution.broker.name, day, account.lastEquity ?? account.equity),
    store.requestControls("account"),
  ]);
  const fraction = effectiveLimits(execution.limits, controls.limits).dailyLossLimit;
  // The gate's realized P&L is 0: the equity drop since the day began already counts it.
  const room = dailyLoss(
    { equity: account.equity, dayStartEquity: startEquity, realizedPnlToday: 0 },
    fraction,
  );
  return {
    day,
    startEquity,
    change: account.equity - startEquity,
    changeFraction: startEquity > 0 ? account.equity / startEquity - 1 : 0,
    since: account.lastEquity === null ? "firstSeen" : "previousClose",
    lossLimit: { fraction, amount: room.limit, loss: room.loss, left: room.left },
  };
}
