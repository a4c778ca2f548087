/**
 * The terms a trader meets in Alphadesk's replies, each as Alphadesk computes or uses it: the
 * conventions are the engine's (engine/metrics/performance.ts, engine/validation), so an answer
 * never differs from the numbers it explains.
 */
export interface GlossaryEntry {
  term: string;
  /** Other ways to write it, lower case ("sharpe", "sharpe ratio"). */
  aliases: readonly string[];
  meaning: string;
  /** How Alphadesk computes it, where it is a number. */
  computed?: string;
  /** How to read it. */
  reading?: string;
  seeAlso: readonly string[];
}

export const glossary: readonly GlossaryEntry[] = [
  {
    term: "Sharpe ratio",
    aliases: ["sharpe", "sharpe ratio"],
    meaning:
      "Return per unit of risk: how much the strategy earned for each unit of day-to-day swing.",
    computed:
      "The mean of the daily close-to-close returns of equity divided by their sample standard deviation, times √252; the risk-free rate is 0. Intraday equity is taken at the last bar of each UTC day.",
    reading:
      "Above 1 after costs is good for a single strategy; above 2 or 3 over a short test is more often overfitting than skill (see the deflated Sharpe ratio).",
    seeAlso: ["Sortino ratio", "deflated Sharpe ratio", "volatility"],
  },
  {
    term: "Sortino ratio",
    aliases: ["sortino", "sortino ratio"],
    meaning: "Like the Sharpe ratio, but only falls count as risk: rises are not penalized.",
    computed:
      "The mean daily return divided by the downside deviation (the root mean square of min(return, 0) over all days), times √252; the target return is 0.",
    reading: "Higher than the Sharpe ratio when the swings are mostly upward.",
    seeAlso: ["Sharpe ratio"],
  },
  {
    term: "Calmar ratio",
    aliases: ["calmar", "calmar ratio"],
    meaning: "Growth per unit of the worst fall.",
    computed: "CAGR divided by the maximum drawdown (none when there was no drawdown).",
    reading: "Above 1 means a year's growth exceeds the worst fall from a peak.",
    seeAlso: ["CAGR", "maximum drawdown"],
  },
  {
    term: "CAGR",
    aliases: ["cagr", "compound annual growth rate", "annualized return", "annual return"],
    meaning: "The steady yearly growth rate that turns the starting cash into the final equity.",
    computed:
      "(final equity / initial cash)^(1 / years) − 1, the years counted from the first bar to the last (365.25 days each).",
    seeAlso: ["total return"],
  },
  {
    term: "total return",
    aliases: ["total return"],
    meaning: "What the strategy made over the whole test, as a fraction of the starting cash.",
    computed: "Final equity / initial cash − 1, after fees and slippage.",
    seeAlso: ["CAGR"],
  },
  {
    term: "volatility",
    aliases: ["volatility", "annualized volatility"],
    meaning: "How much the equity swings from day to day, scaled to a year.",
    computed: "The sample standard deviation of daily equity returns, times √252.",
    seeAlso: ["Sharpe ratio"],
  },
  {
    term: "maximum drawdown",
    aliases: ["max drawdown", "maximum drawdown", "drawdown", "mdd"],
    meaning:
      "The largest fall of equity from a previous peak before a new peak: the worst loss someone who started at the top would have sat through.",
    computed:
      "The largest (peak − equity) / peak over the equity marked at every close; its duration is the longest time below a previous peak, in days.",
    reading:
      "Plan for a worse one live: a backtest shows one path, and the next bad stretch can be deeper.",
    seeAlso: ["Calmar ratio"],
  },
  {
    term: "beta",
    aliases: ["beta", "market beta"],
    meaning:
      "How much a symbol moves with the market: beta 1.2 means it moved 1.2% for each 1% of SPY on average; 0 means no relation, below 0 the other way.",
    computed:
      "cov(r, r_SPY) / var(r_SPY) of daily simple returns over the last 252 dates both have closes (market_snapshot), with their correlation beside it.",
    reading:
      "Beta says nothing of the risk of its own: a low correlation makes a beta near 0 whatever the volatility.",
    seeAlso: ["volatility"],
  },
  {
    term: "value at risk",
    aliases: ["value at risk", "var", "historical var", "historical value at risk"],
    meaning:
      "A loss that is reached or exceeded on a given share of days: a 95% one-day value at risk of 1% says that on 1 day in 20 the portfolio lost 1% or more.",
    computed:
      "Historical, for a stored portfolio: its weights held over the daily returns it was built from, rebalanced every day; the loss of the k-th worst day, k = 5% of the days rounded up.",
    reading:
      "It says how often, not how much: the days past it can be far worse (see expected shortfall), and it rests on the days the portfolio was built from (in sample).",
    seeAlso: ["expected shortfall", "maximum drawdown"],
  },
  {
    term: "expected shortfall",
    aliases: ["expected shortfall", "cvar", "conditional value at risk", "tail loss"],
    meaning:
      "The average loss on the worst days, those at or past the value at risk: how bad the bad days are.",
    computed: "The mean loss over the same k worst days as the 95% value at risk.",
    reading: "Always at least the value at risk; far above it means rare, sharp losses.",
    seeAlso: ["value at risk"],
  },
  {
    term: "risk share",
    aliases: ["risk share", "risk contribution", "risk contributions", "contribution to risk"],
    meaning:
      "An asset's part of the portfolio's variance: a 10% weight in a volatile asset can carry 40% of the risk.",
    computed:
      "Euler's decomposition, w_i (Σw)_i / wᵀΣw with the covariance Σ the portfolio was built on; the shares add up to 100%.",
    seeAlso: ["hierarchical risk parity", "volatility"],
  },
  {
    term: "hierarchical risk parity",
    aliases: ["hierarchical risk parity", "hrp", "risk parity", "equal risk contribution"],
    meaning:
      "Ways to weight assets by their risk rather than by forecasts of return: risk parity gives each asset the same risk share; HRP (López de Prado, 2016) groups assets by correlation and splits capital between the groups by their variance.",
    computed:
      "HRP: single linkage on √((1 − ρ)/2), the tree's order, then recursive bisection by inverse-variance portfolios. Risk parity: equal risk shares by cyclical coordinate descent.",
    reading:
      "They need no expected returns, the noisiest estimate, and put more in calm assets such as bonds.",
    seeAlso: ["risk share", "volatility"],
  },
  {
    term: "win rate",
    aliases: ["win rate", "hit rate", "winning percentage"],
    meaning: "The share of closed trades that made money.",
    computed: "Closed trades with a positive net P&L (after fees) / all closed trades.",
    reading:
      "Says nothing alone: a strategy can win 90% of its trades and lose overall, or win 30% and do well (see profit factor).",
    seeAlso: ["profit factor", "expectancy"],
  },
  {
    term: "profit factor",
    aliases: ["profit factor"],
    meaning: "Money won per unit of money lost.",
    computed:
      "Gross profit of the winning closed trades / gross loss of the losing ones (none when no trade lost).",
    reading:
      "Above 1 makes money; below about 1.2, costs a little higher than assumed can erase it.",
    seeAlso: ["win rate", "expectancy"],
  },
  {
    term: "expectancy",
    aliases: ["expectancy", "expected value per trade", "average trade"],
    meaning: "What a trade makes on average.",
    computed: "(gross profit − gross loss) / closed trades, in the account's currency.",
    seeAlso: ["profit factor", "win rate"],
  },
  {
    term: "payoff ratio",
    aliases: ["payoff ratio", "reward to risk ratio", "average win to average loss"],
    meaning: "How big the average win is next to the average loss.",
    computed:
      "The mean net P&L of the winning closed trades over the size of the mean net P&L of the losing ones (get_backtest's trade statistics).",
    reading:
      "With the win rate it decides the edge: a payoff ratio of 2 pays with a win rate above a third.",
    seeAlso: ["win rate", "Kelly fraction"],
  },
  {
    term: "Kelly fraction",
    aliases: ["kelly", "kelly fraction", "kelly criterion", "kelly bet"],
    meaning:
      "The share of equity to risk on each trade that makes equity grow fastest in the long run, if the trades' wins and losses repeat.",
    computed:
      "W − (1 − W) / R, W the share of closed trades won and R the payoff ratio (get_backtest's trade statistics); negative when the trades have no edge.",
    reading:
      "An upper bound, not a target: it assumes the backtest's odds are known exactly, and betting more than it lowers growth while the swings grow. Many traders use a half or less.",
    seeAlso: ["payoff ratio", "win rate", "position sizing"],
  },
  {
    term: "position sizing",
    aliases: ["position sizing", "position size", "fixed fractional", "risk per trade"],
    meaning:
      "How much to buy so that being stopped out loses a set share of the account (fixed-fractional sizing).",
    computed:
      "size_position: the risk budget (a percent of equity, 1% by default, or an amount) over the loss per unit from entry to stop, rounded down to whole shares or contracts; then checked by the risk gate, which may allow less.",
    reading:
      "The stop sets the size: a wider stop means fewer shares for the same risk. A gap through the stop loses more than the budget.",
    seeAlso: ["Kelly fraction", "max drawdown"],
  },
  {
    term: "exposure",
    aliases: ["exposure", "time in market"],
    meaning: "How much of the time the strategy held a position.",
    computed: "The share of bars that ended with a position open.",
    seeAlso: ["turnover"],
  },
  {
    term: "turnover",
    aliases: ["turnover"],
    meaning: "How much the strategy trades relative to its size.",
    computed: "Traded notional per year / average equity.",
    reading: "High turnover makes costs matter: check the result with more slippage.",
    seeAlso: ["slippage", "exposure"],
  },
  {
    term: "deflated Sharpe ratio",
    aliases: ["deflated sharpe", "deflated sharpe ratio", "dsr"],
    meaning:
      "The probability that the strategy's true Sharpe ratio beats what the best of as many skill-less tries would show by luck (Bailey & López de Prado 2014).",
    computed:
      "The probabilistic Sharpe ratio (skew and fat tails of the returns counted) against the expected maximum Sharpe of the trials tried; it needs the trial count, which an optimization's validation gives.",
    reading:
      "Close to 1 is evidence of skill; around 0.5 or below, the best of many tries is what luck looks like.",
    seeAlso: ["Sharpe ratio", "probability of backtest overfitting"],
  },
  {
    term: "probability of backtest overfitting",
    aliases: ["pbo", "probability of backtest overfitting", "backtest overfitting", "overfitting"],
    meaning:
      "How often the parameters that look best on one part of history are below the median on the rest (Bailey, Borwein, López de Prado & Zhu 2017).",
    computed:
      "Combinatorially symmetric cross-validation: history is cut into 16 blocks, every half of them is in-sample and the rest out-of-sample; PBO is the share of splits where the in-sample best ranks at or below the median out of sample.",
    reading: "Below 0.2 is reassuring; above 0.5 the optimization picked noise.",
    seeAlso: ["deflated Sharpe ratio", "walk-forward analysis"],
  },
  {
    term: "walk-forward analysis",
    aliases: [
      "walk forward",
      "walk-forward",
      "walk-forward analysis",
      "walk forward efficiency",
      "walk-forward efficiency",
    ],
    meaning:
      "Optimize on one window, trade the next unseen one, move on: every result shown was out of sample when it was traded.",
    computed:
      "Efficiency is the mean annualized out-of-sample return / the mean annualized in-sample return (Pardo 2008); none when the in-sample mean is not positive.",
    reading: "An efficiency above about 0.5 says the optimized edge mostly survives unseen data.",
    seeAlso: ["probability of backtest overfitting"],
  },
  {
    term: "q-value",
    aliases: ["q-value", "q value", "fdr", "false discovery rate", "benjamini-hochberg"],
    meaning:
      "A p-value corrected for testing many ideas at once: of the findings kept at q below 5%, on average at most 5% are false discoveries.",
    computed:
      "Benjamini-Hochberg over every candidate a scan tested; a finding must also hold out of sample.",
    seeAlso: ["probability of backtest overfitting"],
  },
  {
    term: "slippage",
    aliases: ["slippage", "basis point", "basis points", "bps", "fees", "costs"],
    meaning:
      "Costs of trading: slippage is the gap between the price a rule sees and the price it gets; fees are the broker's. Both are in basis points (1 bp = 0.01%).",
    computed:
      "A fill takes the next bar's open moved against the trade by slippageBps / 10,000; fees are feeBps / 10,000 of each fill's notional.",
    seeAlso: ["bar model", "turnover"],
  },
  {
    term: "bar model",
    aliases: ["bar model", "fill model", "fills", "next open", "look-ahead", "lookahead"],
    meaning: "When a backtest decides and when it trades.",
    computed:
      "A rule is evaluated on a bar's close with data up to that bar only; the order fills at the next bar's open. A stop inside a bar fills at the stop price or a worse open; when a stop and a target are both touched in one bar, the stop wins.",
    seeAlso: ["slippage", "stop loss"],
  },
  {
    term: "stop loss",
    aliases: ["stop loss", "stop-loss", "trailing stop", "take profit", "time exit"],
    meaning:
      "Exits besides the rules: a stop loss caps a trade's loss, a take profit banks a gain, a trailing stop follows the best price, a time exit closes after a number of bars.",
    computed:
      "Checked inside each bar: a stop fills at its price or a worse open, and beats a target touched in the same bar.",
    seeAlso: ["bar model"],
  },
  {
    term: "paper trading",
    aliases: ["paper trading", "small live", "full live", "stages", "promotion"],
    meaning:
      "A strategy's stages: backtest, then paper (simulated orders on live prices), small live (10% of its size), full live. It moves one stage at a time, on the validator's pass and the stage's evidence.",
    seeAlso: ["risk gate"],
  },
  {
    term: "risk gate",
    aliases: ["risk gate", "risk checks", "risk limits", "kill switch"],
    meaning:
      "Every order passes the risk gate's limits and waits for a person's click on Approve before it reaches a broker; the kill switch halts all trading at once and only a person lifts it.",
    seeAlso: ["paper trading"],
  },
];

const key = (text: string) =>
  text
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .replace(/[^a-z0-9-]+/g, " ")
    .trim();

const byAlias = new Map(
  glossary.flatMap((entry) => [entry.term, ...entry.aliases].map((alias) => [key(alias), entry])),
);

/** The entry a term names, whatever its case or an article before it ("a Sharpe ratio"). */
export function lookUpTerm(term: string): GlossaryEntry | undefined {
  return byAlias.get(key(term).replace(/^(?:a|an|the)\s+/, ""));
}

/** The longest alias written in `text`, as a whole phrase: what a question asks about. */
export function termIn(text: string): GlossaryEntry | undefined {
  const words = ` ${key(text)} `;
  let found: { entry: GlossaryEntry; length: number } | undefined;
  for (const [alias, entry] of byAlias)
    if (words.includes(` ${alias} `) && alias.length > (found?.length ?? 0))
      found = { entry, length: alias.length };
  return found?.entry;
}
