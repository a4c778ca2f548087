import { requireInteger } from "./checks.ts";

/** T periods (rows) by N trials (columns) of per-period returns, row-major. */
export interface PerformanceMatrix {
  rows: number;
  columns: number;
  values: Float64Array;
}

export interface OverfittingOptions {
  /** S, the number of row blocks; even. C(S, S/2) splits are tried: 12,870 for 16. */
  partitions?: number;
}

export interface OverfittingResult {
  /** Share of splits whose in-sample best trial ranks at or below the out-of-sample median. */
  pbo: number;
  /** λ = ln(ω / (1 − ω)) per split, splits in lexicographic order of their in-sample blocks. */
  logits: Float64Array;
  combinations: number;
  /**
   * Least-squares line of the chosen trial's out-of-sample Sharpe on its in-sample Sharpe across
   * splits; a slope below 0 means in-sample excellence predicts out-of-sample decay. NaN when
   * every split chose the same in-sample Sharpe.
   */
  performanceDegradation: { slope: number; intercept: number };
  /** Share of splits whose chosen trial has a negative out-of-sample Sharpe. */
  probabilityOfLoss: number;
}

/** C(20, 10) = 184,756 splits, already seconds for a few hundred trials; C(22, 11) is 705,432. */
const maximumPartitions = 20;

/**
 * Probability of Backtest Overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", Journal of
 * Computational Finance 20(4), 2017). Rows are cut into S contiguous blocks (block s holds rows
 * floor(sT/S) to floor((s+1)T/S) − 1); every choice of S/2 blocks is an in-sample set and the rest
 * its out-of-sample set. The trial with the best in-sample Sharpe (first on ties) gets its
 * out-of-sample rank r among the N trials (1 = worst, ties averaged), ω = r/(N + 1), and
 * λ = ln(ω/(1 − ω)); PBO is the share of splits with λ ≤ 0.
 *
 * Sharpe ratios are per period, mean over sample standard deviation; a trial with no variance in a
 * set (one that never traded) scores 0, or ±∞ if it earned a constant non-zero return.
 */
export function probabilityOfBacktestOverfitting(
  matrix: PerformanceMatrix,
  options: OverfittingOptions = {},
): OverfittingResult {
  const partitions = options.partitions ?? 16;
  validate(matrix, partitions);
  const { rows, columns, values } = matrix;
  const half = partitions / 2;

  // Per-block sums of (x − x₀) and its square: a split's Sharpe is then a sum over S/2 blocks
  // rather than T/2 rows. Shifting by each column's first value limits cancellation in the
  // variance and makes a constant column exactly zero-variance.
  const blockRows = new Float64Array(partitions);
  const blockSums = new Float64Array(partitions * columns);
  const blockSquares = new Float64Array(partitions * columns);
  for (let block = 0; block < partitions; block++) {
    const begin = Math.floor((block * rows) / partitions);
    const end = Math.floor(((block + 1) * rows) / partitions);
    blockRows[block] = end - begin;
    for (let row = begin; row < end; row++) {
      for (let column = 0; column < columns; column++) {
        const shifted = values[row * columns + column]! - values[column]!;
        const cell = block * columns + column;
        blockSums[cell] = blockSums[cell]! + shifted;
        blockSquares[cell] = blockSquares[cell]! + shifted * shifted;
      }
    }
  }

  const combinations = binomial(partitions, half);
  const logits = new Float64Array(combinations);
  const chosenInSample = new Float64Array(combinations);
  const chosenOutOfSample = new Float64Array(combinations);
  const sums = new Float64Array(columns);
  const squares = new Float64Array(columns);
  const inSample = new Float64Array(columns);
  const outOfSample = new Float64Array(columns);
  const isInSample = new Uint8Array(partitions);
  const chosen = new Int32Array(half);
  for (let index = 0; index < half; index++) chosen[index] = index;

  let overfit = 0;
  let losses = 0;
  for (let combination = 0; combination < combinations; combination++) {
    isInSample.fill(0);
    for (let index = 0; index < half; index++) isInSample[chosen[index]!] = 1;
    setSharpes(inSample, 1);
    setSharpes(outOfSample, 0);

    let best = 0;
    for (let column = 1; column < columns; column++) {
      if (inSample[column]! > inSample[best]!) best = column;
    }
    const bestOutOfSample = outOfSample[best]!;
    let below = 0;
    let tied = 0;
    for (let column = 0; column < columns; column++) {
      if (outOfSample[column]! < bestOutOfSample) below++;
      else if (outOfSample[column] === bestOutOfSample) tied++;
    }
    const rank = below + (tied + 1) / 2;
    // ω/(1 − ω) = r/(N + 1 − r); λ ≤ 0 exactly when r ≤ (N + 1)/2.
    logits[combination] = Math.log(rank / (columns + 1 - rank));
    if (2 * rank <= columns + 1) overfit++;
    if (bestOutOfSample < 0) losses++;
    chosenInSample[combination] = inSample[best]!;
    chosenOutOfSample[combination] = bestOutOfSample;
    nextCombination(chosen, partitions);
  }

  return {
    pbo: overfit / combinations,
    logits,
    combinations,
    performanceDegradation: leastSquaresLine(chosenInSample, chosenOutOfSample),
    probabilityOfLoss: losses / combinations,
  };

  function setSharpes(target: Float64Array, membership: number): void {
    let count = 0;
    sums.fill(0);
    squares.fill(0);
    for (let block = 0; block < partitions; block++) {
      if (isInSample[block] !== membership) continue;
      count += blockRows[block]!;
      const offset = block * columns;
      for (let column = 0; column < columns; column++) {
        sums[column] = sums[column]! + blockSums[offset + column]!;
        squares[column] = squares[column]! + blockSquares[offset + column]!;
      }
    }
    for (let column = 0; column < columns; column++) {
      const shiftedMean = sums[column]! / count;
      const variance = (squares[column]! - sums[column]! * shiftedMean) / (count - 1);
      const mean = values[column]! + shiftedMean;
      target[column] =
        variance > 0 ? mean / Math.sqrt(variance) : mean === 0 ? 0 : Math.sign(mean) * Infinity;
    }
  }
}

