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

  const pass = equityPass(initialCash, timestampMs, equity, grossExposure);
  const days = pass.returnCount;
  const sampleStd = days > 1 ? Math.sqrt(pass.squaredDeviations / (days - 1)) : 0;
  const downsideDeviation = days > 0 ? Math.sqrt(pass.downsideSquares / days) : 0;
  const annualization = Math.sqrt(tradingDaysPerYear);
  const volatility = days > 1 ? sampleStd * annualization : null;
  const sharpe = days > 1 && sampleStd > 0 ? (pass.meanReturn / sampleStd) * annualization : null;
  const sortino =
    days > 0 && downsideDeviation > 0
      ? (pass.meanReturn / downsideDeviation) * annualization
      : null;
  const { maxDrawdown, exposedBars, equitySum } = pass;
  const maxDrawdownDurationDays = Math.round(pass.longestDrawdownMs / dayMs);
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

/**
 * Everything measured along the equity curve, in one pass: daily close-to-close returns (equity
 * at the last bar of each UTC day), downside squares, drawdown and its longest duration,
 * exposure, and the equity sum. Mean and squared deviations come from sums shifted by the first
 * return (the "shifted data" algorithm, Chan, Golub & LeVeque 1983): as accurate as Welford's
 * method for returns, which sit close to each other, without its division per day on the
 * loop's critical path.
 */
function equityPass(
  initialCash: number,
  timestampMs: Float64Array,
  equity: Float64Array,
  grossExposure: Float64Array,
) {
  const length = equity.length;
  let returnCount = 0;
  let shift = 0;
  let shiftedSum = 0;
  let shiftedSquares = 0;
  let downsideSquares = 0;
  let previousClose = 0;
  let hasPreviousClose = false;
  // `* 1` makes these unboxed doubles from the start: a parameter as the first value of a loop
  // variable kept it tagged, and each new peak or low then allocated a heap number.
  let peak = initialCash * 1;
  let peakTime = length > 0 ? timestampMs[0]! : 0;
  let maxDrawdown = 0;
  let longestDrawdownMs = 0;
  let exposedBars = 0;
  let equitySum = 0;
  let trough = initialCash * 1;
  // Start of the next UTC day after the latest bar that needed it.
  let dayEndMs = -Infinity;
  for (let i = 0; i < length; i++) {
    const value = equity[i]!;
    const time = timestampMs[i]!;
    equitySum += value;
    if (grossExposure[i]! > 0) exposedBars++;
    if (value >= peak) {
      peak = value;
      peakTime = time;
      trough = value;
    } else {
      // 1 - value / peak falls as value rises (rounding included), so under one peak only a
      // new low can deepen the drawdown: one division per new low instead of one per bar.
      if (value < trough) {
        trough = value;
        const drawdown = 1 - value / peak;
        if (drawdown > maxDrawdown) maxDrawdown = drawdown;
      }
      if (time - peakTime > longestDrawdownMs) longestDrawdownMs = time - peakTime;
    }
    if (i + 1 < length) {
      const next = timestampMs[i + 1]!;
      // A gap of a day or more always ends the UTC day; shorter gaps look at the calendar, whose
      // day end is refreshed once per day (a division per bar here cost a third of the pass).
      if (next - time < dayMs) {
        if (time >= dayEndMs) dayEndMs = nextUtcDayMs(time);
        if (next < dayEndMs) continue;
      }
    }
    if (hasPreviousClose) {
      const r = value / previousClose - 1;
      if (returnCount === 0) shift = r;
      returnCount++;
      const shifted = r - shift;
      shiftedSum += shifted;
      shiftedSquares += shifted * shifted;
      // min(r, 0) as arithmetic (r - |r| is exactly 2r or 0): with the branch the pass took
      // about 40% longer, the sign of a day's return being a coin toss.
      const downside = (r - Math.abs(r)) * 0.5;
      downsideSquares += downside * downside;
    }
    previousClose = value;
    hasPreviousClose = true;
  }
  const shiftedMean = returnCount > 0 ? shiftedSum / returnCount : 0;
  return {
    returnCount,
    meanReturn: shift + shiftedMean,
    // Clamped: rounding can leave a tiny negative where every return is (almost) the same.
    squaredDeviations: Math.max(0, shiftedSquares - shiftedSum * shiftedMean),
    downsideSquares,
    maxDrawdown,
    longestDrawdownMs,
    exposedBars,
    equitySum,
  };
}

/** Start of the UTC day after the one holding `timeMs`. */
function nextUtcDayMs(timeMs: number): number {
  return (utcDay(timeMs) + 1) * dayMs;
}

/** Days since 1970-01-01 UTC; integer truncation is much cheaper than Math.floor on this hot path. */
function utcDay(timeMs: number): number {
  return timeMs >= 0 ? (timeMs / dayMs) | 0 : Math.floor(timeMs / dayMs);
}
