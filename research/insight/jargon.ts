/**
 * Trading terms a jargon-free explanation never uses: its plain words say what they mean
 * instead. Matched as whole words, in any case.
 */
export const jargonTerms = [
  "Sharpe",
  "Sortino",
  "Calmar",
  "drawdown",
  "mean reversion",
  "mean-reverting",
  "reversion",
  "momentum",
  "RSI",
  "SMA",
  "EMA",
  "MACD",
  "ATR",
  "ADX",
  "VWAP",
  "Bollinger",
  "Donchian",
  "Keltner",
  "stochastic",
  "oscillator",
  "volatility",
  "standard deviation",
  "z-score",
  "moving average",
  "regime",
  "alpha",
  "beta",
  "basis points",
  "bps",
  "CAGR",
  "backtest",
  "in-sample",
  "in sample",
  "out-of-sample",
  "out of sample",
  "overfitting",
  "breakout",
  "go long",
  "goes long",
  "goes short",
  "short selling",
  "leverage",
  "liquidity",
  "slippage",
  "arbitrage",
  "risk premium",
  "anomaly",
  "autocorrelation",
  "skew",
  "t-statistic",
  "p-value",
  "percentile",
  "whipsaw",
] as const;

const pattern = new RegExp(
  `(?<![A-Za-z])(?:${jargonTerms.map((term) => term.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&")).join("|")})(?![A-Za-z])`,
  "gi",
);

/** The jargon terms in `text`, as written there, in order of appearance. */
export function jargonIn(text: string): string[] {
  return [...text.matchAll(pattern)].map((match) => match[0]);
}
