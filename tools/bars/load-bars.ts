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
  return Promise.all(loaded.map((bars) => adjusted(store, bars!)));
}

/** One symbol's bars like `loadBars`, or undefined when none are stored (for optional extras such as benchmarks). */
export async function loadBarsIfStored(
  store: Store,
  symbol: string,
  timeframe: Timeframe,
  endMs: number | null,
): Promise<BarSeries | undefined> {
  const bars = await store.requestBars(symbol, timeframe, endMs === null ? {} : { endMs });
  return bars && adjusted(store, bars);
}

/** Validated and back-adjusted for stored splits and dividends, so returns across an ex-date are real. */
async function adjusted(store: Store, bars: BarSeries): Promise<BarSeries> {
  const valid = validateBars(bars);
  const actions = await store.requestCorporateActions(bars.symbol);
  return actions.length > 0 ? backAdjust(valid, actions) : valid;
}
