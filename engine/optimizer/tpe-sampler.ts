import { normalSource } from "../random.ts";
import { observationWeights, parzenEstimator, type ParzenEstimator } from "./parzen.ts";
import { drawPoint } from "./random-sampler.ts";
import { checkSeed, trialUniform, type Sampler, type Trial } from "./sampler.ts";
import {
  inDomain,
  parameterNames,
  validateSpace,
  type ParameterSpace,
  type ParameterValues,
} from "./space.ts";

export interface TpeOptions {
  seed: number;
  /** Random suggestions until this many trials have completed or been pruned (Optuna: 10). */
  startupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (Optuna: 24). */
  eiCandidates?: number;
  /** Weight of each estimator's prior kernel (Optuna: 1). */
  priorWeight?: number;
}

/** Optuna's default split: the best ceil(n / 10) trials, at most 25, make l(x). */
export function goodCount(trials: number): number {
  return Math.min(Math.ceil(0.1 * trials), 25);
}

/**
 * Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NIPS 2011), after Optuna's default TPESampler: independent
 * per-parameter Parzen estimators (parzen.ts) for the good trials, l(x), and the rest, g(x);
 * `eiCandidates` points drawn from l, and the one with the largest log l(x) - log g(x) summed
 * over parameters is suggested. Unlike Optuna, which picks each parameter's best candidate
 * separately, the candidates are whole points scored jointly.
 *
 * Maximizes `value`. Completed and pruned trials count; pruned ones always go to g (there are
 * no intermediate values to rank them by); failed trials, completed trials without a finite
 * value, and trials whose parameters do not fit the space (a history from another space) are
 * left out. Each suggestion's randomness derives from the seed and the history's length only.
 */
export class TpeSampler implements Sampler {
  private readonly names: string[];
  private readonly startupTrials: number;
  private readonly eiCandidates: number;
  private readonly priorWeight: number;

  constructor(
    private readonly space: ParameterSpace,
    private readonly options: TpeOptions,
  ) {
    validateSpace(space);
    checkSeed(options.seed);
    const { startupTrials = 10, eiCandidates = 24, priorWeight = 1 } = options;
    if (!Number.isSafeInteger(startupTrials) || startupTrials < 0)
      throw new RangeError(
        `startupTrials must be a whole number, 0 or more (was ${startupTrials})`,
      );
    if (!Number.isSafeInteger(eiCandidates) || eiCandidates < 1)
      throw new RangeError(`eiCandidates must be a whole number, 1 or more (was ${eiCandidates})`);
    if (!(priorWeight > 0 && Number.isFinite(priorWeight)))
      throw new RangeError(`priorWeight must be a positive number (was ${priorWeight})`);
    this.startupTrials = startupTrials;
    this.eiCandidates = eiCandidates;
    this.priorWeight = priorWeight;
    this.names = parameterNames(space);
  }

  next(history: readonly Trial[]): ParameterValues {
    const uniform = trialUniform(this.options.seed, history.length);
    const { good, bad } = splitTrials(history, this.space);
    const observed = good.length + bad.length;
    if (observed === 0 || observed < this.startupTrials)
      return drawPoint(this.space, this.names, uniform);
    const normal = normalSource(uniform);
    const estimators = this.names.map((name) => ({
      name,
      below: this.estimator(name, good),
      above: this.estimator(name, bad),
    }));
    let best: ParameterValues = {};
    let bestScore = -Infinity;
    for (let candidate = 0; candidate < this.eiCandidates; candidate++) {
      const point: ParameterValues = {};
      let score = 0;
      for (const { name, below, above } of estimators) {
        const value = below.sample(uniform, normal);
        point[name] = value;
        score += below.logDensity(value) - above.logDensity(value);
      }
      // The first candidate stands even when every score is NaN or -Infinity.
      if (candidate === 0 || score > bestScore) [best, bestScore] = [point, score];
    }
    return best;
  }

  private estimator(name: string, trials: readonly Trial[]): ParzenEstimator {
    const values = trials.map((trial) => trial.params[name]!);
    return parzenEstimator(
      this.space[name]!,
      values,
      observationWeights(values.length),
      this.priorWeight,
    );
  }
}

/**
 * The good trials (the best `goodCount(n)` completed ones, n counting pruned trials too) and
 * the bad (the other completed ones and every pruned one), each in the history's order, which
 * the observation weights read as oldest first.
 */
export function splitTrials(
  history: readonly Trial[],
  space: ParameterSpace,
): { good: Trial[]; bad: Trial[] } {
  const names = Object.keys(space);
  const usable = history.filter(
    (trial) =>
      (trial.state === "pruned" || (trial.state === "complete" && Number.isFinite(trial.value))) &&
      names.every((name) => inDomain(space[name]!, trial.params[name])),
  );
  const completed = usable
    .map((trial, order) => ({ trial, order }))
    .filter(({ trial }) => trial.state === "complete")
    .sort((a, b) => b.trial.value! - a.trial.value! || a.order - b.order);
  const goodOrders = new Set(
    completed.slice(0, goodCount(usable.length)).map(({ order }) => order),
  );
  return {
    good: usable.filter((_, order) => goodOrders.has(order)),
    bad: usable.filter((_, order) => !goodOrders.has(order)),
  };
}
