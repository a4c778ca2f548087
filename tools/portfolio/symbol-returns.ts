import { alignCloses } from "../../engine/correlation/align.ts";
import { minimumObservations, simpleReturns } from "../../engine/portfolio/index.ts";
import { loadBars } from "../bars/load-bars.ts";
import { invalidInput } from "../errors.ts";
import type { Store } from "../ports/store.ts";

export interface SymbolReturns {
  /** Simple returns of each symbol's adjusted daily closes, on the dates all of them share. */
  returns: Float64Array[];
  /** UTC midnight of each return's end date. */
  dayMs: Float64Array;
}

/**
 * Daily simple returns of stored symbols for a portfolio of the instruments themselves: the
 * closes back-adjusted for splits and dividends, within [startMs, endMs], joined on the UTC
 * dates every symbol shares (a crypto pair's weekend folds into Monday's return, as its ETF
 * neighbours' does).
 */
export async function loadSymbolReturns(
  store: Store,
  symbols: readonly string[],
  startMs: number | undefined,
  endMs: number | undefined,
): Promise<SymbolReturns> {
  const bars = await loadBars(store, symbols, "1d", endMs ?? null);
  const aligned = alignCloses(
    bars.map((series) => {
      const from = startMs === undefined ? 0 : series.timestampMs.findIndex((t) => t >= startMs);
      const kept = from < 0 ? series.close.length : from;
      return {
        symbol: series.symbol,
        timestampMs: series.timestampMs.subarray(kept),
        close: series.close.subarray(kept),
      };
    }),
  );
  const shared = aligned.dayMs.length;
  if (shared < minimumObservations + 1)
    throw invalidInput(
      `${symbols.join(", ")} share only ${shared} daily closes${startMs === undefined ? "" : " from the start"}; at least ${minimumObservations + 1} are needed for ${minimumObservations} daily returns: widen the period or import more history`,
      [{ path: ["symbols"], message: `${shared} common dates, need ${minimumObservations + 1}` }],
    );
  return { returns: aligned.closes.map(simpleReturns), dayMs: aligned.dayMs.subarray(1) };
}
