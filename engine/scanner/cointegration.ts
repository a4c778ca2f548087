import { normalCdf } from "./statistics.ts";

/**
 * Engle-Granger (1987) two-step cointegration test of log prices y on x, as statsmodels'
 * `coint` computes it: OLS y = a + b x, then an augmented Dickey-Fuller regression without a
 * constant on the residual e: de_t = gamma e_{t-1} + sum_j delta_j de_{t-j} + u_t. The ADF t of
 * gamma is not Dickey-Fuller distributed (b was estimated), so its p-value and critical values
 * come from MacKinnon's response surfaces for cointegration residuals with N = 2 variables and a
 * constant.
 */

/**
 * MacKinnon (1994), "Approximate asymptotic distribution functions for unit-root and
 * cointegration tests", JBES 12(2): p = Phi(polynomial in tau), coefficients for the "c" case,
 * N = 2, transcribed from statsmodels.tsa.adfvalues (tau_c_smallp[1], tau_c_largep[1],
 * tau_star_c[1], tau_min_c[1], tau_max_c[1]).
 */
const tauStar = -2.62;
const tauMin = -18.86;
const tauMax = 0.92;
const smallP = [2.92, 1.5012, 0.039796] as const;
const largeP = [2.1945, 0.64695, -0.29198, -0.042377] as const;

export function engleGrangerPValue(tau: number): number {
  if (!Number.isFinite(tau)) return 1;
  if (tau > tauMax) return 1;
  if (tau < tauMin) return 0;
  const z =
    tau <= tauStar
      ? smallP[0] + tau * (smallP[1] + tau * smallP[2])
      : largeP[0] + tau * (largeP[1] + tau * (largeP[2] + tau * largeP[3]));
  return normalCdf(z);
}

/**
 * MacKinnon (2010), "Critical Values for Cointegration Tests", Queen's Economics Department
 * Working Paper 1227, table 2, N = 2, constant: c(T) = b_inf + b1/T + b2/T^2.
 */
export function engleGrangerCriticalValues(observations: number): {
  onePercent: number;
  fivePercent: number;
  tenPercent: number;
} {
  const surface = (b: number, b1: number, b2: number) =>
    b + b1 / observations + b2 / (observations * observations);
  return {
    onePercent: surface(-3.89644, -10.9519, -33.527),
    fivePercent: surface(-3.33613, -6.1101, -6.823),
    tenPercent: surface(-3.04445, -4.2412, -2.72),
  };
}

export interface EngleGrangerResult {
  intercept: number;
  hedgeRatio: number;
  /** ADF t statistic of the residual's lagged level. */
  tau: number;
  pValue: number;
  /** AR(1) coefficient of the residual, 1 + gamma of the Dickey-Fuller regression without lags. */
  persistence: number;
  /** ln 2 / -ln(persistence): bars for a deviation to halve (Ornstein-Uhlenbeck reading). */
  halfLifeBars: number;
  /** Standard deviation of the residual. */
  residualStd: number;
}

/**
 * The test on y[0..count), x[0..count) with `lags` augmentation lags (fixed rather than chosen
 * by AIC, so the cost per pair is a few passes over the data). `residual` is scratch of at
 * least `count` and receives the residuals.
 */
export function engleGranger(
  y: Float64Array,
  x: Float64Array,
  count: number,
  lags: number,
  residual: Float64Array,
): EngleGrangerResult {
  let sumX = 0;
  let sumY = 0;
  for (let t = 0; t < count; t++) {
    sumX += x[t]!;
    sumY += y[t]!;
  }
  const meanX = sumX / count;
  const meanY = sumY / count;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < count; t++) {
    const dx = x[t]! - meanX;
    sxx += dx * dx;
    sxy += dx * (y[t]! - meanY);
  }
  const hedgeRatio = sxx > 0 ? sxy / sxx : 0;
  const intercept = meanY - hedgeRatio * meanX;
  let squares = 0;
  for (let t = 0; t < count; t++) {
    const e = y[t]! - intercept - hedgeRatio * x[t]!;
    residual[t] = e;
    squares += e * e;
  }
  const tau = adfTau(residual, count, lags);
  const persistence = ar1(residual, count);
  return {
    intercept,
    hedgeRatio,
    tau,
    pValue: engleGrangerPValue(tau),
    persistence,
    halfLifeBars:
      persistence > 0 && persistence < 1 ? Math.log(2) / -Math.log(persistence) : Infinity,
    residualStd: Math.sqrt(squares / count),
  };
}

