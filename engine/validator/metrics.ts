import { hacMeanT, neweyWestLag } from "../scanner/statistics.ts";
import { median } from "./analysis/numbers.ts";
import type { ValidationContext } from "./context.ts";

export interface MetricDefinition {
  name: string;
  /** What the number is, in which unit: custom rules and the tool's schema show this. */
  description: string;
  compute(context: ValidationContext): number | null;
}

const annualization = Math.sqrt(252);
const finite = (value: number | null | undefined): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : value;

/** Every metric a custom rule may compare, with its meaning. Ratios are fractions (0.12 = 12%). */
export const metricCatalogue: readonly MetricDefinition[] = [
  {
    name: "sharpe",
    description: "Annualized Sharpe ratio of daily returns (mean / std × √252, risk-free 0).",
    compute: (c) => c.baseline.metrics.sharpe,
  },
  {
    name: "sortino",
    description: "Annualized Sortino ratio (downside deviation below 0).",
    compute: (c) => c.baseline.metrics.sortino,
  },
  {
    name: "calmar",
    description: "CAGR divided by maximum drawdown.",
    compute: (c) => c.baseline.metrics.calmar,
  },
  {
    name: "cagr",
    description: "Compound annual growth rate, as a fraction.",
    compute: (c) => c.baseline.metrics.cagr,
  },
  {
    name: "total_return",
    description: "Total return over the backtest, as a fraction of initial cash.",
    compute: (c) => c.baseline.metrics.totalReturn,
  },
  {
    name: "volatility",
    description: "Annualized volatility of daily returns, as a fraction.",
    compute: (c) => c.baseline.metrics.volatility,
  },
  {
    name: "max_drawdown",
    description: "Largest fall of equity from a peak, as a positive fraction.",
    compute: (c) => c.baseline.metrics.maxDrawdown,
  },
  {
    name: "max_drawdown_days",
    description: "Longest time below a previous equity peak, in days.",
    compute: (c) => c.baseline.metrics.maxDrawdownDurationDays,
  },
  {
    name: "trades",
    description: "Number of closed trades.",
    compute: (c) => c.baseline.metrics.trades,
  },
  {
    name: "win_rate",
    description: "Share of closed trades with a positive net P&L.",
    compute: (c) => c.baseline.metrics.winRate,
  },
  {
    name: "profit_factor",
    description: "Gross profit over gross loss of closed trades.",
    compute: (c) => c.baseline.metrics.profitFactor,
  },
  {
    name: "expectancy",
    description: "Mean net P&L per closed trade, in account currency.",
    compute: (c) => c.baseline.metrics.expectancy,
  },
  {
    name: "exposure",
    description: "Share of bars that ended with a position open.",
    compute: (c) => c.baseline.metrics.exposure,
  },
  {
    name: "turnover",
    description: "Traded notional per year as a multiple of average equity.",
    compute: (c) => c.baseline.metrics.turnover,
  },
  {
    name: "years",
    description: "Length of the backtest in years.",
    compute: (c) => c.baseline.metrics.years,
  },
  {
    name: "fees_paid",
    description: "Fees paid over the backtest, in account currency.",
    compute: (c) => c.baseline.simulation.feesPaid,
  },
  {
    name: "track_record_days",
    description: "Number of daily returns in the backtest.",
    compute: (c) => c.daily.returns.length,
  },
  {
    name: "t_stat",
    description: "t-statistic of the mean daily return (per-day Sharpe × √days).",
    compute: (c) => (c.moments ? c.moments.sharpe * Math.sqrt(c.moments.count) : null),
  },
  {
    name: "newey_west_t",
    description: "t-statistic of the mean daily return with a Newey-West standard error.",
    compute: (c) => {
      const { returns } = c.daily;
      return c.moments ? hacMeanT(returns, 0, returns.length, neweyWestLag(returns.length)) : null;
    },
  },
  {
    name: "skewness",
    description: "Skewness of daily returns.",
    compute: (c) => c.moments?.skewness ?? null,
  },
  {
    name: "kurtosis",
    description: "Kurtosis of daily returns (non-excess: normal = 3).",
    compute: (c) => c.moments?.kurtosis ?? null,
  },
  {
    name: "psr",
    description: "Probabilistic Sharpe ratio: probability the true Sharpe ratio is above 0.",
    compute: (c) => c.psr,
  },
  {
    name: "deflated_sharpe",
    description: "Deflated Sharpe ratio given the trials tried (needs trials).",
    compute: (c) => c.deflated?.dsr ?? null,
  },
  {
    name: "pbo",
    description: "Probability of backtest overfitting by CSCV (needs trials.matrix).",
    compute: (c) => c.pbo?.pbo ?? null,
  },
  {
    name: "min_track_record_days",
    description: "Daily returns needed for 95% confidence that the Sharpe ratio is above 0.",
    compute: (c) => c.minimumTrackRecordDays,
  },
  {
    name: "bootstrap_sharpe_low",
    description:
      "Lower end of the 95% stationary-bootstrap interval of the annualized Sharpe ratio.",
    compute: (c) => (c.bootstrap ? c.bootstrap.low * annualization : null),
  },
  {
    name: "bootstrap_sharpe_high",
    description:
      "Upper end of the 95% stationary-bootstrap interval of the annualized Sharpe ratio.",
    compute: (c) => (c.bootstrap ? c.bootstrap.high * annualization : null),
  },
  {
    name: "reshuffle_drawdown_worst5",
    description: "Maximum drawdown that 5% of reshuffled trade orders exceed, as a fraction.",
    compute: (c) => c.reshuffle?.worst5Percent ?? null,
  },
  {
    name: "price_path_worst5",
    description:
      "Total return that 5% of block-bootstrapped price paths fall below, as a fraction.",
    compute: (c) => c.pricePath?.worst5Percent ?? null,
  },
  {
    name: "sharpe_doubled_costs",
    description: "Annualized Sharpe ratio with fees and slippage doubled.",
    compute: (c) => c.doubledCosts.metrics.sharpe,
  },
  {
    name: "sharpe_delayed",
    description: "Annualized Sharpe ratio acting one bar after each signal.",
    compute: (c) => c.delayed.metrics.sharpe,
  },
  {
    name: "neighbour_sharpe_ratio",
    description: "Median Sharpe ratio of the neighbour specs over this spec's (needs neighbours).",
    compute: (c) => {
      const sharpes = c.neighbourRuns.flatMap((run) => (run.sharpe === null ? [] : [run.sharpe]));
      const base = c.baseline.metrics.sharpe;
      const middle = median(sharpes);
      return middle === null || base === null || base === 0 ? null : middle / base;
    },
  },
  {
    name: "profit_without_best_trades",
    description: "Net profit without the best 5% of trades, as a fraction of initial cash.",
    compute: (c) => {
      const removed = c.bestTradesRemoved;
      return removed ? removed.remainingProfit / c.input.options.initialCash : null;
    },
  },
  {
    name: "breakeven_cost_bps",
    description:
      "Net profit as basis points of traded notional: extra cost per side that would erase it.",
    compute: (c) => {
      const { simulation, metrics } = c.baseline;
      return simulation.tradedNotional > 0
        ? ((metrics.finalEquity - c.input.options.initialCash) / simulation.tradedNotional) * 1e4
        : null;
    },
  },
  {
    name: "worst_third_sharpe",
    description: "Lowest annualized Sharpe ratio of the three thirds of the history.",
    compute: (c) => {
      const sharpes = c.subPeriods.thirds.map((third) => third.sharpe);
      return sharpes.length === 0 || sharpes.some((value) => value === null)
        ? null
        : Math.min(...(sharpes as number[]));
    },
  },
  {
    name: "profitable_years_share",
    description: "Share of calendar years (a quarter or longer) with a positive return.",
    compute: (c) => {
      const years = c.subPeriods.years.filter((year) => year.days >= 63);
      return years.length === 0
        ? null
        : years.filter((year) => year.totalReturn > 0).length / years.length;
    },
  },
  {
    name: "sharpe_bull",
    description: "Annualized Sharpe ratio on days the first symbol is above its 200-bar SMA.",
    compute: (c) => c.regimes.slices.bull.sharpe,
  },
  {
    name: "sharpe_bear",
    description: "Annualized Sharpe ratio on days the first symbol is below its 200-bar SMA.",
    compute: (c) => c.regimes.slices.bear.sharpe,
  },
  {
    name: "sharpe_high_volatility",
    description: "Annualized Sharpe ratio on days of above-median 20-bar volatility.",
    compute: (c) => c.regimes.slices.highVolatility.sharpe,
  },
  {
    name: "sharpe_low_volatility",
    description: "Annualized Sharpe ratio on days of below-median 20-bar volatility.",
    compute: (c) => c.regimes.slices.lowVolatility.sharpe,
  },
  {
    name: "worst_day",
    description: "Worst daily return, as a fraction (negative).",
    compute: (c) => (c.daily.returns.length === 0 ? null : Math.min(...c.daily.returns)),
  },
  {
    name: "max_participation",
    description: "Largest entry as a share of the 20-day average daily volume, at account size.",
    compute: (c) => {
      const { trades } = c.participation;
      return trades.length === 0
        ? null
        : Math.max(...trades.map((trade) => trade.entryParticipation));
    },
  },
  {
    name: "median_participation",
    description: "Median entry as a share of the 20-day average daily volume, at account size.",
    compute: (c) => median(c.participation.trades.map((trade) => trade.entryParticipation)),
  },
  {
    name: "max_live_correlation",
    description: "Highest correlation of daily returns with a live strategy (needs liveReturns).",
    compute: (c) => {
      const values = c.live.strategies.flatMap((strategy) =>
        strategy.correlation === null ? [] : [strategy.correlation],
      );
      return values.length === 0 ? null : Math.max(...values);
    },
  },
  {
    name: "max_day_trades_5d",
    description: "Most equity day trades in any five NYSE business days.",
    compute: (c) => c.dayTrades.worstWindowCount,
  },
];

export const metricNames: readonly string[] = metricCatalogue.map((metric) => metric.name);

const byName = new Map(metricCatalogue.map((metric) => [metric.name, metric]));

/** One metric's value for this validation (null when it cannot be computed here), memoized. */
export function metricValue(context: ValidationContext, name: string): number | null {
  const metric = byName.get(name);
  if (!metric) throw new RangeError(`unknown metric "${name}"`);
  return context.memo(`metric:${name}`, () => {
    try {
      return finite(metric.compute(context));
    } catch {
      return null;
    }
  });
}

export function computeMetrics(context: ValidationContext): Record<string, number | null> {
  return Object.fromEntries(metricNames.map((name) => [name, metricValue(context, name)]));
}
