import { normalCdf } from "../scanner/statistics.ts";
import { boundsOf, type ParameterDomain } from "./space.ts";

/**
 * One parameter's Parzen estimator, as Optuna's univariate TPE builds it
 * (optuna/samplers/_tpe/parzen_estimator.py): a mixture with one kernel per observation plus a
 * prior kernel, weighted by `observationWeights` and `priorWeight`.
 */
export interface ParzenEstimator {
  /** One draw, in the domain's own terms (an int on its step, a choice of the list). */
  sample(uniform: () => number, normal: () => number): number | string;
  /** Log density (log mass for ints and categoricals); on a log domain, in log space. */
  logDensity(value: number | string): number;
}

export function parzenEstimator(
  domain: ParameterDomain,
  observations: readonly (number | string)[],
  observationWeights: readonly number[],
  priorWeight: number,
): ParzenEstimator {
  const weights = [...observationWeights, priorWeight];
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const mixture = weights.map((weight) => weight / total);
  return "categorical" in domain
    ? categoricalEstimator(domain.categorical, observations, mixture, priorWeight)
    : numericEstimator(domain, observations as readonly number[], mixture);
}

/**
 * Optuna's default weights (Bergstra et al. 2013): equal for up to 25 observations; beyond,
 * the 25 most recent weigh 1 and older ones ramp linearly from 1/n up to 1, oldest first.
 */
export function observationWeights(count: number): number[] {
  if (count < 25) return Array.from({ length: count }, () => 1);
  const rampLength = count - 25;
  const ramp = Array.from({ length: rampLength }, (_, k) =>
    rampLength === 1 ? 1 / count : 1 / count + ((1 - 1 / count) * k) / (rampLength - 1),
  );
  return [...ramp, ...Array.from({ length: 25 }, () => 1)];
}

/**
 * Kernel widths by Bergstra et al.'s (2011) neighbour rule as Optuna applies it with its
 * defaults (consider_endpoints=False, consider_magic_clip=True): each kernel's width is the
 * larger gap to its sorted neighbours, the prior's centre counted among them and the domain's
 * ends as outer neighbours; the outermost kernels take their inner gap only. Widths are then
 * clipped to [range / min(100, kernels + 1), range] (the "magic clip"), kernels counting the
 * prior. Returns the observations' widths; the prior's is the range.
 */
export function kernelWidths(centres: readonly number[], low: number, high: number): number[] {
  const withPrior = [...centres, (low + high) / 2];
  const order = withPrior.map((_, k) => k).sort((a, b) => withPrior[a]! - withPrior[b]! || a - b);
  const sorted = [low, ...order.map((k) => withPrior[k]!), high];
  const widths = new Array<number>(withPrior.length);
  order.forEach((original, rank) => {
    const at = rank + 1;
    let width = Math.max(sorted[at]! - sorted[at - 1]!, sorted[at + 1]! - sorted[at]!);
    if (withPrior.length >= 2 && rank === 0) width = sorted[2]! - sorted[1]!;
    if (withPrior.length >= 2 && rank === withPrior.length - 1)
      width = sorted[at]! - sorted[at - 1]!;
    widths[original] = width;
  });
  const range = high - low;
  const minimum = range / Math.min(100, centres.length + 2);
  return widths.slice(0, centres.length).map((width) => Math.min(range, Math.max(minimum, width)));
}

/**
 * Truncated Gaussian kernels on the domain, in log space for log domains. Int domains are
 * discrete as in Optuna: the bounds widen by half a step (half a unit before the log for
 * logInt), a draw rounds to the nearest value, and a value's mass is its kernel's mass over
 * the value's cell.
 */
