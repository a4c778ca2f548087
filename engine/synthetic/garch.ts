/**
 * Returns with GARCH(1,1) volatility around a daily level (Bollerslev 1986): clusters of calm
 * and turbulence. `shock` gives unit-variance draws.
 */
export function garchPath(
  length: number,
  dailyVolatility: number,
  shock: () => number,
): Float64Array {
  // alpha + beta < 1 with a finite fourth moment under t(5) shocks (beta² + 2αβ + 9α² < 1).
  const alpha = 0.06;
  const beta = 0.92;
  const omega = dailyVolatility ** 2 * (1 - alpha - beta);
  const path = new Float64Array(length);
  let variance = dailyVolatility ** 2;
  for (let t = 0; t < length; t++) {
    const value = Math.sqrt(variance) * shock();
    path[t] = value;
    variance = omega + alpha * value * value + beta * variance;
  }
  return path;
}
