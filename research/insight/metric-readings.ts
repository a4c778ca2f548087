import type { PerformanceMetrics } from "../../engine/metrics/performance.ts";
import { keyNumbersOf } from "../../engine/validator/key-numbers.ts";
import { percent } from "../../engine/validator/rules/helpers.ts";

/** One number and what it means, in a line whose wording follows the value. */
export interface MetricReading {
  metric: keyof PerformanceMetrics;
  value: number | null;
  text: string;
}

export const signedPercent = (fraction: number) => `${fraction > 0 ? "+" : ""}${percent(fraction)}`;

/** Annualized volatility bands: a broad stock index swings roughly between the two. */
const calmVolatility = 0.1;
const indexLikeVolatility = 0.2;

type Metrics = Pick<
  PerformanceMetrics,
  | "totalReturn"
  | "cagr"
  | "volatility"
  | "sharpe"
  | "maxDrawdown"
  | "maxDrawdownDurationDays"
  | "trades"
  | "winRate"
  | "profitFactor"
  | "exposure"
>;

/**
 * Returns, risk and drawdown of one run, each with its plain meaning. Sharpe, drawdown and the
 * trade count read as the validator's key numbers do, so a number means the same everywhere.
 */
export function readMetrics(metrics: Metrics): MetricReading[] {
  const keyNumbers = keyNumbersOf(
    { sharpe: metrics.sharpe, max_drawdown: metrics.maxDrawdown, trades: metrics.trades },
    1,
  );
  const keyText = (name: string) => keyNumbers.find((number) => number.name === name)!.text;
  const reading = (metric: keyof Metrics, text: string): MetricReading => ({
    metric,
    value: metrics[metric],
    text,
  });
  return [
    reading("totalReturn", readTotalReturn(metrics.totalReturn)),
    reading("cagr", readAnnualReturn(metrics.cagr)),
    reading("volatility", readVolatility(metrics.volatility)),
    reading("sharpe", keyText("Sharpe ratio")),
    reading(
      "maxDrawdown",
      `${keyText("Maximum drawdown")}; it could lose this much in a bad period`,
    ),
    reading("maxDrawdownDurationDays", readRecovery(metrics.maxDrawdownDurationDays)),
    reading("trades", keyText("Trades")),
    reading("winRate", readWinRate(metrics.winRate)),
    reading("profitFactor", readProfitFactor(metrics.profitFactor, metrics.trades)),
    reading("exposure", readExposure(metrics.exposure)),
  ];
}

/** What a total return means, as words that follow its sign. */
export function totalReturnMeaning(value: number): string {
  return value > 0
    ? "made money over the period"
    : value < 0
      ? "lost money over the period"
      : "ended where it started";
}

export function readTotalReturn(value: number): string {
  return `Total return ${signedPercent(value)}: ${totalReturnMeaning(value)}`;
}

export function readAnnualReturn(value: number | null): string {
  if (value === null)
    return "Annual return: not defined (too short a period, or the account was wiped out)";
  const meaning =
    value > 0
      ? "grew this much a year on average, compounded"
      : value < 0
        ? "shrank this much a year on average, compounded"
        : "no growth";
  return `Annual return ${signedPercent(value)}: ${meaning}`;
}

export function readVolatility(value: number | null): string {
  if (value === null) return "Volatility: not defined (too few days)";
  const meaning =
    value < calmVolatility
      ? "calm, smaller swings than a broad stock index"
      : value <= indexLikeVolatility
        ? "swings about as much as a broad stock index"
        : "bumpy, bigger swings than a broad stock index";
  return `Volatility ${percent(value)} a year: ${meaning}`;
}

export function readRecovery(days: number): string {
  if (days === 0) return "Longest time below a peak: none, it never fell below a previous high";
  const year = days > 365 ? ", more than a year of waiting" : "";
  return `Longest time below a peak ${days} days: the longest wait to regain a previous high${year}`;
}

/** What a win rate means against a coin flip's one in two. */
export function winRateMeaning(value: number): string {
  return value > 0.5
    ? "wins more often than a coin flip"
    : value < 0.5
      ? "wins less often than a coin flip, so its wins must be bigger than its losses to pay"
      : "wins exactly as often as a coin flip";
}

export function readWinRate(value: number | null): string {
  return value === null
    ? "Win rate: no closed trades"
    : `Win rate ${percent(value, 0)}: ${winRateMeaning(value)}`;
}

export function readProfitFactor(value: number | null, trades: number): string {
  if (value === null)
    return trades > 0
      ? "Profit factor: no losing trades to compare with"
      : "Profit factor: no closed trades";
  const meaning =
    value > 1
      ? "winning trades earned more than losing trades lost"
      : value < 1
        ? "losing trades lost more than winning trades earned"
        : "winning and losing trades cancelled out";
  return `Profit factor ${value.toFixed(2)}: ${meaning}`;
}

export function readExposure(value: number): string {
  const meaning =
    value >= 0.95
      ? "almost always invested"
      : value >= 0.5
        ? "invested most of the time"
        : value > 0
          ? "in cash most of the time, so its risk is taken on fewer days"
          : "never invested";
  return `Time in the market ${percent(value, 0)}: ${meaning}`;
}
