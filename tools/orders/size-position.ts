import { z } from "zod";
import { atr } from "../../engine/indicators/index.ts";
import {
  checkOrder,
  largestPassing,
  positionAt,
  sizeToStop,
  type DenyCode,
} from "../../engine/risk/index.ts";
import { barsInRange } from "../bars/bars-in-range.ts";
import { marketOf } from "../bars/market-of.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import type { Store } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";
import { DenyReasonSchema, positive } from "./order-schemas.ts";
import { unpriced, withHaltReason } from "./propose-order.ts";
import { requireExecution } from "./require-execution.ts";
import { gatherRiskContext } from "./risk-context.ts";

const percentOf = (what: string) => positive(what).max(100, `${what} is a percentage: at most 100`);

/** The gate's checks that cap an order's size: a smaller order passes where a bigger one fails. */
const sizeLimits = new Set<DenyCode>([
  "MAX_ORDER_QUANTITY",
  "MAX_ORDER_NOTIONAL",
  "MAX_POSITION",
  "MAX_GROSS_EXPOSURE",
  "MAX_NET_EXPOSURE",
  "BUYING_POWER",
  "CLUSTER_EXPOSURE",
]);

/** Coins are sized to a millionth (what a reply can show); everything else in whole units. */
const coinStep = 1e-6;

const Sized = z.object({
  quantity: z.number(),
  notional: z.number().describe("Quantity x entry (x a contract's point value)."),
  riskAtStop: z.number().describe("What the quantity loses from entry to stop."),
});

