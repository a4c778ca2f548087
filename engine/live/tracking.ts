/**
 * Live (or paper) trading against what the backtest logic expected on the same bars: the equity
 * the actual fills produced, marked to each bar's close, and how far it strays from the
 * backtest's equity. Pure: the caller brings bars, fills and the backtest's curve.
 */

export interface ActualFill {
  symbol: string;
  /** Signed: positive bought, negative sold. */
  quantity: number;
  price: number;
  fee: number;
  atMs: number;
}

/**
 * Equity at each bar's close: `capital` less what the fills paid (and their fees), plus the
 * positions they built valued at that bar's close. A fill belongs to the last bar that starts at
 * or before it. `closes[symbol][i]` is the close of bar `i`; a missing close (NaN) carries the
 * previous one.
 */
export function fillsEquity(
  timestampMs: Float64Array,
  closes: Readonly<Record<string, Float64Array>>,
  fills: readonly ActualFill[],
  capital: number,
): Float64Array {
  const ordered = [...fills].sort((a, b) => a.atMs - b.atMs);
  const equity = new Float64Array(timestampMs.length);
  const positions = new Map<string, number>();
  const marks = new Map<string, number>();
  let cash = capital;
  let next = 0;
  for (let bar = 0; bar < timestampMs.length; bar++) {
    const barEndMs = bar + 1 < timestampMs.length ? timestampMs[bar + 1]! : Infinity;
    while (next < ordered.length && ordered[next]!.atMs < barEndMs) {
      const fill = ordered[next++]!;
      cash -= fill.quantity * fill.price + fill.fee;
      positions.set(fill.symbol, (positions.get(fill.symbol) ?? 0) + fill.quantity);
      if (!marks.has(fill.symbol)) marks.set(fill.symbol, fill.price);
    }
    let value = cash;
    for (const [symbol, quantity] of positions) {
      const close = closes[symbol]?.[bar];
      if (close !== undefined && Number.isFinite(close)) marks.set(symbol, close);
      value += quantity * marks.get(symbol)!;
    }
    equity[bar] = value;
  }
  return equity;
}

export interface TrackingComparison {
  /** Annualized sample standard deviation of the per-bar return differences. */
  trackingError: number;
  /** Largest |actual - expected| equity gap, as a fraction of `capital`. */
  maxGap: number;
  /** The last bar's gap, as a fraction of `capital` (positive: actual ahead). */
  finalGap: number;
  /** The actual equity at the last bar (NaN without bars). */
  finalActual: number;
  bars: number;
}

/**
 * How far an actual equity curve strays from the expected one over the same bars. Tracking
 * error needs at least three bars (two returns); with fewer it is NaN.
 */
export function compareEquity(
  actual: Float64Array,
  expected: Float64Array,
  capital: number,
  periodsPerYear: number,
): TrackingComparison {
  if (actual.length !== expected.length)
    throw new RangeError(`actual has ${actual.length} bars, expected ${expected.length}`);
  const bars = actual.length;
  let maxGap = 0;
  for (let i = 0; i < bars; i++) maxGap = Math.max(maxGap, Math.abs(actual[i]! - expected[i]!));
  const differences: number[] = [];
  for (let i = 1; i < bars; i++)
    differences.push(actual[i]! / actual[i - 1]! - expected[i]! / expected[i - 1]!);
  const mean = differences.reduce((sum, value) => sum + value, 0) / differences.length;
  const variance =
    differences.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (differences.length - 1);
  return {
    trackingError: differences.length >= 2 ? Math.sqrt(variance * periodsPerYear) : Number.NaN,
    maxGap: maxGap / capital,
    finalGap: bars > 0 ? (actual[bars - 1]! - expected[bars - 1]!) / capital : 0,
    finalActual: bars > 0 ? actual[bars - 1]! : Number.NaN,
    bars,
  };
}