/** AR(1) slope of e_t on e_{t-1} (no constant: the residual has mean zero). */
export function ar1(e: Float64Array, count: number): number {
  let num = 0;
  let den = 0;
  for (let t = 1; t < count; t++) {
    num += e[t]! * e[t - 1]!;
    den += e[t - 1]! * e[t - 1]!;
  }
  return den > 0 ? num / den : NaN;
}

/**
 * ADF t of gamma in de_t = gamma e_{t-1} + sum_{j=1..lags} delta_j de_{t-j} (no constant), by
 * OLS through the normal equations of at most 1 + lags regressors (solved by Gaussian
 * elimination; lags is small).
 */
export function adfTau(e: Float64Array, count: number, lags: number): number {
  const k = 1 + lags;
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  const row = new Float64Array(k);
  const first = lags + 1;
  const observations = count - first;
  if (observations <= k + 2) return NaN;
  for (let t = first; t < count; t++) {
    row[0] = e[t - 1]!;
    for (let j = 1; j <= lags; j++) row[j] = e[t - j]! - e[t - j - 1]!;
    const dy = e[t]! - e[t - 1]!;
    for (let a = 0; a < k; a++) {
      xty[a] = xty[a]! + row[a]! * dy;
      for (let b = 0; b < k; b++) xtx[a * k + b] = xtx[a * k + b]! + row[a]! * row[b]!;
    }
  }
  const inverse = invert(xtx, k);
  if (!inverse) return NaN;
  const beta = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += inverse[a * k + b]! * xty[b]!;
    beta[a] = s;
  }
  let rss = 0;
  for (let t = first; t < count; t++) {
    let fit = beta[0]! * e[t - 1]!;
    for (let j = 1; j <= lags; j++) fit += beta[j]! * (e[t - j]! - e[t - j - 1]!);
    const u = e[t]! - e[t - 1]! - fit;
    rss += u * u;
  }
  const sigma2 = rss / (observations - k);
  const standardError = Math.sqrt(sigma2 * inverse[0]!);
  return standardError > 0 ? beta[0]! / standardError : NaN;
}

/** Inverse of a small symmetric positive-definite matrix by Gauss-Jordan; null when singular. */
function invert(matrix: Float64Array, k: number): Float64Array | null {
  const a = Float64Array.from(matrix);
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(a[r * k + col]!) > Math.abs(a[pivot * k + col]!)) pivot = r;
    const p = a[pivot * k + col]!;
    if (Math.abs(p) < 1e-300) return null;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) {
        const held = a[col * k + c]!;
        a[col * k + c] = a[pivot * k + c]!;
        a[pivot * k + c] = held;
        const heldInverse = inv[col * k + c]!;
        inv[col * k + c] = inv[pivot * k + c]!;
        inv[pivot * k + c] = heldInverse;
      }
    }
    for (let c = 0; c < k; c++) {
      a[col * k + c] = a[col * k + c]! / p;
      inv[col * k + c] = inv[col * k + c]! / p;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r * k + col]!;
      if (f === 0) continue;
      for (let c = 0; c < k; c++) {
        a[r * k + c] = a[r * k + c]! - f * a[col * k + c]!;
        inv[r * k + c] = inv[r * k + c]! - f * inv[col * k + c]!;
      }
    }
  }
  return inv;
}
