import type { CorporateAction } from "../../engine/adjust/corporate-actions.ts";
import { invalidData } from "../errors.ts";
import { figure, percent } from "../replies/format.ts";
import { isoTime } from "../time-input.ts";

const dayMs = 86_400_000;
const day = (timeMs: number) => isoTime(timeMs).slice(0, 10);
/** How far apart a new first open and the stored last close may be, past splits: 1.5x either way. */
const seamTolerance = 1.5;
/** Bars further apart than this may have moved that much in between: no check. */
const seamDays = 10;

/** A bar at one side of a seam, and whose it is ("the stored", "the provider's"). */
interface SeamSide {
  timeMs: number;
  price: number;
  whose: string;
}

/**
 * Refuses new bars that do not meet the stored ones: an open more than 50% away from the close
 * a few days before it on the other side of the seam, with no split between to explain it, means
 * the store holds another source's series for the symbol (the demo market's, another vendor's),
 * and stitching the two would make a jump no market made. `last` gives its close, `next` its open.
 */
export function checkSeam(
  symbol: string,
  last: SeamSide,
  next: SeamSide,
  actions: readonly CorporateAction[],
): void {
  if (next.timeMs - last.timeMs > seamDays * dayMs) return;
  const splitRatio = actions
    .filter(
      (action) =>
        action.kind === "split" && action.exDateMs > last.timeMs && action.exDateMs <= next.timeMs,
    )
    .reduce((product, action) => product * (action.kind === "split" ? action.ratio : 1), 1);
  const expected = last.price / splitRatio;
  const ratio = next.price / expected;
  if (ratio <= seamTolerance && ratio >= 1 / seamTolerance) return;
  throw invalidData(
    `${symbol}: the provider's bars do not meet the stored ones: ${last.whose} close ${figure(last.price)} on ${day(last.timeMs)}${splitRatio === 1 ? "" : ` (${figure(expected)} after the split)`}, then ${next.whose} open ${figure(next.price)} on ${day(next.timeMs)}, ${percent(Math.abs(ratio - 1), 0)} apart, so nothing was written. The stored bars look like another source's (the demo market's, or another vendor's)`,
  );
}
