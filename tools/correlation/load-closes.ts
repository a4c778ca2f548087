import { alignCloses, type AlignedCloses } from "../../engine/correlation/index.ts";
import { requestAdjustedBars } from "../bars/load-bars.ts";
import { notFound } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";

/**
 * Daily closes of `symbols` up to `endMs`, back-adjusted for splits and dividends (a futures
 * root gives its continuous series), joined on the dates they all share (see alignCloses).
 * Names every symbol without bars at once and says how to get them.
 */
export async function loadAlignedCloses(
  store: Store,
  symbols: readonly string[],
  endMs: number | undefined,
): Promise<AlignedCloses> {
  const range = endMs === undefined ? {} : { endMs };
  const loaded = await Promise.all(
    symbols.map((symbol) => requestAdjustedBars(store, symbol, "1d", range)),
  );
  const missing = symbols.filter((_, index) => loaded[index] === undefined);
  if (missing.length > 0) {
    throw notFound(
      `no 1d bars stored for ${missing.join(", ")}${endMs === undefined ? "" : ` up to ${isoTime(endMs)}`}; fetch them with fetch_bars (Alpaca or Polygon) or create demo data with generate_demo_market`,
    );
  }
  return alignCloses(loaded.map((series) => series!.bars));
}

/** The aligned closes from `startMs` on (all of them when undefined). */
export function fromStart(aligned: AlignedCloses, startMs: number | undefined): AlignedCloses {
  if (startMs === undefined) return aligned;
  const dayStartMs = startMs - (startMs % 86_400_000);
  const first = aligned.dayMs.findIndex((day) => day >= dayStartMs);
  const from = first === -1 ? aligned.dayMs.length : first;
  return {
    symbols: aligned.symbols,
    dayMs: aligned.dayMs.subarray(from),
    closes: aligned.closes.map((column) => column.subarray(from)),
  };
}
