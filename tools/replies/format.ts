/** Number formats the offline replies share: every value comes from a tool result as it is. */
export const percent = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? "n/a" : `${(value * 100).toFixed(digits)}%`;

export const fixed = (value: number | null | undefined) =>
  value === null || value === undefined ? "n/a" : value.toFixed(2);

/** "1 finding", "17 findings". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "+1.99%", "-0.54%": a return or strength with its sign. */
export const signed = (value: number | null, digits = 2) =>
  value === null ? "n/a" : `${value >= 0 ? "+" : ""}${percent(value, digits)}`;

/** "19,746.43": an amount of cash, to the cent. */
export const amount = (value: number) =>
  value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "+1,023.40", "-18,842.70": an amount of cash with its sign, to the cent. */
export const signedAmount = (value: number) => `${value < 0 ? "-" : "+"}${amount(Math.abs(value))}`;

/** "2026-12-02 23:16 UTC" from an ISO-8601 time. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** A finding's symbols: "KITE & MES", "ADA/USD & AVAX/USD" (a slash would split the pairs). */
export const findingSymbols = (symbols: readonly string[]) => symbols.join(" & ");

/** An identifier in words: "small live" for a stage, "look ahead" for a rule family. */
export const inWords = (identifier: string) => identifier.replaceAll("_", " ");

/** "limit 9.5" or "at market". */
export const priceText = (order: { type: string; limitPrice: number | null }) =>
  order.type === "limit" ? `limit ${order.limitPrice}` : "at market";

/** A price or indicator value to read: six significant digits, two decimals from 1000 up. */
export const figure = (value: number) =>
  String(Number(Math.abs(value) >= 1000 ? value.toFixed(2) : value.toPrecision(6)));

const timeframeNames: Record<string, string> = { "1d": "daily", "1h": "hourly" };

/** "daily", "hourly", "5-minute": a bar timeframe in words. */
export const timeframeName = (timeframe: string) =>
  timeframeNames[timeframe] ?? `${timeframe.replace(/m$/, "")}-minute`;

/** A bar's time: its day for daily bars, else its minute in UTC. */
export const barTime = (iso: string, timeframe: string) =>
  timeframe === "1d" ? iso.slice(0, 10) : utc(iso);

/** "AAPL, MSFT, NVDA and 2 more": the first `shown` names, then how many are left out. */
export const firstFew = (names: readonly string[], shown = 8) =>
  `${names.slice(0, shown).join(", ")}${names.length > shown ? ` and ${names.length - shown} more` : ""}`;

/** "a", "a and b", "a, b and c" (or "a, b or c"). */
export const listed = (items: readonly string[], conjunction = "and") =>
  items.length < 2
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
