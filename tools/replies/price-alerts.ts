import type { PriceAlertView } from "../alerts/alert-view.ts";
import { alertCondition, crossing, indicatorWords } from "../alerts/alert-words.ts";
import { count, figure, percent, utc } from "./format.ts";

interface Priced {
  price: number;
  time: string;
  source: string;
}

const shortId = (alert: { id: string }) => alert.id.slice(0, 8);
const noted = (alert: PriceAlertView) => (alert.note ? `: ${alert.note}` : "");

/**
 * "1.64% below 610 now": how far a price alert's level lies from the price; "at 45.2 now" for
 * an indicator alert, whose distance is null ("close - sma(200) at -12.3 now" for a crossing).
 */
const away = (distance: number | null, current: Priced, alert: PriceAlertView) =>
  distance === null
    ? `${alert.indicator && crossing(alert) ? `${indicatorWords(alert.indicator)} ` : ""}at ${figure(current.price)} now`
    : `${percent(Math.abs(distance))} ${distance < 0 ? "below" : "above"} ${figure(current.price)} now`;

const stateWords: Record<string, string> = {
  active: "are active",
  triggered: "have fired",
  cancelled: "were cancelled",
};

/** How a person hears of a fired alert, said where one is set. */
export const alertDelivery =
  '`alphadesk worker` checks active alerts every minute and posts each one that fires into the Slack thread or Discord channel it was set in (from elsewhere, to the digest channels); the terminal chat checks at each turn, and "check my alerts" checks now.';

/** set_price_alert: the alert, how far off its level is, and how its firing reaches the person. */
export function describeAlertSet(result: {
  alert: PriceAlertView;
  current: Priced;
  distance: number | null;
  alreadySet: boolean;
}): string {
  const { alert, current } = result;
  const reaches = alert.indicator
    ? `It fires once, when ${crossing(alert) ? "a daily close gets there" : "the indicator reaches the level at a daily close"}: it moves as daily bars are stored (fetch_bars; \`alphadesk worker\` fetches them each evening from a market-data provider).`
    : "It fires once, when the price reaches the level.";
  return [
    `${result.alreadySet ? "That alert is set already" : "Alert set"}: ${alertCondition(alert)} (id ${shortId(alert)}), ${away(result.distance, current, alert)}${noted(alert)}.`,
    `${alert.indicator ? "Read at" : "Price from"}: ${current.source}, at ${utc(current.time)}.`,
    `${reaches} ${alertDelivery}`,
  ].join("\n");
}

/** list_price_alerts: the active alerts with their distance, then those that fired or were cancelled. */
export function describeAlerts(result: {
  alerts: (PriceAlertView & { current: Priced | null; distance: number | null })[];
  state: string | null;
}): string {
  if (result.alerts.length === 0)
    return result.state && result.state !== "all"
      ? `No price alerts ${stateWords[result.state] ?? result.state}.`
      : 'No price alerts are set. Set one: "alert me when SPY drops below 600".';
  const lines = result.alerts.map((alert) => {
    const head = `- ${alertCondition(alert)} (id ${shortId(alert)})`;
    if (alert.state === "triggered" && alert.fired)
      return `${head}: fired at ${figure(alert.fired.price)} on ${utc(alert.fired.time)}${noted(alert)}`;
    if (alert.state === "cancelled" && alert.cancelled)
      return `${head}: cancelled by ${alert.cancelled.by} on ${utc(alert.cancelled.at)}`;
    const where = alert.current ? away(alert.distance, alert.current, alert) : "no price of it now";
    return `${head}: active, ${where}; set by ${alert.setBy} on ${alert.setAt.slice(0, 10)}${noted(alert)}`;
  });
  const active = result.alerts.filter((alert) => alert.state === "active").length;
  const source = result.alerts.find((alert) => alert.current && !alert.indicator)?.current?.source;
  return [
    `${heading(result.state, result.alerts.length, active)}:`,
    ...lines,
    ...(source ? [`Prices from: ${source}.`] : []),
  ].join("\n");
}

function heading(state: string | null, total: number, active: number): string {
  if (state === "active") return count(total, "active price alert");
  if (state === "triggered") return `${count(total, "price alert")} fired`;
  if (state === "cancelled") return `${count(total, "cancelled price alert")}`;
  return `${count(total, "price alert")}, ${active} active`;
}

/** cancel_price_alert: which alerts it cancelled. */
export function describeAlertsCancelled(result: { cancelled: PriceAlertView[] }): string {
  if (result.cancelled.length === 0) return "No active price alerts to cancel.";
  return `Cancelled ${count(result.cancelled.length, "price alert")}: ${result.cancelled
    .map((alert) => `${alertCondition(alert)} (id ${shortId(alert)})`)
    .join(", ")}.`;
}

/** check_price_alerts: what fired, else that none reached its level. */
export function describeAlertCheck(result: {
  checked: number;
  fired: PriceAlertView[];
  unpriced: string[];
}): string {
  const unpriced =
    result.unpriced.length > 0 ? [`No price now of ${result.unpriced.join(", ")}.`] : [];
  if (result.checked === 0)
    return 'No active price alerts to check. Set one: "alert me when SPY drops below 600".';
  if (result.fired.length === 0)
    return [
      `Checked ${count(result.checked, "active alert")}: none reached its level.`,
      ...unpriced,
    ].join("\n");
  return [
    `Checked ${count(result.checked, "active alert")}; ${result.fired.length} fired:`,
    ...result.fired.map(
      (alert) =>
        `- ${alertCondition(alert)} (id ${shortId(alert)}): reached at ${figure(alert.fired!.price)} (${utc(alert.fired!.time)}, ${alert.fired!.source})${noted(alert)}`,
    ),
    ...unpriced,
  ].join("\n");
}
