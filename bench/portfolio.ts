import { pathToFileURL } from "node:url";
import {
  centerReturns,
  constructPortfolio,
  crossProducts,
  ledoitWolf,
  minimumVariance,
  objectives,
  type PortfolioRequest,
} from "../engine/portfolio/index.ts";
import { mulberry32, normalSource } from "../engine/random.ts";
import { interleave, printRows, type BenchRow } from "./report.ts";
import { benchRebalance } from "./rebalance.ts";

// `node --expose-gc --import tsx bench/portfolio.ts`: construct_portfolio's engine for 50 and 200
// strategies over 5 years of daily returns (synthetic, seeded), every objective, each the whole
// computation the tool makes (Ledoit-Wolf covariance, correlation clusters, the objective under
// bounds and cluster caps, risk contributions, a 20-point efficient frontier). The peer, timed in
// the same rounds, is the closed-form unconstrained minimum-variance solve Σ⁻¹1 / 1ᵀΣ⁻¹1 by plain
// Gauss-Jordan elimination on the same covariance. Target (issue 11): under 1 s each.
const days = 1260;
const sizes = [50, 200];
const rounds = 7;
const targetMs = 1000;

/** Strategy-like returns: a market factor, three style factors, and idiosyncratic noise. */
function syntheticReturns(strategies: number): Float64Array[] {
  const normal = normalSource(mulberry32(11 + strategies));
  const factors = Array.from({ length: 4 }, () => Float64Array.from({ length: days }, normal));
  return Array.from({ length: strategies }, (_, i) => {
    const loadings = factors.map((_, k) => (k === 0 ? 0.3 : k === 1 + (i % 3) ? 0.5 : 0));
    const drift = 0.0002 + 0.0001 * (i % 5);
    const noise = 0.006 + 0.002 * (i % 4);
    return Float64Array.from({ length: days }, (_, t) => {
      let value = drift + noise * normal();
      for (let k = 0; k < factors.length; k++) value += 0.01 * loadings[k]! * factors[k]![t]!;
      return value;
    });
  });
}

/** The peer: w = Σ⁻¹1 / 1ᵀΣ⁻¹1 with Σ⁻¹1 by Gauss-Jordan elimination on [Σ | 1]. */
function closedFormMinimumVariance(covariance: Float64Array, n: number): Float64Array {
  const a = new Float64Array(n * (n + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * (n + 1) + j] = covariance[i * n + j]!;
    a[i * (n + 1) + n] = 1;
  }
  for (let column = 0; column < n; column++) {
    const pivot = a[column * (n + 1) + column]!;
    for (let k = column; k <= n; k++) a[column * (n + 1) + k]! /= pivot;
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = a[row * (n + 1) + column]!;
      if (factor === 0) continue;
      for (let k = column; k <= n; k++) a[row * (n + 1) + k]! -= factor * a[column * (n + 1) + k]!;
    }
  }
  const weights = Float64Array.from({ length: n }, (_, i) => a[i * (n + 1) + n]!);
  const total = weights.reduce((sum, value) => sum + value, 0);
  return weights.map((value) => value / total);
}

export function benchPortfolio(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const returns = syntheticReturns(n);
    const names = returns.map((_, i) => `S${String(i).padStart(3, "0")}`);
    const centered = centerReturns(names, returns);
    const covariance = ledoitWolf(centered, crossProducts(centered, days)).covariance;
    // The QP without bounds must find the closed form, or the comparison means nothing.
    const unbounded = minimumVariance(covariance, {
      lower: new Float64Array(n).fill(-Infinity),
      upper: new Float64Array(n).fill(Infinity),
      budget: 1,
    });
    const closedForm = closedFormMinimumVariance(covariance, n);
    let gap = 0;
    for (let i = 0; i < n; i++) gap = Math.max(gap, Math.abs(unbounded[i]! - closedForm[i]!));
    if (!(gap < 1e-9)) throw new Error(`the QP and the closed form disagree by ${gap}`);

    const request = (objective: PortfolioRequest["objective"]): PortfolioRequest => ({
      names,
      returns,
      objective,
      covariance: "ledoitWolf",
      expectedReturns: "historical",
      riskFreeRate: 0,
      minWeight: 0,
      maxWeight: 10 / n,
      clusterCap: 0.4,
      clusterThreshold: 0.3,
      cashBuffer: 0.05,
      frontierPoints: 20,
    });
    const contenders: Record<string, () => unknown> = {
      closedForm: () => closedFormMinimumVariance(covariance, n),
      estimates: () => {
        const sample = centerReturns(names, returns);
        return ledoitWolf(sample, crossProducts(sample, days));
      },
    };
    for (const objective of objectives)
      contenders[objective] = () => constructPortfolio(request(objective));
    const medians = interleave(contenders, rounds);
    for (const objective of objectives) {
      const oursMs = medians[objective]!;
      const clusters = new Set(constructPortfolio(request(objective)).clusters.values()).size;
      rows.push({
        name: `${objective}, ${n} x ${days} days`,
        oursMs,
        peersMs: {},
        baselineMs: medians.closedForm!,
        baselineName: "closed-form min variance",
        notes:
          objective === objectives[0]
            ? [
                `of which the estimates (centring, S, Ledoit-Wolf) ${medians.estimates!.toFixed(1)} ms; ${clusters} clusters at 0.3, capped at 0.4; maxWeight ${(10 / n).toFixed(3)}; QP vs closed form (no bounds) max gap ${gap.toExponential(1)}`,
              ]
            : [],
        targets: [
          { label: `under ${targetMs} ms (${oursMs.toFixed(0)} ms)`, met: oursMs < targetMs },
        ],
      });
    }
  }
  rows.push(benchRebalance());
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printRows("Portfolio construction (whole construct_portfolio computation)", benchPortfolio());
}
