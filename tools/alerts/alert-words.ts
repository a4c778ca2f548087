import type { NumericExpression } from "../../engine/strategy/spec.ts";
import { describe } from "../../engine/validator/analysis/spec-walk.ts";
import type { PriceAlertFired } from "../ports/events.ts";
import { figure, utc } from "../replies/format.ts";
import { isoTime } from "../time-input.ts";

interface Watched {
  symbol: string;
  indicator?: NumericExpression | null;
}

/** "SPY", or "SPY rsi(14)" for an indicator alert: what an alert watches. */
export const watched = (alert: Watched) =>
  alert.indicator ? `${alert.symbol} ${describe(alert.indicator)}` : alert.symbol;

/** "SPY below 600", "SPY rsi(14) below 30": what an alert waits for. */
export const alertCondition = (alert: Watched & { direction: string; level: number }) =>
  `${watched(alert)} ${alert.direction} ${figure(alert.level)}`;

/**
 * One line for a fired alert, the same in the event log, the terminal and the chat channels:
 * "price alert: SPY fell below 600 (599.12 at 2026-12-04 14:31 UTC, <source>); set by U1 ...".
 */
export function firedAlertLine(fired: PriceAlertFired): string {
  const moved = fired.direction === "below" ? "fell to or below" : "rose to or above";
  return `price alert ${fired.alertId.slice(0, 8)}: ${watched(fired)} ${moved} ${figure(fired.level)} (${figure(fired.price)} at ${utc(isoTime(fired.priceAtMs))}, ${fired.source}); set by ${fired.actor} on ${isoTime(fired.setAtMs).slice(0, 10)}${fired.note ? `: ${fired.note}` : ""}`;
}
