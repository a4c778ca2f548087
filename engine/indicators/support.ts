/** TA-Lib's TA_IS_ZERO: values within 1e-8 of zero count as zero. */
export const isZero = (value: number) => value > -0.00000001 && value < 0.00000001;
/** TA-Lib's TA_IS_ZERO_OR_NEG. */
export const isZeroOrNegative = (value: number) => value < 0.00000001;

/** The caller's buffer (checked for length) or a new one, filled with NaN for the warm-up. */
export function prepareOutput(length: number, out?: Float64Array): Float64Array {
  if (out === undefined) return new Float64Array(length).fill(NaN);
  if (out.length !== length) {
    throw new RangeError(`output buffer has ${out.length} elements, the input has ${length}`);
  }
  return out.fill(NaN);
}

/** Index of the first non-NaN value: a source may begin with another indicator's warm-up. */
export function firstValid(values: Float64Array): number {
  let index = 0;
  while (index < values.length && Number.isNaN(values[index]!)) index++;
  return index;
}

export function requireInteger(
  name: string,
  value: number,
  minimum: number,
  maximum = 100_000,
): void {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new RangeError(
      `\`${name}\` must be an integer from ${minimum} to ${maximum} (was ${value})`,
    );
  }
}

export function requirePositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`\`${name}\` must be a positive number (was ${value})`);
  }
}
