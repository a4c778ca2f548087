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

/** "2026-12-02 23:16 UTC" from an ISO-8601 time. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** "small live" for a stage name. */
export const stageName = (stage: string) => stage.replaceAll("_", " ");

/** "limit 9.5" or "at market". */
export const priceText = (order: { type: string; limitPrice: number | null }) =>
  order.type === "limit" ? `limit ${order.limitPrice}` : "at market";
