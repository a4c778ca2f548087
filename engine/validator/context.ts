import { lowerBound, sliceBars } from "../bars.ts";
import type { Market } from "../calendar/sessions.ts";
import type { SimulationConfig, SymbolPlan } from "../simulate/types.ts";
import { buyAndHoldSpec, runBacktest, runPlans, type BacktestRun } from "../strategy/backtest.ts";
import { compileSymbolPlan, simulationConfig } from "../strategy/compile.ts";
import { ExpressionEvaluator } from "../strategy/expressions.ts";
import type { StrategySpec } from "../strategy/spec.ts";
import type { BarSeries } from "../types.ts";
import {
  bootstrapSharpeInterval,
  deflatedSharpeRatio,
  expectedMaxSharpe,
  minimumTrackRecordLength,
  pricePathWorstReturns,
  probabilityOfBacktestOverfitting,
  probabilisticSharpeRatio,
  sharpeMoments,
  tradeReshuffleDrawdowns,
  type DrawdownDistribution,
  type OverfittingResult,
  type SharpeInterval,
  type SharpeMoments,
  type TotalReturnDistribution,
} from "../validation/index.ts";
import { scanBars, type BarScan } from "./analysis/bar-scans.ts";
import { countDayTrades, type DayTradeAnalysis } from "./analysis/day-trades.ts";
import { maxDrawdown } from "../validation/monte-carlo.ts";
import { annualizedSharpe, totalReturnOf } from "./analysis/numbers.ts";
import { measureParticipation, type ParticipationAnalysis } from "./analysis/participation.ts";
import { compareWithLive, type LiveComparison } from "./analysis/portfolio.ts";
import { classifyRegimes, type RegimeAnalysis } from "./analysis/regimes.ts";
import { dailyReturns, delayedPlans, type DailySeries } from "./analysis/runs.ts";
import { walkSpec } from "./analysis/spec-walk.ts";
import { newYorkClock, timeframeStepMs, utcDay } from "./analysis/time.ts";
import { compareTruncated, type TruncationComparison } from "./analysis/truncation.ts";
import type { SignalFunction, ValidationInput } from "./types.ts";

/** Confidence of the Sharpe tests (PSR, MinTRL, bootstrap): Bailey & López de Prado (2012) use 95%. */
export const sharpeConfidence = 0.95;
/** Resamples of the Monte Carlo analyses; 1000 keeps the 5% tail's standard error near 0.7 points. */
export const monteCarloRuns = 1000;
/** Bootstrap resamples of the Sharpe interval (Efron & Tibshirani 1993 suggest 1000+ for percentiles). */
export const bootstrapSamples = 2000;
/** Share of the best trades removed by the robustness check (at least one trade). */
export const bestTradeShare = 0.05;
/** Bars the later-start rerun begins after the window's start: a quarter of daily bars. */
export const laterStartBars = 63;
/** Default S of CSCV: Bailey, Borwein, López de Prado & Zhu (2017) use 16 partitions. */
export const pboPartitions = 16;

export interface PeriodStats {
  label: string;
  days: number;
  sharpe: number | null;
  totalReturn: number;
  maxDrawdown: number;
}

export interface NeighbourRun {
  label: string;
  sharpe: number | null;
  totalReturn: number | null;
  maxDrawdown: number | null;
  error: string | null;
}

export interface DeflatedSharpe {
  dsr: number;
  /** Per-period Sharpe the best of N skill-less trials would reach. */
  expectedMaxSharpe: number;
  trials: number;
  variance: number;
  /** Where the variance of the trials' Sharpe ratios came from. */
  varianceSource:
    "the trials' Sharpe ratios" | "estimation noise alone (1/T; no trial Sharpes given)";
}

export interface BestTradesRemoved {
  removed: number;
  /** Net profit of the whole run (closed trades plus open positions), in account currency. */
  netProfit: number;
  /** The same without the removed trades' P&L. */
  remainingProfit: number;
  bestTradePnl: number;
}

/**
 * The shared, lazily computed analyses of one validation: each is computed the first time a
 * rule asks and then reused (an error is remembered too, so each failing analysis costs once
 * and every rule that needs it reports the same message).
 */
