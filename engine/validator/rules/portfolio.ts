import { minimumCommonDays, type LiveComparison } from "../analysis/portfolio.ts";
import type { ValidationContext } from "../context.ts";
import type { RuleOutcome, ValidationRule } from "../types.ts";
import {
  fail,
  fixed,
  grade,
  outcome,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  symbolsText,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("portfolio");

/**
 * Correlation with a live strategy: below 0.5 it still diversifies; above 0.8 the two are
 * largely one bet (a mix's volatility falls by only √((1 + ρ)/2), 95% of a single one's at 0.8).
 */
export const correlationPass = 0.5;
export const correlationFail = 0.8;
/** Above 0.95 the candidate is a copy of a live strategy. */
export const duplicateAbove = 0.95;
/** Correlation on the live book's losing days: crashes are when diversification is needed. */
export const downsideCorrelationWarn = 0.5;

function withLive(
  context: ValidationContext,
  check: (strategies: LiveComparison[], book: LiveComparison) => RuleOutcome,
): RuleOutcome {
  const { strategies, book } = context.live;
  if (!book) return skip("Needs the daily returns of the strategies already live (liveReturns).");
  if (context.daily.returns.length === 0) return skip("Needs daily returns of this strategy.");
  const measured = strategies.filter((strategy) => strategy.correlation !== null);
  if (measured.length === 0 || book.correlation === null)
    return skip(
      `Needs ${minimumCommonDays} days in common with a live strategy (most had ${Math.max(0, ...strategies.map((strategy) => strategy.commonDays))}).`,
    );
  return check(measured, book);
}

export const portfolioRules: ValidationRule[] = [
  rule(
    "warning",
    "portfolio-max-correlation",
    "Diversifies against each live strategy",
    (context) =>
      withLive(context, (strategies) => {
        const top = strategies.reduce((best, strategy) =>
          Math.abs(strategy.correlation!) > Math.abs(best.correlation!) ? strategy : best,
        );
        const rho = top.correlation!;
        const status = grade(Math.abs(rho), {
          passAt: correlationPass,
          failBeyond: correlationFail,
          higherIsBetter: false,
        });
        return outcome(
          status,
          `The highest correlation of daily returns is ${fixed(rho)} with "${top.name}" over ${top.commonDays} days: ${status === "pass" ? "adding it diversifies the live book." : "the two would largely win and lose together, adding risk more than diversification."}`,
          rho,
        );
      }),
  ),

  rule("warning", "portfolio-duplicate", "Not a copy of a live strategy", (context) =>
    withLive(context, (strategies) => {
      const copies = strategies.filter((strategy) => strategy.correlation! > duplicateAbove);
      if (copies.length > 0)
        return fail(
          `Daily returns correlate above ${duplicateAbove} with ${symbolsText(copies.map((strategy) => `"${strategy.name}"`))}: this is the same strategy again, which doubles its size rather than adding one.`,
          copies.length,
        );
      return pass(`No live strategy correlates above ${duplicateAbove}.`, 0);
    }),
  ),

  rule("warning", "portfolio-book-correlation", "Diversifies against the live book", (context) =>
    withLive(context, (_, book) => {
      const rho = book.correlation!;
      const status = grade(rho, {
        passAt: correlationPass,
        failBeyond: correlationFail,
        higherIsBetter: false,
      });
      return outcome(
        status,
        `Daily returns correlate ${fixed(rho)} with the equal-weight live book over ${book.commonDays} days: ${status === "pass" ? "it moves mostly independently of what already runs." : "it mostly repeats the exposure the live book already has."}`,
        rho,
      );
    }),
  ),

  rule(
    "warning",
    "portfolio-downside-correlation",
    "Diversifies when the live book loses",
    (context) =>
      withLive(context, (_, book) => {
        const rho = book.downsideCorrelation;
        if (rho === null) return skip("Needs losing days of the live book with some variation.");
        if (rho > downsideCorrelationWarn)
          return warn(
            `On the live book's losing days the correlation rises to ${fixed(rho)} (overall ${fixed(book.correlation)}): the diversification disappears when it is needed.`,
            rho,
          );
        return pass(
          `On the live book's losing days the correlation is ${fixed(rho)} (overall ${fixed(book.correlation)}).`,
          rho,
        );
      }),
  ),

  rule(
    "warning",
    "portfolio-live-worst-days",
    "Does not add to the live book's worst days",
    (context) =>
      withLive(context, (_, book) => {
        const value = book.meanOnLiveWorstDays!;
        if (value < 0)
          return warn(
            `On the live book's worst 5% of days this strategy averages ${percent(value, 2)}: it deepens the book's drawdowns.`,
            value,
          );
        return pass(
          `On the live book's worst 5% of days this strategy averages ${percent(value, 2)}.`,
          value,
        );
      }),
  ),

  rule(
    "info",
    "portfolio-diversification-benefit",
    "Improves the live book's Sharpe ratio",
    (context) =>
      withLive(context, (_, book) => {
        const { liveSharpe, mixSharpe } = book;
        if (liveSharpe === null || mixSharpe === null)
          return skip("Needs returns with variation on both sides.");
        if (mixSharpe < liveSharpe)
          return warn(
            `Mixed 50/50 with the live book, the Sharpe ratio on common days is ${fixed(mixSharpe)} against ${fixed(liveSharpe)} for the book alone: adding it makes the book worse.`,
            mixSharpe - liveSharpe,
          );
        return pass(
          `Mixed 50/50 with the live book, the Sharpe ratio on common days rises from ${fixed(liveSharpe)} to ${fixed(mixSharpe)}.`,
          mixSharpe - liveSharpe,
        );
      }),
  ),

  rule("info", "portfolio-common-history", "Enough overlap with every live strategy", (context) => {
    const { strategies } = context.live;
    if (strategies.length === 0)
      return skip("Needs the daily returns of the strategies already live (liveReturns).");
    const short = strategies.filter((strategy) => strategy.commonDays < minimumCommonDays);
    if (short.length > 0)
      return warn(
        `${plural(short.length, "live strategy", "live strategies")} (${symbolsText(short.map((strategy) => `"${strategy.name}"`))}) share fewer than ${minimumCommonDays} days with this backtest: their correlation cannot be judged.`,
        short.length,
      );
    return pass(
      `Every live strategy shares at least ${minimumCommonDays} days with this backtest.`,
      0,
    );
  }),
];
