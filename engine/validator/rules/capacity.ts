import { median, quantile } from "../analysis/numbers.ts";
import { volumeWindowDays, type TradeParticipation } from "../analysis/participation.ts";
import type { ValidationContext } from "../context.ts";
import type { RuleOutcome, ValidationRule } from "../types.ts";
import {
  fail,
  fixed,
  grade,
  money,
  outcome,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("capacity");

/**
 * Share of average daily volume: at 1% impact is negligible; execution desks cap participation
 * at 5-10% because impact then grows with √participation into the cost (Almgren, Thum, Hauptmann
 * & Li 2005, "Direct Estimation of Equity Market Impact").
 */
export const participationPass = 0.01;
export const participationFail = 0.1;
export const medianParticipationFail = 0.05;
/** The median daily dollar volume of traded names: under $1M a day is illiquid, under $100k untradable. */
export const dollarVolumePass = 1_000_000;
export const dollarVolumeFail = 100_000;
/** Annual turnover above 50 times equity makes costs the dominant term. */
export const turnoverWarnAbove = 50;
/** Square-root impact law, cost ≈ Y σ √(Q/V) with Y ≈ 1 (Tóth et al. 2011, "Anomalous price impact and the critical nature of liquidity"). */
export const impactCoefficient = 1;
/** Capacity below twice the account: no room to grow the account into. */
export const capacityHeadroom = 2;

function withTrades(
  context: ValidationContext,
  check: (trades: TradeParticipation[]) => RuleOutcome,
): RuleOutcome {
  const allZero = context.bars.every((series) => series.volume.every((value) => value === 0));
  if (allZero) return skip("Needs volume in the bars; every bar has zero volume.");
  const { trades } = context.participation;
  if (trades.length === 0)
    return skip(`Needs closed trades with ${volumeWindowDays} days of volume before them.`);
  return check(trades);
}

const sizeNote = (context: ValidationContext) =>
  context.input.account
    ? `at the account's ${money(context.accountEquity)}`
    : `at the backtest's ${money(context.accountEquity)}`;

export const capacityRules: ValidationRule[] = [
  rule(
    "warning",
    "capacity-max-participation",
    "Largest entry is a small share of daily volume",
    (context) =>
      withTrades(context, (trades) => {
        const top = trades.reduce((best, trade) =>
          trade.entryParticipation > best.entryParticipation ? trade : best,
        );
        const share = top.entryParticipation;
        const status = grade(share, {
          passAt: participationPass,
          failBeyond: participationFail,
          higherIsBetter: false,
        });
        return outcome(
          status,
          `The largest entry ${sizeNote(context)} buys ${percent(share, 2)} of ${top.symbol}'s average daily volume over the ${volumeWindowDays} days before it: ${status === "pass" ? "small enough to fill without moving the price." : "large enough to move the price against the fill, which the backtest does not charge."}`,
          share,
        );
      }),
  ),

  rule(
    "warning",
    "capacity-median-participation",
    "Typical entry is a small share of daily volume",
    (context) =>
      withTrades(context, (trades) => {
        const share = median(trades.map((trade) => trade.entryParticipation))!;
        const status = grade(share, {
          passAt: participationPass,
          failBeyond: medianParticipationFail,
          higherIsBetter: false,
        });
        return outcome(
          status,
          `The median entry ${sizeNote(context)} is ${percent(share, 3)} of average daily volume: ${status === "pass" ? "the strategy fits the market's liquidity." : "most trades are large for the market they trade in."}`,
          share,
        );
      }),
  ),

  rule(
    "warning",
    "capacity-exit-participation",
    "Exits are a small share of daily volume",
    (context) =>
      withTrades(context, (trades) => {
        const share = trades.reduce((most, trade) => Math.max(most, trade.exitParticipation), 0);
        const status = grade(share, {
          passAt: participationPass,
          failBeyond: participationFail,
          higherIsBetter: false,
        });
        return outcome(
          status,
          `The largest exit is ${percent(share, 2)} of the average daily volume before it: ${status === "pass" ? "positions can be left as easily as entered." : "leaving a position in a thin market, often in a hurry, costs more than the backtest charges."}`,
          share,
        );
      }),
  ),

  rule("warning", "capacity-zero-volume-entries", "No entries into untraded markets", (context) =>
    withTrades(context, (trades) => {
      const untraded = trades.filter((trade) => !Number.isFinite(trade.entryParticipation));
      if (untraded.length > 0)
        return fail(
          `${plural(untraded.length, "entry", "entries")} come after ${volumeWindowDays} days without any volume: nobody was trading, so the backtest's fills could not happen.`,
          untraded.length,
        );
      return pass(
        "Every entry comes after days with volume: someone was trading, so fills were possible.",
        0,
      );
    }),
  ),

  rule("info", "capacity-estimate", "Room to grow the account", (context) =>
    withTrades(context, (trades) => {
      const share = median(trades.map((trade) => trade.entryParticipation))!;
      if (!(share > 0) || !Number.isFinite(share))
        return skip("Needs trades with measurable participation.");
      const capacity = context.accountEquity * (participationPass / share);
      if (capacity < capacityHeadroom * context.accountEquity)
        return warn(
          `At 1% of daily volume per median entry, the strategy holds about ${money(capacity)}: little room beyond the account's ${money(context.accountEquity)}.`,
          capacity,
        );
      return pass(
        `At 1% of daily volume per median entry, the strategy could run about ${money(capacity)}.`,
        capacity,
      );
    }),
  ),

  rule("warning", "capacity-dollar-volume", "Traded markets are liquid", (context) =>
    withTrades(context, (trades) => {
      const dollars = median(trades.map((trade) => trade.averageDailyVolume * trade.price))!;
      const status = grade(dollars, {
        passAt: dollarVolumePass,
        failBeyond: dollarVolumeFail,
        higherIsBetter: true,
      });
      return outcome(
        status,
        `The median traded market turns over ${money(dollars)} a day: ${status === "pass" ? "liquid enough for ordinary orders." : "thin markets have wide spreads and sudden gaps that bar data hides."}`,
        dollars,
      );
    }),
  ),

  rule("info", "capacity-turnover", "Moderate turnover", (context) => {
    const turnover = context.baseline.metrics.turnover;
    if (turnover === null) return skip("Needs a test longer than one bar.");
    if (turnover > turnoverWarnAbove)
      return warn(
        `The strategy trades ${fixed(turnover, 0)} times its equity a year: at that pace every basis point of cost matters, and costs rise with size.`,
        turnover,
      );
    return pass(
      `The strategy trades ${fixed(turnover, 1)} times its equity a year: costs stay a modest share of returns.`,
      turnover,
    );
  }),

  rule(
    "warning",
    "capacity-market-impact",
    "Market impact within the modelled slippage",
    (context) =>
      withTrades(context, (trades) => {
        const impacts = trades
          .filter(
            (trade) => trade.dailyVolatility !== null && Number.isFinite(trade.entryParticipation),
          )
          .map(
            (trade) =>
              impactCoefficient *
              trade.dailyVolatility! *
              Math.sqrt(trade.entryParticipation) *
              1e4,
          );
        const typical = quantile(impacts, 0.5);
        if (typical === null) return skip("Needs trades with volatility and volume history.");
        const slippage = context.spec.costs.slippageBps;
        const allowance = Math.max(slippage, 1);
        const text = `The square-root impact model puts the median entry's impact at ${fixed(typical, 1)} bps against ${fixed(slippage, 1)} bps of modelled slippage`;
        if (typical > 3 * allowance)
          return fail(`${text}: costs are badly underestimated at this size.`, typical);
        if (typical > allowance)
          return warn(`${text}: raise the slippage assumption or trade smaller.`, typical);
        return pass(`${text}.`, typical);
      }),
  ),

  rule("info", "capacity-volume-history", "Volume history before each entry", (context) => {
    const { trades, unmeasured } = context.participation;
    if (trades.length + unmeasured === 0) return skip("Needs closed trades.");
    if (unmeasured > 0)
      return warn(
        `${plural(unmeasured, "trade")} had under 5 days of volume before them, so their liquidity could not be checked.`,
        unmeasured,
      );
    return pass(
      `Every trade had at least 5 of the ${volumeWindowDays} days of volume history before it, so all liquidity checks cover every trade.`,
      0,
    );
  }),
];
