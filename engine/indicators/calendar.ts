const dayMs = 86_400_000;

/**
 * Calendar fields of each bar's UTC date. Bars are dated by their trading date (00:00 UTC of
 * the session date in the synthetic market; vendors' daily bars fall on the same UTC date), so
 * the UTC calendar is the session calendar. Known at the bar's close: no look-ahead.
 */
export function dayOfWeek(timestampMs: Float64Array): Float64Array {
  const out = new Float64Array(timestampMs.length);
  for (let i = 0; i < out.length; i++) {
    const days = Math.floor(timestampMs[i]! / dayMs);
    // 1970-01-01 was a Thursday (4); 0 = Sunday ... 6 = Saturday, as Date.getUTCDay.
    out[i] = (((days + 4) % 7) + 7) % 7;
  }
  return out;
}

/** Day of the month, 1-31. */
export function dayOfMonth(timestampMs: Float64Array): Float64Array {
  const out = new Float64Array(timestampMs.length);
  for (let i = 0; i < out.length; i++) out[i] = new Date(timestampMs[i]!).getUTCDate();
  return out;
}

/** Calendar days from the bar's date to the last day of its month: 0 on the last day. */
export function daysToMonthEnd(timestampMs: Float64Array): Float64Array {
  const out = new Float64Array(timestampMs.length);
  for (let i = 0; i < out.length; i++) {
    const date = new Date(timestampMs[i]!);
    const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    out[i] = last - date.getUTCDate();
  }
  return out;
}