export class ValidationContext {
  readonly input: ValidationInput;
  readonly spec: StrategySpec;
  readonly bars: readonly BarSeries[];
  readonly markets: readonly Market[];
  readonly seed: number;
  /** The bar length of the spec's timeframe; null when the timeframe is not understood. */
  readonly stepMs: number | null;
  readonly intraday: boolean;
  /** Account equity the strategy will trade: `account.equity`, else the backtest's initial cash. */
  readonly accountEquity: number;
  /** Account equity / initial cash where sizing scales with equity, else 1: multiplies quantities. */
  readonly sizeScale: number;
  private readonly cache = new Map<string, { value: unknown } | { error: unknown }>();
  private readonly signals: SignalFunction | undefined;

  constructor(input: ValidationInput, signals?: SignalFunction) {
    this.input = input;
    this.spec = input.spec;
    this.bars = input.bars;
    this.markets = input.markets;
    this.seed = input.seed;
    this.signals = signals;
    this.stepMs = timeframeStepMs(String(input.spec.timeframe));
    this.intraday = this.stepMs !== null && this.stepMs < 86_400_000;
    this.accountEquity = input.account?.equity ?? input.options.initialCash;
    this.sizeScale =
      typeof input.spec.sizing === "object" && "fixedNotional" in input.spec.sizing
        ? 1
        : this.accountEquity / input.options.initialCash;
  }

  /** Computes `compute` once per key for this validation; rules may add their own analyses. */
  memo<T>(key: string, compute: () => T): T {
    const cached = this.cache.get(key);
    if (cached) {
      if ("error" in cached) throw cached.error;
      return cached.value as T;
    }
    try {
      const value = compute();
      this.cache.set(key, { value });
      return value;
    } catch (error) {
      this.cache.set(key, { error });
      throw error;
    }
  }

  /** Indices of the universe's symbols on `market`. */
  symbolsOn(market: Market): number[] {
    return this.markets.flatMap((each, index) => (each === market ? [index] : []));
  }

  get evaluators(): ExpressionEvaluator[] {
    return this.memo("evaluators", () =>
      this.bars.map((series) => new ExpressionEvaluator(series)),
    );
  }

  /** A symbol's plan from the spec, with signals from the signal function when one was given. */
  planOf(
    spec: StrategySpec,
    bars: BarSeries,
    evaluator = new ExpressionEvaluator(bars),
  ): SymbolPlan {
    const plan = compileSymbolPlan(spec, bars, evaluator);
    if (!this.signals) return plan;
    const { entry, exit } = this.signals(spec, bars);
    return { ...plan, entry, exit };
  }

  get plans(): SymbolPlan[] {
    return this.memo("plans", () => {
      if (this.bars.length !== this.spec.universe.length)
        throw new RangeError(
          `bars are given for ${this.bars.length} symbols but the universe lists ${this.spec.universe.length}`,
        );
      return this.bars.map((series, index) =>
        this.planOf(this.spec, series, this.evaluators[index]),
      );
    });
  }

  get config(): SimulationConfig {
    return this.memo("config", () => simulationConfig(this.spec, this.input.options));
  }

  /** The backtest as runBacktest runs it (the same plans, simulation and metrics). */
  get baseline(): BacktestRun {
    return this.memo("baseline", () => runPlans(this.plans, this.config));
  }

  get daily(): DailySeries {
    return this.memo("daily", () =>
      dailyReturns(this.baseline.simulation.timestampMs, this.baseline.simulation.equity),
    );
  }

  /** Per-period Sharpe, skewness and kurtosis of the daily returns; null without two varying returns. */
  get moments(): SharpeMoments | null {
    return this.memo("moments", () => {
      const { returns } = this.daily;
      if (returns.length < 3) return null;
      let varies = false;
      for (let k = 1; k < returns.length && !varies; k++) varies = returns[k] !== returns[0];
      return varies ? sharpeMoments(returns) : null;
    });
  }

  /** Probability that the true Sharpe ratio is above 0 (Bailey & López de Prado 2012). */
  get psr(): number | null {
    return this.memo("psr", () => {
      const moments = this.moments;
      return moments ? probabilisticSharpeRatio({ ...moments, benchmarkSharpe: 0 }) : null;
    });
  }

  /** Each closed trade's P&L as a fraction of equity at the close before its entry. */
  get tradeReturns(): Float64Array {
    return this.memo("tradeReturns", () => {
      const { simulation } = this.baseline;
      const { timestampMs, equity } = simulation;
      return Float64Array.from(simulation.trades, (trade) => {
        const before = lowerBound(timestampMs, trade.entryTimeMs) - 1;
        const base = before >= 0 ? equity[before]! : this.input.options.initialCash;
        return base > 0 ? Math.max(-1, trade.pnl / base) : 0;
      });
    });
  }

