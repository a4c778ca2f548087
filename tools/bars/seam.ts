import type { CorporateAction } from "../../engine/adjust/corporate-actions.ts";
import { invalidData } from "../errors.ts";
import { figure, percent } from "../replies/format.ts";
import { isoTime } from "../time-input.ts";

const dayMs = 86_400_000;
/** How far apart a new first open and the stored last close may be, past splits: 1.5x either way. */
const seamTolerance = 1.5;
/** Bars further apart than this may have moved that much in between: no check. */
const seamDays = 10;

/**
 * Refuses new bars that do not continue the stored ones. A first open more than 50% away from the
 * stored close a few days before, with no split between to explain it, means the store holds
 * another source's series for the symbol (the demo market's, another vendor's): stitching the two
 * would make a jump no market made.
 */
export function checkSeam(
  symbol: string,
  last: { timeMs: number; close: number },
  next: { timeMs: number; open: number },
  actions: readonly CorporateAction[],
): void {
  if (next.timeMs - last.timeMs > seamDays * dayMs) return;
  const splitRatio = actions
    .filter(
      (action) =>
        action.kind === "split" && action.exDateMs > last.timeMs && action.exDateMs <= next.timeMs,
    )
    .reduce((product, action) => product * (action.kind === "split" ? action.ratio : 1), 1);
  const expected = last.close / splitRatio;
  const ratio = next.open / expected;
  if (ratio <= seamTolerance && ratio >= 1 / seamTolerance) return;
  throw invalidData(
    `${symbol}: the provider's first new bar (open ${figure(next.open)} on ${isoTime(next.timeMs).slice(0, 10)}) does not continue the stored bars (close ${figure(last.close)} on ${isoTime(last.timeMs).slice(0, 10)}${splitRatio === 1 ? "" : `, ${figure(expected)} after the split`}): ${percent(Math.abs(ratio - 1), 0)} apart, so nothing was written. The stored bars look like another source's (the demo market's, or another vendor's)`,
  );
}
