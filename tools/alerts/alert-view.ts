import { z } from "zod";
import type { PriceAlert, SourcedPrice } from "../ports/price-alerts.ts";
import { NumericExpressionSchema } from "../strategy/expression-schema.ts";
import { isoTime } from "../time-input.ts";

export const SourcedPriceSchema = z.object({
  price: z.number(),
  time: z.string().describe("The price's own time (a stored close's bar, a trade), ISO-8601 UTC."),
  source: z.string().describe("Where the price came from."),
});

export const PriceAlertViewSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  indicator: NumericExpressionSchema.nullable().describe(
    "The indicator watched at each daily close; null: the price. The level, priceAtSet and fired price are then the indicator's.",
  ),
  direction: z.enum(["above", "below"]),
  level: z.number(),
  priceAtSet: z.number().describe("The price (or indicator) when it was set."),
  note: z.string().nullable(),
  setBy: z.string(),
  setAt: z.string(),
  state: z.enum(["active", "triggered", "cancelled"]),
  fired: SourcedPriceSchema.extend({ at: z.string().describe("When it fired.") })
    .nullable()
    .describe("The price that reached the level."),
  cancelled: z.object({ at: z.string(), by: z.string() }).nullable(),
});

export type PriceAlertView = z.infer<typeof PriceAlertViewSchema>;

export const sourcedPriceView = (price: SourcedPrice) => ({
  price: price.price,
  time: isoTime(price.atMs),
  source: price.source,
});

export function priceAlertView(alert: PriceAlert): PriceAlertView {
  return {
    id: alert.id,
    symbol: alert.symbol,
    indicator: alert.indicator,
    direction: alert.direction,
    level: alert.level,
    priceAtSet: alert.priceAtSet,
    note: alert.note,
    setBy: alert.actor,
    setAt: isoTime(alert.createdAtMs),
    state: alert.state,
    fired: alert.triggered && {
      ...sourcedPriceView(alert.triggered),
      at: isoTime(alert.triggered.firedAtMs),
    },
    cancelled: alert.cancelled && { at: isoTime(alert.cancelled.atMs), by: alert.cancelled.actor },
  };
}
