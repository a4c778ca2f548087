/** The eight currencies of the FX majors, USD first. */
export const currencies = ["USD", "EUR", "GBP", "JPY", "CHF", "AUD", "CAD", "NZD"] as const;
export type Currency = (typeof currencies)[number];

/** The seven USD majors: which currency each quotes and whether USD is the base (USD/JPY) or the quote (EUR/USD). */
export const usdMajors: readonly {
  symbol: string;
  currency: Exclude<Currency, "USD">;
  usdIsBase: boolean;
}[] = [
  { symbol: "EUR/USD", currency: "EUR", usdIsBase: false },
  { symbol: "GBP/USD", currency: "GBP", usdIsBase: false },
  { symbol: "USD/JPY", currency: "JPY", usdIsBase: true },
  { symbol: "USD/CHF", currency: "CHF", usdIsBase: true },
  { symbol: "AUD/USD", currency: "AUD", usdIsBase: false },
  { symbol: "USD/CAD", currency: "CAD", usdIsBase: true },
  { symbol: "NZD/USD", currency: "NZD", usdIsBase: false },
];

/**
 * Strength of each currency against an equal-weighted basket of all eight, over `horizonBars`
 * bars ending at each bar. Method: each currency's log return against USD over the horizon is
 * ln(P_t / P_{t−h}) for XXX/USD and −ln(P_t / P_{t−h}) for USD/XXX (USD's own is 0); the
 * basket's return is the mean of the eight; a currency's score is its return minus the
 * basket's. So USD scores minus the mean of the others' returns against it (over eight), the
 * scores sum to zero, and ranking them ranks the currencies from strongest to weakest. Log
 * returns make a cross rate's move split cleanly: score(EUR) − score(JPY) is EUR/JPY's log return.
 *
 * `closes[k]` are the aligned closes of `usdMajors[k]`. Returns one column per currency (in
 * `currencies` order), NaN for the first `horizonBars` bars.
 */
export function currencyStrength(
  closes: readonly Float64Array[],
  horizonBars: number,
): Float64Array[] {
  if (closes.length !== usdMajors.length)
    throw new RangeError(
      `closes must hold the ${usdMajors.length} USD majors in order (was ${closes.length})`,
    );
  if (!Number.isInteger(horizonBars) || horizonBars < 1)
    throw new RangeError(`horizonBars must be a positive integer (was ${horizonBars})`);
  const length = closes[0]!.length;
  const scores = currencies.map(() => new Float64Array(length).fill(NaN));
  const returns = new Float64Array(currencies.length);
  for (let t = horizonBars; t < length; t++) {
    returns[0] = 0;
    let basket = 0;
    for (let k = 0; k < usdMajors.length; k++) {
      const move = Math.log(closes[k]![t]! / closes[k]![t - horizonBars]!);
      // 0 − move, not −move: a flat pair gives 0, not −0 (which JSON would not keep).
      returns[k + 1] = usdMajors[k]!.usdIsBase ? 0 - move : move;
      basket += returns[k + 1]!;
    }
    basket /= currencies.length;
    for (let c = 0; c < currencies.length; c++) scores[c]![t] = returns[c]! - basket;
  }
  return scores;
}

/** Ranks, 1 for the largest value; ties keep the input order. */
export function rankDescending(values: readonly number[]): number[] {
  const order = values.map((_, index) => index).sort((a, b) => values[b]! - values[a]! || a - b);
  const ranks = new Array<number>(values.length);
  order.forEach((index, position) => (ranks[index] = position + 1));
  return ranks;
}
