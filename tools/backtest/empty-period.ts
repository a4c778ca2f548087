import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { BarSeries } from "../../engine/types.ts";
import { invalidInput } from "../errors.ts";
import { isoTime } from "../time-input.ts";

const day = (ms: number) => isoTime(ms).slice(0, 10);

/**
 * A period that holds none of the loaded bars, refused with where the stored bars run, so a
 * person can pick one that holds some ("no 1d bars of SPY from 2030-01-01 to the last bar: the
 * stored ones run from 2020-01-02 to 2024-12-31"). The bars are those loaded up to `endMs`.
 */
export function emptyPeriod(
  spec: StrategySpec,
  bars: readonly BarSeries[],
  { startMs, endMs }: Pick<BacktestOptions, "startMs" | "endMs">,
) {
  const asked = `${startMs === null ? "the first bar" : day(startMs)} to ${endMs === null ? "the last bar" : day(endMs)}`;
  const held = bars.filter((series) => series.timestampMs.length > 0);
  const first = Math.min(...held.map((series) => series.timestampMs[0]!));
  const last = Math.max(...held.map((series) => series.timestampMs.at(-1)!));
  const stored =
    held.length === 0
      ? "none are stored"
      : `the stored ones run from ${day(first)} to ${day(last)}${endMs === null ? "" : " (up to the end asked for)"}`;
  return invalidInput(
    `no ${spec.timeframe} bars of ${spec.universe.join(", ")} from ${asked}: ${stored}`,
    [{ path: ["start"], message: "the range holds no bars" }],
  );
}
