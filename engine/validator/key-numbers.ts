import type { KeyNumber } from "./types.ts";
import { fixed, money, percent } from "./rules/helpers.ts";

type Metrics = Record<string, number | null>;

function band(value: number, bands: [number, string][], otherwise: string): string {
  for (const [limit, text] of bands) if (value >= limit) return text;
  return otherwise;
}

/** The handful of numbers a person reads first, each with a plain-language reading. */
export function keyNumbersOf(metrics: Metrics, accountEquity: number): KeyNumber[] {
  const numbers: KeyNumber[] = [];
  const add = (
    name: string,
    value: number | null,
    text: (value: number) => string,
    missing: string,
  ) => numbers.push({ name, value, text: value === null ? missing : text(value) });

  add(
    "Sharpe ratio",
    metrics.sharpe ?? null,
    (value) =>
      `Sharpe ${fixed(value)}: ${band(
        value,
        [
          [2, "excellent risk-adjusted returns (check it is not too good to be true)"],
          [1, "good risk-adjusted returns"],
          [0.5, "modest risk-adjusted returns"],
          [0, "weak: barely rewarded for the risk"],
        ],
        "loses money for the risk taken",
      )}`,
    "Sharpe ratio: undefined (no varying daily returns)",
  );
  add(
    "Annual return",
    metrics.cagr ?? null,
    (value) => `Grows ${percent(value)} a year compounded`,
    "Annual return: undefined (too short, or the account was wiped out)",
  );
  add(
    "Maximum drawdown",
    metrics.max_drawdown ?? null,
    (value) =>
      `Worst fall from a peak ${percent(value)}: ${band(
        -value,
        [
          [-0.1, "shallow"],
          [-0.25, "tolerable"],
          [-0.5, "deep, hard to sit through"],
        ],
        "severe, more than half the account",
      )}`,
    "Maximum drawdown: undefined",
  );
  add(
    "Trades",
    metrics.trades ?? null,
    (value) =>
      `${value} closed trades: ${value >= 30 ? "enough to judge per-trade statistics" : "too few to judge per-trade statistics"}`,
    "Trades: none",
  );
  add(
    "t-statistic",
    metrics.t_stat ?? null,
    (value) =>
      `t ${fixed(value)}: ${band(
        value,
        [
          [3, "strong evidence the returns are not luck"],
          [2, "some evidence, not enough for a strategy picked among many"],
        ],
        "the returns are indistinguishable from luck",
      )}`,
    "t-statistic: undefined (no varying daily returns)",
  );
  add(
    "Deflated Sharpe ratio",
    metrics.deflated_sharpe ?? null,
    (value) =>
      `${percent(value)} probability the edge is real after accounting for the trials tried: ${value >= 0.95 ? "survives the search" : "could be the luck of picking the best of many"}`,
    "Deflated Sharpe ratio: not measured (no trial count given)",
  );
  add(
    "Probability of backtest overfitting",
    metrics.pbo ?? null,
    (value) =>
      `PBO ${percent(value)}: ${value <= 0.1 ? "the selection generalizes" : value <= 0.25 ? "some selection luck" : "the selection looks like luck (no skill scores about 50%)"}`,
    "Probability of backtest overfitting: not measured (no trial returns given)",
  );
  add(
    "Worst 5% reshuffled drawdown",
    metrics.reshuffle_drawdown_worst5 ?? null,
    (value) => reshuffledDrawdownText(value, metrics.max_drawdown ?? null),
    "Worst 5% reshuffled drawdown: not measured (no closed trades)",
  );
  add(
    "Largest share of daily volume",
    metrics.max_participation ?? null,
    (value) =>
      `The largest entry at ${money(accountEquity)} is ${percent(value, 2)} of daily volume: ${value <= 0.01 ? "fills without moving the market" : "large enough to move prices"}`,
    "Largest share of daily volume: not measured (no volume or trades)",
  );
  add(
    "Correlation with live strategies",
    metrics.max_live_correlation ?? null,
    (value) =>
      `Highest correlation with a live strategy ${fixed(value)}: ${value <= 0.5 ? "diversifies the book" : "overlaps what already runs"}`,
    "Correlation with live strategies: not measured (no live strategies given)",
  );
  return numbers;
}

/**
 * The trades reshuffled (closed trades only, so no drawdown inside a trade): a plan only when
 * it is deeper than the backtest's own drawdown, which counts open trades too.
 */
function reshuffledDrawdownText(worst5: number, backtest: number | null): string {
  const reshuffled = `Reshuffled, one order of the trades in twenty falls ${percent(worst5)} from a peak`;
  if (backtest === null || worst5 > backtest)
    return `${reshuffled}${backtest === null ? "" : `, deeper than the backtest's ${percent(backtest)}`}: plan for this`;
  return `${reshuffled} on closed trades, no deeper than the backtest's ${percent(backtest)}: the order of the trades did not flatter it`;
}
