import { EngineDataError, type BarSeries } from "../types.ts";

const dayMs = 86_400_000;

export type CorporateAction =
  /** `ratio` new shares per old share: 4 for a 4-for-1 split, 0.1 for a 1-for-10 reverse split. */
  | { kind: "split"; exDateMs: number; ratio: number }
  /** Cash per share, in the price's currency. */
  | { kind: "dividend"; exDateMs: number; amount: number };

/**
 * Back-adjusts bars for splits and cash dividends: the latest prices stay as traded and every
 * bar before an ex-date is scaled, so returns across the ex-date are true returns.
 * - split with ratio r: prices before the ex-date / r, volumes x r;
 * - dividend d: prices before the ex-date x (1 - d / C), C the last raw close before the
 *   ex-date (the CRSP and Yahoo method); volumes unchanged.
 * Factors multiply across actions. A bar is before an ex-date when its UTC date is earlier.
 * The series is adjusted as of its last bar: actions with a later ex-date (after the period,
 * or announced but not yet effective) are ignored, since they would only rescale every bar.
 */
export function backAdjust(bars: BarSeries, actions: readonly CorporateAction[]): BarSeries {
  const length = bars.close.length;
  const priceFactor = new Float64Array(length).fill(1);
  const volumeFactor = new Float64Array(length).fill(1);
  const ordered = [...actions].sort((a, b) => b.exDateMs - a.exDateMs);
  for (const action of ordered) {
    const lastBefore = lastBarBefore(bars.timestampMs, action.exDateMs);
    if (lastBefore < 0 || lastBefore === length - 1) continue;
    let price: number;
    let volume = 1;
    if (action.kind === "split") {
      if (!(action.ratio > 0) || !Number.isFinite(action.ratio)) {
        throw new EngineDataError(
          `${bars.symbol}: split ratio must be a positive number (was ${action.ratio})`,
          { symbol: bars.symbol, field: "ratio" },
        );
      }
      price = 1 / action.ratio;
      volume = action.ratio;
    } else {
      const close = bars.close[lastBefore]!;
      if (!(action.amount > 0) || !(action.amount < close)) {
        throw new EngineDataError(
          `${bars.symbol}: dividend of ${action.amount} on ${new Date(action.exDateMs).toISOString().slice(0, 10)} must be positive and below the previous close ${close}`,
          { symbol: bars.symbol, field: "amount" },
        );
      }
      price = 1 - action.amount / close;
    }
    for (let i = 0; i <= lastBefore; i++) {
      priceFactor[i]! *= price;
      volumeFactor[i]! *= volume;
    }
  }
  return scaled(bars, priceFactor, volumeFactor);
}

/** Index of the last bar whose UTC date is before the ex-date (-1 when none). */
function lastBarBefore(timestampMs: Float64Array, exDateMs: number): number {
  const exDay = Math.floor(exDateMs / dayMs);
  let last = timestampMs.length - 1;
  while (last >= 0 && Math.floor(timestampMs[last]! / dayMs) >= exDay) last--;
  return last;
}

/** The bars with prices and volumes multiplied bar by bar. */
function scaled(bars: BarSeries, priceFactor: Float64Array, volumeFactor: Float64Array): BarSeries {
  const scale = (column: Float64Array, factor: Float64Array) =>
    column.map((value, i) => value * factor[i]!);
  return {
    symbol: bars.symbol,
    timestampMs: bars.timestampMs,
    open: scale(bars.open, priceFactor),
    high: scale(bars.high, priceFactor),
    low: scale(bars.low, priceFactor),
    close: scale(bars.close, priceFactor),
    volume: scale(bars.volume, volumeFactor),
  };
}

/** A corporate action to plant in an adjusted (total-return) series: a split, or a dividend as a yield of the raw close. */
export type PlannedAction =
  | { kind: "split"; exDateMs: number; ratio: number }
  | { kind: "dividend"; exDateMs: number; yieldRatio: number };

/**
 * The inverse of `backAdjust`, for synthetic data: turns an adjusted series into the raw one
 * a market would have printed, and the actions that adjust it back. A dividend with yield q
 * pays q times the raw close before its ex-date, so its adjustment factor is exactly 1 - q.
 */
export function unadjust(
  adjusted: BarSeries,
  planned: readonly PlannedAction[],
): { raw: BarSeries; actions: CorporateAction[] } {
  const length = adjusted.close.length;
  const priceFactor = new Float64Array(length).fill(1);
  const volumeFactor = new Float64Array(length).fill(1);
  const lastBefore: number[] = [];
  for (const action of planned) {
    const last = lastBarBefore(adjusted.timestampMs, action.exDateMs);
    lastBefore.push(last);
    const price = action.kind === "split" ? action.ratio : 1 / (1 - action.yieldRatio);
    for (let i = 0; i <= last; i++) {
      priceFactor[i]! *= price;
      if (action.kind === "split") volumeFactor[i]! /= action.ratio;
    }
  }
  const raw = scaled(adjusted, priceFactor, volumeFactor);
  const actions = planned
    .map((action, k): CorporateAction | undefined => {
      if (lastBefore[k]! < 0) return undefined;
      return action.kind === "split"
        ? action
        : {
            kind: "dividend",
            exDateMs: action.exDateMs,
            amount: action.yieldRatio * raw.close[lastBefore[k]!]!,
          };
    })
    .filter((action): action is CorporateAction => action !== undefined);
  return { raw, actions };
}
