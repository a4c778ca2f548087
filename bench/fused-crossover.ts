/**
 * The hand-fused single-pass SMA crossover backtest the benchmark compares against: rolling
 * sums, cross detection, next-open fills with fees, equity, Sharpe sums and drawdown in one
 * loop, with the README's bar model. Returns what the engine must agree with.
 */
export function fusedCrossover(
  open: Float64Array,
  close: Float64Array,
  fast: number,
  slow: number,
  feeRate: number,
  initialCash: number,
): { finalEquity: number; trades: number; sharpe: number; maxDrawdown: number } {
  let fastSum = 0;
  let slowSum = 0;
  let previousDifference = NaN;
  let cash = initialCash;
  let quantity = 0;
  let pending = 0; // 1 buy, -1 sell
  let trades = 0;
  let previousEquity = initialCash;
  let peak = initialCash;
  let maxDrawdown = 0;
  let returnSum = 0;
  let returnSquares = 0;
  let returnCount = 0;
  for (let t = 0; t < close.length; t++) {
    if (pending === 1) {
      const price = open[t]!;
      quantity = cash / (price * (1 + feeRate));
      cash -= quantity * price + quantity * price * feeRate;
    } else if (pending === -1) {
      const price = open[t]!;
      cash += quantity * price - quantity * price * feeRate;
      quantity = 0;
      trades++;
    }
    pending = 0;
    const value = close[t]!;
    // Running sums in TA-Lib's order (add the new value, divide, then drop the oldest), so the
    // averages agree with the engine's to the last bit.
    let fastMean = NaN;
    let slowMean = NaN;
    if (t >= fast - 1) {
      fastMean = (fastSum + value) / fast;
      fastSum = fastSum + value - close[t - fast + 1]!;
    } else fastSum += value;
    if (t >= slow - 1) {
      slowMean = (slowSum + value) / slow;
      slowSum = slowSum + value - close[t - slow + 1]!;
    } else slowSum += value;
    if (t >= slow - 1) {
      const difference = fastMean - slowMean;
      if (quantity === 0 && difference > 0 && previousDifference <= 0) pending = 1;
      else if (quantity > 0 && difference < 0 && previousDifference >= 0) pending = -1;
      previousDifference = difference;
    }
    const equity = cash + quantity * value;
    if (t > 0) {
      const r = equity / previousEquity - 1;
      returnSum += r;
      returnSquares += r * r;
      returnCount++;
    }
    previousEquity = equity;
    if (equity > peak) peak = equity;
    else if (1 - equity / peak > maxDrawdown) maxDrawdown = 1 - equity / peak;
  }
  const mean = returnSum / returnCount;
  const variance = (returnSquares - returnCount * mean * mean) / (returnCount - 1);
  return {
    finalEquity: previousEquity,
    trades,
    sharpe: (mean / Math.sqrt(variance)) * Math.sqrt(252),
    maxDrawdown,
  };
}
