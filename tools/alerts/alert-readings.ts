import { ExpressionEvaluator } from "../../engine/strategy/expressions.ts";
import type { NumericExpression } from "../../engine/strategy/spec.ts";
import { requestAdjustedBars } from "../bars/load-bars.ts";
import type { ToolContext } from "../define-tool.ts";
import type { PriceAlert, SourcedPrice } from "../ports/price-alerts.ts";
import type { Store } from "../ports/store.ts";
import { alertPrices } from "./alert-price.ts";

/** Where an indicator alert's value comes from. */
export const indicatorSource = "the latest stored daily close";

/**
 * Each indicator's value at the symbol's newest stored daily close, over its back-adjusted
 * history as compute_indicators reads it; null while one warms up. Undefined without daily bars.
 */
export async function readIndicators(
  store: Store,
  symbol: string,
  indicators: readonly NumericExpression[],
): Promise<(SourcedPrice | null)[] | undefined> {
  const adjusted = await requestAdjustedBars(store, symbol, "1d", {});
  if (!adjusted) return undefined;
  const evaluator = new ExpressionEvaluator(adjusted.bars);
  const atMs = adjusted.bars.timestampMs.at(-1)!;
  return indicators.map((indicator) => {
    const price = evaluator.evaluate(indicator).at(-1)!;
    return Number.isFinite(price) ? { price, atMs, source: indicatorSource } : null;
  });
}

/**
 * What each alert is measured with now, by alert id: its symbol's price (alertPrices), or for an
 * indicator alert the indicator at the newest stored daily close. An alert without one is absent.
 */
export async function alertReadings(
  context: Pick<ToolContext, "execution" | "store">,
  alerts: readonly PriceAlert[],
): Promise<Map<string, SourcedPrice>> {
  const readings = new Map<string, SourcedPrice>();
  const onPrice = alerts.filter((alert) => alert.indicator === null);
  const prices = await alertPrices(context, [...new Set(onPrice.map((alert) => alert.symbol))]);
  for (const alert of onPrice) {
    const price = prices.get(alert.symbol);
    if (price) readings.set(alert.id, price);
  }
  const onIndicator = alerts.filter((alert) => alert.indicator !== null);
  for (const symbol of new Set(onIndicator.map((alert) => alert.symbol))) {
    const watching = onIndicator.filter((alert) => alert.symbol === symbol);
    const values = await readIndicators(
      context.store,
      symbol,
      watching.map((alert) => alert.indicator!),
    );
    watching.forEach((alert, index) => {
      const value = values?.[index];
      if (value) readings.set(alert.id, value);
    });
  }
  return readings;
}
