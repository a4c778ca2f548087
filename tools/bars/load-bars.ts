import { backAdjust, type CorporateAction } from "../../engine/adjust/corporate-actions.ts";
import type { RollAdjustment } from "../../engine/futures/continuous.ts";
import { validateBars } from "../../engine/bars.ts";
import type { BarSeries } from "../../engine/types.ts";
import { notFound } from "../errors.ts";
import type { Store, Timeframe, TimeRange } from "../ports/store.ts";
import { isFuturesRoot, requestContinuousFutures } from "./continuous-futures.ts";

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
    symbols.map((symbol) => requestAdjustedBars(store, symbol, timeframe, range)),
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
  return loaded.map((series) => series!.bars);
}

/** One symbol's bars like `loadBars`, or undefined when none are stored (for optional extras such as benchmarks). */
export async function loadBarsIfStored(
  store: Store,
  symbol: string,
  timeframe: Timeframe,
  endMs: number | null,
): Promise<BarSeries | undefined> {
  return (await requestAdjustedBars(store, symbol, timeframe, endMs === null ? {} : { endMs }))
    ?.bars;
}

export interface AdjustedBars {
  bars: BarSeries;
  /** The stored splits and dividends applied (none for a futures root). */
  actions: CorporateAction[];
  /** The contract rolls of a futures root's continuous series. */
  rolls: RollAdjustment[];
}

/**
 * A symbol's stored bars, validated and back-adjusted for its stored splits and dividends so
 * returns across an ex-date are real (raw when `adjust` is false); for a futures root with no
 * bars of its own, the continuous series of its stored contracts. Undefined when neither exists.
 */
export async function requestAdjustedBars(
  store: Store,
  symbol: string,
  timeframe: Timeframe,
  range: TimeRange,
  adjust = true,
): Promise<AdjustedBars | undefined> {
  const stored = await store.requestBars(symbol, timeframe, range);
  if (stored) {
    const valid = validateBars(stored);
    const actions = await store.requestCorporateActions(symbol);
    const bars = adjust && actions.length > 0 ? backAdjust(valid, actions) : valid;
    return { bars, actions, rolls: [] };
  }
  if (!isFuturesRoot(symbol)) return undefined;
  const continuous = await requestContinuousFutures(store, symbol, timeframe, range);
  return continuous && { bars: continuous.bars, actions: [], rolls: continuous.rolls };
}
