import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import type { PriceAlert } from "../ports/price-alerts.ts";
import { isoTime } from "../time-input.ts";
import { reached } from "./alert-price.ts";
import { alertReadings } from "./alert-readings.ts";
import { priceAlertView, PriceAlertViewSchema } from "./alert-view.ts";

export const checkPriceAlerts = defineTool({
  name: "check_price_alerts",
  summary:
    "Check the active price alerts against the prices now and fire those whose level was reached.",
  description:
    "Reads each active alert's symbol's price now (the prices orders are checked with, else the latest stored close), or an indicator alert's indicator at the latest stored daily close, and fires every alert whose level it reached: once, even with several checkers at a time, each firing stored as a price.alert event that the chat faces post. `alphadesk worker` runs it every minute and the terminal chat at each turn.",
  input: z.object({}).strict(),
  output: z.object({
    checked: z.number().int().describe("Active alerts checked."),
    fired: z.array(PriceAlertViewSchema),
    unpriced: z
      .array(z.string())
      .describe("Symbols of active alerts without a price (or indicator value) now."),
    asOf: z.string(),
  }),
  effect: "write",
  async run(_input, context) {
    const active = await context.store.listPriceAlerts({ states: ["active"], limit: 10_000 });
    const readings = await alertReadings(context, active);
    const fired: PriceAlert[] = [];
    for (const alert of active) {
      const reading = readings.get(alert.id);
      if (!reading || !reached(alert, reading.price)) continue;
      const done = await context.store.triggerPriceAlert(alert.id, reading);
      if (done) fired.push(done);
    }
    return {
      checked: active.length,
      fired: fired.map(priceAlertView),
      unpriced: [
        ...new Set(active.filter((alert) => !readings.has(alert.id)).map((alert) => alert.symbol)),
      ],
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});