function validate(matrix: PerformanceMatrix, partitions: number): void {
  const { rows, columns, values } = matrix;
  requireInteger("rows", rows, 1);
  if (!Number.isInteger(columns) || columns < 2) {
    throw new RangeError(`\`columns\` must be an integer of at least 2 trials (was ${columns})`);
  }
  if (values.length !== rows * columns) {
    throw new RangeError(
      `\`values\` must hold rows * columns = ${rows * columns} numbers (had ${values.length})`,
    );
  }
  if (!Number.isInteger(partitions) || partitions < 2 || partitions % 2 !== 0) {
    throw new RangeError(
      `\`partitions\` must be an even integer of at least 2 (was ${partitions})`,
    );
  }
  if (partitions > maximumPartitions) {
    throw new RangeError(
      `\`partitions\` must be at most ${maximumPartitions}: C(S, S/2) splits are enumerated (was ${partitions})`,
    );
  }
  if (partitions > rows) {
    throw new RangeError(
      `\`partitions\` (${partitions}) must not exceed \`rows\` (${rows}): every block needs a row`,
    );
  }
  if (Math.floor(rows / partitions) * (partitions / 2) < 2) {
    throw new RangeError(
      `\`rows\` (${rows}) is too few for ${partitions} partitions: each half needs 2 rows for a Sharpe ratio`,
    );
  }
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(values[index]!)) {
      const row = Math.floor(index / columns);
      throw new RangeError(
        `\`values\` at row ${row}, column ${index - row * columns} must be finite (was ${values[index]})`,
      );
    }
  }
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let index = 1; index <= k; index++) result = (result * (n - k + index)) / index;
  return Math.round(result);
}

/** Advances `chosen` (ascending indices into 0..n-1) to the next combination in lexicographic order. */
function nextCombination(chosen: Int32Array, n: number): void {
  const k = chosen.length;
  let position = k - 1;
  while (position >= 0 && chosen[position] === n - k + position) position--;
  if (position < 0) return;
  chosen[position] = chosen[position]! + 1;
  for (let index = position + 1; index < k; index++) chosen[index] = chosen[index - 1]! + 1;
}

function leastSquaresLine(x: Float64Array, y: Float64Array): { slope: number; intercept: number } {
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  let lowestX = Infinity;
  let highestX = -Infinity;
  for (let index = 0; index < x.length; index++) {
    if (!Number.isFinite(x[index]!) || !Number.isFinite(y[index]!)) continue;
    count++;
    sumX += x[index]!;
    sumY += y[index]!;
    lowestX = Math.min(lowestX, x[index]!);
    highestX = Math.max(highestX, x[index]!);
  }
  // Checked exactly: the mean of equal values can round away from them and fake a variance.
  if (!(highestX > lowestX)) return { slope: NaN, intercept: NaN };
  const meanX = sumX / count;
  const meanY = sumY / count;
  let covariance = 0;
  let varianceX = 0;
  for (let index = 0; index < x.length; index++) {
    if (!Number.isFinite(x[index]!) || !Number.isFinite(y[index]!)) continue;
    covariance += (x[index]! - meanX) * (y[index]! - meanY);
    varianceX += (x[index]! - meanX) * (x[index]! - meanX);
  }
  const slope = covariance / varianceX;
  return { slope, intercept: meanY - slope * meanX };
}
