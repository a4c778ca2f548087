import { backAdjust } from "../../engine/adjust/corporate-actions.ts";
import { validateBars } from "../../engine/bars.ts";
import type { BarSeries } from "../../engine/types.ts";
import { notFound } from "../errors.ts";
import type { Store, Timeframe } from "../ports/store.ts";

/**
 * Loads stored bars for each symbol up to `endMs` (everything before the start is kept: it
 * warms up indicators), back-adjusted for stored splits and dividends. Names every missing
 * symbol at once and says how to get data.
 */
export async function loadBars(
  store: Store,
  symbols: readonly string[],
  timeframe: Timeframe,
  endMs: number | null,
): Promise<BarSeries[]> {
  const range = endMs === null ? {} : { endMs };
  const loaded = await Promise.all(
    symbols.map((symbol) => store.requestBars(symbol, timeframe, range)),
  );
  const missing = symbols.filter((_, index) => loaded[index] === undefined);
  if (missing.length > 0) {
    const stored = await store.listSymbols(timeframe);
    const known =
      stored.length > 0
        ? `stored ${timeframe} symbols: ${stored
            .slice(0, 20)
            .map((s) => s.symbol)
            .join(", ")}${stored.length > 20 ? ", ..." : ""}`
        : `the store has no ${timeframe} bars`;
    throw notFound(
      `no ${timeframe} bars for ${missing.join(", ")}${endMs === null ? "" : ` up to ${new Date(endMs).toISOString()}`} (${known}); import them with import_bars or create demo data with generate_demo_market`,
    );
  }
  // Splits and dividends: serve back-adjusted prices, so returns across an ex-date are real.
  const actions = await Promise.all(symbols.map((symbol) => store.requestCorporateActions(symbol)));
  return loaded.map((bars, index) => {
    const valid = validateBars(bars!);
    return actions[index]!.length > 0 ? backAdjust(valid, actions[index]!) : valid;
  });
}
