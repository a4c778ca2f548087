import { backtestHeadline, type BacktestOutput } from "./backtest.ts";
import { count, figure, fixed, percent, signed, signedAmount, utc } from "./format.ts";
import { periodTable, type PeriodReturns } from "./period-table.ts";

interface ShownTrade {
  symbol: string;
  side: "long" | "short";
  entryTime: string;
  entryPrice: number;
  exitTime: string;
  exitPrice: number;
  pnl: number;
  return: number;
  barsHeld: number;
  exitReason: string;
}

/** The rest of a stored run's metrics, beyond its headline. */
interface MoreMetrics {
  volatility?: number | null;
  sortino?: number | null;
  calmar?: number | null;
  profitFactor?: number | null;
  expectancy?: number | null;
  exposure?: number;
  turnover?: number | null;
  maxDrawdownDurationDays?: number;
}

interface StoredBacktest extends BacktestOutput {
  /** True when no id was asked for (absent from results before it was given). */
  newest?: boolean;
  metrics: BacktestOutput["metrics"] & MoreMetrics;
  /** Absent from results stored before get_backtest gave them. */
  tradeStats?: {
    perYear: number | null;
    averageBarsHeld: number | null;
    medianBarsHeld: number | null;
    longestBarsHeld: number | null;
    /** Older results lack these. */
    averageWin?: number | null;
    averageLoss?: number | null;
    payoffRatio?: number | null;
    longestWinningStreak?: number;
    longestLosingStreak?: number;
    kellyFraction?: number | null;
  };
  periodReturns?: PeriodReturns | null;
  createdAt: string;
  trades: ShownTrade[];
  tradeCount: { total: number; matching: number };
  tradesWanted: {
    sortBy: "exitTime" | "pnl" | "return";
    order: "asc" | "desc";
    limit: number;
    symbol?: string;
  };
}

const exits: Record<string, string> = {
  signal: "exit rule",
  stopLoss: "stop loss",
  takeProfit: "take profit",
  trailingStop: "trailing stop",
  timeExit: "time exit",
};

/** A daily bar's time is its day; an intraday one's, its minute. */
const when = (iso: string) => (iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : utc(iso));

/** "The 3 worst of 29 trades by P&L", "All 12 KITE trades, as they closed". */
function selection({ trades, tradeCount, tradesWanted }: StoredBacktest): string {
  const { sortBy, order, symbol } = tradesWanted;
  const of = `${symbol ? `${symbol} ` : ""}${tradeCount.matching === 1 ? "trade" : "trades"}`;
  if (sortBy === "exitTime") {
    if (trades.length === tradeCount.matching)
      return `${tradeCount.matching === 1 ? "The" : `All ${tradeCount.matching}`} ${of}, ${order === "asc" ? "as they closed" : "latest first"}`;
    return `The ${order === "asc" ? "first" : "last"} ${trades.length} of ${tradeCount.matching} ${of}, ${order === "asc" ? "as they closed" : "latest first"}`;
  }
  const rank = order === "asc" ? "worst" : "best";
  const by = sortBy === "pnl" ? "by P&L" : "by return";
  if (trades.length === tradeCount.matching)
    return tradeCount.matching === 1
      ? `The only ${of}`
      : `All ${tradeCount.matching} ${of} ${by}, ${rank} first`;
  return trades.length === 1
    ? `The ${rank} of ${tradeCount.matching} ${of} ${by}`
    : `The ${trades.length} ${rank} of ${tradeCount.matching} ${of} ${by}`;
}

/** A chat reply lists this many trades; more come as a CSV file beside it (`tradesFileName`). */
export const tradesListed = 25;

export const tradesFileName = (backtestId: string) => `trades-${backtestId.slice(0, 8)}.csv`;

/** Average win and loss, their ratio, the longest streaks and the Kelly fraction, when known. */
function outcomesLine(
  stats: NonNullable<StoredBacktest["tradeStats"]>,
  trades: number,
): string | undefined {
  const { averageWin, averageLoss, payoffRatio, kellyFraction } = stats;
  if (stats.longestWinningStreak === undefined) return undefined;
  if (averageWin == null && averageLoss == null) return undefined;
  const amountOf = (value: number | null | undefined) =>
    value == null ? "n/a (none)" : signedAmount(value);
  const kelly =
    kellyFraction == null
      ? ""
      : kellyFraction > 0
        ? `; Kelly fraction ${percent(kellyFraction, 1)}: the share of equity to risk a trade for the most growth, if these ${count(trades, "trade")} repeat`
        : `; Kelly fraction ${percent(kellyFraction, 1)}: no edge to bet on in these ${count(trades, "trade")}`;
  return `Wins average ${amountOf(averageWin)}, losses ${amountOf(averageLoss)} (payoff ratio ${fixed(payoffRatio)}); at most ${count(stats.longestWinningStreak, "win")} and ${count(stats.longestLosingStreak ?? 0, "loss", "losses")} in a row${kelly}.`;
}

/** get_backtest: the stored run's headline, then the trades asked for, a line each. */
export function describeStoredBacktest(result: StoredBacktest): string {
  const lines = backtestHeadline(result, `, run ${utc(result.createdAt)}`);
  if (result.newest) lines.unshift("No backtest was named, so this is the one run last:");
  const m = result.metrics;
  if (m.exposure !== undefined)
    lines.push(
      `Also: volatility ${percent(m.volatility)}, Sortino ${fixed(m.sortino)}, Calmar ${fixed(m.calmar)}, profit factor ${fixed(m.profitFactor)}, expectancy ${m.expectancy == null ? "n/a" : signedAmount(m.expectancy)} a trade, exposure ${percent(m.exposure)}, turnover ${fixed(m.turnover)} a year, longest drawdown ${count(m.maxDrawdownDurationDays ?? 0, "day")}.`,
    );
  const stats = result.tradeStats;
  if (stats?.averageBarsHeld != null)
    lines.push(
      `Trades: ${stats.perYear === null ? "" : `${stats.perYear.toFixed(1)} a year, `}held ${stats.averageBarsHeld.toFixed(1)} bars on average (median ${stats.medianBarsHeld}, longest ${count(stats.longestBarsHeld ?? 0, "bar")}).`,
    );
  const outcomes = stats && outcomesLine(stats, result.tradeCount.total);
  if (outcomes) lines.push(outcomes);
  if (result.periodReturns) lines.push(...periodTable(result.periodReturns));
  if (result.tradesWanted.limit === 0) return lines.join("\n");
  if (result.tradeCount.total === 0) return [...lines, "It closed no trade."].join("\n");
  lines.push(`${selection(result)}:`);
  for (const trade of result.trades.slice(0, tradesListed))
    lines.push(
      `- ${trade.symbol} ${trade.side}, ${when(trade.entryTime)} → ${when(trade.exitTime)} (${count(trade.barsHeld, "bar")}): ${figure(trade.entryPrice)} → ${figure(trade.exitPrice)}, P&L ${signedAmount(trade.pnl)} (${signed(trade.return)}), ${exits[trade.exitReason] ?? trade.exitReason}`,
    );
  const unlisted = result.trades.length - tradesListed;
  if (unlisted > 0)
    lines.push(
      `… ${count(unlisted, "more trade")} of those asked for: all ${result.trades.length} are in ${tradesFileName(result.id)}.`,
    );
  const left = result.tradeCount.matching - result.trades.length;
  if (left > 0)
    lines.push(`… and ${count(left, "more trade")}: ask for more, e.g. "show all the trades".`);
  return lines.join("\n");
}
