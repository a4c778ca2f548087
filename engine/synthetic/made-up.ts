import { garchPath } from "./garch.ts";
import type { RandomStream } from "./streams.ts";

export const Regime = {
  trending: "trending",
  meanReverting: "meanReverting",
  randomWalk: "randomWalk",
} as const;
export type Regime = keyof typeof Regime;

export const regimeCycle: readonly Regime[] = ["trending", "meanReverting", "randomWalk"];

/** The US equity market's annual volatility in the made-up names (the equity factor's, in SPY). */
export const marketVolatilityRatio = 0.16;

export interface MadeUpName {
  regime: Regime;
  annualDriftRatio: number;
  annualVolatilityRatio: number;
  /** Close-to-close log returns, one per bar. */
  returns: Float64Array;
  firstClose: number;
  baseVolume: number;
}

/**
 * A made-up stock: a random beta on the US equity market, GARCH(1,1) idiosyncratic noise
 * scaled so the total matches a planted annual volatility, and a regime. Trending names carry
 * a persistent drift, mean-reverting names are pulled toward a slowly moving fair value,
 * random walks have neither. `market` is the market's log return over each of the name's bars.
 */
export function madeUpName(
  regime: Regime,
  market: Float64Array,
  barsPerYear: number,
  { uniform, normal, shock }: RandomStream,
): MadeUpName {
  const length = market.length;
  const beta = 0.6 + 0.7 * uniform();
  const annualVolatility = 0.15 + 0.3 * uniform();
  const annualDrift = -0.02 + 0.14 * uniform();
  // Idiosyncratic volatility so that the total matches the planted annual volatility.
  const idiosyncraticDaily =
    Math.sqrt(Math.max(annualVolatility ** 2 - (beta * marketVolatilityRatio) ** 2, 0.0025)) /
    Math.sqrt(barsPerYear);
  const idiosyncratic = garchPath(length, idiosyncraticDaily, shock);
  const returns = new Float64Array(length);
  const drift = annualDrift / barsPerYear;
  let trend = 0;
  let idiosyncraticLevel = 0;
  let fairValue = 0;
  for (let t = 0; t < length; t++) {
    let idio = idiosyncratic[t]!;
    if (regime === "trending") {
      // A persistent AR(1) drift (about 6 weeks' memory, ±0.1 daily sigma): runs that make
      // multi-day returns positively autocorrelated.
      trend = 0.975 * trend + 0.022 * idiosyncraticDaily * normal();
      idio += trend;
    } else if (regime === "meanReverting") {
      // The idiosyncratic price is pulled toward a slowly wandering fair value: short-horizon reversal.
      fairValue += 0.2 * idiosyncraticDaily * normal();
      idio -= 0.2 * (idiosyncraticLevel - fairValue);
    }
    idiosyncraticLevel += idio;
    returns[t] = drift + beta * market[t]! + idio;
  }
  return {
    regime,
    annualDriftRatio: annualDrift,
    annualVolatilityRatio: annualVolatility,
    returns,
    firstClose: 20 + 180 * uniform(),
    baseVolume: 2e5 + 5e6 * uniform(),
  };
}