  /** The same plans with fees and slippage doubled. */
  get doubledCosts(): BacktestRun {
    return this.memo("doubledCosts", () =>
      runPlans(this.plans, {
        ...this.config,
        feeRate: this.config.feeRate * 2,
        slippageRate: this.config.slippageRate * 2,
      }),
    );
  }

  /** Every entry and exit one bar later than signalled. */
  get delayed(): BacktestRun {
    return this.memo("delayed", () => runPlans(delayedPlans(this.plans, 1), this.config));
  }

  /** The run started `laterStartBars` bars later, with its Sharpe and the baseline's over the same days. */
  get laterStart(): {
    startMs: number;
    sharpe: number | null;
    baselineSharpe: number | null;
  } | null {
    return this.memo("laterStart", () => {
      const times = this.baseline.simulation.timestampMs;
      if (times.length <= laterStartBars * 2) return null;
      const startMs = times[laterStartBars]!;
      const run = runPlans(this.plans, { ...this.config, startMs });
      const later = dailyReturns(run.simulation.timestampMs, run.simulation.equity);
      const { timestampMs, returns } = this.daily;
      const from = lowerBound(timestampMs, later.timestampMs[0] ?? Infinity);
      return {
        startMs,
        sharpe: annualizedSharpe(later.returns),
        baselineSharpe: annualizedSharpe(returns.subarray(from)),
      };
    });
  }

  get bestTradesRemoved(): BestTradesRemoved | null {
    return this.memo("bestTradesRemoved", () => {
      const { trades } = this.baseline.simulation;
      if (trades.length === 0) return null;
      const pnl = trades.map((trade) => trade.pnl).sort((a, b) => b - a);
      const removed = Math.max(1, Math.ceil(trades.length * bestTradeShare));
      const netProfit = this.baseline.metrics.finalEquity - this.input.options.initialCash;
      const removedPnl = pnl.slice(0, removed).reduce((sum, value) => sum + value, 0);
      return { removed, netProfit, remainingProfit: netProfit - removedPnl, bestTradePnl: pnl[0]! };
    });
  }

  /**
   * The strategy rerun on each third of the window and on each calendar year (UTC): every run
   * starts flat at its period's first bar (earlier bars only warm the indicators up), so each
   * period is judged as if the strategy had been switched on then.
   */
  get subPeriods(): { thirds: PeriodStats[]; years: PeriodStats[] } {
    return this.memo("subPeriods", () => {
      const times = this.baseline.simulation.timestampMs;
      const run = (label: string, from: number, to: number): PeriodStats => {
        const { simulation } = runPlans(this.plans, {
          ...this.config,
          startMs: times[from]!,
          endMs: times[to - 1]!,
        });
        const { returns } = dailyReturns(simulation.timestampMs, simulation.equity);
        return {
          label,
          days: returns.length,
          sharpe: annualizedSharpe(returns),
          totalReturn: totalReturnOf(returns),
          maxDrawdown: maxDrawdown(returns),
        };
      };
      if (times.length < 6) return { thirds: [], years: [] };
      const thirds = [0, 1, 2].map((k) =>
        run(
          ["first third", "middle third", "last third"][k]!,
          Math.floor((k * times.length) / 3),
          Math.floor(((k + 1) * times.length) / 3),
        ),
      );
      const years: PeriodStats[] = [];
      const year = (index: number) => new Date(times[index]!).getUTCFullYear();
      let from = 0;
      for (let k = 1; k <= times.length; k++) {
        if (k === times.length || year(k) !== year(from)) {
          if (k - from >= 2) years.push(run(String(year(from)), from, k));
          from = k;
        }
      }
      return { thirds, years };
    });
  }

  get neighbourRuns(): NeighbourRun[] {
    return this.memo("neighbourRuns", () =>
      (this.input.neighbours ?? []).map(({ label, spec }) => {
        try {
          const run = this.signals
            ? runPlans(
                this.bars.map((series, index) => this.planOf(spec, series, this.evaluators[index])),
                simulationConfig(spec, this.input.options),
              )
            : runBacktest(spec, this.bars, this.input.options, this.evaluators);
          return {
            label,
            sharpe: run.metrics.sharpe,
            totalReturn: run.metrics.totalReturn,
            maxDrawdown: run.metrics.maxDrawdown,
            error: null,
          };
        } catch (error) {
          return {
            label,
            sharpe: null,
            totalReturn: null,
            maxDrawdown: null,
            error: errorText(error),
          };
        }
      }),
    );
  }