export const sizePosition = defineTool({
  name: "size_position",
  summary:
    "How many shares, coins or contracts to trade so that being stopped out loses a set share of the account, and what the risk gate allows.",
  description:
    "Fixed-fractional position sizing: the risk budget (riskPercent of the account's equity, 1% by default, or riskAmount) over the loss per unit from entry to stop gives the quantity, rounded down to whole shares or contracts (coins to a millionth). The stop is a price, a percentage from entry, or a multiple of the ATR of the symbol's stored daily bars (Wilder's, 14 days by default). Entry is the last trade the risk gate prices orders with unless given; equity is the broker account's unless given. The size is then checked by the risk gate as a market order (with entryPrice given, as a limit order at it), without proposing anything: when a size limit (order or position notional, exposure, buying power) refuses it, the largest quantity the gate passes is given. Nothing is ordered and no stop is placed.",
  input: z
    .object({
      symbol: SymbolSchema.transform((symbol) => symbol.toUpperCase()),
      side: z
        .enum(["buy", "sell"])
        .default("buy")
        .describe("buy: a long with its stop below entry (default); sell: a short, stop above."),
      riskPercent: percentOf("riskPercent")
        .optional()
        .describe("Share of the equity a stop-out may lose, in percent (default 1)."),
      riskAmount: positive("riskAmount")
        .optional()
        .describe("Or the loss at the stop in account currency."),
      stopPrice: positive("stopPrice").optional(),
      stopPercent: percentOf("stopPercent")
        .optional()
        .describe("The stop this many percent from entry."),
      stopAtr: positive("stopAtr")
        .max(20, "stopAtr is a multiple of the ATR: at most 20")
        .optional()
        .describe("The stop this many ATRs from entry."),
      atrPeriod: z
        .number()
        .int("atrPeriod must be a whole number of days")
        .min(1)
        .max(200)
        .default(14)
        .describe("Days of the ATR for stopAtr."),
      entryPrice: positive("entryPrice")
        .optional()
        .describe("Default: the last trade the risk gate prices orders with."),
      equity: positive("equity").optional().describe("Default: the broker account's equity."),
    })
    .strict()
    .superRefine((input, context) => {
      const stops = [input.stopPrice, input.stopPercent, input.stopAtr].filter(
        (stop) => stop !== undefined,
      );
      if (stops.length !== 1)
        context.addIssue({
          code: "custom",
          path: ["stopPrice"],
          message:
            stops.length === 0
              ? "give the stop: stopPrice, stopPercent or stopAtr (a position is sized by what a stop-out loses)"
              : "give only one of stopPrice, stopPercent and stopAtr",
        });
      if (input.riskPercent !== undefined && input.riskAmount !== undefined)
        context.addIssue({
          code: "custom",
          path: ["riskAmount"],
          message: "give riskPercent or riskAmount, not both",
        });
    }),
  output: z.object({
    symbol: z.string(),
    side: z.enum(["buy", "sell"]),
    entry: z.object({ price: z.number(), source: z.string() }),
    stop: z.object({
      price: z.number(),
      rule: z
        .string()
        .describe('How the stop was set: "at 572.10", "5% below entry", "2 x ATR(14)".'),
      atr: z
        .object({ value: z.number(), period: z.number().int(), asOf: z.string() })
        .nullable()
        .describe("The ATR a stopAtr was measured with, as of its last stored bar."),
    }),
    equity: z.object({ value: z.number(), source: z.string() }),
    held: z
      .number()
      .describe(
        "Units of the symbol the account holds now, negative when short: the sized quantity is a new position's, on top of it or against it.",
      ),
    riskBudget: z.number().describe("What a stop-out may lose, in account currency."),
    riskPerUnit: z.number().describe("What one share, coin or contract loses from entry to stop."),
    pointValue: z.number().describe("Account currency per point per contract; 1 but for futures."),
    sized: Sized.extend({
      shareOfEquity: z.number().describe("Notional over equity."),
    }),
    gate: z.object({
      order: z
        .object({ type: z.enum(["market", "limit"]), limitPrice: z.number().nullable() })
        .describe("The order checked: at market, or with entryPrice given a limit order there."),
      passes: z.boolean().describe("The risk gate would pass the sized order now."),
      reason: DenyReasonSchema.nullable(),
      largestPassing: Sized.nullable().describe(
        "When a size limit refuses the sized order: the largest quantity it passes.",
      ),
    }),
    broker: z.string(),
  }),
  effect: "read",
  openWorld: true,
  async run(input, context) {
    const execution = requireExecution(context);
    const nowMs = context.clock.nowMs();
    const { symbol, side } = input;
    const gathered = await gatherRiskContext(execution, context.store, { symbol, side }, nowMs);
    const entryPrice = input.entryPrice ?? gathered.price?.price;
    if (entryPrice === undefined)
      throw invalidInput(
        `no last trade of ${symbol} from ${execution.prices.name} to enter at; give entryPrice`,
        [{ path: ["entryPrice"], message: "required: no price is known" }],
      );
    const equity = input.equity ?? gathered.context.account.equity;
    if (!(equity > 0))
      throw invalidInput(`the account's equity is ${equity}: there is nothing to risk a share of`, [
        { path: ["equity"], message: "give the equity to size against" },
      ]);
    const stop = await stopOf(input, entryPrice, context.store);
    if (!(stop.price > 0))
      throw invalidInput(
        `the stop (${stop.rule}) falls to ${round(stop.price)}: a price must stay above 0; give a closer stop`,
        [{ path: [stop.field], message: "puts the stop at or below 0" }],
      );
    const below = side === "buy";
    if (below ? stop.price >= entryPrice : stop.price <= entryPrice)
      throw invalidInput(
        `a ${below ? "long" : "short"}'s stop must be ${below ? "below" : "above"} its entry: the stop ${round(stop.price)} is ${below ? "at or above" : "at or below"} the entry ${round(entryPrice)}${below ? ' (side "sell" sizes a short)' : ""}`,
        [{ path: [stop.field], message: `must put the stop ${below ? "below" : "above"} entry` }],
      );
    const market = marketOf(symbol);
    const pointValue = gathered.context.market.pointValue ?? 1;
    const riskBudget = input.riskAmount ?? (equity * (input.riskPercent ?? 1)) / 100;
    const step = market === "CRYPTO" ? coinStep : 1;
    const sized = sizeToStop({
      entry: entryPrice,
      stop: stop.price,
      budget: riskBudget,
      pointValue,
      step,
    });
    const at = (quantity: number) => {
      const { riskPerUnit, ...position } = positionAt(quantity, {
        entry: entryPrice,
        pointValue,
        riskPerUnit: sized.riskPerUnit,
      });
      return position;
    };
    // A given entry is where the order would rest: the gate checks a limit order there.
    const checkedAs =
      input.entryPrice === undefined
        ? { type: "market" as const, limitPrice: null }
        : { type: "limit" as const, limitPrice: input.entryPrice };
    const order = (quantity: number) => ({
      symbol,
      side,
      quantity,
      market,
      type: checkedAs.type,
      ...(checkedAs.limitPrice === null ? {} : { limitPrice: checkedAs.limitPrice }),
    });
    const decision =
      sized.quantity > 0 && gathered.price
        ? checkOrder(order(sized.quantity), gathered.context)
        : undefined;
    const reason = decision && !decision.allowed ? withHaltReason(decision.reason, gathered) : null;
    const capped =
      reason && sizeLimits.has(reason.code)
        ? largestPassing(
            sized.quantity,
            step,
            (quantity) => quantity > 0 && checkOrder(order(quantity), gathered.context).allowed,
          )
        : undefined;
    return {
      symbol,
      side,
      entry: {
        price: entryPrice,
        source: input.entryPrice === undefined ? execution.prices.name : "given",
      },
      stop: { price: stop.price, rule: stop.rule, atr: stop.atr },
      equity: {
        value: equity,
        source: input.equity === undefined ? `${execution.broker.name} account` : "given",
      },
      held: gathered.context.account.positions
        .filter((position) => position.symbol === symbol)
        .reduce((units, position) => units + position.quantity, 0),
      riskBudget,
      riskPerUnit: sized.riskPerUnit,
      pointValue,
      sized: { ...at(sized.quantity), shareOfEquity: sized.notional / equity },
      gate: {
        order: checkedAs,
        passes: decision?.allowed === true,
        // No price: the gate's own refusal of an unpriced order (or a halt); nothing to check at 0.
        reason:
          reason ??
          (sized.quantity > 0 && !gathered.price
            ? unpriced(gathered, symbol, execution.prices.name).reason
            : null),
        largestPassing: capped === undefined ? null : at(capped),
      },
      broker: execution.broker.name,
    };
  },
});

