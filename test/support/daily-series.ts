/**
 * Daily bars of `symbol` from `firstMs` with these closes and opens (by default each opens where
 * the bar before closed, the first at its close): highs a point above the body, lows a point
 * below, a million traded each day.
 */
export function dailySeries(
  symbol: string,
  firstMs: number,
  closes: readonly number[],
  opens: readonly number[] = closes.map((close, t) => (t === 0 ? close : closes[t - 1]!)),
) {
  const dayMs = 86_400_000;
  return {
    symbol,
    timestampMs: Float64Array.from(closes, (_, t) => firstMs + t * dayMs),
    open: Float64Array.from(opens),
    high: Float64Array.from(closes, (close, t) => Math.max(close, opens[t]!) + 1),
    low: Float64Array.from(closes, (close, t) => Math.min(close, opens[t]!) - 1),
    close: Float64Array.from(closes),
    volume: Float64Array.from(closes, () => 1e6),
  };
}