  /** Time at `fraction` of the longest series: the cut of the truncated rerun. */
  cutTimeMs(fraction: number): number {
    const longest = this.bars.reduce(
      (best, series) => (series.timestampMs.length > best.timestampMs.length ? series : best),
      this.bars[0]!,
    );
    const index = Math.floor(longest.timestampMs.length * fraction);
    return longest.timestampMs[Math.min(index, longest.timestampMs.length - 1)]!;
  }

  /** Plans recomputed on the bars before the cut, compared with the full plans on the overlap. */
  truncation(fraction: number): TruncationComparison {
    return this.memo(`truncation:${fraction}`, () =>
      compareTruncated(
        this.plans,
        (bars) => this.planOf(this.spec, bars),
        this.cutTimeMs(fraction),
        fraction,
      ),
    );
  }

  /** Equity of the rerun on truncated bars against the full run's, up to the cut. */
  truncatedEquity(fraction: number): {
    compared: number;
    largestDifference: number;
    firstTimeMs: number | null;
  } {
    return this.memo(`truncatedEquity:${fraction}`, () => {
      const cut = this.cutTimeMs(fraction);
      const plans = this.bars.map((series) =>
        this.planOf(this.spec, sliceBars(series, 0, lowerBound(series.timestampMs, cut))),
      );
      const past = runPlans(plans, this.config).simulation;
      const full = this.baseline.simulation;
      let largestDifference = 0;
      let firstTimeMs: number | null = null;
      let compared = 0;
      for (let k = 0; k < past.equity.length && k < full.equity.length; k++) {
        if (past.timestampMs[k] !== full.timestampMs[k]) break;
        compared++;
        const difference = Math.abs(past.equity[k]! / full.equity[k]! - 1);
        if (difference > 1e-9 && firstTimeMs === null) firstTimeMs = past.timestampMs[k]!;
        largestDifference = Math.max(largestDifference, difference);
      }
      return { compared, largestDifference, firstTimeMs };
    });
  }

  /** Longest warm-up of the spec's indicators, sizing and stops, in bars. */
  get specFacts(): ReturnType<typeof walkSpec> {
    return this.memo("specFacts", () => walkSpec(this.spec));
  }

  get regimes(): RegimeAnalysis {
    return this.memo("regimes", () => classifyRegimes(this.daily, this.bars[0]!));
  }

  get buyAndHold(): { run: BacktestRun; daily: DailySeries } {
    return this.memo("buyAndHold", () => {
      const run = runBacktest(
        buyAndHoldSpec(this.spec.universe, this.spec),
        this.bars,
        this.input.options,
        this.evaluators,
      );
      return { run, daily: dailyReturns(run.simulation.timestampMs, run.simulation.equity) };
    });
  }

  /** Deflated Sharpe ratio against `trials`; null when no trials were reported or no Sharpe exists. */
  get deflated(): DeflatedSharpe | null {
    return this.memo("deflated", () => {
      const trials = this.input.trials;
      const moments = this.moments;
      if (!trials || !moments) return null;
      const sharpes = trials.sharpes ? Array.from(trials.sharpes).filter(Number.isFinite) : [];
      let variance: number;
      let varianceSource: DeflatedSharpe["varianceSource"];
      if (sharpes.length >= 2) {
        const center = sharpes.reduce((sum, value) => sum + value, 0) / sharpes.length;
        variance =
          sharpes.reduce((sum, value) => sum + (value - center) ** 2, 0) / (sharpes.length - 1);
        varianceSource = "the trials' Sharpe ratios";
      } else {
        // Under the null of no skill, a per-period Sharpe estimate over T returns varies by ~1/T (Lo 2002).
        variance = 1 / moments.count;
        varianceSource = "estimation noise alone (1/T; no trial Sharpes given)";
      }
      const count = Math.max(1, Math.round(trials.count));
      return {
        dsr: deflatedSharpeRatio({ ...moments, trials: count, varianceOfTrialSharpes: variance }),
        expectedMaxSharpe: expectedMaxSharpe(count, variance),
        trials: count,
        variance,
        varianceSource,
      };
    });
  }