const round = (price: number) => Number(price.toPrecision(8));

interface Stop {
  price: number;
  rule: string;
  atr: { value: number; period: number; asOf: string } | null;
  field: "stopPrice" | "stopPercent" | "stopAtr";
}

/** The stop's price from the one way it was given. */
async function stopOf(
  input: {
    symbol: string;
    side: "buy" | "sell";
    stopPrice?: number | undefined;
    stopPercent?: number | undefined;
    stopAtr?: number | undefined;
    atrPeriod: number;
  },
  entry: number,
  store: Store,
): Promise<Stop> {
  const away = input.side === "buy" ? -1 : 1;
  const direction = input.side === "buy" ? "below" : "above";
  if (input.stopPrice !== undefined)
    return {
      price: input.stopPrice,
      rule: "as given",
      atr: null,
      field: "stopPrice",
    };
  if (input.stopPercent !== undefined)
    return {
      price: entry * (1 + (away * input.stopPercent) / 100),
      rule: `${input.stopPercent}% ${direction} entry`,
      atr: null,
      field: "stopPercent",
    };
  const multiple = input.stopAtr!;
  const period = input.atrPeriod;
  const { bars } = await barsInRange(store, {
    symbol: input.symbol,
    timeframe: "1d",
    adjusted: true,
  });
  const values = atr(bars.high, bars.low, bars.close, period);
  const last = values.length - 1;
  const value = values[last];
  if (value === undefined || Number.isNaN(value))
    throw invalidInput(
      `${input.symbol} has ${bars.close.length} stored daily bars; ATR(${period}) needs at least ${period + 1}`,
      [{ path: ["atrPeriod"], message: `more than ${bars.close.length - 1} days` }],
    );
  return {
    price: entry + away * multiple * value,
    rule: `${multiple} x ATR(${period}) ${direction} entry`,
    atr: { value, period, asOf: isoTime(bars.timestampMs[last]!) },
    field: "stopAtr",
  };
}
