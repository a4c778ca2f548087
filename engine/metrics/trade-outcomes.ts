/** What closed trades' P&L says about wins and losses beyond the win rate. */
export interface TradeOutcomes {
  /** Mean P&L of the winning trades (P&L above 0); null without one. */
  averageWin: number | null;
  /** Mean P&L of the losing trades (below 0, so negative); null without one. */
  averageLoss: number | null;
  /** averageWin over the size of averageLoss; null without both. */
  payoffRatio: number | null;
  /** The most wins, and losses, in a row, in the order given (a trade at 0 ends both). */
  longestWinningStreak: number;
  longestLosingStreak: number;
  /**
   * The Kelly fraction W - (1 - W) / R (W the share of trades won, R the payoff ratio): the
   * share of equity to risk per trade that maximizes long-run growth if the trades repeat;
   * negative when they have no edge; null without wins and losses both.
   */
  kellyFraction: number | null;
}

/** Wins, losses, streaks and the Kelly fraction of closed trades' P&L, in the order they closed. */
export function tradeOutcomes(pnls: ArrayLike<number>): TradeOutcomes {
  let wins = 0;
  let losses = 0;
  let won = 0;
  let lost = 0;
  let winning = 0;
  let losing = 0;
  let longestWinningStreak = 0;
  let longestLosingStreak = 0;
  for (let i = 0; i < pnls.length; i++) {
    const pnl = pnls[i]!;
    winning = pnl > 0 ? winning + 1 : 0;
    losing = pnl < 0 ? losing + 1 : 0;
    if (pnl > 0) {
      wins++;
      won += pnl;
    } else if (pnl < 0) {
      losses++;
      lost += pnl;
    }
    longestWinningStreak = Math.max(longestWinningStreak, winning);
    longestLosingStreak = Math.max(longestLosingStreak, losing);
  }
  const averageWin = wins > 0 ? won / wins : null;
  const averageLoss = losses > 0 ? lost / losses : null;
  const payoffRatio =
    averageWin !== null && averageLoss !== null ? averageWin / -averageLoss : null;
  const winShare = wins / pnls.length;
  return {
    averageWin,
    averageLoss,
    payoffRatio,
    longestWinningStreak,
    longestLosingStreak,
    kellyFraction: payoffRatio === null ? null : winShare - (1 - winShare) / payoffRatio,
  };
}
