import { checkPriceAlerts } from "../tools/alerts/check-price-alerts.ts";
import { firedAlertLine } from "../tools/alerts/alert-words.ts";
import { deliverEvents } from "../tools/events/deliver-events.ts";
import { runTool } from "../tools/run-tool.ts";
import type { Runtime } from "./runtime.ts";

/** The event cursor of the alerts the terminal has shown. */
export const terminalAlertsSubscriber = "terminal:price-alerts";

/**
 * The terminal's alert check, at each prompt: fires the active alerts whose level the price
 * reached (check_price_alerts), then gives a line for every alert fired since the terminal last
 * showed one, by this check or another checker (a worker). A check that fails is a line too: it
 * never stops the conversation.
 */
export async function terminalAlerts(
  runtime: Pick<Runtime, "store" | "contextFor">,
): Promise<string[]> {
  const lines: string[] = [];
  const context = runtime.contextFor("price alerts");
  try {
    const before = await runtime.store.lastEventId();
    await runTool(checkPriceAlerts, {}, context);
    await deliverEvents(
      runtime.store,
      { subscriber: terminalAlertsSubscriber, topics: ["price.alert"], afterId: before },
      (event) => {
        if (event.topic === "price.alert") lines.push(`🔔 ${firedAlertLine(event.payload)}`);
      },
    );
  } catch (error) {
    lines.push(`(price alerts were not checked: ${(error as Error).message})`);
  } finally {
    context.done();
  }
  return lines;
}
