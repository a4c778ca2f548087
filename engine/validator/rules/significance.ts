import { hacMeanT, neweyWestLag } from "../../scanner/statistics.ts";
import { autocorrelation, mean, standardDeviation } from "../analysis/numbers.ts";
import { utcDay } from "../analysis/time.ts";
import { sharpeConfidence } from "../context.ts";
import type { ValidationRule } from "../types.ts";
import {
  fail,
  fixed,
  grade,
  noReturnsMessage,
  outcome,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("significance");

/**
 * t of the mean daily return: Harvey, Liu & Zhu (2016, "...and the Cross-Section of Expected
 * Returns", RFS 29) argue new findings need t > 3 after decades of data mining; t < 2 is not
 * significant even at the textbook 5% level.
 */
export const tStatPass = 3;
export const tStatFail = 2;
/** Newey-West t: 2 is the 5% two-sided critical value of the normal. */
export const neweyWestTPass = 2;
/** PSR, bootstrap and MinTRL at 95% confidence (Bailey & López de Prado 2012). */
export const psrPass = sharpeConfidence;
export const psrFail = 0.9;
/** Deflated Sharpe ratio: Bailey & López de Prado (2014) reject at DSR < 0.95; below 0.9 it is a clear fail. */
export const deflatedSharpePass = 0.95;
export const deflatedSharpeFail = 0.9;
/**
 * PBO by CSCV (Bailey, Borwein, López de Prado & Zhu 2017). The common reading is "above 0.5 is
 * overfit", but 0.5 is what a search with no skill scores on average (0.48 ± 0.14 over seeded
 * noise searches), so half of such searches would pass it. Real edges score near 0; we pass at
 * most 0.1, warn up to 0.25 and fail above, where no-skill searches land about 9 times in 10.
 */
export const pboPass = 0.1;
export const pboFail = 0.25;
/** Share of CSCV splits whose chosen trial loses out of sample. */
export const probabilityOfLossWarn = 0.25;
/** Closed trades: fewer than 30 make any per-trade statistic a guess (the central-limit rule of thumb). */
export const tradesPass = 30;
export const tradesFail = 10;
/** Worst-5% reshuffled drawdown against the backtest's own: 1.5 times means the order was lucky. */
export const reshuffleRatioWarn = 1.5;
/** Worst-5% reshuffled drawdown above 50% halves the account one time in twenty. */
export const reshuffleDrawdownFail = 0.5;
/** Price-path worst 5%: a loss this large one time in twenty fails. */
export const pricePathFail = -0.2;
/** First-order autocorrelation of daily returns above 0.2 inflates the annualized Sharpe (Lo 2002). */
export const autocorrelationWarn = 0.2;

function trialsSkip(what: string) {
  return skip(
    `Needs the trials tried before picking this strategy (${what}); without them selection bias cannot be measured.`,
  );
}

export const significanceRules: ValidationRule[] = [
  rule("critical", "significance-positive-return", "The strategy makes money", (context) => {
    const { totalReturn, sharpe } = context.baseline.metrics;
    if (!(totalReturn > 0) || !(sharpe !== null && sharpe > 0))
      return fail(
        `Total return ${percent(totalReturn)} with Sharpe ${fixed(sharpe)}: after costs the strategy does not make money over the test, so there is no edge to validate.`,
        totalReturn,
      );
    return pass(
      `Total return ${percent(totalReturn)} after costs, Sharpe ${fixed(sharpe)}: the strategy makes money over the test.`,
      totalReturn,
    );
  }),

  rule("critical", "significance-t-stat", "Mean daily return is significant", (context) => {
    const moments = context.moments;
    if (!moments)
      return fail(
        "The daily returns never vary (the strategy never held a position): there is no return to test, so no edge.",
        0,
      );
    const t = moments.sharpe * Math.sqrt(moments.count);
    const status = grade(t, { passAt: tStatPass, failBeyond: tStatFail, higherIsBetter: true });
    return outcome(
      status,
      `t-statistic of the mean daily return ${fixed(t)} over ${moments.count} days: ${
        status === "pass"
          ? `above ${tStatPass}, the bar Harvey, Liu & Zhu set for new findings.`
          : status === "warn"
            ? `significant at 5% but below ${tStatPass}, the bar for a finding picked among many.`
            : `below ${tStatFail}: the returns are indistinguishable from luck.`
      }`,
      t,
    );
  }),

  rule(
    "warning",
    "significance-newey-west-t",
    "Significant with autocorrelated returns",
    (context) => {
      const { returns } = context.daily;
      if (!context.moments) return skip(noReturnsMessage);
      const lag = neweyWestLag(returns.length);
      const t = hacMeanT(returns, 0, returns.length, lag);
      if (Number.isNaN(t)) return skip(noReturnsMessage);
      if (t < neweyWestTPass)
        return fail(
          `With a Newey-West standard error (lag ${lag}), the mean daily return's t is ${fixed(t)}, below ${neweyWestTPass}: once overlapping holdings and volatility clusters are accounted for, the edge is not significant.`,
          t,
        );
      return pass(`Newey-West t (lag ${lag}) of the mean daily return is ${fixed(t)}.`, t);
    },
  ),

  rule("warning", "significance-psr", "Probabilistic Sharpe ratio above 95%", (context) => {
    const psr = context.psr;
    if (psr === null) return skip(noReturnsMessage);
    const status = grade(psr, { passAt: psrPass, failBeyond: psrFail, higherIsBetter: true });
    return outcome(
      status,
      `Probability that the true Sharpe ratio is above 0, given skew and fat tails: ${percent(psr)}${status === "pass" ? "." : `, short of ${percent(psrPass, 0)}: the Sharpe ratio may be luck of the sample.`}`,
      psr,
    );
  }),

  rule(
    "warning",
    "significance-bootstrap-sharpe",
    "Bootstrap interval of Sharpe excludes 0",
    (context) => {
      const interval = context.bootstrap;
      if (!interval) return skip(noReturnsMessage);
      const annual = Math.sqrt(252);
      const text = `${fixed(interval.low * annual)} to ${fixed(interval.high * annual)}`;
      if (interval.low > 0)
        return pass(
          `The 95% stationary-bootstrap interval of the annualized Sharpe ratio is ${text}: it excludes 0.`,
          interval.low * annual,
        );
      return fail(
        `The 95% stationary-bootstrap interval of the annualized Sharpe ratio is ${text}: it includes 0, so resampled histories are often flat or losing.`,
        interval.low * annual,
      );
    },
  ),

  rule("critical", "significance-deflated-sharpe", "Deflated Sharpe ratio above 95%", (context) => {
    if (!context.input.trials) return trialsSkip("trials.count, and trials.sharpes if known");
    if (!context.moments) return skip(noReturnsMessage);
    const deflated = context.deflated!;
    const status = grade(deflated.dsr, {
      passAt: deflatedSharpePass,
      failBeyond: deflatedSharpeFail,
      higherIsBetter: true,
    });
    const annual = Math.sqrt(252);
    return outcome(
      status,
      `Deflated Sharpe ratio ${percent(deflated.dsr)} after ${plural(deflated.trials, "trial")}: the best of that many skill-less strategies would show an annualized Sharpe near ${fixed(deflated.expectedMaxSharpe * annual)} (variance from ${deflated.varianceSource}) against this one's ${fixed(context.moments.sharpe * annual)}. ${status === "pass" ? "The edge survives the selection." : `Below ${percent(deflatedSharpePass, 0)}, the result is what picking the best of many tries produces by chance.`}`,
      deflated.dsr,
    );
  }),

  rule("critical", "significance-pbo", "Low probability of backtest overfitting", (context) => {
    if (!context.input.trials?.matrix)
      return trialsSkip("trials.matrix of the trials' daily returns");
    const result = context.pbo!;
    const status = grade(result.pbo, {
      passAt: pboPass,
      failBeyond: pboFail,
      higherIsBetter: false,
    });
    return outcome(
      status,
      `PBO ${percent(result.pbo)} over ${result.combinations} CSCV splits: the in-sample best trial fell below the out-of-sample median that often. ${status === "pass" ? "The selection generalizes." : "A search with no skill scores about 50%; the selection process is picking luck."}`,
      result.pbo,
    );
  }),

  rule(
    "info",
    "significance-pbo-loss",
    "The chosen trial rarely loses out of sample",
    (context) => {
      if (!context.input.trials?.matrix)
        return trialsSkip("trials.matrix of the trials' daily returns");
      const { probabilityOfLoss, performanceDegradation } = context.pbo!;
      const slopeText = Number.isNaN(performanceDegradation.slope)
        ? ""
        : `; out-of-sample Sharpe falls by ${fixed(-performanceDegradation.slope)} per unit of in-sample Sharpe`;
      if (probabilityOfLoss > probabilityOfLossWarn)
        return warn(
          `In ${percent(probabilityOfLoss)} of the CSCV splits the in-sample winner loses money out of sample${slopeText}: the selection does not carry over.`,
          probabilityOfLoss,
        );
      return pass(
        `The in-sample winner loses out of sample in ${percent(probabilityOfLoss)} of the splits${slopeText}.`,
        probabilityOfLoss,
      );
    },
  ),

  rule(
    "warning",
    "significance-min-track-record",
    "History longer than the minimum track record",
    (context) => {
      const needed = context.minimumTrackRecordDays;
      if (needed === null) return skip(noReturnsMessage);
      const have = context.daily.returns.length;
      if (!Number.isFinite(needed))
        return fail(
          `The Sharpe ratio is not above 0, so no track record is long enough to show skill at 95% confidence.`,
          needed,
        );
      if (have >= needed)
        return pass(
          `${have} daily returns exceed the ${Math.ceil(needed)} needed for 95% confidence that the Sharpe ratio is above 0 (Bailey & López de Prado's MinTRL).`,
          needed,
        );
      return fail(
        `Showing a Sharpe ratio above 0 at 95% confidence needs ${Math.ceil(needed)} daily returns (about ${fixed(needed / 252, 1)} years); the test has ${have}: too short to tell skill from luck.`,
        needed,
      );
    },
  ),

  rule("warning", "significance-trade-count", "Enough trades", (context) => {
    const trades = context.baseline.metrics.trades;
    const status = grade(trades, {
      passAt: tradesPass,
      failBeyond: tradesFail,
      higherIsBetter: true,
    });
    return outcome(
      status,
      `${plural(trades, "closed trade")}: ${status === "pass" ? "enough for per-trade statistics." : `below ${tradesPass}, win rate, profit factor and expectancy are dominated by a few outcomes.`}`,
      trades,
    );
  }),

  rule("warning", "significance-trade-t-stat", "Mean trade return is significant", (context) => {
    const returns = context.tradeReturns;
    if (returns.length < tradesFail)
      return skip(`Needs at least ${tradesFail} closed trades (had ${returns.length}).`);
    const center = mean(returns)!;
    let squares = 0;
    for (const value of returns) squares += (value - center) ** 2;
    const spread = Math.sqrt(squares / (returns.length - 1));
    if (!(spread > 0)) return skip("Every trade returned the same amount.");
    const t = (center / spread) * Math.sqrt(returns.length);
    if (t < tStatFail)
      return fail(
        `The mean return per trade is ${percent(center, 2)} of equity with t ${fixed(t)} over ${returns.length} trades: per trade, the edge is not distinguishable from noise.`,
        t,
      );
    return pass(
      `The mean return per trade is ${percent(center, 2)} of equity, t ${fixed(t)} over ${returns.length} trades.`,
      t,
    );
  }),

  rule(
    "warning",
    "significance-reshuffle-drawdown",
    "Drawdown robust to the order of trades",
    (context) => {
      const reshuffle = context.reshuffle;
      if (!reshuffle) return skip("Needs at least one closed trade.");
      const { worst5Percent, original } = reshuffle;
      const ratio = original > 0 ? worst5Percent / original : worst5Percent > 0 ? Infinity : 1;
      const text = `In 1,000 reshuffled orders of the same trades the worst 5% drawdown is ${percent(worst5Percent)}, against ${percent(original)} in the order they happened`;
      if (worst5Percent > reshuffleDrawdownFail)
        return fail(`${text}: one ordering in twenty more than halves the account.`, worst5Percent);
      if (ratio > reshuffleRatioWarn)
        return warn(
          `${text}: the backtest's drawdown was a lucky draw; plan for the larger one.`,
          worst5Percent,
        );
      return pass(`${text}.`, worst5Percent);
    },
  ),

  rule("warning", "significance-price-path", "Resampled price paths stay profitable", (context) => {
    const paths = context.pricePath;
    if (!paths || !context.moments) return skip(noReturnsMessage);
    const text = `Over 1,000 block-bootstrapped histories the worst 5% total return is ${percent(paths.worst5Percent)} (median ${percent(paths.median)})`;
    if (paths.worst5Percent < pricePathFail)
      return fail(
        `${text}: one history in twenty loses more than ${percent(-pricePathFail, 0)}.`,
        paths.worst5Percent,
      );
    if (paths.worst5Percent < 0)
      return warn(`${text}: one history in twenty loses money.`, paths.worst5Percent);
    return pass(`${text}: even the unlucky histories make money.`, paths.worst5Percent);
  }),

  rule(
    "warning",
    "significance-return-autocorrelation",
    "Daily returns are not smoothed",
    (context) => {
      const rho = autocorrelation(context.daily.returns);
      if (rho === null) return skip(noReturnsMessage);
      if (rho > autocorrelationWarn)
        return warn(
          `Daily returns have a first-order autocorrelation of ${fixed(rho)}: positively correlated returns make √252 annualization overstate the Sharpe ratio (Lo 2002), roughly by √((1+ρ)/(1−ρ)) = ${fixed(Math.sqrt((1 + rho) / (1 - rho)))}×.`,
          rho,
        );
      return pass(
        `Daily returns have a first-order autocorrelation of ${fixed(rho)}: the annualized Sharpe ratio is not inflated by smoothing.`,
        rho,
      );
    },
  ),

  rule(
    "info",
    "significance-beats-buy-and-hold",
    "Better risk-adjusted than buy-and-hold",
    (context) => {
      const { daily, run } = context.buyAndHold;
      const ours = new Map<number, number>();
      context.daily.returns.forEach((value, k) =>
        ours.set(utcDay(context.daily.timestampMs[k]!), value),
      );
      const differences: number[] = [];
      daily.returns.forEach((value, k) => {
        const mine = ours.get(utcDay(daily.timestampMs[k]!));
        if (mine !== undefined) differences.push(mine - value);
      });
      const sharpe = context.baseline.metrics.sharpe;
      const benchmark = run.metrics.sharpe;
      if (differences.length < 20 || sharpe === null || benchmark === null)
        return skip(
          "Needs 20 common days and a Sharpe ratio for both the strategy and buy-and-hold.",
        );
      const spread = standardDeviation(differences) ?? 0;
      const t = spread > 0 ? (mean(differences)! / spread) * Math.sqrt(differences.length) : 0;
      if (sharpe <= benchmark)
        return warn(
          `Sharpe ${fixed(sharpe)} against ${fixed(benchmark)} for buying and holding the same universe (t of the daily difference ${fixed(t)}): the rules add risk-adjusted value only if they hedge or diversify something.`,
          sharpe - benchmark,
        );
      return pass(
        `Sharpe ${fixed(sharpe)} against ${fixed(benchmark)} for buy-and-hold of the same universe (t of the daily difference ${fixed(t)}).`,
        sharpe - benchmark,
      );
    },
  ),

  rule("info", "significance-trials-reported", "The number of trials is known", (context) => {
    const trials = context.input.trials;
    if (!trials)
      return warn(
        "No trial count was given: if this strategy was picked among many, its Sharpe ratio is biased upward by the search and the deflated Sharpe ratio and PBO cannot correct for it.",
      );
    return pass(
      `${plural(trials.count, "trial")} reported${trials.sharpes ? ` with ${trials.sharpes.length} Sharpe ratios` : ""}${trials.matrix ? ` and a ${trials.matrix.rows}×${trials.matrix.columns} return matrix` : ""}.`,
      trials.count,
    );
  }),
];
