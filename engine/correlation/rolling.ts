import { EngineDataError } from "../types.ts";

/*
 * The update's loops are plain functions over typed arrays, shared by this class and by
 * `correlationPath`, which holds its state in local variables rather than in an instance:
 * optimized code that touches an instance depends on its hidden class, which a major GC
 * collects once no instance is alive (each run makes a new one), discarding the code so the
 * next run starts in the interpreter (2-3x slower in bench/correlation.ts with a GC between
 * runs). Float64Array's hidden class is never collected.
 */

/**
 * Pearson correlations of every pair of `symbolCount` return series over the last
 * `windowBars` bars, updated in O(1) per pair per bar: running sums of x, x² and x·y gain the
 * new bar and lose the one leaving the window (a ring buffer keeps it).
 *
 * Running sums drift: each add-then-subtract leaves a rounding error that never leaves. Every
 * `recomputeEveryBars` bars the sums are rebuilt exactly from the ring buffer, so the error
 * is that of at most that many updates (default 16 windows, which costs about 1/16 of a pass
 * of the pair loop per bar). Correlation of a pair with a flat series (zero variance in the
 * window) is reported as 0: it co-moves with nothing.
 */
export class RollingCorrelation {
  readonly pairCount: number;
  readonly recomputeEveryBars: number;
  private readonly ring: Float64Array;
  private readonly incoming: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;
  private readonly cross: Float64Array;
  private readonly inverseDeviation: Float64Array;
  private head = 0;
  private filled = 0;
  private sinceRecompute = 0;

  constructor(
    readonly symbolCount: number,
    readonly windowBars: number,
    recomputeEveryBars = 16 * windowBars,
  ) {
    if (!Number.isInteger(symbolCount) || symbolCount < 2)
      throw new RangeError(`symbolCount must be an integer of at least 2 (was ${symbolCount})`);
    if (!Number.isInteger(windowBars) || windowBars < 3)
      throw new RangeError(`windowBars must be an integer of at least 3 (was ${windowBars})`);
    if (!(recomputeEveryBars >= 1))
      throw new RangeError(`recomputeEveryBars must be at least 1 (was ${recomputeEveryBars})`);
    this.recomputeEveryBars = recomputeEveryBars;
    this.pairCount = (symbolCount * (symbolCount - 1)) / 2;
    this.ring = new Float64Array(windowBars * symbolCount);
    this.incoming = new Float64Array(symbolCount);
    this.sum = new Float64Array(symbolCount);
    this.sumSquares = new Float64Array(symbolCount);
    this.cross = new Float64Array(this.pairCount);
    this.inverseDeviation = new Float64Array(symbolCount);
  }

  /** Bars in the current window (at most `windowBars`). */
  get count(): number {
    return this.filled;
  }

  get ready(): boolean {
    return this.filled === this.windowBars;
  }

  /** Adds one bar: `returns[i]` is symbol i's return on it. */
  push(returns: ArrayLike<number>): void {
    const n = this.symbolCount;
    const { ring, incoming, sum, sumSquares, cross } = this;
    // The slot of the bar leaving the window; until the window fills it holds zeros, so one
    // code path serves both phases.
    const base = this.head * n;
    const bad = updateSymbols(returns, incoming, ring, base, sum, sumSquares);
    if (bad >= 0)
      throw new EngineDataError(`return of series ${bad} is not a finite number`, {
        row: this.filled,
        field: "return",
      });
    updateCross(cross, incoming, ring, base, n);
    ring.set(incoming, base);
    this.head = this.head + 1 === this.windowBars ? 0 : this.head + 1;
    if (this.filled < this.windowBars) this.filled++;
    if (++this.sinceRecompute >= this.recomputeEveryBars) this.recompute();
  }

  /** Rebuilds the running sums exactly from the bars in the window. */
  recompute(): void {
    rebuildSums(this.ring, this.symbolCount, this.sum, this.sumSquares, this.cross);
    this.sinceRecompute = 0;
  }

