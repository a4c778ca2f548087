import { median } from "../analysis/numbers.ts";
import { formatDate } from "../analysis/time.ts";
import { bestTradeShare, laterStartBars } from "../context.ts";
import type { ValidationRule } from "../types.ts";
import {
  fail,
  fixed,
  grade,
  money,
  noReturnsMessage,
  outcome,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("robustness");

/**
 * A parameter plateau: nudged parameters should keep at least half the Sharpe ratio (a common
 * robustness criterion, e.g. Pardo 2008, "The Evaluation and Optimization of Trading
 * Strategies"); a quarter or less means the result sits on a spike.
 */
export const plateauPass = 0.5;
export const plateauFail = 0.25;
/** Share of neighbours that should still make money. */
export const neighboursProfitablePass = 0.75;
/** Keeping half the Sharpe ratio under doubled costs or a one-bar delay is a pass; losing all of it fails. */
export const keepSharePass = 0.5;
/** Break-even extra cost per side: under 5 bps any cost misestimate erases the edge; 10 bps is a cushion. */
export const breakevenPassBps = 10;
export const breakevenFailBps = 5;
/** The best trade's share of net profit. */
export const bestTradeSharePass = 0.25;
export const bestTradeShareFail = 0.5;
/** Share of calendar years that should be profitable. */
export const profitableYearsPass = 0.6;
export const profitableYearsFail = 0.4;
/** Years shorter than a quarter of trading days are not judged. */
const minimumYearDays = 63;
/** Maximum drawdown: 25% is what most allocators tolerate; half the account is a fail. */
export const maxDrawdownPass = 0.25;
export const maxDrawdownFail = 0.5;
/** Longest drawdown in days: a year under water tests patience, two years ends most strategies. */
export const drawdownDaysPass = 365;
export const drawdownDaysFail = 730;
/** The best month's share of the total log growth. */
export const bestMonthSharePass = 0.3;
export const bestMonthShareFail = 0.5;
/** Open positions' unrealized P&L above this share of net profit leaves the result unbooked. */
export const openProfitShareWarn = 0.25;
/** Worst single day: -10% is a crash day for an index; -20% ends accounts on leverage. */
export const worstDayPass = -0.1;
export const worstDayFail = -0.2;
/** Time in the market below 5%: a handful of days carries the result. */
export const exposureWarnBelow = 0.05;
/** More than half the exits by stop or target: results hinge on intrabar fill assumptions. */
export const intrabarExitShareWarn = 0.5;

function keepRatio(value: number | null, base: number | null): number | null {
  if (value === null || base === null || !(base > 0)) return null;
  return value / base;
}

export const robustnessRules: ValidationRule[] = [
  rule(
    "warning",
    "robustness-neighbour-plateau",
    "Nudged parameters keep the Sharpe ratio",
    (context) => {
      const runs = context.neighbourRuns.filter((run) => run.sharpe !== null);
      if (runs.length === 0)
        return skip(
          "Needs neighbours: the spec with each optimized parameter nudged (built from its template).",
        );
      const base = context.baseline.metrics.sharpe;
      if (base === null || base <= 0)
        return skip("Needs a positive Sharpe ratio to compare the neighbours with.");
      const middle = median(runs.map((run) => run.sharpe!))!;
      const ratio = middle / base;
      const status = grade(ratio, {
        passAt: plateauPass,
        failBeyond: plateauFail,
        higherIsBetter: true,
      });
      return outcome(
        status,
        `The median of ${plural(runs.length, "neighbour")} has Sharpe ${fixed(middle)}, ${percent(ratio, 0)} of this spec's ${fixed(base)}: ${status === "pass" ? "the result sits on a plateau, not a spike." : "the parameters sit on a narrow peak, which the market will not hold still for."}`,
        ratio,
      );
    },
  ),

  rule("warning", "robustness-neighbour-worst", "No nudged parameter set loses", (context) => {
    const runs = context.neighbourRuns.filter((run) => run.sharpe !== null);
    if (runs.length === 0)
      return skip("Needs neighbours: the spec with each optimized parameter nudged.");
    const worst = runs.reduce((low, run) => (run.sharpe! < low.sharpe! ? run : low));
    if (worst.sharpe! <= 0)
      return fail(
        `Nudging a parameter (${worst.label}) drops the Sharpe ratio to ${fixed(worst.sharpe)}: a small change turns the strategy into a loser.`,
        worst.sharpe!,
      );
    return pass(
      `The weakest neighbour (${worst.label}) still has Sharpe ${fixed(worst.sharpe)}.`,
      worst.sharpe!,
    );
  }),

  rule(
    "info",
    "robustness-neighbours-profitable",
    "Most nudged parameter sets make money",
    (context) => {
      const runs = context.neighbourRuns.filter((run) => run.totalReturn !== null);
      if (runs.length === 0)
        return skip("Needs neighbours: the spec with each optimized parameter nudged.");
      const share = runs.filter((run) => run.totalReturn! > 0).length / runs.length;
      if (share < neighboursProfitablePass)
        return warn(
          `Only ${percent(share, 0)} of ${plural(runs.length, "neighbour")} make money: the edge depends on the exact parameters.`,
          share,
        );
      return pass(`${percent(share, 0)} of ${plural(runs.length, "neighbour")} make money.`, share);
    },
  ),

  rule("info", "robustness-neighbours-run", "Every neighbour could be backtested", (context) => {
    const neighbours = context.input.neighbours ?? [];
    if (neighbours.length === 0)
      return skip("Needs neighbours: the spec with each optimized parameter nudged.");
    const failed = context.neighbourRuns.filter((run) => run.error !== null);
    if (failed.length > 0)
      return warn(
        `${plural(failed.length, "neighbour")} could not run (${failed[0]!.label}: ${failed[0]!.error}): the plateau check sees fewer variations than asked.`,
        failed.length,
      );
    return pass(
      `Every one of the ${plural(neighbours.length, "neighbour")} ran, so the plateau check sees each variation asked for.`,
      0,
    );
  }),

  rule("warning", "robustness-doubled-costs", "Survives doubled costs", (context) => {
    const base = context.baseline.metrics.sharpe;
    const doubled = context.doubledCosts.metrics.sharpe;
    const { feeBps, slippageBps } = context.spec.costs;
    if (feeBps + slippageBps === 0)
      return warn(
        "Costs are zero, so doubling them changes nothing: the test cannot tell how much cost the edge can bear.",
        doubled ?? undefined,
      );
    if (doubled === null) return skip(noReturnsMessage);
    const ratio = keepRatio(doubled, base);
    const text = `With fees and slippage doubled (${feeBps * 2} + ${slippageBps * 2} bps a side) the Sharpe ratio is ${fixed(doubled)} against ${fixed(base)}`;
    if (doubled <= 0) return fail(`${text}: a cost estimate off by two erases the edge.`, doubled);
    if (ratio !== null && ratio < keepSharePass)
      return warn(
        `${text}: more than half the edge goes to costs if they are underestimated.`,
        doubled,
      );
    return pass(`${text}.`, doubled);
  }),

  rule("warning", "robustness-costs-modelled", "Trading costs are modelled", (context) => {
    const { feeBps, slippageBps } = context.spec.costs;
    const total = feeBps + slippageBps;
    if (total === 0)
      return fail(
        "The spec charges no fees and no slippage: every real fill pays a spread, so the backtest overstates returns, most for frequent traders.",
        0,
      );
    return pass(
      `Costs of ${fixed(feeBps, 1)} bps fees + ${fixed(slippageBps, 1)} bps slippage per side are charged.`,
      total,
    );
  }),

  rule("warning", "robustness-cost-breakeven", "Edge per trade well above costs", (context) => {
    const { simulation, metrics } = context.baseline;
    if (simulation.tradedNotional <= 0 || metrics.trades === 0) return skip("Needs closed trades.");
    const netProfit = metrics.finalEquity - context.input.options.initialCash;
    const breakevenBps = (netProfit / simulation.tradedNotional) * 1e4;
    const status = grade(breakevenBps, {
      passAt: breakevenPassBps,
      failBeyond: breakevenFailBps,
      higherIsBetter: true,
    });
    return outcome(
      status,
      `The net profit is ${fixed(breakevenBps, 1)} bps of the notional traded: ${status === "pass" ? "costs could rise that much per side before the edge is gone." : `an extra ${fixed(Math.max(0, breakevenBps), 1)} bps per side of unmodelled cost (spread, impact, fees) would erase it.`}`,
      breakevenBps,
    );
  }),

  rule("warning", "robustness-one-bar-delay", "Survives acting one bar later", (context) => {
    const base = context.baseline.metrics.sharpe;
    const delayed = context.delayed.metrics.sharpe;
    if (delayed === null || base === null) return skip(noReturnsMessage);
    const ratio = keepRatio(delayed, base);
    const text = `Acting one bar after each signal gives Sharpe ${fixed(delayed)} against ${fixed(base)}`;
    if (delayed <= 0)
      return fail(
        `${text}: the edge lives in the first bar after the signal, which slow fills, outages or latency give away (and which a leak would explain).`,
        delayed,
      );
    if (ratio !== null && ratio < keepSharePass)
      return warn(
        `${text}: most of the edge decays within a bar, so execution speed matters.`,
        delayed,
      );
    return pass(`${text}: the signal is not a race.`, delayed);
  }),

  rule(
    "warning",
    "robustness-best-trades-removed",
    "Profitable without the best trades",
    (context) => {
      const removed = context.bestTradesRemoved;
      if (!removed) return skip("Needs closed trades.");
      const text = `Without its ${plural(removed.removed, "best trade")} (the top ${percent(bestTradeShare, 0)}), the net profit goes from ${money(removed.netProfit)} to ${money(removed.remainingProfit)}`;
      if (removed.remainingProfit <= 0)
        return fail(
          `${text}: a handful of outliers carries the strategy, and missing one of them live leaves a loser.`,
          removed.remainingProfit,
        );
      return pass(`${text}.`, removed.remainingProfit);
    },
  ),

  rule(
    "warning",
    "robustness-best-trade-share",
    "No single trade carries the result",
    (context) => {
      const removed = context.bestTradesRemoved;
      if (!removed) return skip("Needs closed trades.");
      if (removed.netProfit <= 0) return skip("Needs a net profit to take shares of.");
      const share = removed.bestTradePnl / removed.netProfit;
      const status = grade(share, {
        passAt: bestTradeSharePass,
        failBeyond: bestTradeShareFail,
        higherIsBetter: false,
      });
      return outcome(
        status,
        `The best trade made ${money(removed.bestTradePnl)}, ${percent(share)} of the net profit: ${status === "pass" ? "the profit is spread over many trades." : "one trade is a large part of the result, which a different start date or a missed fill would lose."}`,
        share,
      );
    },
  ),

  rule(
    "warning",
    "robustness-subperiod-thirds",
    "Profitable in each third of the history",
    (context) => {
      const { thirds } = context.subPeriods;
      if (thirds.length < 3 || thirds.some((third) => third.days < 20))
        return skip("Needs at least 60 daily returns.");
      const losing = thirds.filter((third) => !(third.sharpe !== null && third.sharpe > 0));
      const text = thirds.map((third) => `${third.label} ${fixed(third.sharpe)}`).join(", ");
      if (losing.length >= 2)
        return fail(
          `Sharpe by third: ${text}. Two of three periods lose: the edge is not stable over time.`,
          losing.length,
        );
      if (losing.length === 1)
        return warn(`Sharpe by third: ${text}. One period loses: the edge comes and goes.`, 1);
      return pass(`Sharpe by third: ${text}. Every period makes money.`, 0);
    },
  ),

  rule(
    "warning",
    "robustness-profitable-years",
    "Most calendar years are profitable",
    (context) => {
      const years = context.subPeriods.years.filter((year) => year.days >= minimumYearDays);
      if (years.length < 2) return skip("Needs at least two calendar years of a quarter or more.");
      const winners = years.filter((year) => year.totalReturn > 0);
      const share = winners.length / years.length;
      const status = grade(share, {
        passAt: profitableYearsPass,
        failBeyond: profitableYearsFail,
        higherIsBetter: true,
      });
      const list = years.map((year) => `${year.label} ${percent(year.totalReturn, 0)}`).join(", ");
      return outcome(
        status,
        `${winners.length} of ${years.length} years are profitable (${list}): ${status === "pass" ? "consistent from year to year." : "the result rests on a few good years."}`,
        share,
      );
    },
  ),

  rule("warning", "robustness-recent-performance", "The edge has not decayed", (context) => {
    const { thirds } = context.subPeriods;
    const [first, , last] = thirds;
    if (!first || !last || last.days < 20 || last.sharpe === null)
      return skip("Needs at least 60 daily returns.");
    if (last.sharpe <= 0)
      return fail(
        `The last third of the history has Sharpe ${fixed(last.sharpe)} (first third ${fixed(first.sharpe)}): the edge has faded or reversed recently, which is what live trading would inherit.`,
        last.sharpe,
      );
    if (first.sharpe !== null && first.sharpe > 0 && last.sharpe < keepSharePass * first.sharpe)
      return warn(
        `The last third's Sharpe ${fixed(last.sharpe)} is under half the first third's ${fixed(first.sharpe)}: the edge is decaying.`,
        last.sharpe,
      );
    return pass(
      `The last third has Sharpe ${fixed(last.sharpe)} (first third ${fixed(first.sharpe)}): the edge has not faded recently.`,
      last.sharpe,
    );
  }),

  rule("warning", "robustness-max-drawdown", "Tolerable maximum drawdown", (context) => {
    const drawdown = context.baseline.metrics.maxDrawdown;
    const status = grade(drawdown, {
      passAt: maxDrawdownPass,
      failBeyond: maxDrawdownFail,
      higherIsBetter: false,
    });
    return outcome(
      status,
      `The deepest fall from a peak is ${percent(drawdown)}: ${status === "pass" ? "within what most traders hold through." : status === "warn" ? "deep enough that many abandon a strategy in it." : "it loses more than half the account at the worst point, and needs over 100% to recover."}`,
      drawdown,
    );
  }),

  rule("warning", "robustness-drawdown-duration", "Drawdowns recover in time", (context) => {
    const days = context.baseline.metrics.maxDrawdownDurationDays;
    const status = grade(days, {
      passAt: drawdownDaysPass,
      failBeyond: drawdownDaysFail,
      higherIsBetter: false,
    });
    return outcome(
      status,
      `The longest stretch below a previous peak is ${plural(days, "day")}: ${status === "pass" ? "recoveries come within a year." : "long enough that the strategy would likely be switched off before it recovers."}`,
      days,
    );
  }),

  rule("warning", "robustness-profit-concentration", "Profit spread across months", (context) => {
    const { timestampMs, returns } = context.daily;
    const months = new Map<string, number>();
    let total = 0;
    returns.forEach((value, k) => {
      const key = new Date(timestampMs[k]!).toISOString().slice(0, 7);
      const growth = Math.log1p(value);
      months.set(key, (months.get(key) ?? 0) + growth);
      total += growth;
    });
    if (months.size < 6 || !(total > 0))
      return skip("Needs six months of returns and a positive total.");
    let bestMonth = "";
    let best = -Infinity;
    for (const [month, growth] of months) if (growth > best) [best, bestMonth] = [growth, month];
    const share = best / total;
    const status = grade(share, {
      passAt: bestMonthSharePass,
      failBeyond: bestMonthShareFail,
      higherIsBetter: false,
    });
    return outcome(
      status,
      `The best month (${bestMonth}) made ${percent(share)} of the total growth over ${plural(months.size, "month")}: ${status === "pass" ? "the profit comes steadily." : "one month carries the record."}`,
      share,
    );
  }),

  rule("info", "robustness-open-position-at-end", "The result is booked, not open", (context) => {
    const { simulation, metrics } = context.baseline;
    const unrealized = simulation.openPositions.reduce(
      (sum, position) => sum + position.unrealizedPnl,
      0,
    );
    const netProfit = metrics.finalEquity - context.input.options.initialCash;
    if (simulation.openPositions.length === 0)
      return pass("No position is open at the end: every profit is realized.", 0);
    const share = netProfit > 0 ? unrealized / netProfit : 0;
    if (share > openProfitShareWarn)
      return warn(
        `${plural(simulation.openPositions.length, "open position")} at the end hold ${money(unrealized)}, ${percent(share)} of the net profit: that part is a mark, not a result.`,
        share,
      );
    return pass(
      `${plural(simulation.openPositions.length, "open position")} at the end hold ${money(unrealized)} unrealized.`,
      share,
    );
  }),

  rule("info", "robustness-skipped-entries", "Entries were not starved of cash", (context) => {
    const skipped = context.baseline.simulation.skippedEntries;
    if (skipped > 0)
      return warn(
        `${plural(skipped, "entry", "entries")} were skipped for lack of buying power: which signals got traded depended on the order of fills, a path the live account will not repeat.`,
        skipped,
      );
    return pass("No entry was skipped for lack of buying power, so every signal was traded.", 0);
  }),

  rule("warning", "robustness-later-start", "Results do not hinge on the start date", (context) => {
    const later = context.laterStart;
    if (!later) return skip(`Needs more than ${laterStartBars * 2} bars.`);
    const { sharpe, baselineSharpe } = later;
    if (sharpe === null || baselineSharpe === null) return skip(noReturnsMessage);
    const text = `Starting ${laterStartBars} bars later (${formatDate(later.startMs)}) gives Sharpe ${fixed(sharpe)} against ${fixed(baselineSharpe)} for the original run over the same days`;
    if (baselineSharpe > 0 && sharpe < keepSharePass * baselineSharpe)
      return warn(
        `${text}: the result depends on positions taken at the start, not on the rules alone.`,
        sharpe,
      );
    return pass(`${text}.`, sharpe);
  }),

  rule("warning", "robustness-worst-day", "No catastrophic single day", (context) => {
    const { returns, timestampMs } = context.daily;
    if (returns.length === 0) return skip(noReturnsMessage);
    let worst = 0;
    let when = 0;
    returns.forEach((value, k) => {
      if (value < worst) [worst, when] = [value, timestampMs[k]!];
    });
    const status = grade(worst, {
      passAt: worstDayPass,
      failBeyond: worstDayFail,
      higherIsBetter: true,
    });
    return outcome(
      status,
      `The worst day loses ${percent(-worst)}${worst < 0 ? ` (${formatDate(when)})` : ""}: ${status === "pass" ? "no single day threatens the account." : "a day like it again, or a worse one, is a large hit no stop can prevent."}`,
      worst,
    );
  }),

  rule("info", "robustness-exposure", "Enough time in the market", (context) => {
    const exposure = context.baseline.metrics.exposure;
    if (exposure < exposureWarnBelow)
      return warn(
        `Positions are open on ${percent(exposure)} of bars: a few days carry the whole result, so its statistics are thin.`,
        exposure,
      );
    return pass(
      `Positions are open on ${percent(exposure)} of bars: enough days carry the result for its statistics to mean something.`,
      exposure,
    );
  }),

  rule("info", "robustness-intrabar-exits", "Results do not hinge on intrabar fills", (context) => {
    const trades = context.baseline.simulation.trades;
    if (trades.length === 0) return skip("Needs closed trades.");
    const intrabar = trades.filter(
      (trade) => trade.exitReason !== "signal" && trade.exitReason !== "timeExit",
    ).length;
    const share = intrabar / trades.length;
    if (share > intrabarExitShareWarn)
      return warn(
        `${percent(share)} of exits are stops or targets filled inside a bar: bar data cannot tell which came first, and gaps fill worse than the level.`,
        share,
      );
    return pass(
      `${percent(share)} of exits are stops or targets filled inside a bar, so results rest mostly on fills at bar opens.`,
      share,
    );
  }),
];
