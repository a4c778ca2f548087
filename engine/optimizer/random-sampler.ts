import { checkSeed, trialUniform, type Sampler, type Trial } from "./sampler.ts";
import {
  boundsOf,
  parameterNames,
  validateSpace,
  type ParameterDomain,
  type ParameterSpace,
  type ParameterValues,
} from "./space.ts";

/** Independent uniform draws: log-uniform on log domains, every int on the step equally likely. */
export class RandomSampler implements Sampler {
  private readonly names: string[];

  constructor(
    private readonly space: ParameterSpace,
    private readonly options: { seed: number },
  ) {
    validateSpace(space);
    checkSeed(options.seed);
    this.names = parameterNames(space);
  }

  next(history: readonly Trial[]): ParameterValues {
    return drawPoint(this.space, this.names, trialUniform(this.options.seed, history.length));
  }
}

/** One draw per parameter, in `names` order. */
export function drawPoint(
  space: ParameterSpace,
  names: readonly string[],
  uniform: () => number,
): ParameterValues {
  const point: ParameterValues = {};
  for (const name of names) point[name] = drawValue(space[name]!, uniform());
  return point;
}

/** The domain's value at uniform quantile `u` in [0, 1). */
function drawValue(domain: ParameterDomain, u: number): number | string {
  if ("categorical" in domain)
    return domain.categorical[Math.floor(u * domain.categorical.length)]!;
  const [low, high] = boundsOf(domain);
  if ("int" in domain) {
    const step = domain.step ?? 1;
    return low + step * Math.floor(u * ((high - low) / step + 1));
  }
  if ("float" in domain) return Math.min(high, low + u * (high - low));
  if ("logFloat" in domain) return clamp(low * (high / low) ** u, low, high);
  // Optuna's rounding: log-uniform over [low - 1/2, high + 1/2], then to the nearest integer, so
  // k's share is ln((k + 1/2) / (k - 1/2)) / ln((high + 1/2) / (low - 1/2)).
  const [logLow, logHigh] = [Math.log(low - 0.5), Math.log(high + 0.5)];
  return clamp(Math.round(Math.exp(logLow + u * (logHigh - logLow))), low, high);
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
