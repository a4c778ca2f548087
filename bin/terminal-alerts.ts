import { checkPriceAlerts } from "../tools/alerts/check-price-alerts.ts";
import { checkThenTell } from "../tools/alerts/fired-alerts.ts";
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
    await checkThenTell(
      runtime.store,
      terminalAlertsSubscriber,
      () => runTool(checkPriceAlerts, {}, context),
      (line) => void lines.push(`🔔 ${line}`),
    );
  } catch (error) {
    lines.push(`(price alerts were not checked: ${(error as Error).message})`);
  } finally {
    context.done();
  }
  return lines;
}
