import { normalQuantile } from "../math/normal-quantile.ts";
import { normalCdf } from "../scanner/statistics.ts";
import { requireFinite, requireInteger, requireSeries } from "./checks.ts";

const eulerMascheroni = 0.5772156649015329;

/** Per-period statistics of a return series; nothing here is annualized. */
export interface SharpeMoments {
  /** Mean over sample standard deviation (n − 1), the convention of `engine/metrics`. */
  sharpe: number;
  skewness: number;
  /** Non-excess kurtosis: 3 for a normal distribution. */
  kurtosis: number;
  count: number;
}

/** What PSR and DSR need to know about the observed Sharpe ratio and its returns. */
export interface SharpeEstimate {
  /** Per-period (not annualized) Sharpe ratio. */
  sharpe: number;
  /** Number of returns the Sharpe ratio was measured on (T). */
  count: number;
  skewness: number;
  /** Non-excess kurtosis (normal = 3). */
  kurtosis: number;
}

export interface ProbabilisticSharpeInput extends SharpeEstimate {
  /** Per-period Sharpe ratio SR* to beat. */
  benchmarkSharpe: number;
}

export interface DeflatedSharpeInput extends SharpeEstimate {
  /** Independent trials tried before picking this one (N). */
  trials: number;
  /** Variance of the per-period Sharpe ratios across those trials, V[SR_n]. */
  varianceOfTrialSharpes: number;
}

export interface MinimumTrackRecordInput {
  sharpe: number;
  benchmarkSharpe: number;
  skewness: number;
  kurtosis: number;
  /** Probability that the true Sharpe ratio exceeds the benchmark, e.g. 0.95. */
  confidence: number;
}

/**
 * Sharpe ratio, skewness and kurtosis of `returns`. The higher moments are the plain moment
 * ratios m3/m2^1.5 and m4/m2² (what scipy.stats.skew and kurtosis(fisher=false) return), the
 * estimators the Bailey & López de Prado formulas are stated with.
 */
export function sharpeMoments(returns: Float64Array): SharpeMoments {
  requireSeries("returns", returns, 2);
  const count = returns.length;
  let sum = 0;
  for (let index = 0; index < count; index++) sum += returns[index]!;
  const mean = sum / count;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let index = 0; index < count; index++) {
    const deviation = returns[index]! - mean;
    const square = deviation * deviation;
    m2 += square;
    m3 += square * deviation;
    m4 += square * square;
  }
  if (m2 === 0) {
    throw new RangeError(
      `\`returns\` has zero variance (every value is ${returns[0]}): its Sharpe ratio is undefined`,
    );
  }
  const sampleStd = Math.sqrt(m2 / (count - 1));
  m2 /= count;
  m3 /= count;
  m4 /= count;
  return {
    sharpe: mean / sampleStd,
    skewness: m3 / Math.pow(m2, 1.5),
    kurtosis: m4 / (m2 * m2),
    count,
  };
}

/**
 * Probabilistic Sharpe Ratio (Bailey & López de Prado 2012, "The Sharpe Ratio Efficient
 * Frontier", Journal of Risk 15(2)): the probability that the true Sharpe ratio exceeds SR*,
 *   PSR = Φ( (SR − SR*) √(T − 1) / √(1 − γ3 SR + (γ4 − 1)/4 SR²) ),
 * where the root is Mertens' (2002) standard error of SR under non-normal IID returns.
 */
export function probabilisticSharpeRatio(input: ProbabilisticSharpeInput): number {
  const { sharpe, benchmarkSharpe } = input;
  requireFinite("benchmarkSharpe", benchmarkSharpe);
  const standardError = sharpeStandardError(input);
  // A two-point return distribution can make the estimate's variance vanish; the limit is a step.
  if (standardError === 0) return sharpe > benchmarkSharpe ? 1 : sharpe < benchmarkSharpe ? 0 : 0.5;
  return normalCdf((sharpe - benchmarkSharpe) / standardError);
}

