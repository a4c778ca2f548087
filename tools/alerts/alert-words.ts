import type { NumericExpression } from "../../engine/strategy/spec.ts";
import { describe } from "../../engine/validator/analysis/spec-walk.ts";
import type { PriceAlertFired } from "../ports/events.ts";
import { figure, utc } from "../replies/format.ts";
import { isoTime } from "../time-input.ts";

interface Watched {
  symbol: string;
  indicator?: NumericExpression | null;
}

type Condition = Watched & { direction: string; level: number };

/** The two sides of a difference watched against 0: "close" and "sma(200)" of close - sma(200). */
function sides(indicator: NumericExpression | null | undefined): [string, string] | undefined {
  if (typeof indicator !== "object" || indicator === null || !("sub" in indicator))
    return undefined;
  const [left, right] = indicator.sub as [NumericExpression, NumericExpression];
  return [describe(left), describe(right)];
}

/** "rsi(14)", "close - sma(200)": an indicator alert's indicator in words. */
export function indicatorWords(indicator: NumericExpression): string {
  const pair = sides(indicator);
  return pair ? `${pair[0]} - ${pair[1]}` : describe(indicator);
}

/** "SPY", or "SPY rsi(14)" for an indicator alert: what an alert watches. */
export const watched = (alert: Watched) =>
  alert.indicator ? `${alert.symbol} ${indicatorWords(alert.indicator)}` : alert.symbol;

/** A difference against 0 reads as one series against the other: "close above sma(200)". */
export const crossing = (alert: Condition) =>
  alert.level === 0 ? sides(alert.indicator) : undefined;

/** "SPY below 600", "SPY rsi(14) below 30", "SPY close above sma(200)": what an alert waits for. */
export function alertCondition(alert: Condition): string {
  const pair = crossing(alert);
  return pair
    ? `${alert.symbol} ${pair[0]} ${alert.direction} ${pair[1]}`
    : `${watched(alert)} ${alert.direction} ${figure(alert.level)}`;
}

/**
 * One line for a fired alert, the same in the event log, the terminal and the chat channels:
 * "price alert: SPY fell below 600 (599.12 at 2026-12-04 14:31 UTC, <source>); set by U1 ...".
 */
export function firedAlertLine(fired: PriceAlertFired): string {
  const moved = fired.direction === "below" ? "fell to or below" : "rose to or above";
  const pair = crossing(fired);
  const reached = pair
    ? `${fired.symbol} ${pair[0]} ${moved} ${pair[1]} (${pair[0]} - ${pair[1]} = ${figure(fired.price)}`
    : `${watched(fired)} ${moved} ${figure(fired.level)} (${figure(fired.price)}`;
  return `price alert ${fired.alertId.slice(0, 8)}: ${reached} at ${utc(isoTime(fired.priceAtMs))}, ${fired.source}); set by ${fired.actor} on ${isoTime(fired.setAtMs).slice(0, 10)}${fired.note ? `: ${fired.note}` : ""}`;
}
