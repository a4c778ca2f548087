/**
 * Relative tolerance of every money and quantity comparison: a value passes a limit when it
 * exceeds it by at most 1e-9 of the limit (1e-9 absolute below 1). Decimal rounding noise
 * (0.1 + 0.2 against 0.3, 1000 x 100.1 against 100100) never denies, while a cent over a
 * $1,000,000 limit (1e-8 relative) does. Doubles carry about 1e-16 relative, so the margin
 * absorbs millions of accumulated roundings and nothing a person would call a real excess.
 */
export const relativeTolerance = 1e-9;

/** Whether `actual` is at most `limit`, within the tolerance. NaN is never within. */
export function within(actual: number, limit: number): boolean {
  return actual <= limit + relativeTolerance * Math.max(1, Math.abs(limit));
}

/** A number for a message: at most 12 significant digits, no exponent for everyday sizes. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  // Rounding to a millionth is what toPrecision(12) does in this range, at a fraction of its cost.
  if (size >= 1e-3 && size < 1e6) return String(Math.round(value * 1e6) / 1e6);
  return String(Number(value.toPrecision(12)));
}

/** What a value was, for a message that names a bad field. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The smallest quantity a broker takes: a whole contract on CME; a billionth elsewhere (Alpaca
 * takes fractional shares and coins to 9 decimal places). The human approves the quantity the
 * broker is sent, so a quantity off its step is refused, never rounded on the way out.
 */
export const quantityDecimals = 9;

export function quantityStep(market: string): number {
  return market === "CME" ? 1 : 10 ** -quantityDecimals;
}

/**
 * Whether `quantity` is a whole number of `step`s: within a millionth of a step, or the
 * double's own rounding at that size (0.1 + 0.2 is on a billionth's step).
 */
export function onQuantityStep(quantity: number, step: number): boolean {
  const steps = quantity / step;
  return Math.abs(steps - Math.round(steps)) <= 1e-6 + Math.abs(steps) * 1e-15;
}

/** `quantity` rounded down to whole `step`s: what an amount of money buys. */
export function floorToStep(quantity: number, step: number): number {
  const steps = Math.floor(quantity / step + 1e-6);
  return Number((steps * step).toFixed(step >= 1 ? 0 : quantityDecimals));
}
