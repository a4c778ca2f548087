/**
 * Two-sided p-value of a Student t statistic with `degreesOfFreedom` (real, > 0, as Welch's
 * test gives): P(|T| >= |t|) = I_x(df/2, 1/2) with x = df / (df + t^2), the regularized
 * incomplete beta function (Abramowitz & Stegun 26.7.1).
 */
export function studentTwoSidedP(statistic: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0))
    throw new RangeError(`degrees of freedom must be positive (was ${degreesOfFreedom})`);
  if (Number.isNaN(statistic)) return 1;
  if (!Number.isFinite(statistic)) return 0;
  const x = degreesOfFreedom / (degreesOfFreedom + statistic * statistic);
  return Math.min(1, regularizedBeta(x, degreesOfFreedom / 2, 0.5));
}

/**
 * I_x(a, b) by the continued fraction of Numerical Recipes (3rd ed., 6.4, modified Lentz), on
 * the side of x where it converges fast, with the symmetry I_x(a, b) = 1 - I_{1-x}(b, a).
 */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x),
  );
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

const tiny = 1e-300;

function betaFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + even * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + even / c;
    if (Math.abs(c) < tiny) c = tiny;
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + odd * d;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = 1 + odd / c;
    if (Math.abs(c) < tiny) c = tiny;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** Lanczos' approximation (g = 7, 9 coefficients), relative error near 1e-15 for x > 0. */
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = lanczos[0]!;
  for (let k = 1; k < 9; k++) sum += lanczos[k]! / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