  /** 1/sqrt(m·Σx² − (Σx)²) per symbol, 0 for a flat series; m is the bars in the window. */
  private updateDeviations(): void {
    inverseDeviations(this.sum, this.sumSquares, this.filled, this.inverseDeviation);
  }

  /** The mean of all pairwise correlations in the current window. */
  averageCorrelation(): number {
    this.updateDeviations();
    return averagePairs(this.sum, this.cross, this.inverseDeviation, this.filled, this.symbolCount);
  }

  /** The correlation matrix of the current window, row-major n×n, written into `out`. */
  matrix(out = new Float64Array(this.symbolCount * this.symbolCount)): Float64Array {
    this.updateDeviations();
    fillMatrix(this.sum, this.cross, this.inverseDeviation, this.filled, this.symbolCount, out);
    return out;
  }
}

/** Adds the incoming bar's x and x² and removes the leaving bar's; the first non-finite input's index, or -1. */
export function updateSymbols(
  returns: ArrayLike<number>,
  incoming: Float64Array,
  ring: Float64Array,
  base: number,
  sum: Float64Array,
  sumSquares: Float64Array,
): number {
  for (let i = 0; i < incoming.length; i++) {
    const value = returns[i]!;
    if (!Number.isFinite(value)) return i;
    incoming[i] = value;
    const old = ring[base + i]!;
    sum[i]! += value - old;
    sumSquares[i]! += value * value - old * old;
  }
  return -1;
}

export function rebuildSums(
  ring: Float64Array,
  n: number,
  sum: Float64Array,
  sumSquares: Float64Array,
  cross: Float64Array,
): void {
  sum.fill(0);
  sumSquares.fill(0);
  cross.fill(0);
  for (let base = 0; base < ring.length; base += n) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const a = ring[base + i]!;
      sum[i]! += a;
      sumSquares[i]! += a * a;
      for (let j = i + 1; j < n; j++, k++) cross[k]! += a * ring[base + j]!;
    }
  }
}

export function updateCross(
  cross: Float64Array,
  incoming: Float64Array,
  ring: Float64Array,
  base: number,
  n: number,
): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const a = incoming[i]!;
    const b = ring[base + i]!;
    for (let j = i + 1; j < n; j++, k++) cross[k]! += a * incoming[j]! - b * ring[base + j]!;
  }
}

/** 1/sqrt(m·Σx² − (Σx)²) per symbol, 0 for a flat series; m is the bars in the window. */
export function inverseDeviations(
  sum: Float64Array,
  sumSquares: Float64Array,
  m: number,
  out: Float64Array,
): void {
  for (let i = 0; i < sum.length; i++) {
    const s = sum[i]!;
    const scaled = m * sumSquares[i]! - s * s;
    // Relative floor: a flat series leaves only rounding noise of m·Σx².
    out[i] = scaled > 1e-12 * m * sumSquares[i]! ? 1 / Math.sqrt(scaled) : 0;
  }
}

export function averagePairs(
  sum: Float64Array,
  cross: Float64Array,
  inverseDeviation: Float64Array,
  m: number,
  n: number,
): number {
  let total = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const si = sum[i]!;
    const di = inverseDeviation[i]!;
    for (let j = i + 1; j < n; j++, k++)
      total += (m * cross[k]! - si * sum[j]!) * di * inverseDeviation[j]!;
  }
  return total / cross.length;
}

export function fillMatrix(
  sum: Float64Array,
  cross: Float64Array,
  inverseDeviation: Float64Array,
  m: number,
  n: number,
  out: Float64Array,
): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    for (let j = i + 1; j < n; j++, k++) {
      const value =
        (m * cross[k]! - sum[i]! * sum[j]!) * inverseDeviation[i]! * inverseDeviation[j]!;
      // Rounding can step just past ±1; a correlation cannot.
      const clamped = value > 1 ? 1 : value < -1 ? -1 : value;
      out[i * n + j] = clamped;
      out[j * n + i] = clamped;
    }
  }
}