  /** PBO by CSCV over `trials.matrix`; null when no matrix was given. */
  get pbo(): OverfittingResult | null {
    return this.memo("pbo", () => {
      const matrix = this.input.trials?.matrix;
      if (!matrix) return null;
      let partitions = pboPartitions;
      while (
        partitions > 2 &&
        (partitions > matrix.rows || Math.floor(matrix.rows / partitions) * (partitions / 2) < 2)
      )
        partitions -= 2;
      return probabilityOfBacktestOverfitting(matrix, { partitions });
    });
  }

  /** Daily returns needed for 95% confidence that the true Sharpe ratio is above 0. */
  get minimumTrackRecordDays(): number | null {
    return this.memo("minTrl", () => {
      const moments = this.moments;
      if (!moments) return null;
      return minimumTrackRecordLength({
        sharpe: moments.sharpe,
        benchmarkSharpe: 0,
        skewness: moments.skewness,
        kurtosis: moments.kurtosis,
        confidence: sharpeConfidence,
      });
    });
  }

  /** 95% stationary-bootstrap interval of the per-period Sharpe ratio. */
  get bootstrap(): SharpeInterval | null {
    return this.memo("bootstrap", () =>
      this.moments
        ? bootstrapSharpeInterval(this.daily.returns, {
            seed: this.seed,
            samples: bootstrapSamples,
            confidence: sharpeConfidence,
          })
        : null,
    );
  }

  get reshuffle(): DrawdownDistribution | null {
    return this.memo("reshuffle", () =>
      this.tradeReturns.length > 0
        ? tradeReshuffleDrawdowns(this.tradeReturns, { seed: this.seed + 1, runs: monteCarloRuns })
        : null,
    );
  }

  get pricePath(): TotalReturnDistribution | null {
    return this.memo("pricePath", () =>
      this.daily.returns.length > 0
        ? pricePathWorstReturns(this.daily.returns, { seed: this.seed + 2, runs: monteCarloRuns })
        : null,
    );
  }

  get participation(): ParticipationAnalysis {
    return this.memo("participation", () =>
      measureParticipation(this.baseline.simulation.trades, this.bars, this.sizeScale),
    );
  }

  /** Each live strategy compared with this one, and last the equal-weight live book ("live book"). */
  get live(): { strategies: LiveComparison[]; book: LiveComparison | null } {
    return this.memo("live", () => {
      const live = this.input.liveReturns ?? [];
      if (live.length === 0) return { strategies: [], book: null };
      const strategies = compareWithLive(this.daily, live);
      const sums = new Map<number, { sum: number; count: number }>();
      for (const strategy of live) {
        const count = Math.min(strategy.timestampMs.length, strategy.returns.length);
        for (let k = 0; k < count; k++) {
          if (!Number.isFinite(strategy.returns[k]!)) continue;
          const day = utcDay(strategy.timestampMs[k]!);
          const entry = sums.get(day) ?? { sum: 0, count: 0 };
          entry.sum += strategy.returns[k]!;
          entry.count++;
          sums.set(day, entry);
        }
      }
      const days = [...sums.keys()].sort((a, b) => a - b);
      const book = compareWithLive(this.daily, [
        {
          name: "live book",
          timestampMs: Float64Array.from(days, (day) => day * 86_400_000),
          returns: Float64Array.from(days, (day) => sums.get(day)!.sum / sums.get(day)!.count),
        },
      ])[0]!;
      return { strategies, book };
    });
  }

  /** Day trades of the NYSE symbols' trades. */
  get dayTrades(): DayTradeAnalysis {
    return this.memo("dayTrades", () => {
      const equities = new Set(this.symbolsOn("NYSE").map((index) => this.bars[index]!.symbol));
      // Daily bars are stamped on their trading date; intraday bars carry New York time.
      const tradingDay = (timeMs: number) =>
        this.intraday ? newYorkClock(timeMs).day : utcDay(timeMs);
      return countDayTrades(
        this.baseline.simulation.trades.filter((trade) => equities.has(trade.symbol)),
        tradingDay,
      );
    });
  }

  barScan(index: number): BarScan {
    return this.memo(`barScan:${index}`, () => scanBars(this.bars[index]!));
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
