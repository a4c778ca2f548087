/**
 * A strategy that uses most of what the DSL offers at once: three markets (a stock, an FX pair,
 * a crypto pair), a crossover with a filter on two indicators, an exit on MACD or stochastic,
 * volatility-target sizing, an ATR stop, a percent target, a trailing stop and a time exit. The
 * golden files of the targets render it.
 */
export const richGoldenSpec = {
  name: "Trend pullback with every exit",
  description: "EMA crossover in an uptrend; exits on momentum, stops, a target, a trail or time.",
  universe: ["SPY", "EUR/USD", "BTC/USD"],
  timeframe: "1d",
  entry: {
    and: [
      { crossAbove: [{ ema: { period: 10 } }, { ema: { period: 30 } }] },
      { lt: [{ rsi: { period: 14 } }, 70] },
    ],
  },
  filters: [{ gt: ["close", { sma: { period: 200 } }] }, { gt: [{ adx: {} }, 20] }],
  exit: {
    or: [
      { crossBelow: [{ macd: { output: "macd" } }, { macd: { output: "signal" } }] },
      { gt: [{ stochastic: { output: "k" } }, 90] },
    ],
  },
  sizing: {
    volatilityTarget: { annualVolatilityPercent: 15, lookbackBars: 20, maxFractionOfEquity: 0.3 },
  },
  stopLoss: { atrMultiple: 2, atrPeriod: 14 },
  takeProfit: { percent: 12 },
  trailingStop: { percent: 6 },
  timeExit: { bars: 40 },
  costs: { feeBps: 2, slippageBps: 5 },
};
