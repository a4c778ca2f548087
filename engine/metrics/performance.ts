const dayMs = 86_400_000;
const yearMs = 365.25 * dayMs;
const tradingDaysPerYear = 252;

export interface PerformanceInput {
  initialCash: number;
  timestampMs: Float64Array;
  equity: Float64Array;
  grossExposure: Float64Array;
  /** Net P&L of each closed trade. */
  tradePnl: readonly number[];
  tradedNotional: number;
}

/** Ratios are fractions (0.12 = 12%); `null` where a statistic is undefined (no trades, no variance, no losses). */
export interface PerformanceMetrics {
  startTimeMs: number | null;
  endTimeMs: number | null;
  years: number;
  finalEquity: number;
  totalReturn: number;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  /** Largest peak-to-trough fall of equity, as a positive fraction of the peak. */
  maxDrawdown: number;
  /** Longest stretch from a peak until equity regained it (or the end), in days. */
  maxDrawdownDurationDays: number;
  trades: number;
  winRate: number | null;
  profitFactor: number | null;
  /** Mean net P&L per closed trade, in account currency. */
  expectancy: number | null;
  /** Fraction of bars that ended with a position open. */
  exposure: number;
  /** Traded notional per year as a multiple of average equity. */
  turnover: number | null;
}

/**
 * Sharpe: mean / sample std of daily close-to-close equity returns x sqrt(252), risk-free 0
 * (Sharpe 1994). Sortino: mean / downside deviation (root mean square of min(r, 0) over all
 * days) x sqrt(252) (Sortino & Price 1994, target 0). Calmar: CAGR / max drawdown (Young 1991).
 * Intraday equity is sampled at the last bar of each UTC day, so Sharpe is always daily.
 */
export function computePerformance(input: PerformanceInput): PerformanceMetrics {
  const { initialCash, timestampMs, equity, grossExposure, tradePnl } = input;
  const length = equity.length;
  const finalEquity = length > 0 ? equity[length - 1]! : initialCash;
  const startTimeMs = length > 0 ? timestampMs[0]! : null;
  const endTimeMs = length > 0 ? timestampMs[length - 1]! : null;
  const years = length > 1 ? (endTimeMs! - startTimeMs!) / yearMs : 0;
  const totalReturn = finalEquity / initialCash - 1;
  const cagr =
    years > 0 && finalEquity > 0 ? Math.pow(finalEquity / initialCash, 1 / years) - 1 : null;

  const daily = dailyReturns(timestampMs, equity);
  const { mean, sampleStd, downsideDeviation } = returnMoments(daily);
  const annualization = Math.sqrt(tradingDaysPerYear);
  const volatility = daily.length > 1 ? sampleStd * annualization : null;
  const sharpe = daily.length > 1 && sampleStd > 0 ? (mean / sampleStd) * annualization : null;
  const sortino =
    daily.length > 0 && downsideDeviation > 0 ? (mean / downsideDeviation) * annualization : null;

  const { maxDrawdown, maxDrawdownDurationDays } = drawdown(initialCash, timestampMs, equity);
  const calmar = cagr !== null && maxDrawdown > 0 ? cagr / maxDrawdown : null;

  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const pnl of tradePnl) {
    if (pnl > 0) {
      wins++;
      grossProfit += pnl;
    } else grossLoss -= pnl;
  }
  const trades = tradePnl.length;
  let exposedBars = 0;
  let equitySum = 0;
  for (let i = 0; i < length; i++) {
    if (grossExposure[i]! > 0) exposedBars++;
    equitySum += equity[i]!;
  }
  const averageEquity = length > 0 ? equitySum / length : initialCash;
  return {
    startTimeMs,
    endTimeMs,
    years,
    finalEquity,
    totalReturn,
    cagr,
    volatility,
    sharpe,
    sortino,
    calmar,
    maxDrawdown,
    maxDrawdownDurationDays,
    trades,
    winRate: trades > 0 ? wins / trades : null,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    expectancy: trades > 0 ? (grossProfit - grossLoss) / trades : null,
    exposure: length > 0 ? exposedBars / length : 0,
    turnover: years > 0 && averageEquity > 0 ? input.tradedNotional / averageEquity / years : null,
  };
}

/** Close-to-close returns of the equity sampled at the last bar of each UTC day. */
export function dailyReturns(timestampMs: Float64Array, equity: Float64Array): Float64Array {
  const returns = new Float64Array(Math.max(0, equity.length - 1));
  let count = 0;
  let previous = NaN;
  for (let i = 0; i < equity.length; i++) {
    const lastOfDay =
      i === equity.length - 1 ||
      Math.floor(timestampMs[i + 1]! / dayMs) !== Math.floor(timestampMs[i]! / dayMs);
    if (!lastOfDay) continue;
    if (!Number.isNaN(previous)) returns[count++] = equity[i]! / previous - 1;
    previous = equity[i]!;
  }
  return returns.slice(0, count);
}

function returnMoments(returns: Float64Array): {
  mean: number;
  sampleStd: number;
  downsideDeviation: number;
} {
  const n = returns.length;
  if (n === 0) return { mean: 0, sampleStd: 0, downsideDeviation: 0 };
  let sum = 0;
  let downsideSquares = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    sum += r;
    if (r < 0) downsideSquares += r * r;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (returns[i]! - mean) ** 2;
  return {
    mean,
    sampleStd: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    downsideDeviation: Math.sqrt(downsideSquares / n),
  };
}

function drawdown(
  initialCash: number,
  timestampMs: Float64Array,
  equity: Float64Array,
): { maxDrawdown: number; maxDrawdownDurationDays: number } {
  let peak = initialCash;
  let peakTime = equity.length > 0 ? timestampMs[0]! : 0;
  let maxDrawdown = 0;
  let longestMs = 0;
  for (let i = 0; i < equity.length; i++) {
    const value = equity[i]!;
    if (value >= peak) {
      peak = value;
      peakTime = timestampMs[i]!;
    } else {
      maxDrawdown = Math.max(maxDrawdown, 1 - value / peak);
      longestMs = Math.max(longestMs, timestampMs[i]! - peakTime);
    }
  }
  return { maxDrawdown, maxDrawdownDurationDays: Math.round(longestMs / dayMs) };
}
