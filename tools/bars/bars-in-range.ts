import { lowerBound } from "../../engine/bars.ts";
import { invalidInput, notFound } from "../errors.ts";
import type { Store, Timeframe } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";
import { requestAdjustedBars, type AdjustedBars } from "./load-bars.ts";

export interface BarsRange {
  symbol: string;
  timeframe: Timeframe;
  start?: number | undefined;
  end?: number | undefined;
  adjusted: boolean;
}

export interface BarsInRange extends AdjustedBars {
  /** Index of the first bar at or after `start`. */
  from: number;
  /** Bars from `from` to the end. */
  count: number;
}

/**
 * A symbol's stored bars from `start` to `end`, adjusted as of the last bar served (loaded up to
 * `end`, adjusted, then cut at `start`). Not found names the stored range; raw bars of a futures
 * root are refused (its continuous series only exists back-adjusted).
 */
export async function barsInRange(store: Store, range: BarsRange): Promise<BarsInRange> {
  const loaded = await requestAdjustedBars(
    store,
    range.symbol,
    range.timeframe,
    range.end === undefined ? {} : { endMs: range.end },
    range.adjusted,
  );
  if (!loaded) throw notFound(await nothingInRange(store, range));
  if (!range.adjusted && loaded.rolls.length > 0)
    throw invalidInput(
      `${range.symbol} is a continuous futures series and is always back-adjusted; ask for one contract (e.g. ${loaded.rolls[0]!.toCode}) for prices as traded`,
      [{ path: ["adjusted"], message: "must be true for a futures root" }],
    );
  const { timestampMs } = loaded.bars;
  const from = range.start === undefined ? 0 : lowerBound(timestampMs, range.start);
  const count = timestampMs.length - from;
  if (count === 0) throw notFound(await nothingInRange(store, range));
  return { ...loaded, from, count };
}

/** Why nothing was served: no bars of the symbol at all, or none in the range (with the stored one). */
async function nothingInRange(store: Store, range: BarsRange): Promise<string> {
  const { symbol, timeframe, start, end } = range;
  const stored = (await store.listSymbols(timeframe)).find((summary) => summary.symbol === symbol);
  if (!stored)
    return `no ${timeframe} bars stored for ${symbol}; import them with import_bars or fetch them with fetch_bars`;
  const day = (ms: number) => isoTime(ms).slice(0, 10);
  const asked = `${start === undefined ? "its first bar" : day(start)} to ${end === undefined ? "its last" : day(end)}`;
  return `no ${timeframe} bars of ${symbol} from ${asked}: the stored ones run from ${day(stored.firstMs)} to ${day(stored.lastMs)}`;
}
