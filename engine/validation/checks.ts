/** Argument checks shared by the validation statistics: each RangeError names the argument. */

export function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`\`${name}\` must be finite (was ${value})`);
}

export function requireInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`\`${name}\` must be an integer of at least ${minimum} (was ${value})`);
  }
}

/** Strictly between 0 and 1, as a confidence level must be. */
export function requireOpenUnit(name: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`\`${name}\` must be strictly between 0 and 1 (was ${value})`);
  }
}

export function requireSeries(name: string, values: Float64Array, minimumLength: number): void {
  if (values.length < minimumLength) {
    throw new RangeError(
      `\`${name}\` needs at least ${minimumLength} values (had ${values.length})`,
    );
  }
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(values[index]!)) {
      throw new RangeError(`\`${name}\`[${index}] must be finite (was ${values[index]})`);
    }
  }
}

/** Period or trade returns compound as (1 + r), so anything below −100% is corrupt. */
export function requireReturns(name: string, values: Float64Array, minimumLength: number): void {
  requireSeries(name, values, minimumLength);
  for (let index = 0; index < values.length; index++) {
    if (values[index]! < -1) {
      throw new RangeError(`\`${name}\`[${index}] is a return below -100% (was ${values[index]})`);
    }
  }
}

/** A mean block length for the stationary bootstrap: any real number of periods from 1. */
export function requireBlockLength(blockLength: number): void {
  requireFinite("blockLength", blockLength);
  if (blockLength < 1) {
    throw new RangeError(`\`blockLength\` must be at least 1 period (was ${blockLength})`);
  }
}

/** mulberry32 truncates its seed to 32 bits, so a fractional seed would silently alias. */
export function requireSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw new RangeError(`\`seed\` must be an integer (was ${seed})`);
}
