import { correlation, mean, slope } from "../analysis/numbers.ts";
import { trendSmaBars, volatilityWindowBars, type RegimeName } from "../analysis/regimes.ts";
import type { ValidationContext } from "../context.ts";
import type { RuleOutcome, ValidationRule } from "../types.ts";
import {
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

const rule = ruleMaker("regime");

/** A quarter of trading days in a regime before its Sharpe ratio is judged. */
export const minimumRegimeDays = 63;
/** Annualized Sharpe in a regime: at or above 0 passes; below -0.5 the strategy clearly bleeds there. */
export const regimeSharpeFail = -0.5;
/** Each trend regime should cover this share of the classified days for the test to have seen it. */
export const regimeCoverageWarnBelow = 0.15;
/** Compounded loss over the bear days alone. */
export const bearDrawdownWarn = 0.25;
/** Beta to the first symbol above this is leveraged market exposure. */
export const betaWarnAbove = 1.2;
/** Correlation with the first symbol above this: the strategy is the market with extra steps. */
export const marketCorrelationWarnAbove = 0.9;

/** The market's worst 5% of days (a 1-in-20 day, the usual tail of VaR), judged over at least 100 days. */
export const crashDayShare = 0.05;
export const crashMinimumDays = 100;
/** Beta and correlation need about a quarter of days (standard error ~1/√60). */
export const minimumMarketDays = 60;

const labels: Record<RegimeName, string> = {
  bull: `bull markets (close above its ${trendSmaBars}-bar average)`,
  bear: `bear markets (close below its ${trendSmaBars}-bar average)`,
  highVolatility: `high volatility (${volatilityWindowBars}-bar volatility above its median)`,
  lowVolatility: `low volatility (${volatilityWindowBars}-bar volatility at or below its median)`,
};

function regimeRule(name: RegimeName, context: ValidationContext): RuleOutcome {
  if (context.daily.returns.length === 0) return skip(noReturnsMessage);
  const regimes = context.regimes;
  const slice = regimes.slices[name];
  if (slice.days < minimumRegimeDays)
    return skip(
      `Needs ${minimumRegimeDays} days in ${labels[name]} of ${regimes.symbol}; the history has ${slice.days}${name === "bull" || name === "bear" ? ` (the trend needs ${trendSmaBars} bars of warm-up)` : ""}.`,
    );
  const sharpe = slice.sharpe ?? 0;
  const status = grade(sharpe, { passAt: 0, failBeyond: regimeSharpeFail, higherIsBetter: true });
  return outcome(
    status,
    `In ${labels[name]} of ${regimes.symbol}, ${slice.days} days, the strategy's Sharpe ratio is ${fixed(sharpe)} and it returns ${percent(slice.totalReturn)}: ${status === "pass" ? "it holds up in this regime." : "it loses in this regime, so its record depends on how often the market is in it."}`,
    sharpe,
  );
}

export const regimeRules: ValidationRule[] = [
  rule("warning", "regime-bull", "Holds up in bull markets", (context) =>
    regimeRule("bull", context),
  ),
  rule("warning", "regime-bear", "Holds up in bear markets", (context) =>
    regimeRule("bear", context),
  ),
  rule("warning", "regime-high-volatility", "Holds up in high volatility", (context) =>
    regimeRule("highVolatility", context),
  ),
  rule("warning", "regime-low-volatility", "Holds up in low volatility", (context) =>
    regimeRule("lowVolatility", context),
  ),

  rule("info", "regime-trend-coverage", "The history saw both bull and bear markets", (context) => {
    if (context.daily.returns.length === 0) return skip(noReturnsMessage);
    const { slices, trendDays, symbol } = context.regimes;
    if (trendDays === 0)
      return skip(`Needs more than ${trendSmaBars} bars of ${symbol} for its trend.`);
    const bearShare = slices.bear.days / trendDays;
    const minority = Math.min(bearShare, 1 - bearShare);
    if (minority < regimeCoverageWarnBelow)
      return warn(
        `${symbol} was in a ${bearShare < 0.5 ? "bear" : "bull"} trend on only ${percent(minority)} of ${trendDays} days: the test has barely seen that regime, so how the strategy behaves in it is unknown.`,
        minority,
      );
    return pass(
      `Bear days are ${percent(bearShare)} of ${trendDays} classified days: the test saw both regimes.`,
      minority,
    );
  }),

  rule("warning", "regime-breadth", "Profitable in most regimes", (context) => {
    if (context.daily.returns.length === 0) return skip(noReturnsMessage);
    const judged = Object.values(context.regimes.slices).filter(
      (slice) => slice.days >= minimumRegimeDays,
    );
    if (judged.length < 3)
      return skip(`Needs at least three regimes with ${minimumRegimeDays} days each.`);
    const winning = judged.filter((slice) => (slice.sharpe ?? 0) > 0);
    const text = judged.map((slice) => `${slice.name} ${fixed(slice.sharpe)}`).join(", ");
    if (winning.length < judged.length - 1)
      return warn(
        `Profitable in ${winning.length} of ${judged.length} regimes (Sharpe: ${text}): the edge is a bet on one market condition.`,
        winning.length,
      );
    return pass(
      `Profitable in ${winning.length} of ${judged.length} regimes (Sharpe: ${text}).`,
      winning.length,
    );
  }),

  rule("warning", "regime-bear-drawdown", "Limited losses in bear markets", (context) => {
    if (context.daily.returns.length === 0) return skip(noReturnsMessage);
    const bear = context.regimes.slices.bear;
    if (bear.days < minimumRegimeDays) return skip(`Needs ${minimumRegimeDays} bear-market days.`);
    if (bear.maxDrawdown > bearDrawdownWarn)
      return warn(
        `Chained together, the ${bear.days} bear-market days fall ${percent(bear.maxDrawdown)} from peak: a long bear market would hit the strategy that hard.`,
        bear.maxDrawdown,
      );
    return pass(
      `Chained together, the ${bear.days} bear-market days fall at most ${percent(bear.maxDrawdown)} from peak.`,
      bear.maxDrawdown,
    );
  }),

  rule("warning", "regime-crash-days", "Does not amplify the market's worst days", (context) => {
    if (context.daily.returns.length === 0) return skip(noReturnsMessage);
    const market = context.regimes.marketReturns;
    const days: number[] = [];
    market.forEach((value, k) => {
      if (!Number.isNaN(value)) days.push(k);
    });
    if (days.length < crashMinimumDays)
      return skip(`Needs ${crashMinimumDays} days with a market return.`);
    days.sort((a, b) => market[a]! - market[b]!);
    const worst = days.slice(0, Math.floor(days.length * crashDayShare));
    const ours = mean(worst.map((k) => context.daily.returns[k]!))!;
    const theirs = mean(worst.map((k) => market[k]!))!;
    const symbol = context.regimes.symbol;
    if (ours < theirs)
      return warn(
        `On ${symbol}'s worst 5% of days (average ${percent(theirs, 2)}) the strategy averages ${percent(ours, 2)}: it loses more than the market when the market crashes.`,
        ours,
      );
    return pass(
      `On ${symbol}'s worst 5% of days (average ${percent(theirs, 2)}) the strategy averages ${percent(ours, 2)}.`,
      ours,
    );
  }),

  rule("info", "regime-market-beta", "Not leveraged market exposure", (context) => {
    const pairs = marketPairs(context);
    if (!pairs) return skip("Needs 60 days with both a strategy and a market return.");
    const beta = slope(pairs.market, pairs.ours);
    if (beta === null) return skip("The market's returns do not vary.");
    if (beta > betaWarnAbove)
      return warn(
        `Beta to ${context.regimes.symbol} is ${fixed(beta)}: the strategy is mostly leveraged exposure to it, which a futures or ETF position gives more cheaply.`,
        beta,
      );
    return pass(
      `Beta to ${context.regimes.symbol} is ${fixed(beta)}: the strategy is not just leveraged exposure to it.`,
      beta,
    );
  }),

  rule("info", "regime-market-correlation", "More than a copy of the market", (context) => {
    const pairs = marketPairs(context);
    if (!pairs) return skip("Needs 60 days with both a strategy and a market return.");
    const rho = correlation(pairs.market, pairs.ours);
    if (rho === null) return skip("The returns do not vary.");
    if (rho > marketCorrelationWarnAbove)
      return warn(
        `Daily returns correlate ${fixed(rho)} with ${context.regimes.symbol}: the strategy adds little beyond holding it.`,
        rho,
      );
    return pass(
      `Daily returns correlate ${fixed(rho)} with ${context.regimes.symbol} over ${plural(pairs.ours.length, "day")}: the strategy is more than a copy of holding it.`,
      rho,
    );
  }),
];

function marketPairs(context: ValidationContext): { ours: number[]; market: number[] } | null {
  if (context.daily.returns.length === 0) return null;
  const market = context.regimes.marketReturns;
  const ours: number[] = [];
  const theirs: number[] = [];
  market.forEach((value, k) => {
    if (Number.isNaN(value)) return;
    ours.push(context.daily.returns[k]!);
    theirs.push(value);
  });
  return ours.length >= minimumMarketDays ? { ours, market: theirs } : null;
}
