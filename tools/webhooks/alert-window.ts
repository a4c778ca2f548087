import { marketStatus, type Market } from "../../engine/calendar/sessions.ts";
import { timeframeMs, type Timeframe } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";

/** How late after the next bar opens an alert may arrive, and how far ahead of our clock its bar may be. */
export const alertWindow = { graceMs: 10 * 60_000, futureSkewMs: 60_000 } as const;

export type AlertTiming = { ok: true } | { ok: false; reason: "stale" | "future"; message: string };

/**
 * Whether an alert about the bar at `barTimeMs` may still be acted on at `nowMs`. A signal on a
 * bar is traded at the next bar's open, as the backtest does: the alert must arrive within
 * `graceMs` of that open, which is the next session's open when the market is shut by then (a
 * daily signal on Friday trades on Monday). This holds whether the script sends the bar's open
 * time (Pine `time`) or its close (`time_close`, one bar more lenient). A bar time further ahead
 * of our clock than `futureSkewMs` is refused: no real alert comes from the future.
 */
export function alertTiming(
  barTimeMs: number,
  nowMs: number,
  timeframe: Timeframe,
  market: Market,
): AlertTiming {
  if (barTimeMs > nowMs + alertWindow.futureSkewMs)
    return {
      ok: false,
      reason: "future",
      message: `barTime ${isoTime(barTimeMs)} is ${Math.round((barTimeMs - nowMs) / 1000)} s ahead of this server's clock (${isoTime(nowMs)}; at most ${alertWindow.futureSkewMs / 1000} s allowed): send the bar's time in epoch milliseconds, and check both clocks`,
    };
  const nextBarMs = barTimeMs + timeframeMs[timeframe];
  const status = marketStatus(market, nextBarMs);
  const tradedFromMs = status.open ? nextBarMs : status.nextOpenMs;
  const deadlineMs = tradedFromMs + alertWindow.graceMs;
  if (nowMs > deadlineMs)
    return {
      ok: false,
      reason: "stale",
      message: `barTime ${isoTime(barTimeMs)} is too old: a signal on that ${timeframe} bar trades at the next bar's open (${isoTime(tradedFromMs)}, ${market}), so its alert had to arrive by ${isoTime(deadlineMs)}; it arrived at ${isoTime(nowMs)}`,
    };
  return { ok: true };
}
