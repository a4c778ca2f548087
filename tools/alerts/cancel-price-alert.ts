import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import type { PriceAlert } from "../ports/price-alerts.ts";
import type { Store } from "../ports/store.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { priceAlertView, PriceAlertViewSchema } from "./alert-view.ts";

export const cancelPriceAlert = defineTool({
  name: "cancel_price_alert",
  summary: "Cancel a price alert by its id, every active alert on a symbol, or all of them.",
  description:
    "Cancels active price alerts: one by its id (or its first 8+ characters, as list_price_alerts shows it), every active alert on `symbol`, or with `all` every active alert. A cancelled alert stays listed (state cancelled); one that already fired cannot be cancelled.",
  input: z
    .object({
      id: z
        .string()
        .trim()
        .regex(/^[0-9a-fA-F-]{8,36}$/, "an alert's id, or its first 8 or more characters")
        .optional(),
      symbol: SymbolSchema.transform((symbol) => symbol.toUpperCase()).optional(),
      all: z.literal(true).optional().describe("Every active alert."),
    })
    .strict()
    .refine(
      (input) =>
        [input.id, input.symbol, input.all].filter((given) => given !== undefined).length === 1,
      { message: "give one of id, symbol or all", path: ["id"] },
    ),
  output: z.object({ cancelled: z.array(PriceAlertViewSchema) }),
  effect: "write",
  idempotent: true,
  async run(input, context) {
    const { store, actor } = context;
    const targets = input.id
      ? [await alertById(store, input.id)]
      : await store.listPriceAlerts({
          states: ["active"],
          ...(input.symbol ? { symbol: input.symbol } : {}),
          limit: 10_000,
        });
    if (input.symbol && targets.length === 0)
      throw notFound(`no active alert on ${input.symbol}: list_price_alerts shows the alerts`);
    const cancelled: PriceAlert[] = [];
    for (const target of targets) {
      const after = await store.cancelPriceAlert(target.id, actor);
      if (after?.state === "cancelled") cancelled.push(after);
      else if (input.id) throw notActive(after ?? target);
    }
    return { cancelled: cancelled.map(priceAlertView) };
  },
});

async function alertById(store: Store, id: string): Promise<PriceAlert> {
  const found = await store.findPriceAlerts(id);
  if (found.length === 0)
    throw notFound(`no price alert ${id}: list_price_alerts shows each alert's id`);
  if (found.length > 1)
    throw invalidInput(`${found.length} alerts start with ${id}: give more of the id`);
  const alert = found[0]!;
  if (alert.state !== "active") throw notActive(alert);
  return alert;
}

function notActive(alert: PriceAlert) {
  return invalidInput(
    alert.state === "triggered"
      ? `alert ${alert.id} (${alert.symbol} ${alert.direction} ${alert.level}) already fired: nothing to cancel`
      : `alert ${alert.id} (${alert.symbol} ${alert.direction} ${alert.level}) was cancelled already`,
  );
}
