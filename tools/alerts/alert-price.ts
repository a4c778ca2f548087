import type { ToolContext } from "../define-tool.ts";
import type { SourcedPrice } from "../ports/price-alerts.ts";
import { latestStoredCloses } from "../quotes/stored-close.ts";

const storedCloseSource = "the latest stored daily close (no broker's prices are wired here)";

/**
 * The prices alerts are set against and checked with: the risk gate's, where a broker is wired
 * (a live feed, or the demo's replay of the latest stored close, each naming itself), else each
 * symbol's latest stored daily close. A symbol without a price is absent.
 */
export async function alertPrices(
  context: Pick<ToolContext, "execution" | "store">,
  symbols: readonly string[],
): Promise<Map<string, SourcedPrice>> {
  const prices = new Map<string, SourcedPrice>();
  const source = context.execution?.prices;
  if (source) {
    for (const symbol of symbols) {
      const trade = await source.lastTrade(symbol);
      if (trade) prices.set(symbol, { ...trade, source: source.name });
    }
    return prices;
  }
  for (const [symbol, close] of await latestStoredCloses(context.store, symbols))
    prices.set(symbol, { ...close, source: storedCloseSource });
  return prices;
}

/** Whether `price` has reached the alert's level from the side it was set on. */
export const reached = (
  alert: { direction: "above" | "below"; level: number },
  price: number,
): boolean => (alert.direction === "above" ? price >= alert.level : price <= alert.level);
