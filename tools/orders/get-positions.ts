import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { isoTime } from "../time-input.ts";
import { requireExecution } from "./require-execution.ts";
import { newYorkDay } from "./risk-context.ts";

export const getPositions = defineTool({
  name: "get_positions",
  summary:
    "The broker account now: equity, cash, buying power, today's P&L, positions with unrealized P&L.",
  description:
    "The broker account now: equity, cash, buying power, today's profit and loss (from the previous close's equity as the broker reports it, else from the first equity the desk read today, which it records as the day's start, as the daily loss limit counts it), and every position with its quantity (negative when short), average entry, market value and unrealized P&L.",
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
    today: z
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
      })
      .describe("Today's profit and loss, from where the daily loss limit counts it."),
    asOf: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run(_input, context) {
    const { broker } = requireExecution(context);
    const [account, positions] = await Promise.all([broker.account(), broker.positions()]);
    const nowMs = context.clock.nowMs();
    // The risk gate's own day start: stored at the day's first look, so both count alike.
    const day = newYorkDay(nowMs);
    const startEquity = await context.store.dayStartEquity(
      broker.name,
      day,
      account.lastEquity ?? account.equity,
    );
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
      today: {
        day,
        startEquity,
        change: account.equity - startEquity,
        changeFraction: startEquity > 0 ? account.equity / startEquity - 1 : 0,
        since: account.lastEquity === null ? ("firstSeen" as const) : ("previousClose" as const),
      },
      asOf: isoTime(nowMs),
    };
  },
});
