import { emptyBars } from "../bars.ts";
import { sessionsBetween } from "../calendar/sessions.ts";
import { contractSpecs, contractsBetween } from "../futures/contracts.ts";
import type { BarSeries } from "../types.ts";
import type { FuturesModel } from "./assets.ts";
import type { DayGrid } from "./grid.ts";
import { roundedToTick } from "./ohlcv.ts";
import type { RandomStream } from "./streams.ts";

const dayMs = 86_400_000;
/** Trade dates a contract is listed with bars before it becomes the front one. */
const leadSessions = 10;
/** Volume as a share of the front contract's: before it is front, and after it has rolled. */
const [backVolumeRatio, rolledVolumeRatio] = [0.05, 0.15];

/**
 * A micro future's contracts as stored bars (MESH20, MESM20, ...): each from `leadSessions`
 * trade dates before it becomes front until its last trading day, clipped to the grid. Every
 * contract prices the underlying at `underlying·exp(carry·τ)`, τ the years to its expiry, with
 * its own carry drawn around the root's, so two contracts differ on a roll day and converge to
 * the underlying at expiry. `underlying` holds bars on the CME trade dates `days` of the grid,
 * starting from the model's level.
 */
export function contractBars(
  model: FuturesModel,
  grid: DayGrid,
  days: Int32Array,
  underlying: BarSeries,
  stream: (key: string) => RandomStream,
): BarSeries[] {
  if (days.length === 0) return [];
  const { tickSize } = contractSpecs[model.root];
  const gridLastDay = grid.firstDay + grid.length - 1;
  // A month past the end finds the contract whose lead-in starts before the end.
  const schedule = contractsBetween(model.root, grid.firstDay, gridLastDay + 31);
  const firstRowOnOrAfter = (day: number) => {
    let row = 0;
    while (row < days.length && grid.firstDay + days[row]! < day) row++;
    return row;
  };
  const contracts: BarSeries[] = [];
  for (const span of schedule) {
    let frontRow = firstRowOnOrAfter(span.fromDay);
    // Front only after the grid ends: its lead-in reaches back into the grid by fewer sessions.
    if (frontRow === days.length)
      frontRow += sessionsBetween("CME", gridLastDay + 1, span.fromDay - 1).length;
    const start = Math.max(0, frontRow - leadSessions);
    const end = firstRowOnOrAfter(span.expiryDay + 1);
    if (start >= end) continue;
    const carry =
      model.carryRatio + model.carrySpreadRatio * stream(`contract:${span.code}`).normal();
    const length = end - start;
    const bars: BarSeries = emptyBars(span.code, length);
    for (let k = 0; k < length; k++) {
      const row = start + k;
      const day = grid.firstDay + days[row]!;
      const basis = Math.exp((carry * (span.expiryDay - day)) / 365.25);
      bars.timestampMs[k] = day * dayMs;
      bars.open[k] = underlying.open[row]! * basis;
      bars.high[k] = underlying.high[row]! * basis;
      bars.low[k] = underlying.low[row]! * basis;
      bars.close[k] = underlying.close[row]! * basis;
      const share =
        day < span.fromDay ? backVolumeRatio : day >= span.rollDay ? rolledVolumeRatio : 1;
      bars.volume[k] = Math.max(1, Math.round(underlying.volume[row]! * share));
    }
    contracts.push(roundedToTick(bars, tickSize));
  }
  return contracts;
}
