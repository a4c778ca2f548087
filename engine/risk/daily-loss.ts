/** The account figures today's loss is counted from. */
export interface DayAccount {
  equity: number;
  dayStartEquity: number;
  realizedPnlToday: number;
}

/** Where the account stands against its daily loss limit. */
export interface DailyLoss {
  /** Today's loss (>= 0): the equity drop since the day began, or realized losses if worse. */
  loss: number;
  /** The most the day may lose: `dailyLossLimit` x the day's starting equity. */
  limit: number;
  /** `limit - loss`; negative once the limit is passed. */
  left: number;
}

/**
 * Today's loss against the limit, as the gate counts it. Equity against the day's start counts
 * unrealized losses; realized P&L alone catches a snapshot whose equity lags the fills. The worse
 * of the two is today's loss.
 */
export function dailyLoss(account: DayAccount, dailyLossLimit: number): DailyLoss {
  const loss = Math.max(0, account.dayStartEquity - account.equity, -account.realizedPnlToday);
  const limit = dailyLossLimit * Math.max(0, account.dayStartEquity);
  return { loss, limit, left: limit - loss };
}