/**
 * Expected maximum of N Sharpe ratios drawn with zero mean and variance V (the "False Strategy"
 * theorem; Bailey, Borwein, López de Prado & Zhu 2014, and Bailey & López de Prado 2014, "The
 * Deflated Sharpe Ratio"):
 *   E[max SR] ≈ √V ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))),  γ the Euler-Mascheroni constant.
 * One trial involves no selection, so its expected maximum is the mean, 0.
 */
export function expectedMaxSharpe(trials: number, varianceOfTrialSharpes: number): number {
  requireInteger("trials", trials, 1);
  requireFinite("varianceOfTrialSharpes", varianceOfTrialSharpes);
  if (varianceOfTrialSharpes < 0) {
    throw new RangeError(
      `\`varianceOfTrialSharpes\` must not be negative (was ${varianceOfTrialSharpes})`,
    );
  }
  if (trials === 1) return 0;
  return (
    Math.sqrt(varianceOfTrialSharpes) *
    ((1 - eulerMascheroni) * normalQuantile(1 - 1 / trials) +
      eulerMascheroni * normalQuantile(1 - 1 / (trials * Math.E)))
  );
}

/**
 * Deflated Sharpe Ratio (Bailey & López de Prado 2014, "The Deflated Sharpe Ratio: Correcting
 * for Selection Bias, Backtest Overfitting and Non-Normality", J. Portfolio Management 40(5)):
 * the PSR against the Sharpe ratio the best of `trials` skill-less strategies would show.
 */
export function deflatedSharpeRatio(input: DeflatedSharpeInput): number {
  const benchmarkSharpe = expectedMaxSharpe(input.trials, input.varianceOfTrialSharpes);
  return probabilisticSharpeRatio({ ...input, benchmarkSharpe });
}

/**
 * Minimum Track Record Length (Bailey & López de Prado 2012, "The Sharpe Ratio Efficient Frontier"): the number of returns
 * needed for PSR(SR*) to reach `confidence`,
 *   MinTRL = 1 + (1 − γ3 SR + (γ4 − 1)/4 SR²) (Φ⁻¹(confidence) / (SR − SR*))²,
 * in the returns' own periods; Infinity when SR does not exceed SR*, as no length then suffices.
 */
export function minimumTrackRecordLength(input: MinimumTrackRecordInput): number {
  const { sharpe, benchmarkSharpe, skewness, kurtosis, confidence } = input;
  requireFinite("benchmarkSharpe", benchmarkSharpe);
  // Below one half Φ⁻¹ turns negative and the squared formula would answer for 1 − confidence.
  if (!(confidence > 0.5 && confidence < 1)) {
    throw new RangeError(`\`confidence\` must be strictly between 0.5 and 1 (was ${confidence})`);
  }
  const term = sharpeVarianceTerm(sharpe, skewness, kurtosis);
  if (sharpe <= benchmarkSharpe) return Infinity;
  const ratio = normalQuantile(confidence) / (sharpe - benchmarkSharpe);
  return 1 + term * ratio * ratio;
}

function sharpeStandardError(estimate: SharpeEstimate): number {
  requireInteger("count", estimate.count, 2);
  const term = sharpeVarianceTerm(estimate.sharpe, estimate.skewness, estimate.kurtosis);
  return Math.sqrt(term / (estimate.count - 1));
}

/**
 * 1 − γ3 SR + (γ4 − 1)/4 SR². Pearson's inequality γ4 ≥ 1 + γ3² makes it at least
 * (1 − γ3 SR / 2)² ≥ 0; checking that inequality also catches excess kurtosis passed by mistake.
 */
function sharpeVarianceTerm(sharpe: number, skewness: number, kurtosis: number): number {
  requireFinite("sharpe", sharpe);
  requireFinite("skewness", skewness);
  requireFinite("kurtosis", kurtosis);
  const pearsonBound = 1 + skewness * skewness;
  if (kurtosis < pearsonBound * (1 - 1e-9)) {
    throw new RangeError(
      `\`kurtosis\` must be at least 1 + skewness² = ${pearsonBound} and is non-excess (normal = 3); was ${kurtosis}`,
    );
  }
  return Math.max(0, 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe);
}