function numericEstimator(
  domain: Exclude<ParameterDomain, { categorical: unknown }>,
  observations: readonly number[],
  mixture: readonly number[],
): ParzenEstimator {
  const [low, high] = boundsOf(domain);
  // A float pinned to one value has no width to put kernels on; it must not add NaN to scores.
  if (low === high) return { sample: () => low, logDensity: () => 0 };
  const step = "int" in domain ? (domain.step ?? 1) : "logInt" in domain ? 1 : 0;
  const log = "logFloat" in domain || "logInt" in domain;
  const into = log ? Math.log : (value: number) => value;
  const [lowIn, highIn] = [into(low - step / 2), into(high + step / 2)];
  const centres = observations.map(into);
  const mus = [...centres, (lowIn + highIn) / 2];
  const sigmas = [...kernelWidths(centres, lowIn, highIn), highIn - lowIn];
  const logNormalizers = mus.map((mu, k) =>
    Math.log(normalMass((lowIn - mu) / sigmas[k]!, (highIn - mu) / sigmas[k]!)),
  );
  const logMixture = mixture.map(Math.log);
  const logSigmaRootTwoPi = sigmas.map((sigma) => Math.log(sigma * Math.sqrt(2 * Math.PI)));
  const terms = new Float64Array(mus.length);

  const fromInternal = (internal: number): number => {
    if (step === 0) return Math.min(high, Math.max(low, log ? Math.exp(internal) : internal));
    const value = log
      ? Math.round(Math.exp(internal))
      : low + step * Math.round((internal - low) / step);
    return Math.min(high, Math.max(low, value));
  };

  return {
    sample(uniform, normal) {
      const k = pick(mixture, uniform());
      const [mu, sigma] = [mus[k]!, sigmas[k]!];
      // Every centre lies in the domain and no width exceeds it, so at least a third of the
      // draws land inside: a few tries at most.
      let internal = mu + sigma * normal();
      while (internal < lowIn || internal > highIn) internal = mu + sigma * normal();
      return fromInternal(internal);
    },
    logDensity(value) {
      // Called for every candidate against every kernel: one reused buffer, no allocation.
      const x = value as number;
      const centre = into(x);
      const [below, above] = step === 0 ? [0, 0] : [into(x - step / 2), into(x + step / 2)];
      for (let k = 0; k < mus.length; k++) {
        const mu = mus[k]!;
        const sigma = sigmas[k]!;
        const logKernel =
          step === 0
            ? -0.5 * ((centre - mu) / sigma) ** 2 - logSigmaRootTwoPi[k]!
            : Math.log(normalMass((below - mu) / sigma, (above - mu) / sigma));
        terms[k] = logMixture[k]! + logKernel - logNormalizers[k]!;
      }
      return logSumExp(terms);
    },
  };
}

function categoricalEstimator(
  choices: readonly (number | string)[],
  observations: readonly (number | string)[],
  mixture: readonly number[],
  priorWeight: number,
): ParzenEstimator {
  const probabilities = choices.map(() => 0);
  const kernels = observations.length + 1;
  const smoothing = priorWeight / kernels;
  const rowTotal = smoothing * choices.length + 1;
  observations.forEach((observation, k) => {
    const observed = choices.indexOf(observation);
    choices.forEach((_, c) => {
      probabilities[c]! += (mixture[k]! * (smoothing + (c === observed ? 1 : 0))) / rowTotal;
    });
  });
  choices.forEach((_, c) => (probabilities[c]! += mixture[kernels - 1]! / choices.length));
  return {
    sample: (uniform) => choices[pick(probabilities, uniform())]!,
    logDensity: (value) => Math.log(probabilities[choices.indexOf(value)] ?? 0),
  };
}

/** The index whose cumulative weight first exceeds `u` (weights summing to 1). */
function pick(weights: readonly number[], u: number): number {
  let cumulative = 0;
  for (let k = 0; k < weights.length; k++) {
    cumulative += weights[k]!;
    if (u < cumulative) return k;
  }
  return weights.length - 1;
}

/**
 * P(lo <= Z <= hi) for a standard normal Z. Differences of the CDF are taken on the side of
 * the tail, where normalCdf keeps its relative accuracy; a cell narrower than a tenth of a
 * width is integrated by Simpson's rule instead, since the two CDF values would agree to
 * more digits than they are accurate to (a logInt cell near 1e9 is 1e-9 wide in log space).
 */
export function normalMass(lo: number, hi: number): number {
  if (hi - lo < 0.1) {
    const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    return ((hi - lo) / 6) * (density(lo) + 4 * density((lo + hi) / 2) + density(hi));
  }
  if (lo >= 0) return normalCdf(-lo) - normalCdf(-hi);
  if (hi <= 0) return normalCdf(hi) - normalCdf(lo);
  return 1 - normalCdf(lo) - normalCdf(-hi);
}

function logSumExp(terms: Float64Array): number {
  let top = -Infinity;
  for (let k = 0; k < terms.length; k++) if (terms[k]! > top) top = terms[k]!;
  if (top === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < terms.length; k++) sum += Math.exp(terms[k]! - top);
  return top + Math.log(sum);
}
