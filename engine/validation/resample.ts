/**
 * Stationary bootstrap indices (Politis & Romano 1994, "The Stationary Bootstrap", JASA 89):
 * blocks start at uniform random positions and run on, wrapping around the end, with geometric
 * lengths of mean `meanBlockLength`, so a resample keeps short-range dependence (volatility
 * clustering, overlapping holdings) that drawing single periods would destroy, and, unlike fixed
 * blocks, the resampled series is itself stationary.
 */
export function fillStationaryBootstrapIndices(
  target: Int32Array,
  length: number,
  meanBlockLength: number,
  uniform: () => number,
): void {
  const restart = 1 / meanBlockLength;
  let index = Math.floor(uniform() * length);
  target[0] = index;
  for (let position = 1; position < target.length; position++) {
    index =
      uniform() < restart ? Math.floor(uniform() * length) : index + 1 === length ? 0 : index + 1;
    target[position] = index;
  }
}

/** Default mean block length T^(1/3), the rate Politis & White (2004) find optimal, at least 1. */
export function defaultBlockLength(length: number): number {
  return Math.max(1, Math.round(Math.cbrt(length)));
}
