import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { isoTime } from "../time-input.ts";
import { requireExecution } from "./require-execution.ts";

export const getPositions = defineTool({
  name: "get_positions",
  summary: "The broker account now: equity, cash, buying power, positions with unrealized P&L.",
  description:
    "The broker account now: equity, cash, buying power, and every position with its quantity (negative when short), average entry, market value and unrealized P&L.",
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
    asOf: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run(_input, context) {
    const { broker } = requireExecution(context);
    const [account, positions] = await Promise.all([broker.account(), broker.positions()]);
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
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});
