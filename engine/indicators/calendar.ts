import { prepareWarmup } from "./support.ts";

const dayMs = 86_400_000;

/**
 * Calendar fields of each bar's UTC date. Bars are dated by their trading date (00:00 UTC of
 * the session date in the synthetic market; vendors' daily bars fall on the same UTC date), so
 * the UTC calendar is the session calendar. Known at the bar's close: no look-ahead. Every bar
 * has a date, so there is no warm-up and every element of `out` is written.
 */
export function dayOfWeek(timestampMs: Float64Array, out?: Float64Array): Float64Array {
  const result = prepareWarmup(timestampMs.length, 0, out);
  for (let i = 0; i < result.length; i++) {
    const days = Math.floor(timestampMs[i]! / dayMs);
    // 1970-01-01 was a Thursday (4); 0 = Sunday ... 6 = Saturday, as Date.getUTCDay.
    result[i] = (((days + 4) % 7) + 7) % 7;
  }
  return result;
}

/** Day of the month, 1-31. */
export function dayOfMonth(timestampMs: Float64Array, out?: Float64Array): Float64Array {
  const result = prepareWarmup(timestampMs.length, 0, out);
  for (let i = 0; i < result.length; i++) result[i] = new Date(timestampMs[i]!).getUTCDate();
  return result;
}

/** Calendar days from the bar's date to the last day of its month: 0 on the last day. */
export function daysToMonthEnd(timestampMs: Float64Array, out?: Float64Array): Float64Array {
  const result = prepareWarmup(timestampMs.length, 0, out);
  for (let i = 0; i < result.length; i++) {
    const date = new Date(timestampMs[i]!);
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    result[i] = last - date.getUTCDate();
  }
  return result;
}
