import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { isoTime } from "../time-input.ts";
import { requireExecution } from "./require-execution.ts";
import { Today, todayOf } from "./today.ts";

export const getPositions = defineTool({
  name: "get_positions",
  summary:
    "The broker account now: equity, cash, buying power, today's P&L, positions with unrealized P&L.",
  description:
    "The broker account now: equity, cash, buying power, today's profit and loss (from the previous close's equity as the broker reports it, else from the first equity the desk read today, which it records as the day's start, as the daily loss limit counts it) with the room left under the daily loss limit, and every position with its quantity (negative when short), average entry, market value and unrealized P&L.",
  input: z.object({}).strict(),
  output: z.object({
    broker: z.string(),
    live: z.boolean(),
    account: z.object({
      equity: z.number(),
      cash: z.number(),
      buyingPower: z.number(),
      patternDayTrader: z.boolean(),
    }),
    positions: z.array(
      z.object({
        symbol: z.string(),
        quantity: z.number(),
        averageEntryPrice: z.number(),
        marketValue: z.number(),
        unrealizedPnl: z.number(),
      }),
    ),
    today: Today,
    asOf: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run(_input, context) {
    const execution = requireExecution(context);
    const { broker } = execution;
    const [account, positions] = await Promise.all([broker.account(), broker.positions()]);
    // The risk gate's own day start: stored at the day's first look, so both count alike.
    const today = await todayOf(execution, context.store, account, context.clock.nowMs());
    return {
      broker: broker.name,
      live: broker.live,
      account: {
        equity: account.equity,
        cash: account.cash,
        buyingPower: account.buyingPower,
        patternDayTrader: account.patternDayTrader,
      },
      positions: positions.map((position) => ({
        ...position,
        unrealizedPnl: position.marketValue - position.quantity * position.averageEntryPrice,
      })),
      today,
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});
