/** TA-Lib's TA_EPSILON: the tolerance of its zero tests. */
const epsilon = 1e-14;
/** TA-Lib's TA_IS_ZERO: values within TA_EPSILON of zero count as zero. */
export const isZero = (value: number) => value > -epsilon && value < epsilon;
/** TA-Lib's TA_IS_ZERO_OR_NEG. */
export const isZeroOrNegative = (value: number) => value < epsilon;

/** The caller's buffer (checked for length) or a new one, filled with NaN for the warm-up. */
export function prepareOutput(length: number, out?: Float64Array): Float64Array {
  if (out === undefined) return new Float64Array(length).fill(NaN);
  if (out.length !== length) {
    throw new RangeError(`output buffer has ${out.length} elements, the input has ${length}`);
  }
  return out.fill(NaN);
}

/**
 * The caller's buffer (checked for length) or a new one, with NaN only before `writtenFrom`:
 * for an indicator that writes every element from there on, so the output is not filled twice.
 */
export function prepareWarmup(
  length: number,
  writtenFrom: number,
  out?: Float64Array,
): Float64Array {
  if (out !== undefined && out.length !== length) {
    throw new RangeError(`output buffer has ${out.length} elements, the input has ${length}`);
  }
  return (out ?? new Float64Array(length)).fill(NaN, 0, Math.min(writtenFrom, length));
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
