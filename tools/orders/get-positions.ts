import { z } from "zod";
import { isTerminal, orderStates } from "../../engine/orders/order-state.ts";
import { defineTool } from "../define-tool.ts";
import { isoTime } from "../time-input.ts";
import { requireExecution } from "./require-execution.ts";
import { Today, todayOf } from "./today.ts";

/** Orders that may still change the positions: every state the order path has not ended. */
const unsettledStates = orderStates.filter((state) => !isTerminal(state));

export const getPositions = defineTool({
  name: "get_positions",
  summary:
    "The broker account now: equity, cash, buying power, today's P&L, positions with unrealized P&L.",
  description:
    "The broker account now: equity, cash, buying power, today's profit and loss (from the previous close's equity as the broker reports it, else from the first equity the desk read today, which it records as the day's start, as the daily loss limit counts it) with the room left under the daily loss limit, and every position with its quantity (negative when short), average entry, market value and unrealized P&L; and the orders not yet settled, which change the positions once they fill.",
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
    ordersUnsettled: z
      .array(
        z.object({
          id: z.string(),
          symbol: z.string(),
          side: z.enum(["buy", "sell"]),
          quantity: z.number(),
          filledQuantity: z.number(),
          state: z.string().describe("proposed: waiting for approval; then on its way or open."),
        }),
      )
      .default([])
      .describe(
        "Orders of this broker not yet settled, newest first: they change the positions once they fill.",
      ),
    asOf: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run(_input, context) {
    const execution = requireExecution(context);
    const { broker } = execution;
    const [account, positions] = await Promise.all([broker.account(), broker.positions()]);
    // The risk gate's own day start: stored at the day's first look, so both count alike.
    // An approval past its time no longer waits: it must not show as an order to come.
    await context.store.expireOverdue(context.clock.nowMs());
    const [today, unsettled] = await Promise.all([
      todayOf(execution, context.store, account, context.clock.nowMs()),
      context.store.listIntents({ states: unsettledStates, limit: 50 }),
    ]);
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
      ordersUnsettled: unsettled
        .filter((intent) => intent.broker === broker.name)
        .map(({ id, symbol, side, quantity, filledQuantity, state }) => ({
          id,
          symbol,
          side,
          quantity,
          filledQuantity,
          state,
        })),
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});
