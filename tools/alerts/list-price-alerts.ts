import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { alertReadings } from "./alert-readings.ts";
import {
  priceAlertView,
  PriceAlertViewSchema,
  SourcedPriceSchema,
  sourcedPriceView,
} from "./alert-view.ts";

export const listPriceAlerts = defineTool({
  name: "list_price_alerts",
  summary:
    "Price alerts: the active ones with the price now and how far it is from each level, and those that fired.",
  description:
    "Price alerts newest first: by default the active ones, each with the symbol's price now and its distance to the level, and those that fired with the price that reached the level. `state` picks one kind (or all, cancelled included); `symbol` one symbol.",
  input: z
    .object({
      state: z
        .enum(["active", "triggered", "cancelled", "all"])
        .optional()
        .describe("Only these (default: active and fired)."),
      symbol: SymbolSchema.transform((symbol) => symbol.toUpperCase()).optional(),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  output: z.object({
    alerts: z.array(
      PriceAlertViewSchema.extend({
        current: SourcedPriceSchema.nullable().describe(
          "An active alert's symbol's price now (an indicator alert's indicator value).",
        ),
        distance: z
          .number()
          .nullable()
          .describe(
            "From the price now to an active price alert's level, as a fraction of the price.",
          ),
      }),
    ),
    state: z.enum(["active", "triggered", "cancelled", "all"]).nullable(),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const states =
      input.state === "all"
        ? undefined
        : input.state
          ? [input.state]
          : (["active", "triggered"] as const);
    const alerts = await context.store.listPriceAlerts({
      ...(states ? { states } : {}),
      ...(input.symbol ? { symbol: input.symbol } : {}),
      limit: input.limit,
    });
    const readings = await alertReadings(
      context,
      alerts.filter((alert) => alert.state === "active"),
    );
    return {
      alerts: alerts.map((alert) => {
        const current = readings.get(alert.id);
        return {
          ...priceAlertView(alert),
          current: current ? sourcedPriceView(current) : null,
          distance: current && alert.indicator === null ? alert.level / current.price - 1 : null,
        };
      }),
      state: input.state ?? null,
    };
  },
});
