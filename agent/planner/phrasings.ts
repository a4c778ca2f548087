import type { PlanContext, PlannedCall } from "./intent.ts";

/**
 * Phrasings and the exact calls they must plan: the offline planner's test table, and what a
 * benchmark measures (the share of rows whose planned calls equal `calls`). Every input here
 * passes its tool's schema (plan.test.ts checks it).
 */
export interface Phrasing {
  message: string;
  /** Merged over `phrasingContext`. */
  context?: PlanContext;
  calls: PlannedCall[];
}

export const lastStrategyId = "5f1c0c7d9a3b2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";
const explicitStrategyId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/**
 * The conversation the table's rows happen in: a strategy backtested, a scan that found 12, 7
 * and 31, and three stored strategies with a backtest (best Sharpe first).
 */
export const phrasingContext: PlanContext = {
  nowMs: Date.UTC(2025, 5, 16, 14, 0),
  lastBacktestId: "b9e3f1a2-7c4d-4e5f-8a6b-1c2d3e4f5a6b",
  lastStrategyId,
  lastFindingIds: ["12", "7", "31"],
  rankedStrategyIds: [explicitStrategyId, lastStrategyId, "9".repeat(64)],
};

/** Order ids (UUIDs) of the cancelling rows: each shows as its first 8 characters. */
const orderIds = {
  a: "aaaaaaaa-1111-4111-8111-111111111111",
  b: "bbbbbbbb-2222-4222-8222-222222222222",
  c: "cccccccc-3333-4333-8333-333333333333",
};
/** An order not yet settled, as the `openOrders` lookup reads it; a limit price makes it a limit order. */
function openOrder(
  id: string,
  side: "buy" | "sell",
  quantity: number,
  symbol: string,
  limitPrice: number | null,
  state: string,
): NonNullable<PlanContext["openOrders"]>[number] {
  const type = limitPrice === null ? "market" : "limit";
  return { id, symbol, side, quantity, type, limitPrice, state };
}
const sma = (period: number | { param: string }) => ({ sma: { period } });
const ema = (period: number) => ({ ema: { period } });
const crossover = (fast: object, slow: object) => ({
  entry: { crossAbove: [fast, slow] },
  exit: { crossBelow: [fast, slow] },
});

/** Specs as backtest_strategy returns them (defaults filled in): what "optimize it" searches. */
const ranSpec = {
  name: "SMA 20/50 crossover",
  universe: ["SPY"],
  timeframe: "1d",
  side: "long",
  ...crossover(sma(20), sma(50)),
  filters: [],
  sizing: { fractionOfEquity: 1 },
  costs: { feeBps: 1, slippageBps: 0 },
};
const ranEmaSpec = { ...ranSpec, name: "EMA 10/30 crossover", ...crossover(ema(10), ema(30)) };
const macdLine = (output: string, args: object = {}) => ({ macd: { output, ...args } });
const ranMacdSpec = {
  ...ranSpec,
  name: "MACD crossover",
  entry: { crossAbove: [macdLine("macd"), macdLine("signal")] },
  exit: { crossBelow: [macdLine("macd"), macdLine("signal")] },
};
/** A MACD's three lengths as free parameters of an optimization. */
const freeMacd = { fast: { param: "fast" }, slow: { param: "slow" }, signal: { param: "signal" } };
const ranRsiSpec = {
  ...ranSpec,
  name: "Buy when RSI(14) < 30; sell when RSI(14) > 70",
  universe: ["QQQ"],
  entry: { lt: [{ rsi: { period: 14 } }, 30] },
  exit: { gt: [{ rsi: { period: 14 } }, 70] },
};

const priorBand = (extreme: "rollingMax" | "rollingMin", period: number | { param: string }) => ({
  lag: {
    of: { [extreme]: { period, source: extreme === "rollingMax" ? "high" : "low" } },
    bars: 1,
  },
});
const ranBreakoutSpec = {
  ...ranSpec,
  name: "20-bar breakout",
  entry: { gt: ["close", priorBand("rollingMax", 20)] },
  exit: { lt: ["close", priorBand("rollingMin", 20)] },
};

const optimizationId = "0d2c5a1e-7b3f-4c8a-9e6d-1f2a3b4c5d6e";
/** This conversation's backtests, newest first. */
const conversationBacktests = [
  "33333333-3333-4333-8333-333333333333",
  "22222222-2222-4222-8222-222222222222",
  "11111111-1111-4111-8111-111111111111",
];

/** Stored strategies as the `strategyNames` lookup reads them, newest first. */
const rsiDip = {
  id: "a".repeat(64),
  name: "RSI(2) dip",
  latestBacktestId: "aaaaaaaa-0000-4000-8000-000000000001",
};
const momentum = { id: "b".repeat(64), name: "Momentum 12-1", latestBacktestId: null };
const storedSma = { ...rsiDip, id: "c".repeat(64), name: "SMA 20/50 crossover" };
const strategyNames = [rsiDip, momentum, storedSma];

const fifty = { sma: { period: 50 } };
const twoHundred = { sma: { period: 200 } };

export const phrasings: readonly Phrasing[] = [
  // backtest_strategy
  {
    message: "backtest a 20/50 moving average crossover on SPY since 2020",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: { name: "SMA 20/50 crossover", universe: ["SPY"], ...crossover(sma(20), sma(50)) },
          start: "2020-01-01",
        },
      },
    ],
  },
  {
    message: "Backtest QQQ: buy when RSI(14) < 30, sell above 70",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when RSI(14) < 30; sell when RSI(14) > 70",
            universe: ["QQQ"],
            entry: { lt: [{ rsi: { period: 14 } }, 30] },
            exit: { gt: [{ rsi: { period: 14 } }, 70] },
          },
        },
      },
    ],
  },
  {
    message: "backtest buy and hold on spy from 2020-01-01 to 2023-12-31",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: { name: "Buy and hold", universe: ["SPY"], entry: true },
          start: "2020-01-01",
          end: "2023-12-31",
        },
      },
    ],
  },
  {
    message: "how would a golden cross on QQQ have done over the last 3 years, with $50k",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Golden cross (SMA 50/200)",
            universe: ["QQQ"],
            ...crossover(sma(50), sma(200)),
          },
          start: "2022-06-16",
          initialCash: 50000,
        },
      },
    ],
  },
  {
    message:
      "backtest the 12/26 EMA crossover on SPY and QQQ since March 2021, hourly, 2% trailing stop, fees 1 bp",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "EMA 12/26 crossover",
            universe: ["SPY", "QQQ"],
            ...crossover(ema(12), ema(26)),
            trailingStop: { percent: 2 },
            costs: { feeBps: 1 },
            timeframe: "1h",
          },
          start: "2021-03-01",
        },
      },
    ],
  },
  {
    message:
      "simulate buy when the close crosses above the 200-day SMA, sell when it crosses below, on iwm",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when close crosses above SMA(200); sell when close crosses below SMA(200)",
            universe: ["IWM"],
            entry: { crossAbove: ["close", sma(200)] },
            exit: { crossBelow: ["close", sma(200)] },
          },
        },
      },
    ],
  },
  {
    message:
      "backtest buy when RSI(2) < 10 and close > SMA(200), sell when RSI(2) > 90 on SPY with a 5% stop loss and exit after 10 days",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when RSI(2) < 10 and close > SMA(200); sell when RSI(2) > 90",
            universe: ["SPY"],
            entry: {
              and: [{ lt: [{ rsi: { period: 2 } }, 10] }, { gt: ["close", sma(200)] }],
            },
            exit: { gt: [{ rsi: { period: 2 } }, 90] },
            stopLoss: { percent: 5 },
            timeExit: { bars: 10 },
          },
        },
      },
    ],
  },
  // The oscillator named once, before rules that compare only its levels.
  ...[
    "backtest an rsi(2) strategy on QQQ: buy below 10, sell above 70",
    "backtest QQQ with rsi(2): buy under 10, exit above 70",
  ].map((message) => ({
    message,
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when RSI(2) < 10; sell when RSI(2) > 70",
            universe: ["QQQ"],
            entry: { lt: [{ rsi: { period: 2 } }, 10] },
            exit: { gt: [{ rsi: { period: 2 } }, 70] },
          },
        },
      },
    ],
  })),
  {
    message: "backtest a cci(20) strategy on SPY: buy below -100, sell above 100",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when CCI(20) < -100; sell when CCI(20) > 100",
            universe: ["SPY"],
            entry: { lt: [{ cci: { period: 20 } }, -100] },
            exit: { gt: [{ cci: { period: 20 } }, 100] },
          },
        },
      },
    ],
  },
  {
    message: "backtest short GLD when zscore(20) > 2, cover when zscore < 0",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Short when ZSCORE(20) > 2; cover when ZSCORE(20) < 0",
            universe: ["GLD"],
            side: "short",
            entry: { gt: [{ zScore: { period: 20 } }, 2] },
            exit: { lt: [{ zScore: { period: 20 } }, 0] },
          },
        },
      },
    ],
  },
  {
    message:
      "backtest AAPL: buy when MACD crosses above its signal line, sell when it crosses below",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when MACD crosses above MACD signal; sell when MACD crosses below MACD signal",
            universe: ["AAPL"],
            entry: {
              crossAbove: [{ macd: { output: "macd" } }, { macd: { output: "signal" } }],
            },
            exit: {
              crossBelow: [{ macd: { output: "macd" } }, { macd: { output: "signal" } }],
            },
          },
        },
      },
    ],
  },
  {
    message:
      "backtest buy when price is below the lower bollinger band(20, 2) and sell when price crosses above the middle band on xlk using 50% of equity",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when close < lower Bollinger(20,2) band; sell when close crosses above middle Bollinger(20,2) band",
            universe: ["XLK"],
            entry: { lt: ["close", { bollinger: { period: 20, stdDev: 2, output: "lower" } }] },
            exit: {
              crossAbove: ["close", { bollinger: { period: 20, stdDev: 2, output: "middle" } }],
            },
            sizing: { fractionOfEquity: 0.5 },
          },
        },
      },
    ],
  },
  {
    message: "backtest sma(10) crosses above sma(30) on msft from march 2019 to june 2023",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "SMA(10) / SMA(30) crossover",
            universe: ["MSFT"],
            ...crossover(sma(10), sma(30)),
          },
          start: "2019-03-01",
          end: "2023-06-30",
        },
      },
    ],
  },
  {
    message: "backtest a 20/50 EMA crossover on the sector ETFs only when ADX > 25",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "EMA 20/50 crossover",
            universe: [
              "XLB",
              "XLC",
              "XLE",
              "XLF",
              "XLI",
              "XLK",
              "XLP",
              "XLRE",
              "XLU",
              "XLV",
              "XLY",
            ],
            ...crossover(ema(20), ema(50)),
            filters: [{ gt: [{ adx: {} }, 25] }],
          },
        },
      },
    ],
  },
  // "the 20-day high" and a price against the upper Donchian band: the bars before this one
  // (today's channel holds today's high, which no close exceeds).
  ...(
    [
      [
        "backtest SPY: buy when price breaks above the 20-day high, sell when it drops below the 10-day low",
        "SPY",
      ],
      [
        "backtest GLD: buy when close crosses above the upper donchian channel, sell when it crosses below the lower donchian(10) channel",
        "GLD",
      ],
    ] as const
  ).map(([message, symbol]) => ({
    message,
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when close crosses above 20-bar high; sell when close crosses below 10-bar low",
            universe: [symbol],
            entry: { crossAbove: ["close", priorBand("rollingMax", 20)] },
            exit: { crossBelow: ["close", priorBand("rollingMin", 10)] },
          },
        },
      },
    ],
  })),
  // Strategies known by name, written out as the textbooks define them.
  {
    message: "backtest a MACD crossover on AAPL",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "MACD crossover",
            universe: ["AAPL"],
            ...crossover({ macd: { output: "macd" } }, { macd: { output: "signal" } }),
          },
        },
      },
    ],
  },
  {
    message: "backtest a macd(8,21,5) crossover on AAPL",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "MACD 8/21/5 crossover",
            universe: ["AAPL"],
            ...crossover(
              { macd: { fast: 8, slow: 21, signal: 5, output: "macd" } },
              { macd: { fast: 8, slow: 21, signal: 5, output: "signal" } },
            ),
          },
        },
      },
    ],
  },
  ...(
    [
      ["backtest a donchian breakout on BTC", "BTC/USD", 20],
      ["backtest a breakout strategy on GLD", "GLD", 20],
      ["backtest a 55-day breakout on GLD", "GLD", 55],
    ] as const
  ).map(([message, symbol, period]) => ({
    message,
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: `${period}-bar breakout`,
            universe: [symbol],
            entry: {
              gt: ["close", { lag: { of: { rollingMax: { period, source: "high" } }, bars: 1 } }],
            },
            exit: {
              lt: ["close", { lag: { of: { rollingMin: { period, source: "low" } }, bars: 1 } }],
            },
          },
        },
      },
    ],
  })),
  {
    message: "backtest bollinger band mean reversion on SPY",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Bollinger mean reversion",
            universe: ["SPY"],
            entry: { lt: ["close", { bollinger: { output: "lower" } }] },
            exit: { gt: ["close", { bollinger: { output: "middle" } }] },
          },
        },
      },
    ],
  },
  {
    message: "backtest a bollinger(20,2.5) breakout on QQQ",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Bollinger(20,2.5) breakout",
            universe: ["QQQ"],
            entry: { gt: ["close", { bollinger: { period: 20, stdDev: 2.5, output: "upper" } }] },
            exit: { lt: ["close", { bollinger: { period: 20, stdDev: 2.5, output: "middle" } }] },
          },
        },
      },
    ],
  },
  {
    message: "how did SPY do over the last year?",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: { name: "Buy and hold", universe: ["SPY"], entry: true },
          start: "2024-06-16",
        },
      },
    ],
  },
  {
    message: "backtest the top finding",
    calls: [{ name: "backtest_strategy", input: { findingId: "12" } }],
  },
  {
    message: "backtest finding #31 since 2022",
    calls: [{ name: "backtest_strategy", input: { findingId: "31", start: "2022-01-01" } }],
  },
  // Right after a list of findings, its numbers and ordinals name one.
  {
    message: "backtest the best one",
    context: { findingsShownLast: true },
    calls: [{ name: "backtest_strategy", input: { findingId: "12" } }],
  },
  {
    message: "ok, backtest #31 since 2022",
    context: { findingsShownLast: true },
    calls: [{ name: "backtest_strategy", input: { findingId: "31", start: "2022-01-01" } }],
  },
  {
    message: "backtest number 7",
    context: { findingsShownLast: true },
    calls: [{ name: "backtest_strategy", input: { findingId: "7" } }],
  },
  {
    message: "backtest the last one",
    context: { findingsShownLast: true },
    calls: [{ name: "backtest_strategy", input: { findingId: "31" } }],
  },
  {
    message: "try the second one on IWM",
    context: { findingsShownLast: true },
    calls: [
      { name: "backtest_strategy", input: { findingId: "7", changes: { universe: ["IWM"] } } },
    ],
  },
  // optimize_strategy
  {
    message: "optimize an SMA crossover on SPY with fast 5-50 and slow 60-200 step 10",
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            name: "SMA crossover",
            universe: ["SPY"],
            ...crossover(
              { sma: { period: { param: "fast" } } },
              { sma: { period: { param: "slow" } } },
            ),
            params: { fast: { int: [5, 50] }, slow: { int: [60, 200], step: 10 } },
          },
        },
      },
    ],
  },
  {
    message:
      "optimize SPY: buy when RSI(2-10) < 10-30, sell above 60-80, 200 trials, walk-forward with 4 windows, maximize sortino",
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            name: "Buy when RSI({rsiPeriod}) < {entryLevel}; sell when RSI({rsiPeriod}) > {exitLevel}",
            universe: ["SPY"],
            entry: { lt: [{ rsi: { period: { param: "rsiPeriod" } } }, { param: "entryLevel" }] },
            exit: { gt: [{ rsi: { period: { param: "rsiPeriod" } } }, { param: "exitLevel" }] },
            params: {
              rsiPeriod: { int: [2, 10] },
              entryLevel: { int: [10, 30] },
              exitLevel: { int: [60, 80] },
            },
          },
          trials: 200,
          objective: { kind: "sortino" },
          walkForward: { windows: 4 },
        },
      },
    ],
  },
  {
    message:
      "tune the ema crossover on QQQ, fast 5 to 30, slow 40 to 120, grid search, complexity ladder, since 2018",
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            name: "EMA crossover",
            universe: ["QQQ"],
            ...crossover(
              { ema: { period: { param: "fast" } } },
              { ema: { period: { param: "slow" } } },
            ),
            params: { fast: { int: [5, 30] }, slow: { int: [40, 120] } },
          },
          sampler: "grid",
          ladder: {},
          start: "2018-01-01",
        },
      },
    ],
  },
  // validate_strategy
  {
    message: "validate the last strategy",
    calls: [{ name: "validate_strategy", input: { strategyId: lastStrategyId } }],
  },
  ...[
    "is it overfit?",
    "how robust is it?",
    "is this curve fitted?",
    "was it data mined?",
    "what's the probability it's luck?",
    "is it just luck?",
  ].map((message) => ({
    message,
    calls: [{ name: "validate_strategy", input: { strategyId: lastStrategyId } }],
  })),
  // The validator's Monte Carlo and bootstrap rules are what these ask for.
  ...["run a monte carlo on it", "stress test it", "bootstrap it"].map((message) => ({
    message,
    calls: [{ name: "validate_strategy", input: { strategyId: lastStrategyId } }],
  })),
  {
    // The last backtest ran from 2021: validating "it" checks the same period...
    message: "validate it",
    context: { lastBacktestPeriod: { start: "2021-01-01", end: "2023-12-31" } },
    calls: [
      {
        name: "validate_strategy",
        input: { strategyId: lastStrategyId, start: "2021-01-01", end: "2023-12-31" },
      },
    ],
  },
  {
    // The conversation's newest strategy is an optimization's best: validate the optimization.
    message: "validate it",
    context: { lastOptimizationId: "6f9c2d1e-3b4a-4c5d-8e7f-9a0b1c2d3e4f" },
    calls: [
      {
        name: "validate_strategy",
        input: { optimizationId: "6f9c2d1e-3b4a-4c5d-8e7f-9a0b1c2d3e4f" },
      },
    ],
  },
  {
    // ... unless the message gives its own.
    message: "validate it since 2020",
    context: { lastBacktestPeriod: { start: "2021-01-01", end: "2023-12-31" } },
    calls: [
      { name: "validate_strategy", input: { strategyId: lastStrategyId, start: "2020-01-01" } },
    ],
  },
  {
    message: "how does it do in bear markets?",
    context: { lastBacktestPeriod: { start: "2021-01-01" } },
    calls: [
      { name: "performance_context", input: { strategyId: lastStrategyId, start: "2021-01-01" } },
    ],
  },
  // A strategy named by its id is "it", in a conversation that ran nothing yet.
  {
    message: `backtest strategy ${explicitStrategyId} on SPY`,
    context: { lastBacktestId: undefined, lastStrategyId: undefined },
    calls: [
      {
        name: "backtest_strategy",
        input: { strategyId: explicitStrategyId, changes: { universe: ["SPY"] } },
      },
    ],
  },
  {
    message: `list the backtests of ${explicitStrategyId}`,
    calls: [{ name: "list_backtests", input: { strategyId: explicitStrategyId } }],
  },
  // A finding's strategy is validated against every candidate its scan tested.
  {
    message: "validate finding 7",
    calls: [{ name: "validate_strategy", input: { findingId: "7" } }],
  },
  {
    message: "validate the best one",
    context: { findingsShownLast: true },
    calls: [{ name: "validate_strategy", input: { findingId: "12" } }],
  },
  {
    message: "validate it",
    context: { lastStrategyFindingId: "7" },
    calls: [{ name: "validate_strategy", input: { strategyId: lastStrategyId, findingId: "7" } }],
  },
  {
    message: `validate strategy ${explicitStrategyId} since 2020 with a $25k account`,
    calls: [
      {
        name: "validate_strategy",
        input: { strategyId: explicitStrategyId, start: "2020-01-01", accountEquity: 25000 },
      },
    ],
  },
  {
    message: "validate optimization 3f2b8c1e-9d4a-4b6e-8f0a-1c2d3e4f5a6b",
    calls: [
      {
        name: "validate_strategy",
        input: { optimizationId: "3f2b8c1e-9d4a-4b6e-8f0a-1c2d3e4f5a6b" },
      },
    ],
  },
  {
    message: "validate a 20/50 moving average crossover on SPY",
    calls: [
      {
        name: "validate_strategy",
        input: {
          spec: { name: "SMA 20/50 crossover", universe: ["SPY"], ...crossover(sma(20), sma(50)) },
        },
      },
    ],
  },
  {
    message: "backtest a 50/200 crossover on DIA since 2015, then validate it",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "SMA 50/200 crossover",
            universe: ["DIA"],
            ...crossover(sma(50), sma(200)),
          },
          start: "2015-01-01",
        },
      },
      {
        name: "validate_strategy",
        input: {
          spec: {
            name: "SMA 50/200 crossover",
            universe: ["DIA"],
            ...crossover(sma(50), sma(200)),
          },
          start: "2015-01-01",
        },
      },
    ],
  },
  // validation rules
  {
    message: "list the validation rules",
    calls: [{ name: "list_validation_rules", input: {} }],
  },
  {
    message: "show the robustness rules",
    calls: [{ name: "list_validation_rules", input: { family: "robustness" } }],
  },
  {
    message: "add a rule max-drawdown-cap: max drawdown at most 25%, critical",
    calls: [
      {
        name: "add_validation_rule",
        input: {
          id: "max-drawdown-cap",
          metric: "max_drawdown",
          comparison: "<=",
          threshold: 0.25,
          severity: "critical",
        },
      },
    ],
  },
  {
    message: "add a validation rule: sharpe must be at least 0.8",
    calls: [
      {
        name: "add_validation_rule",
        input: { id: "sharpe-floor", metric: "sharpe", comparison: ">=", threshold: 0.8 },
      },
    ],
  },
  {
    message: "disable rule robustness-one-bar-delay",
    calls: [
      { name: "set_validation_rule", input: { id: "robustness-one-bar-delay", enabled: false } },
    ],
  },
  {
    message: "turn the rule equities-pattern-day-trader back on",
    calls: [
      {
        name: "set_validation_rule",
        input: { id: "equities-pattern-day-trader", enabled: true },
      },
    ],
  },
  // scan_markets and list_findings
  {
    message: "scan tech stocks for mean reversion",
    calls: [{ name: "scan_markets", input: { symbols: ["XLK"], families: ["mean_reversion"] } }],
  },
  {
    message: "scan the sector ETFs for momentum and breakouts",
    calls: [
      {
        name: "scan_markets",
        input: { universe: "sector-etfs", families: ["momentum", "breakout"] },
      },
    ],
  },
  {
    message: "scan crypto for pairs with 10 bps costs",
    calls: [
      {
        name: "scan_markets",
        input: { universe: "crypto-majors", families: ["pairs"], costBps: 10 },
      },
    ],
  },
  {
    message: "scan SPY QQQ IWM for seasonality, fdr 10%, last 500 bars",
    calls: [
      {
        name: "scan_markets",
        input: {
          symbols: ["SPY", "QQQ", "IWM"],
          families: ["day_of_week", "turn_of_month"],
          alpha: 0.1,
          lookbackBars: 500,
        },
      },
    ],
  },
  {
    message: "look for inefficiencies",
    calls: [{ name: "scan_markets", input: {} }],
  },
  {
    message: "scan my-tech universe for gaps on hourly bars",
    calls: [
      {
        name: "scan_markets",
        input: { universe: "my-tech", families: ["gap"], timeframe: "1h" },
      },
    ],
  },
  {
    message: "show the latest findings",
    calls: [{ name: "list_findings", input: {} }],
  },
  {
    message: "list the top 5 momentum findings including decayed",
    calls: [
      {
        name: "list_findings",
        input: { limit: 5, pattern: "momentum", includeDecayed: true },
      },
    ],
  },
  // position sizing: the stop is asked for, the risk is 1% of the account unless said
  ...(
    [
      [
        "how many shares of SPY should I buy if I risk 1% with a 2 ATR stop?",
        { symbol: "SPY", riskPercent: 1, stopAtr: 2 },
      ],
      ["position size for AAPL with a stop at 180", { symbol: "AAPL", stopPrice: 180 }],
      [
        "size a BTC/USD trade risking $500 with a 5% stop",
        { symbol: "BTC/USD", riskAmount: 500, stopPercent: 5 },
      ],
      [
        "how much MES can I buy risking 1.5% with stop 2xATR(20)",
        { symbol: "MES", riskPercent: 1.5, stopAtr: 2, atrPeriod: 20 },
      ],
      ["how big should my position in QQQ be with a 3% stop", { symbol: "QQQ", stopPercent: 3 }],
      [
        "position sizing for TSLA, stop 2 ATR, entry at 250, account of 50k",
        { symbol: "TSLA", stopAtr: 2, entryPrice: 250, equity: 50_000 },
      ],
      [
        "how many shares of AAPL can I short with a stop at 210 risking 300",
        { symbol: "AAPL", side: "sell", riskAmount: 300, stopPrice: 210 },
      ],
      [
        "how many shares of SPY should I buy with a stop 10% below",
        { symbol: "SPY", stopPercent: 10 },
      ],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "size_position", input }] })),
  // Right after a size was worked out, "buy it" proposes that size.
  ...["buy it", "ok, place it", "go ahead"].map((message) => ({
    message,
    context: { sizedLast: { symbol: "SPY", side: "buy" as const, quantity: 39 } },
    calls: [{ name: "propose_order", input: { symbol: "SPY", side: "buy", quantity: 39 } }],
  })),
  {
    message: "how many shares of SPY if I buy at 590 with a stop at 580 risking 1%",
    calls: [
      {
        name: "size_position",
        input: { symbol: "SPY", riskPercent: 1, stopPrice: 580, entryPrice: 590 },
      },
    ],
  },
  { message: "how many shares of AAPL do I hold", calls: [{ name: "get_positions", input: {} }] },
  ...["how volatile is TSLA", "what's the volatility of TSLA"].map((message) => ({
    message,
    calls: [{ name: "market_snapshot", input: { symbols: ["TSLA"] } }],
  })),
  {
    message: "what happened in the market today",
    calls: [{ name: "market_snapshot", input: { sortBy: "day", order: "desc", limit: 10 } }],
  },
  ...["what's my risk?", "am I too concentrated?", "how diversified am I"].map((message) => ({
    message,
    calls: [{ name: "position_risk", input: {} }],
  })),
  { message: "how many symbols do I have", calls: [{ name: "list_symbols", input: {} }] },
  ...["when was my data last updated", "is my data up to date?", "how fresh are my bars"].map(
    (message) => ({ message, calls: [{ name: "list_symbols", input: {} }] }),
  ),
  // Sized at a given entry: the limit order the gate checked there.
  {
    message: "buy it",
    context: { sizedLast: { symbol: "SPY", side: "buy" as const, quantity: 39, limitPrice: 590 } },
    calls: [
      {
        name: "propose_order",
        input: { symbol: "SPY", side: "buy", quantity: 39, type: "limit", limitPrice: 590 },
      },
    ],
  },
  // Right after a sizing, a new risk or stop sizes it again, the rest kept.
  ...(
    [
      ["what if I risk 0.5%?", { symbol: "SPY", stopAtr: 2, atrPeriod: 14, riskPercent: 0.5 }],
      ["with a 3% stop instead", { symbol: "SPY", riskPercent: 1, stopPercent: 3 }],
      ["risk $500", { symbol: "SPY", stopAtr: 2, atrPeriod: 14, riskAmount: 500 }],
    ] as const
  ).map(([message, input]) => ({
    message,
    context: { sizingShownLast: { symbol: "SPY", riskPercent: 1, stopAtr: 2, atrPeriod: 14 } },
    calls: [{ name: "size_position", input }],
  })),
  {
    message: "risk 2% on NVDA with a stop at 100",
    calls: [{ name: "size_position", input: { symbol: "NVDA", riskPercent: 2, stopPrice: 100 } }],
  },
  // A holding's size is the account's.
  { message: "what's my position size in SPY", calls: [{ name: "get_positions", input: {} }] },
  // orders, approvals, account
  {
    message: "buy 10 shares of AAPL",
    calls: [{ name: "propose_order", input: { symbol: "AAPL", side: "buy", quantity: 10 } }],
  },
  {
    message: "set a limit order to buy 10 AAPL at 150",
    calls: [
      {
        name: "propose_order",
        input: { symbol: "AAPL", side: "buy", quantity: 10, type: "limit", limitPrice: 150 },
      },
    ],
  },
  // A question about an order: the gate's verdict, never a proposal.
  ...[
    "can I buy 10 SPY?",
    "would buying 10 SPY pass the risk gate?",
    "is buying 10 SPY too much?",
    "would the gate let me buy 10 SPY?",
  ].map((message) => ({
    message,
    calls: [{ name: "check_order", input: { symbol: "SPY", side: "buy", quantity: 10 } }],
  })),
  ...["close my SPY position", "I want out of SPY", "dump SPY"].map((message) => ({
    message,
    context: {
      positions: [
        { symbol: "SPY", quantity: 10 },
        { symbol: "QQQ", quantity: -5 },
      ],
    },
    calls: [{ name: "propose_order", input: { symbol: "SPY", side: "sell", quantity: 10 } }],
  })),
  ...[
    "flatten everything",
    "close all positions",
    "sell everything",
    "go to cash",
    "liquidate",
  ].map((message) => ({
    message,
    context: {
      positions: [
        { symbol: "SPY", quantity: 10 },
        { symbol: "QQQ", quantity: -5 },
        { symbol: "GLD", quantity: 0 },
      ],
    },
    calls: [
      { name: "propose_order", input: { symbol: "SPY", side: "sell", quantity: 10 } },
      { name: "propose_order", input: { symbol: "QQQ", side: "buy", quantity: 5 } },
    ],
  })),
  ...[
    ["sell half of my SPY", "SPY", "sell", 3],
    ["sell half my SPY position", "SPY", "sell", 3],
    ["take profits on half of my SPY", "SPY", "sell", 3],
    ["sell two thirds of my SPY", "SPY", "sell", 4],
    ["trim my QQQ position by 25%", "QQQ", "buy", 2],
    ["cut my QQQ position in half", "QQQ", "buy", 4],
    ["reduce my BTC/USD by a third", "BTC/USD", "sell", 0.1],
    ["close 50 percent of my BTC/USD", "BTC/USD", "sell", 0.15],
    ["sell 50% of SPY", "SPY", "sell", 3],
    ["sell half of spy", "SPY", "sell", 3],
    // A lower-case ticker after a share and "my".
    ["sell half my spy", "SPY", "sell", 3],
    ["halve my spy", "SPY", "sell", 3],
    ["trim my qqq by 25%", "QQQ", "buy", 2],
  ].map(([message, symbol, side, quantity]) => ({
    message: message as string,
    context: {
      positions: [
        { symbol: "SPY", quantity: 7 },
        { symbol: "QQQ", quantity: -9 },
        { symbol: "BTC/USD", quantity: 0.3 },
      ],
    },
    calls: [{ name: "propose_order", input: { symbol, side, quantity } }],
  })),
  // A coin is bought and sold in fractions: half of one whole ETH is half an ETH.
  {
    message: "sell half of my ETH/USD",
    context: { positions: [{ symbol: "ETH/USD", quantity: 1 }] },
    calls: [{ name: "propose_order", input: { symbol: "ETH/USD", side: "sell", quantity: 0.5 } }],
  },
  ...["close half of everything", "halve all my positions"].map((message) => ({
    message,
    context: {
      positions: [
        { symbol: "SPY", quantity: 7 },
        { symbol: "QQQ", quantity: -5 },
      ],
    },
    calls: [
      { name: "propose_order", input: { symbol: "SPY", side: "sell", quantity: 3 } },
      { name: "propose_order", input: { symbol: "QQQ", side: "buy", quantity: 2 } },
    ],
  })),
  ...["close my position", "sell half of it", "sell half", "trim 50%"].map((message) => ({
    message,
    context: { positions: [{ symbol: "SPY", quantity: 10 }] },
    calls: [
      {
        name: "propose_order",
        input: { symbol: "SPY", side: "sell", quantity: message === "close my position" ? 10 : 5 },
      },
    ],
  })),
  ...(() => {
    const { a, b, c } = orderIds;
    const context = {
      openOrders: [
        openOrder(a, "buy", 5, "AAPL", 180, "submitted"),
        openOrder(b, "sell", 2, "AAPL", null, "proposed"),
        openOrder(c, "buy", 1, "MSFT", null, "approved"),
      ],
    };
    const cancels = (...ids: string[]) =>
      ids.map((orderId) => ({ name: "cancel_order", input: { orderId } }));
    return [
      { message: "cancel my MSFT order", context, calls: cancels(c) },
      { message: "cancel my AAPL limit order", context, calls: cancels(a) },
      { message: "cancel the pending AAPL order", context, calls: cancels(b) },
      { message: "cancel my AAPL orders", context, calls: cancels(a, b) },
      { message: "cancel all my open orders", context, calls: cancels(a, b, c) },
      { message: "withdraw my sell order", context, calls: cancels(b) },
      // Rejecting is a decision on orders waiting for approval: the submitted AAPL one is left.
      { message: "reject my AAPL order", context, calls: cancels(b) },
      { message: "decline all my orders", context, calls: cancels(b) },
      { message: "reject 1c93d7f7", calls: cancels("1c93d7f7") },
      { message: `cancel order ${a}`, calls: cancels(a) },
      { message: "cancel order D213ACBE", calls: cancels("d213acbe") },
      { message: "please cancel 0a1b015b-5b3b", calls: cancels("0a1b015b-5b3b") },
    ];
  })(),
  ...["show my portfolios", "which portfolios do I have", "list my portfolios"].map((message) => ({
    message,
    calls: [{ name: "list_portfolios", input: {} }],
  })),
  {
    message: "show my last 3 portfolios",
    calls: [{ name: "list_portfolios", input: { limit: 3 } }],
  },
  {
    message: "what's in portfolio 2AC0C4CC-11f2-4b7e-a43f-d093cf697ade",
    calls: [
      {
        name: "list_portfolios",
        input: { portfolioId: "2ac0c4cc-11f2-4b7e-a43f-d093cf697ade" },
      },
    ],
  },
  { message: "what's in my portfolio", calls: [{ name: "get_positions", input: {} }] },
  { message: "what did I make today?", calls: [{ name: "get_positions", input: {} }] },
  // The account's risk: its positions over their stored returns; its P&L is get_positions'.
  ...[
    "how risky are my positions?",
    "what's my account's VaR?",
    "how much could I lose tomorrow?",
    "volatility of my account",
  ].map((message) => ({ message, calls: [{ name: "position_risk", input: {} }] })),
  // A historical stress test: a fall known by name (the S&P 500's closing peak to low) or a year.
  ...(
    [
      ["how would my positions have done in the 2020 crash?", "2020-02-19", "2020-03-23"],
      ["what would my portfolio have lost in the financial crisis?", "2007-10-09", "2009-03-09"],
      ["stress test my portfolio against 2022", "2022-01-01", "2022-12-31"],
      ["stress test my positions from 2018-10-01 to 2018-12-24", "2018-10-01", "2018-12-24"],
    ] as const
  ).map(([message, start, end]) => ({
    message,
    calls: [{ name: "position_risk", input: { replay: { start, end } } }],
  })),
  // A what-if: each position moved by its beta to the symbol (the market: SPY).
  ...(
    [
      ["what happens if SPY drops 10%?", "SPY", -0.1],
      ["how much would I lose if the market falls 20%?", "SPY", -0.2],
      ["what if TLT rises 5%?", "TLT", 0.05],
    ] as const
  ).map(([message, symbol, move]) => ({
    message,
    calls: [{ name: "position_risk", input: { shock: { symbol, move } } }],
  })),
  {
    message: "how much did my positions lose today?",
    calls: [{ name: "get_positions", input: {} }],
  },
  // A portfolio's risk: the newest stored one's, or the one named or shown last.
  ...[
    "how risky is my portfolio?",
    "what's the VaR of my portfolio",
    "what's the max drawdown of this portfolio?",
    "how much could I lose with my portfolio?",
    "portfolio value at risk",
  ].map((message) => ({ message, calls: [{ name: "list_portfolios", input: { limit: 1 } }] })),
  {
    message: "what's the worst day of portfolio 2AC0C4CC-11f2-4b7e-a43f-d093cf697ade",
    calls: [
      {
        name: "list_portfolios",
        input: { portfolioId: "2ac0c4cc-11f2-4b7e-a43f-d093cf697ade" },
      },
    ],
  },
  // Weight limits in words: a cap per asset, a floor in each, a cash buffer.
  {
    message: "build a min variance portfolio of SPY, TLT and GLD with at most 30% in one",
    calls: [
      {
        name: "construct_portfolio",
        input: {
          symbols: ["SPY", "TLT", "GLD"],
          objective: "minVariance",
          constraints: { maxWeight: 0.3 },
        },
      },
    ],
  },
  {
    message:
      "allocate across SPY, TLT and GLD with risk parity, no more than 40% per asset and 10% in cash",
    calls: [
      {
        name: "construct_portfolio",
        input: {
          symbols: ["SPY", "TLT", "GLD"],
          objective: "riskParity",
          constraints: { maxWeight: 0.4, cashBuffer: 0.1 },
        },
      },
    ],
  },
  {
    message: "build a portfolio of SPY and QQQ with at least 20% in each",
    calls: [
      {
        name: "construct_portfolio",
        input: { symbols: ["SPY", "QQQ"], constraints: { minWeight: 0.2 } },
      },
    ],
  },
  {
    message: "build a risk parity portfolio of SPY and TLT",
    calls: [
      { name: "construct_portfolio", input: { symbols: ["SPY", "TLT"], objective: "riskParity" } },
    ],
  },
  // Right after a portfolio was built or shown alone, "it" is that portfolio.
  ...(() => {
    const portfolioId = "2ac0c4cc-11f2-4b7e-a43f-d093cf697ade";
    const context = { portfolioShownLast: portfolioId };
    return [
      {
        message: "what's the sharpe of it",
        context,
        calls: [{ name: "list_portfolios", input: { portfolioId } }],
      },
      {
        message: "rebalance it",
        context,
        calls: [{ name: "rebalance_portfolio", input: { portfolioId } }],
      },
      ...["what's the risk of that portfolio?", "what's the VaR?", "expected shortfall?"].map(
        (message) => ({
          message,
          context,
          calls: [{ name: "list_portfolios", input: { portfolioId } }],
        }),
      ),
      {
        message: "show me the trades",
        context,
        calls: [{ name: "get_backtest", input: { id: phrasingContext.lastBacktestId } }],
      },
    ];
  })(),

  {
    // Its own name's words are the conversation's strategy ("SMA 20/50 crossover").
    message: "add a 5% stop loss to my sma strategy",
    context: { lastSpec: ranSpec },
    calls: [
      {
        name: "backtest_strategy",
        input: { strategyId: lastStrategyId, changes: { stopLoss: { percent: 5 } } },
      },
    ],
  },
  {
    // A stop added to a strategy is a change of it, not a stop on a position.
    message: "add a 5% stop loss to my strategy",
    calls: [
      {
        name: "backtest_strategy",
        input: { strategyId: lastStrategyId, changes: { stopLoss: { percent: 5 } } },
      },
    ],
  },
  {
    message: "sell $5000 of SPY",
    calls: [{ name: "propose_order", input: { symbol: "SPY", side: "sell", notional: 5000 } }],
  },
  {
    message: "buy 5 AAPL limit 180",
    calls: [
      {
        name: "propose_order",
        input: { symbol: "AAPL", side: "buy", quantity: 5, type: "limit", limitPrice: 180 },
      },
    ],
  },
  {
    message: "please buy $2.5k of bitcoin",
    calls: [{ name: "propose_order", input: { symbol: "BTC/USD", side: "buy", notional: 2500 } }],
  },
  {
    message: "I'd like to sell three shares of msft at 410 limit",
    calls: [
      {
        name: "propose_order",
        input: { symbol: "MSFT", side: "sell", quantity: 3, type: "limit", limitPrice: 410 },
      },
    ],
  },
  // An order for the strategy just run, not a change of its rules ("buy 0.25" is no "buy below").
  {
    message: "sell 5 QQQ for the last strategy",
    context: { lastSpec: ranRsiSpec },
    calls: [
      {
        name: "propose_order",
        input: { symbol: "QQQ", side: "sell", quantity: 5, strategyId: lastStrategyId },
      },
    ],
  },
  {
    message: "buy 0.25 BTC/USD for the last strategy",
    calls: [
      {
        name: "propose_order",
        input: { symbol: "BTC/USD", side: "buy", quantity: 0.25, strategyId: lastStrategyId },
      },
    ],
  },
  {
    message: "Short 1,000 shares of TSLA at market",
    calls: [
      {
        name: "propose_order",
        input: { symbol: "TSLA", side: "sell", quantity: 1000, type: "market" },
      },
    ],
  },
  ...["show pending approvals", "what's pending?", "anything pending?"].map((message) => ({
    message,
    calls: [{ name: "list_approvals", input: {} }],
  })),
  {
    message: "show all approvals",
    calls: [{ name: "list_approvals", input: { state: "all" } }],
  },
  {
    message: "show me AAPL's 50 day moving average",
    calls: [
      {
        name: "compute_indicators",
        input: { symbol: "AAPL", indicators: [{ sma: { period: 50 } }] },
      },
    ],
  },
  { message: "what's my exposure", calls: [{ name: "get_positions", input: {} }] },
  { message: "show me SPY's chart", calls: [{ name: "get_bars", input: { symbol: "SPY" } }] },
  { message: "which is stronger, EUR or JPY", calls: [{ name: "currency_strength", input: {} }] },
  { message: "is the dollar strong?", calls: [{ name: "currency_strength", input: {} }] },
  // What the scanner finds is the answer to "find me a strategy".
  // explain_term: what a word means, not a value ("what's the sharpe?" is the last backtest's)
  ...(
    [
      ["what is a sharpe ratio?", "Sharpe ratio"],
      ["what does max drawdown mean", "maximum drawdown"],
      ["how is sharpe computed", "Sharpe ratio"],
      ["explain profit factor", "profit factor"],
      ["what is PBO", "probability of backtest overfitting"],
      ["define CAGR", "CAGR"],
      ["what is a good win rate?", "win rate"],
      ["what is value at risk?", "value at risk"],
      ["what's CVaR?", "expected shortfall"],
      ["what is a risk share?", "risk share"],
      ["what is hrp?", "hierarchical risk parity"],
      ["what is beta?", "beta"],
    ] as const
  ).map(([message, term]) => ({ message, calls: [{ name: "explain_term", input: { term } }] })),
  // seasonality: a symbol by calendar month or weekday; an edge to trade stays the scanner's
  ...(
    [
      ["seasonality of SPY", { symbol: "SPY", by: "month" }],
      ["what's the best month for SPY?", { symbol: "SPY", by: "month" }],
      ["average return by month for QQQ", { symbol: "QQQ", by: "month" }],
      ["how does SPY do in September?", { symbol: "SPY", by: "month", focus: "september" }],
      ["does SPY go up in december", { symbol: "SPY", by: "month", focus: "december" }],
      ["is there a santa rally in SPY?", { symbol: "SPY", by: "month", focus: "december" }],
      ["is sell in may true for SPY?", { symbol: "SPY", by: "month", focus: "may" }],
      ["what's the best day of the week to buy BTC/USD?", { symbol: "BTC/USD", by: "weekday" }],
      ["what's the best day of the week to buy SPY", { symbol: "SPY", by: "weekday" }],
      ["how does AAPL trade on mondays?", { symbol: "AAPL", by: "weekday", focus: "monday" }],
      ["how does ETH/USD do on weekends?", { symbol: "ETH/USD", by: "weekday" }],
      [
        "SPY seasonality by weekday since 2021",
        { symbol: "SPY", by: "weekday", start: "2021-01-01" },
      ],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "seasonality", input }] })),
  {
    message: "how did SPY do in march 2020?",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: { name: "Buy and hold", universe: ["SPY"], entry: true },
          start: "2020-03-01",
          end: "2020-03-31",
        },
      },
    ],
  },
  // analyze_pair: two named symbols as a spread; finding pairs among many stays the scanner's
  ...(
    [
      ["pairs trade KO and PEP", { a: "KO", b: "PEP" }],
      ["are GLD and SLV cointegrated?", { a: "GLD", b: "SLV" }],
      ["what's the hedge ratio of GLD to SLV?", { a: "GLD", b: "SLV" }],
      ["KO/PEP spread z-score", { a: "KO", b: "PEP" }],
      ["is SPY and QQQ a good pair?", { a: "SPY", b: "QQQ" }],
      ["pairs trade ETH/USD and BTC/USD", { a: "ETH/USD", b: "BTC/USD" }],
      [
        "the spread between XLE and XOP with entry z 2.5 and exit at 0.5",
        { a: "XLE", b: "XOP", entryZ: 2.5, exitZ: 0.5 },
      ],
      [
        "backtest a pairs trade on ECHO/XLY since 2022 with a 30-day window and stop at 4",
        { a: "ECHO", b: "XLY", lookback: 30, stopZ: 4, start: "2022-01-01" },
      ],
      ["pairs trade KO and PEP entering at |z| > 2.5", { a: "KO", b: "PEP", entryZ: 2.5 }],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "analyze_pair", input }] })),
  {
    message: "bid ask spread of SPY",
    calls: [{ name: "get_quotes", input: { symbols: ["SPY"] } }],
  },
  // market_snapshot: where a symbol stands, and rankings of the stored ones
  ...[
    "what is SPY's 52 week high?",
    "how far is SPY from its high?",
    "what's the average daily volume of SPY?",
    "how much did SPY move today?",
    "how is SPY doing today?",
    "what's the beta of SPY?",
    "what happened to SPY yesterday?",
    "what did SPY do today?",
  ].map((message) => ({
    message,
    calls: [{ name: "market_snapshot", input: { symbols: ["SPY"] } }],
  })),
  // A symbol named with nothing else asked of it: where it stands, and its chart.
  ...["SPY", "show me SPY", "how is SPY doing?", "tell me about $SPY"].map((message) => ({
    message,
    calls: [
      { name: "market_snapshot", input: { symbols: ["SPY"] } },
      { name: "get_bars", input: { symbol: "SPY" } },
    ],
  })),
  {
    message: "how are NVDA and bitcoin doing?",
    calls: [{ name: "market_snapshot", input: { symbols: ["NVDA", "BTC/USD"] } }],
  },
  {
    message: "NVDA price",
    calls: [{ name: "get_quotes", input: { symbols: ["NVDA"] } }],
  },
  ...(
    [
      ["top gainers today", { sortBy: "day", order: "desc", limit: 10 }],
      ["what are the biggest movers?", { sortBy: "day", order: "desc", limit: 10 }],
      ["worst performers this week", { sortBy: "week", order: "asc", limit: 10 }],
      ["top 5 losers ytd", { sortBy: "yearToDate", order: "asc", limit: 5 }],
      [
        "unusual volume in the sector etfs",
        { universe: "sector-etfs", sortBy: "relativeVolume", order: "desc", limit: 10 },
      ],
      [
        "which ones are near their 52-week highs?",
        { sortBy: "fromHigh", order: "desc", limit: 10 },
      ],
      ["lowest beta stocks", { sortBy: "beta", order: "asc", limit: 10 }],
      [
        "most volatile coins",
        { universe: "crypto-majors", sortBy: "volatility", order: "desc", limit: 10 },
      ],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "market_snapshot", input }] })),
  {
    message: "how has QQQ done since january?",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: { name: "Buy and hold", universe: ["QQQ"], entry: true },
          start: "2025-01-01",
        },
      },
    ],
  },
  // 2025-06-16, the phrasings' today, is a Monday: this week begins that day.
  {
    message: "show my trades this week",
    calls: [{ name: "list_orders", input: { since: "2025-06-16T00:00:00Z" } }],
  },
  {
    message: "how many trades did I make this month?",
    calls: [{ name: "list_orders", input: { since: "2025-06-01T00:00:00Z" } }],
  },
  ...["how did my strategy do this month?", "how have my strategies performed?"].map((message) => ({
    message,
    calls: [{ name: "strategy_status", input: {} }],
  })),
  {
    message: "what did I buy yesterday?",
    calls: [{ name: "list_orders", input: { since: "2025-06-15T00:00:00Z" } }],
  },
  {
    message: "returns of SPY this year",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: { name: "Buy and hold", universe: ["SPY"], entry: true },
          start: "2025-01-01",
        },
      },
    ],
  },
  // account_performance: the broker account over a period
  ...(
    [
      ["how did my portfolio do?", "1M"],
      ["what's my P&L this month?", "1M"],
      ["show my equity curve", "1M"],
      ["how much have I made this year?", "YTD"],
      ["how much have we lost this week", "1W"],
      ["what's my total profit?", "all"],
      ["my account performance since I started", "all"],
      ["how am I doing this week?", "1W"],
      ["what's my return ytd?", "YTD"],
      ["how did my account do over the past 3 months?", "3M"],
      ["what's my max drawdown?", "all"],
      ["what's my drawdown this year?", "YTD"],
    ] as const
  ).map(([message, period]) => ({
    message,
    calls: [{ name: "account_performance", input: { period } }],
  })),
  // price alerts: set, listed, cancelled, checked
  ...(
    [
      ["alert me when SPY drops below 600", { symbol: "SPY", price: 600, direction: "below" }],
      ["alert me when spy drops below 600", { symbol: "SPY", price: 600, direction: "below" }],
      [
        "notify me if BTC/USD goes above 100k",
        { symbol: "BTC/USD", price: 100000, direction: "above" },
      ],
      ["let me know when AAPL hits $200", { symbol: "AAPL", price: 200 }],
      ["set a price alert on QQQ at 500", { symbol: "QQQ", price: 500 }],
      ["ping me if ETH/USD falls 10%", { symbol: "ETH/USD", direction: "below", percent: 10 }],
      ["tell me if TSLA is up 5%", { symbol: "TSLA", direction: "above", percent: 5 }],
      [
        "please warn me when EUR/USD is under 1.05",
        { symbol: "EUR/USD", price: 1.05, direction: "below" },
      ],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "set_price_alert", input }] })),
  // indicator alerts: one indicator against a level at the daily close
  ...(
    [
      [
        "alert me when SPY's RSI goes below 30",
        { symbol: "SPY", indicator: { rsi: {} }, level: 30, direction: "below" },
      ],
      [
        "tell me when QQQ rsi(2) goes above 90",
        { symbol: "QQQ", indicator: { rsi: { period: 2 } }, level: 90, direction: "above" },
      ],
      [
        "tell me when spy's macd histogram turns positive",
        {
          symbol: "SPY",
          indicator: { macd: { output: "histogram" } },
          level: 0,
          direction: "above",
        },
      ],
      [
        "notify me when SPY williams %r falls below -80",
        { symbol: "SPY", indicator: { williamsR: {} }, level: -80, direction: "below" },
      ],
      [
        "alert me when SPY's 50-day SMA goes above 600",
        { symbol: "SPY", indicator: { sma: { period: 50 } }, level: 600, direction: "above" },
      ],
      ["alert me when spy cci crosses zero", { symbol: "SPY", indicator: { cci: {} }, level: 0 }],
      // The close against an average or a band: their difference against 0.
      [
        "let me know when AAPL crosses above its 200-day moving average",
        {
          symbol: "AAPL",
          indicator: { sub: ["close", { sma: { period: 200 } }] },
          level: 0,
          direction: "above",
        },
      ],
      [
        "tell me when QQQ breaks above the upper bollinger band",
        {
          symbol: "QQQ",
          indicator: { sub: ["close", { bollinger: { output: "upper" } }] },
          level: 0,
          direction: "above",
        },
      ],
      // Two averages crossing: the first minus the second against 0.
      [
        "let me know when the 50-day crosses above the 200-day on SPY",
        { symbol: "SPY", indicator: { sub: [fifty, twoHundred] }, level: 0, direction: "above" },
      ],
      [
        "tell me when SPY has a death cross",
        { symbol: "SPY", indicator: { sub: [fifty, twoHundred] }, level: 0, direction: "below" },
      ],
      [
        "alert me when the 20 ema crosses below the 50 ema on AAPL",
        {
          symbol: "AAPL",
          indicator: { sub: [{ ema: { period: 20 } }, { ema: { period: 50 } }] },
          level: 0,
          direction: "below",
        },
      ],
      [
        "alert me when spy crosses its 200 day sma",
        { symbol: "SPY", indicator: { sub: ["close", { sma: { period: 200 } }] }, level: 0 },
      ],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "set_price_alert", input }] })),
  ...(
    [
      ["show my alerts", {}],
      ["what alerts do I have?", {}],
      ["which alerts fired?", { state: "triggered" }],
      ["show all my price alerts", { state: "all" }],
      ["my SPY alerts", { symbol: "SPY" }],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "list_price_alerts", input }] })),
  ...(
    [
      ["cancel my SPY alert", { symbol: "SPY" }],
      ["delete alert be8c544e", { id: "be8c544e" }],
      ["clear all my alerts", { all: true }],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "cancel_price_alert", input }] })),
  { message: "check my alerts", calls: [{ name: "check_price_alerts", input: {} }] },
  // export_bars: stored bars as one CSV file
  {
    message: "export QQQ bars to csv",
    calls: [{ name: "export_bars", input: { symbols: ["QQQ"] } }],
  },
  {
    message: "download SPY and TLT data as csv since 2022",
    calls: [{ name: "export_bars", input: { symbols: ["SPY", "TLT"], start: "2022-01-01" } }],
  },
  {
    message: "export its bars",
    calls: [{ name: "export_bars", input: { strategyId: phrasingContext.lastStrategyId } }],
  },
  {
    // Right after a program was generated, "its" bars are its strategy's.
    message: "save the data as a csv",
    context: {
      codeShownLast: { strategyId: explicitStrategyId, target: "python", filename: "x.py" },
    },
    calls: [{ name: "export_bars", input: { strategyId: explicitStrategyId } }],
  },
  {
    message: "export it as pine script",
    calls: [
      {
        name: "generate_code",
        input: { strategyId: phrasingContext.lastStrategyId, target: "pine" },
      },
    ],
  },
  // list_symbols: what bars are stored
  { message: "which symbols are stored?", calls: [{ name: "list_symbols", input: {} }] },
  {
    message: "what symbols are in the tech universe",
    calls: [{ name: "list_universes", input: {} }],
  },
  { message: "what data do I have?", calls: [{ name: "list_symbols", input: {} }] },
  { message: "what markets do you have?", calls: [{ name: "list_symbols", input: {} }] },
  {
    message: "how much data do I have for BTC",
    calls: [{ name: "list_symbols", input: { symbols: ["BTC/USD"] } }],
  },
  {
    message: "add https://www.federalreserve.gov/feeds/press_all.xml",
    calls: [
      {
        name: "add_research_source",
        input: { url: "https://www.federalreserve.gov/feeds/press_all.xml", kind: "rss" },
      },
    ],
  },
  {
    message: "what did the fed say",
    calls: [{ name: "search_research", input: { query: "fed" } }],
  },
  // The account's P&L, not a backtest's.
  ...["how much did I make today", "how much have I made?", "how am I doing?"].map((message) => ({
    message,
    calls: [{ name: "get_positions", input: {} }],
  })),
  ...["what's the status?", "what are the risk limits?", "show my limits"].map((message) => ({
    message,
    calls: [{ name: "desk_status", input: {} }],
  })),
  // A limit asked about, not changed: the status view gives the limits and today's room.
  ...[
    "what's my daily loss limit?",
    "how close am I to my daily loss limit?",
    "how much more can I lose today?",
    "what is my max position size?",
    "what's the max order size",
    "how many orders per minute can I send?",
  ].map((message) => ({ message, calls: [{ name: "desk_status", input: {} }] })),
  {
    message: "show me the code",
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "python" } }],
  },
  {
    message: "do you have hourly bars for SPY and QQQ",
    calls: [{ name: "list_symbols", input: { symbols: ["SPY", "QQQ"], timeframe: "1h" } }],
  },
  {
    message: "is BTC/USD stored?",
    calls: [{ name: "list_symbols", input: { symbols: ["BTC/USD"] } }],
  },
  { message: "find me a strategy", calls: [{ name: "scan_markets", input: {} }] },
  // Trades counted by another request are not a backtest's trades to show.
  {
    message: "scan for momentum with at least 10 trades",
    calls: [{ name: "scan_markets", input: { families: ["momentum"] } }],
  },
  {
    message: "is it better than SPY?",
    calls: [{ name: "performance_context", input: { strategyId: lastStrategyId } }],
  },
  {
    message: "rerun it since 2023",
    calls: [
      { name: "backtest_strategy", input: { strategyId: lastStrategyId, start: "2023-01-01" } },
    ],
  },
  { message: "give me a trading idea", calls: [{ name: "scan_markets", input: {} }] },
  // "My trades" are the account's orders; "the trades" a backtest's (get_backtest below).
  { message: "show my trades", calls: [{ name: "list_orders", input: {} }] },
  { message: "show me my trade history", calls: [{ name: "list_orders", input: {} }] },
  {
    message: "which trades have we made since 2025-01-02",
    calls: [{ name: "list_orders", input: { since: "2025-01-02T00:00:00Z" } }],
  },
  {
    message: "show my orders",
    calls: [{ name: "list_orders", input: {} }],
  },
  {
    message: "what are my open orders",
    calls: [
      {
        name: "list_orders",
        input: { states: ["approved", "submitting", "unknown", "submitted", "partially_filled"] },
      },
    ],
  },
  {
    message: "show the last 10 filled orders since 2025-01-02",
    calls: [
      {
        name: "list_orders",
        input: { states: ["filled"], since: "2025-01-02T00:00:00Z", limit: 10 },
      },
    ],
  },
  {
    message: "what are my positions",
    calls: [{ name: "get_positions", input: {} }],
  },
  {
    message: "what's my P&L today?",
    calls: [{ name: "get_positions", input: {} }],
  },
  {
    message: "how much cash do I have",
    calls: [{ name: "get_positions", input: {} }],
  },
  {
    message: "kill switch because the feed is not updating",
    calls: [{ name: "kill_switch", input: { reason: "the feed is not updating" } }],
  },
  ...["is the kill switch on?", "was trading halted?", "should I pull the kill switch?"].map(
    (message) => ({ message, calls: [{ name: "desk_status", input: {} }] }),
  ),
  ...["undo that", "go back to the original", "revert the last change"].map((message) => ({
    message,
    context: { lastVariantOf: "7".repeat(64), lastBacktestPeriod: { start: "2021-01-01" } },
    calls: [
      { name: "backtest_strategy", input: { strategyId: "7".repeat(64), start: "2021-01-01" } },
    ],
  })),
  {
    message: "stop all trading",
    calls: [{ name: "kill_switch", input: { reason: "stop all trading" } }],
  },
  {
    message: "kill switch because the data feed looks wrong",
    calls: [{ name: "kill_switch", input: { reason: "the data feed looks wrong" } }],
  },
  {
    message: `promote strategy ${explicitStrategyId} to paper`,
    calls: [{ name: "promote_strategy", input: { strategyId: explicitStrategyId, to: "paper" } }],
  },
  {
    message: "promote the last strategy to small live with $20,000 capital",
    calls: [
      {
        name: "promote_strategy",
        input: { strategyId: lastStrategyId, to: "small_live", capital: 20000 },
      },
    ],
  },
  // The stage said another way.
  ...["run it on paper", "paper trade it", "start paper trading it", "deploy it to paper"].map(
    (message) => ({
      message,
      calls: [{ name: "promote_strategy", input: { strategyId: lastStrategyId, to: "paper" } }],
    }),
  ),
  {
    // Words of the conversation's strategy's own name ("SMA 20/50 crossover") mean it.
    message: "generate pine code for the sma crossover",
    context: { lastSpec: ranSpec },
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "pine" } }],
  },
  {
    message: "promote this one to paper",
    calls: [{ name: "promote_strategy", input: { strategyId: lastStrategyId, to: "paper" } }],
  },
  {
    message: "put it on small live",
    calls: [{ name: "promote_strategy", input: { strategyId: lastStrategyId, to: "small_live" } }],
  },
  { message: "list my strategies", calls: [{ name: "list_strategies", input: {} }] },
  { message: "what strategies do I have?", calls: [{ name: "list_strategies", input: {} }] },
  {
    message: "show the last 5 strategies",
    calls: [{ name: "list_strategies", input: { limit: 5 } }],
  },
  { message: "which strategies do I have?", calls: [{ name: "list_strategies", input: {} }] },
  { message: "what are my strategies", calls: [{ name: "list_strategies", input: {} }] },
  { message: "list my backtests", calls: [{ name: "list_backtests", input: {} }] },
  {
    message: "backtest it since 2018",
    calls: [
      { name: "backtest_strategy", input: { strategyId: lastStrategyId, start: "2018-01-01" } },
    ],
  },
  {
    message: "how did it do in 2022?",
    calls: [
      {
        name: "backtest_strategy",
        input: { strategyId: lastStrategyId, start: "2022-01-01", end: "2022-12-31" },
      },
    ],
  },
  {
    message: "run it again",
    calls: [{ name: "backtest_strategy", input: { strategyId: lastStrategyId } }],
  },
  // backtest_strategy with changes: a variant of the conversation's strategy
  ...(
    [
      ["backtest it on QQQ", { universe: ["QQQ"] }],
      ["add a 5% stop loss", { stopLoss: { percent: 5 } }],
      ["make it short", { side: "short" }],
      ["what if I short it?", { side: "short" }],
      [
        "remove the take profit and use 10 bps slippage",
        { takeProfit: null, costs: { slippageBps: 10 } },
      ],
      ["without fees", { costs: { feeBps: 0 } }],
      ["what if fees were 5 bps and slippage 3 bps", { costs: { feeBps: 5, slippageBps: 3 } }],
      ["include 2 bps fees", { costs: { feeBps: 2 } }],
      ["size it at 50% of equity", { sizing: { fractionOfEquity: 0.5 } }],
      ["exit after 10 days", { timeExit: { bars: 10 } }],
      ["now on hourly bars", { timeframe: "1h" }],
      ["run the same rules on apple and microsoft", { universe: ["AAPL", "MSFT"] }],
      ["how does it do on IWM?", { universe: ["IWM"] }],
      [
        "what about the sector ETFs?",
        {
          universe: ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"],
        },
      ],
      [
        "try a 10/30 crossover instead",
        {
          name: "SMA 10/30 crossover",
          ...crossover(sma(10), sma(30)),
          side: "long",
          filters: [],
        },
      ],
      [
        "compare it with the sma 10/30 crossover",
        {
          name: "SMA 10/30 crossover",
          ...crossover(sma(10), sma(30)),
          side: "long",
          filters: [],
        },
      ],
      [
        "test it: buy when RSI(2) < 10",
        {
          name: "Buy when RSI(2) < 10",
          entry: { lt: [{ rsi: { period: 2 } }, 10] },
          side: "long",
          exit: null,
          filters: [],
        },
      ],
    ] as const
  ).map(([message, changes]) => ({
    message,
    calls: [{ name: "backtest_strategy", input: { strategyId: lastStrategyId, changes } }],
  })),
  {
    message: "and with a 2 ATR trailing stop since 2022",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: { trailingStop: { atrMultiple: 2 } },
          start: "2022-01-01",
        },
      },
    ],
  },
  // backtest_strategy with changes: the last spec's numbers, renamed after its new rules
  {
    message: "what about fast 10 and slow 30?",
    context: { lastSpec: ranSpec },
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: { ...crossover(sma(10), sma(30)), name: "SMA 10/30 crossover" },
        },
      },
    ],
  },
  // A crossover's two periods written alone, or a crossover without its average: the average kept.
  ...["what if I used a 50/200?", "try 50/200", "how about a 50/200 instead"].map((message) => ({
    message,
    context: { lastSpec: ranEmaSpec },
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: { ...crossover(ema(50), ema(200)), name: "EMA 50/200 crossover" },
        },
      },
    ],
  })),
  ...(
    [
      ["try a 50/200 crossover instead", ema, "EMA"],
      ["try a 50/200 moving average crossover instead", ema, "EMA"],
      ["try an sma 50/200 crossover instead", sma, "SMA"],
    ] as const
  ).map(([message, average, label]) => ({
    message,
    context: { lastSpec: ranEmaSpec },
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: {
            name: `${label} 50/200 crossover`,
            ...crossover(average(50), average(200)),
            side: "long",
            filters: [],
          },
        },
      },
    ],
  })),
  {
    // A MACD's own EMAs: named after its three lengths, the default signal kept.
    message: "what about fast 8 and slow 21?",
    context: { lastSpec: ranMacdSpec },
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: {
            entry: {
              crossAbove: [
                macdLine("macd", { fast: 8, slow: 21 }),
                macdLine("signal", { fast: 8, slow: 21 }),
              ],
            },
            exit: {
              crossBelow: [
                macdLine("macd", { fast: 8, slow: 21 }),
                macdLine("signal", { fast: 8, slow: 21 }),
              ],
            },
            name: "MACD 8/21/9 crossover",
          },
        },
      },
    ],
  },
  {
    message: "what about RSI(2)?",
    context: { lastSpec: ranRsiSpec },
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: {
            entry: { lt: [{ rsi: { period: 2 } }, 30] },
            exit: { gt: [{ rsi: { period: 2 } }, 70] },
            name: "Buy when RSI(2) < 30; sell when RSI(2) > 70",
          },
        },
      },
    ],
  },
  {
    message: "buy below 25 instead, with a 5% stop",
    context: { lastSpec: ranRsiSpec },
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: {
            stopLoss: { percent: 5 },
            entry: { lt: [{ rsi: { period: 14 } }, 25] },
            name: "Buy when RSI(14) < 25; sell when RSI(14) > 70",
          },
        },
      },
    ],
  },
  // optimize_strategy of the conversation's last spec, its numbers named by ranges
  {
    message: "optimize it with fast 5-50 and slow 60-200",
    context: { lastSpec: ranSpec, lastBacktestPeriod: { start: "2021-01-01" } },
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            ...ranSpec,
            // Placeholders where the old numbers stood: the optimizer writes the best ones in.
            name: "SMA {fast}/{slow} crossover",
            ...crossover(sma({ param: "fast" }), sma({ param: "slow" })),
            params: { fast: { int: [5, 50] }, slow: { int: [60, 200] } },
          },
          start: "2021-01-01",
        },
      },
    ],
  },
  // No ranges named: around the spec's own numbers, halved to doubled (20 -> 10-40, 50 -> 25-100).
  ...["optimize it", "walk forward test it"].map((message) => ({
    message,
    context: { lastSpec: ranSpec },
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            ...ranSpec,
            name: "SMA {fast}/{slow} crossover",
            ...crossover(sma({ param: "fast" }), sma({ param: "slow" })),
            params: { fast: { int: [10, 40] }, slow: { int: [25, 100] } },
          },
          ...(message.startsWith("walk") ? { walkForward: {} } : {}),
        },
      },
    ],
  })),
  // A MACD's default lengths 12/26/9, halved to doubled.
  {
    message: "optimize it",
    context: { lastSpec: ranMacdSpec },
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            ...ranMacdSpec,
            ...crossover(macdLine("macd", freeMacd), macdLine("signal", freeMacd)),
            params: { fast: { int: [6, 24] }, slow: { int: [13, 52] }, signal: { int: [5, 18] } },
          },
        },
      },
    ],
  },
  ...["optimize it with period 10-60 step 5", "optimize it with lookback 10 to 60 step 5"].map(
    (message) => ({
      // The one period the rules use, wherever they use it: a breakout's highs and lows.
      message,
      context: { lastSpec: ranBreakoutSpec },
      calls: [
        {
          name: "optimize_strategy",
          input: {
            spec: {
              ...ranBreakoutSpec,
              name: "{period}-bar breakout",
              entry: { gt: ["close", priorBand("rollingMax", { param: "period" })] },
              exit: { lt: ["close", priorBand("rollingMin", { param: "period" })] },
              params: { period: { int: [10, 60], step: 5 } },
            },
          },
        },
      ],
    }),
  ),
  {
    message: "optimize it with rsi 2-10 step 2",
    context: { lastSpec: ranRsiSpec },
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            ...ranRsiSpec,
            name: "Buy when RSI({rsiPeriod}) < 30; sell when RSI({rsiPeriod}) > 70",
            entry: { lt: [{ rsi: { period: { param: "rsiPeriod" } } }, 30] },
            exit: { gt: [{ rsi: { period: { param: "rsiPeriod" } } }, 70] },
            params: { rsiPeriod: { int: [2, 10], step: 2 } },
          },
        },
      },
    ],
  },
  {
    message: "optimize it: RSI 2-10, entry 10-30, exit 60-80, a 2-8% stop loss, 100 trials",
    context: { lastSpec: ranRsiSpec },
    calls: [
      {
        name: "optimize_strategy",
        input: {
          spec: {
            ...ranRsiSpec,
            name: "Buy when RSI({rsiPeriod}) < {entryLevel}; sell when RSI({rsiPeriod}) > {exitLevel}",
            entry: { lt: [{ rsi: { period: { param: "rsiPeriod" } } }, { param: "entryLevel" }] },
            exit: { gt: [{ rsi: { period: { param: "rsiPeriod" } } }, { param: "exitLevel" }] },
            stopLoss: { percent: { param: "stopLossPercent" } },
            params: {
              rsiPeriod: { int: [2, 10] },
              entryLevel: { int: [10, 30] },
              exitLevel: { int: [60, 80] },
              stopLossPercent: { int: [2, 8] },
            },
          },
          trials: 100,
        },
      },
    ],
  },
  {
    message: "backtest the second finding on IWM",
    calls: [
      { name: "backtest_strategy", input: { findingId: "7", changes: { universe: ["IWM"] } } },
    ],
  },
  {
    message: "what are my best strategies?",
    calls: [{ name: "list_strategies", input: { rankBy: "sharpe" } }],
  },
  {
    message: "my top 5 strategies by drawdown",
    calls: [{ name: "list_strategies", input: { limit: 5, rankBy: "maxDrawdown" } }],
  },
  {
    message: "which strategy made the most money?",
    calls: [{ name: "list_strategies", input: { limit: 1, rankBy: "totalReturn" } }],
  },
  {
    message: "what's the best performing strategy?",
    calls: [{ name: "list_strategies", input: { limit: 1, rankBy: "sharpe" } }],
  },
  {
    message: "my most profitable strategy",
    calls: [{ name: "list_strategies", input: { limit: 1, rankBy: "totalReturn" } }],
  },
  // "What if I had bought it": buy and hold from then on, of the money named.
  ...(
    [
      ["how much would I have made in SPY since 2020?", "SPY", { start: "2020-01-01" }],
      ["how much would I have made if I bought SPY in 2020", "SPY", { start: "2020-01-01" }],
      [
        "if I had invested 10000 in QQQ in 2021",
        "QQQ",
        { start: "2021-01-01", initialCash: 10_000 },
      ],
      ["what would 10k in SPY be worth now", "SPY", { initialCash: 10_000 }],
      // A symbol's own numbers: buy and hold, its returns by period when asked.
      ["what is the sharpe of SPY since 2020", "SPY", { start: "2020-01-01" }],
      ["show me the monthly returns of SPY", "SPY", { returnsBy: "month" }],
      ["annual returns of QQQ since 2018", "QQQ", { start: "2018-01-01", returnsBy: "year" }],
      [
        "if I bought SPY in 2020 and sold in 2022",
        "SPY",
        { start: "2020-01-01", end: "2022-12-31" },
      ],
    ] as const
  ).map(([message, symbol, input]) => ({
    message,
    calls: [
      {
        name: "backtest_strategy",
        input: { spec: { name: "Buy and hold", universe: [symbol], entry: true }, ...input },
      },
    ],
  })),
  {
    message: "compare SPY and QQQ since 2020",
    calls: ["SPY", "QQQ"].map((symbol) => ({
      name: "backtest_strategy",
      input: {
        spec: { name: `Buy and hold ${symbol}`, universe: [symbol], entry: true },
        start: "2020-01-01",
      },
    })),
  },
  ...(
    [
      ["SPY vs IWM", ["SPY", "IWM"]],
      ["which is more volatile, BTC or ETH?", ["BTC/USD", "ETH/USD"]],
      ["which is better SPY or QQQ?", ["SPY", "QQQ"]],
      ["SPY or TLT, which did better?", ["SPY", "TLT"]],
      ["safer: GLD or TLT?", ["GLD", "TLT"]],
    ] as const
  ).map(([message, symbols]) => ({
    message,
    calls: symbols.map((symbol) => ({
      name: "backtest_strategy",
      input: { spec: { name: `Buy and hold ${symbol}`, universe: [symbol], entry: true } },
    })),
  })),
  { message: "what did I backtest?", calls: [{ name: "list_backtests", input: {} }] },
  {
    message: "show the last 3 backtests",
    calls: [{ name: "list_backtests", input: { limit: 3 } }],
  },
  {
    message: "show the backtests of the last strategy",
    calls: [{ name: "list_backtests", input: { strategyId: lastStrategyId } }],
  },
  // compare_backtests: this conversation's backtests (the last two for "better"), ids, the newest
  ...[
    ["which one is better?", 2],
    ["which did better?", 2],
    ["which has the better sharpe?", 2],
    ["which made more money?", 2],
    ["is the difference significant?", 2],
    ["compare the two strategies", 2],
    ["compare them", 3],
    ["which one did best?", 3],
  ].map(([message, taken]) => ({
    message: message as string,
    context: { backtestIds: conversationBacktests },
    calls: [
      {
        name: "compare_backtests",
        input: { backtestIds: conversationBacktests.slice(0, taken as number).reverse() },
      },
    ],
  })),
  {
    message: `compare backtest ${conversationBacktests[2]} with ${conversationBacktests[0]}`,
    calls: [
      {
        name: "compare_backtests",
        input: { backtestIds: [conversationBacktests[2], conversationBacktests[0]] },
      },
    ],
  },
  {
    message: "compare my last 3 backtests",
    calls: [{ name: "compare_backtests", input: { last: 3 } }],
  },
  {
    message: "how correlated are these strategies?",
    context: { backtestIds: conversationBacktests },
    calls: [
      { name: "compare_backtests", input: { backtestIds: [...conversationBacktests].reverse() } },
    ],
  },
  // Every stored strategy's newest backtest (the lookup's, newest first), those never run left out.
  ...["are my strategies correlated?", "do my strategies diversify each other?"].map((message) => ({
    message,
    context: { strategyNames },
    calls: [
      {
        name: "compare_backtests",
        input: { backtestIds: [storedSma.latestBacktestId, rsiDip.latestBacktestId] },
      },
    ],
  })),
  // Right after a comparison, "the better one" is its best (then the conversation's strategy).
  ...[
    ["generate python code for the better one", "generate_code", { target: "python" }],
    ["validate the winner", "validate_strategy", {}],
    ["promote the better one to paper", "promote_strategy", { to: "paper" }],
  ].map(([message, name, input]) => ({
    message: message as string,
    context: { comparisonShownLast: true },
    calls: [{ name: name as string, input: { strategyId: lastStrategyId, ...(input as object) } }],
  })),
  // get_backtest: the conversation's last backtest, read again (nothing runs)
  ...(
    [
      ["show me the monthly returns", "month"],
      ["what are the annual returns?", "year"],
      ["returns by year", "year"],
      ["what was the best month?", "month"],
      ["what was the worst year?", "year"],
      ["what's the average holding period?", undefined],
      ["how many trades per year?", undefined],
      ["how volatile is it?", undefined],
      ["how risky is it?", undefined],
      ["how long was it in the market?", undefined],
    ] as const
  ).map(([message, returnsBy]) => ({
    message,
    calls: [
      {
        name: "get_backtest",
        input: {
          id: phrasingContext.lastBacktestId,
          trades: { limit: 0 },
          ...(returnsBy ? { returnsBy } : {}),
        },
      },
    ],
  })),
  ...(
    [
      ["show me the trades", undefined],
      ["what was the worst trade?", { sortBy: "pnl", limit: 1 }],
      ["what was the biggest loss", { sortBy: "pnl", limit: 1 }],
      ["show the 5 best trades", { sortBy: "pnl", order: "desc", limit: 5 }],
      ["show the 3 best trades by return", { sortBy: "return", order: "desc", limit: 3 }],
      ["which trades lost money?", { sortBy: "pnl" }],
      ["show all the trades", { limit: 1000 }],
      ["show the last 5 trades", { order: "desc", limit: 5 }],
      ["what trades did it make in KITE", { symbol: "KITE" }],
      ["show the equity curve", { limit: 0 }],
      ["plot the equity", { limit: 0 }],
      ["show me a chart of the equity", { limit: 0 }],
      ["what's the sharpe?", { limit: 0 }],
      ["what was the max drawdown", { limit: 0 }],
      ["how many trades did it make?", { limit: 0 }],
      ["show the last backtest", { limit: 0 }],
      ["how much would I have made?", { limit: 0 }],
      ["what were the 3 biggest losing trades", { sortBy: "pnl", limit: 3 }],
      ["how much did it make?", { limit: 0 }],
      ["what's the kelly fraction of my strategy", { limit: 0 }],
      ["what's the average win and average loss", { limit: 0 }],
      ["how many losing trades in a row", { limit: 0 }],
      ["what was the longest losing streak", { limit: 0 }],
      ["show the worst trades", { sortBy: "pnl" }],
    ] as const
  ).map(([message, trades]) => ({
    message,
    calls: [
      {
        name: "get_backtest",
        input: { id: phrasingContext.lastBacktestId, ...(trades ? { trades } : {}) },
      },
    ],
  })),
  {
    message: "show backtest 5fd1b342-7d59-45d3-9df9-3e98f25eb2b4 again",
    calls: [
      {
        name: "get_backtest",
        input: { id: "5fd1b342-7d59-45d3-9df9-3e98f25eb2b4", trades: { limit: 0 } },
      },
    ],
  },
  // A new conversation: the backtest run last.
  {
    message: "show me the worst trade",
    context: { lastBacktestId: undefined },
    calls: [{ name: "get_backtest", input: { trades: { sortBy: "pnl", limit: 1 } } }],
  },
  {
    message: "how are my strategies doing",
    calls: [{ name: "strategy_status", input: {} }],
  },
  {
    message: "which strategies are on paper?",
    calls: [{ name: "strategy_status", input: { stage: "paper" } }],
  },
  ...["how is my rsi dip strategy doing", "what is the stage of my rsi dip strategy"].map(
    (message) => ({
      message,
      context: { strategyNames },
      calls: [{ name: "strategy_status", input: { strategyId: rsiDip.id } }],
    }),
  ),
  ...[
    "what's the status of the strategy",
    "what are my strategies holding",
    "show my strategies' positions",
  ].map((message) => ({ message, calls: [{ name: "strategy_status", input: {} }] })),
  {
    message: "what does my rsi dip strategy hold",
    context: { strategyNames },
    calls: [{ name: "strategy_status", input: { strategyId: rsiDip.id } }],
  },
  ...["how is it doing?", "how's this strategy performing", "is it live?"].map((message) => ({
    message,
    calls: [{ name: "strategy_status", input: { strategyId: lastStrategyId } }],
  })),
  ...["set up tradingview alerts for it", "how do I connect tradingview"].map((message) => ({
    message,
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "pine" } }],
  })),
  {
    message: "convert it to pine",
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "pine" } }],
  },
  {
    message: "is SPY overbought?",
    calls: [{ name: "compute_indicators", input: { symbol: "SPY", indicators: [{ rsi: {} }] } }],
  },
  // A trend asked about: the 50- and 200-day averages and ADX, whose reading says its strength.
  ...["what's the trend in QQQ?", "is QQQ trending?", "is QQQ in an uptrend?"].map((message) => ({
    message,
    calls: [
      {
        name: "compute_indicators",
        input: {
          symbol: "QQQ",
          indicators: [{ sma: { period: 50 } }, { sma: { period: 200 } }, { adx: { period: 14 } }],
        },
      },
    ],
  })),
  {
    message: "what are the best performing sectors",
    calls: [{ name: "sector_rotation", input: {} }],
  },
  {
    message: "which pairs are cointegrated?",
    calls: [{ name: "scan_markets", input: { families: ["pairs"] } }],
  },
  ...[
    "summarize today's news",
    "show me the news",
    "latest news",
    "any news?",
    "what's the news",
    "what are the headlines today",
    "what happened overnight?",
    "what did I miss?",
    "catch me up",
  ].map((message) => ({
    message,
    calls: [{ name: "research_digest", input: {} }],
  })),
  {
    message: "generate python code for the last strategy",
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "python" } }],
  },
  {
    message: `export strategy ${explicitStrategyId} as a python script`,
    calls: [{ name: "generate_code", input: { strategyId: explicitStrategyId, target: "python" } }],
  },
  {
    message: `export strategy ${explicitStrategyId} as pine script for tradingview`,
    calls: [{ name: "generate_code", input: { strategyId: explicitStrategyId, target: "pine" } }],
  },
  {
    message: "write an mt5 expert advisor for the last strategy",
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "mt5" } }],
  },
  {
    message: "generate a QuantConnect algorithm for it",
    calls: [
      { name: "generate_code", input: { strategyId: lastStrategyId, target: "quantconnect" } },
    ],
  },
  {
    message: "write the alpaca trading code in typescript",
    calls: [
      { name: "generate_code", input: { strategyId: lastStrategyId, target: "alpaca-typescript" } },
    ],
  },
  {
    message: "generate alpaca python code for the last strategy",
    calls: [
      { name: "generate_code", input: { strategyId: lastStrategyId, target: "alpaca-python" } },
    ],
  },
  {
    message: "show the code history",
    calls: [{ name: "code_history", input: {} }],
  },
  {
    message: `history of the generated python programs for ${explicitStrategyId}`,
    calls: [{ name: "code_history", input: { strategyId: explicitStrategyId, target: "python" } }],
  },
  {
    message: "what changed in the generated code of the last strategy?",
    calls: [
      { name: "diff_generated_code", input: { strategyId: lastStrategyId, target: "python" } },
    ],
  },
  {
    message: `diff program ${"a".repeat(64)} against ${"b".repeat(64)}`,
    calls: [{ name: "diff_generated_code", input: { from: "a".repeat(64), to: "b".repeat(64) } }],
  },
  {
    message: "search research for fed rate cuts",
    calls: [{ name: "search_research", input: { query: "fed rate cuts" } }],
  },
  {
    message: "what does the research say about momentum crashes since 2024-01-01?",
    calls: [{ name: "search_research", input: { query: "momentum crashes", since: "2024-01-01" } }],
  },
  { message: "list my research sources", calls: [{ name: "list_research_sources", input: {} }] },
  { message: "what feeds do i have", calls: [{ name: "list_research_sources", input: {} }] },
  {
    message: "pause research source 3",
    calls: [{ name: "update_research_source", input: { sourceId: "3", paused: true } }],
  },
  {
    message: "remove feed 2",
    calls: [{ name: "update_research_source", input: { sourceId: "2", paused: true } }],
  },
  {
    message: "resume research source 3",
    calls: [{ name: "update_research_source", input: { sourceId: "3", paused: false } }],
  },
  // A strategy is archived, never erased: backtests, validations and programs point at it.
  ...["delete that strategy", "archive it", "remove the last strategy", "delete it"].map(
    (message) => ({
      message,
      calls: [{ name: "update_strategy", input: { strategyId: lastStrategyId, archived: true } }],
    }),
  ),
  {
    message: "get rid of the rsi dip strategy",
    context: { strategyNames },
    calls: [{ name: "update_strategy", input: { strategyId: rsiDip.id, archived: true } }],
  },
  {
    message: `restore strategy ${explicitStrategyId}`,
    calls: [
      { name: "update_strategy", input: { strategyId: explicitStrategyId, archived: false } },
    ],
  },
  {
    message: "show my archived strategies",
    calls: [{ name: "list_strategies", input: { archived: true } }],
  },
  ...[
    ["rename it to Dip buyer", "Dip buyer"],
    ["call it Kite pairs", "Kite pairs"],
    ['name this strategy "Trend (weekly)"', "Trend (weekly)"],
  ].map(([message, name]) => ({
    message: message!,
    calls: [{ name: "update_strategy", input: { strategyId: lastStrategyId, name } }],
  })),
  {
    message: "rename the momentum 12-1 strategy to Momentum",
    context: { strategyNames },
    calls: [{ name: "update_strategy", input: { strategyId: momentum.id, name: "Momentum" } }],
  },
  {
    message: "set the credibility of research source 2 to 0.9",
    calls: [{ name: "update_research_source", input: { sourceId: "2", credibility: 0.9 } }],
  },
  {
    message: "add research feed https://www.federalreserve.gov/feeds/press_all.xml",
    calls: [
      {
        name: "add_research_source",
        input: { url: "https://www.federalreserve.gov/feeds/press_all.xml", kind: "rss" },
      },
    ],
  },
  {
    message: "fetch the latest research now",
    calls: [{ name: "ingest_research", input: {} }],
  },
  {
    message: "refresh research source 3",
    calls: [{ name: "ingest_research", input: { sourceId: "3" } }],
  },
  ...["morning digest", "summarize today"].map((message) => ({
    message,
    calls: [{ name: "research_digest", input: {} }],
  })),
  {
    message: "what's new since 2025-06-13?",
    calls: [{ name: "research_digest", input: { since: "2025-06-13" } }],
  },
  {
    message: "explain the last strategy simply",
    calls: [{ name: "explain_strategy", input: { strategyId: lastStrategyId } }],
  },
  {
    message: `why does ${explicitStrategyId} work? no jargon please, in depth`,
    calls: [
      {
        name: "explain_strategy",
        input: { strategyId: explicitStrategyId, level: "expert", jargonFree: true },
      },
    ],
  },
  {
    message: "compare the last strategy with buy and hold and SPY since 2020",
    calls: [
      { name: "performance_context", input: { strategyId: lastStrategyId, start: "2020-01-01" } },
    ],
  },
  {
    message: "how does it compare with buy and hold?",
    calls: [{ name: "performance_context", input: { strategyId: lastStrategyId } }],
  },
  // Why it lost: its results against the benchmarks over that period and by market regime.
  ...(
    [
      ["why did the strategy lose money in 2022?", { start: "2022-01-01", end: "2022-12-31" }],
      ["what went wrong in 2022?", { start: "2022-01-01", end: "2022-12-31" }],
      ["why did my strategy do badly?", {}],
    ] as const
  ).map(([message, period]) => ({
    message,
    calls: [{ name: "performance_context", input: { strategyId: lastStrategyId, ...period } }],
  })),
  // How the strategy moves with the market: its beta and correlation to SPY, in context.
  ...["how correlated is my strategy with SPY?", "what's the beta of my strategy"].map(
    (message) => ({
      message,
      calls: [{ name: "performance_context", input: { strategyId: lastStrategyId } }],
    }),
  ),
  {
    message: "what's the beta of my rsi dip strategy?",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "performance_context", input: { strategyId: rsiDip.id } }],
  },
  // A stored strategy named by its kind or name, asked why it failed or rerun over a period.
  {
    message: "why did the sma crossover lose money in 2022?",
    context: { strategyNames },
    calls: [
      {
        name: "performance_context",
        input: { strategyId: storedSma.id, start: "2022-01-01", end: "2022-12-31" },
      },
    ],
  },
  {
    message: "why did my rsi dip do so badly?",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "performance_context", input: { strategyId: rsiDip.id } }],
  },
  ...(
    [
      ["backtest the rsi dip strategy since 2022", { start: "2022-01-01" }],
      ["how did my rsi dip do in 2023?", { start: "2023-01-01", end: "2023-12-31" }],
      ["rerun my rsi(2) dip from 2021 to 2022", { start: "2021-01-01", end: "2022-12-31" }],
    ] as const
  ).map(([message, period]) => ({
    message,
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "backtest_strategy", input: { strategyId: rsiDip.id, ...period } }],
  })),
  // The conversation's own strategy by its kind: run again over the new period.
  {
    message: "backtest the sma crossover since 2023",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [
      { name: "backtest_strategy", input: { strategyId: lastStrategyId, start: "2023-01-01" } },
    ],
  },
  {
    message: "explain the last backtest",
    calls: [{ name: "explain_strategy", input: { strategyId: lastStrategyId } }],
  },
  {
    message: "compare to SPY",
    calls: [{ name: "performance_context", input: { strategyId: lastStrategyId } }],
  },
  {
    // What a digest's "Open strategy" button asks (bots/core/strategy-buttons.ts).
    message: `compare strategy ${explicitStrategyId} with buy and hold and SPY`,
    calls: [{ name: "performance_context", input: { strategyId: explicitStrategyId } }],
  },
  {
    // ... and its "Validate" button.
    message: `validate strategy ${explicitStrategyId}`,
    calls: [{ name: "validate_strategy", input: { strategyId: explicitStrategyId } }],
  },
  {
    message: "how does it do in bear markets?",
    calls: [{ name: "performance_context", input: { strategyId: lastStrategyId } }],
  },
  {
    message: `build a risk parity portfolio of strategies ${explicitStrategyId} and ${lastStrategyId}`,
    calls: [
      {
        name: "construct_portfolio",
        input: { strategyIds: [explicitStrategyId, lastStrategyId], objective: "riskParity" },
      },
    ],
  },
  {
    // The stored strategies with a backtest, best Sharpe first, as a lookup found them.
    message: "build a portfolio from my strategies",
    calls: [
      {
        name: "construct_portfolio",
        input: { strategyIds: [explicitStrategyId, lastStrategyId, "9".repeat(64)] },
      },
    ],
  },
  {
    message: "make a risk parity portfolio of my 2 best strategies",
    calls: [
      {
        name: "construct_portfolio",
        input: { strategyIds: [explicitStrategyId, lastStrategyId], objective: "riskParity" },
      },
    ],
  },
  {
    message: "allocate across SPY, TLT and GLD with risk parity",
    calls: [
      {
        name: "construct_portfolio",
        input: { symbols: ["SPY", "TLT", "GLD"], objective: "riskParity" },
      },
    ],
  },
  {
    message: "what's the efficient frontier of SPY, TLT and GLD",
    calls: [{ name: "construct_portfolio", input: { symbols: ["SPY", "TLT", "GLD"] } }],
  },
  // A built-in universe named in words: its symbols.
  {
    message: "build a min variance portfolio of the sector etfs",
    calls: [
      {
        name: "construct_portfolio",
        input: {
          symbols: ["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"],
          objective: "minVariance",
        },
      },
    ],
  },
  // A calendar effect on a symbol is the scanner's seasonality test, with its correction.
  ...(
    [
      ["is there an edge in buying SPY on Mondays?", "day_of_week"],
      ["does SPY go up at the turn of the month?", "turn_of_month"],
      ["test the turn of the month effect on SPY", "turn_of_month"],
    ] as const
  ).map(([message, family]) => ({
    message,
    calls: [{ name: "scan_markets", input: { symbols: ["SPY"], families: [family] } }],
  })),
  // The returns by month as a heatmap are the backtest's, not an optimization's surface.
  ...["monthly returns heatmap", "show me a heatmap of the monthly returns"].map((message) => ({
    message,
    calls: [
      {
        name: "get_backtest",
        input: { id: phrasingContext.lastBacktestId, trades: { limit: 0 }, returnsBy: "month" },
      },
    ],
  })),
  ...(
    [
      ["what is the kelly criterion?", "Kelly fraction"],
      ["what is position sizing?", "position sizing"],
      ["what does payoff ratio mean", "payoff ratio"],
    ] as const
  ).map(([message, term]) => ({ message, calls: [{ name: "explain_term", input: { term } }] })),
  // Each fall and its recovery: a symbol's closes, else the conversation's backtest.
  ...(
    [
      ["show the drawdowns of SPY since 2020", { symbol: "SPY", start: "2020-01-01" }],
      ["what was the worst drawdown of QQQ?", { symbol: "QQQ" }],
      ["top 3 drawdowns of BTC/USD", { symbol: "BTC/USD", top: 3 }],
      [
        "how long did SPY take to recover from the 2020 crash?",
        { symbol: "SPY", fallingFrom: "2020-01-01", fallingTo: "2020-12-31", top: 1 },
      ],
      [
        "how long did QQQ take to recover after the 2022 drop",
        { symbol: "QQQ", fallingFrom: "2022-01-01", fallingTo: "2022-12-31", top: 1 },
      ],
      [
        "how deep was the 2022 drawdown in QQQ?",
        { symbol: "QQQ", fallingFrom: "2022-01-01", fallingTo: "2022-12-31", top: 1 },
      ],
      ["when did SPY last hit a new high?", { symbol: "SPY" }],
      ["show me the drawdowns", { backtestId: phrasingContext.lastBacktestId }],
      [
        "what were the worst drawdowns of my strategy?",
        { backtestId: phrasingContext.lastBacktestId },
      ],
      ["underwater chart of the strategy", { backtestId: phrasingContext.lastBacktestId }],
    ] as const
  ).map(([message, input]) => ({ message, calls: [{ name: "drawdowns", input }] })),
  {
    message: "show the drawdowns of my rsi dip strategy",
    context: { strategyNames },
    calls: [{ name: "drawdowns", input: { backtestId: rsiDip.latestBacktestId } }],
  },
  // A symbol's own record is buy and hold over the period asked.
  ...(
    [
      ["what's SPY's return since 2020", "2020-01-01"],
      ["how much has SPY gone up this year", "2025-01-01"],
      ["what was the drawdown of SPY in 2022", "2022-01-01"],
      ["how volatile was SPY in 2022?", "2022-01-01"],
    ] as const
  ).map(([message, start]) => ({
    message,
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: { name: "Buy and hold", universe: ["SPY"], entry: true },
          start,
          ...(message.includes("2022") ? { end: "2022-12-31" } : {}),
        },
      },
    ],
  })),
  {
    message: "rebalance my portfolio",
    calls: [{ name: "rebalance_portfolio", input: {} }],
  },
  {
    message:
      "rebalance portfolio 4b1f7c2e-9a3d-4e8f-b6c1-2d3e4f5a6b7c if anything drifted more than 3%",
    calls: [
      {
        name: "rebalance_portfolio",
        input: { portfolioId: "4b1f7c2e-9a3d-4e8f-b6c1-2d3e4f5a6b7c", driftThreshold: 0.03 },
      },
    ],
  },
  {
    message: "force a rebalance of my portfolio",
    calls: [{ name: "rebalance_portfolio", input: { force: true } }],
  },
  {
    message: "status",
    calls: [{ name: "desk_status", input: {} }],
  },
  {
    message: "what's running right now?",
    calls: [{ name: "desk_status", input: {} }],
  },
  {
    message: "verify the audit log",
    calls: [{ name: "verify_audit_log", input: {} }],
  },
  // market data
  ...["import bars from data/spy.csv", "load data/spy.csv"].map((message) => ({
    message,
    calls: [{ name: "import_bars", input: { path: "data/spy.csv" } }],
  })),
  ...["do you have AAPL?", "is AAPL available?", "when was AAPL last updated?"].map((message) => ({
    message,
    calls: [{ name: "list_symbols", input: { symbols: ["AAPL"] } }],
  })),
  {
    message: "import data/EURUSD-1h.csv as hourly bars on the FX calendar",
    calls: [
      {
        name: "import_bars",
        input: { path: "data/EURUSD-1h.csv", timeframe: "1h", market: "FX" },
      },
    ],
  },
  {
    message: "fetch daily bars for SPY and AAPL since 2020",
    calls: [
      {
        name: "fetch_bars",
        input: { symbols: ["SPY", "AAPL"], timeframe: "1d", start: "2020-01-01" },
      },
    ],
  },
  {
    message: "download hourly BTC/USD from 2025-03-03 to 2025-03-07",
    calls: [
      {
        name: "fetch_bars",
        input: { symbols: ["BTC/USD"], timeframe: "1h", start: "2025-03-03", end: "2025-03-07" },
      },
    ],
  },
  { message: "update my data", calls: [{ name: "fetch_bars", input: {} }] },
  // Without a start, only bars newer than the stored ones: fetch_bars names a symbol not stored.
  ...["fetch SPY bars", "update SPY"].map((message) => ({
    message,
    calls: [{ name: "fetch_bars", input: { symbols: ["SPY"] } }],
  })),
  {
    message: "refresh SPY and QQQ",
    calls: [{ name: "fetch_bars", input: { symbols: ["SPY", "QQQ"] } }],
  },
  {
    message: "refresh market data for SPY and QQQ",
    calls: [{ name: "fetch_bars", input: { symbols: ["SPY", "QQQ"] } }],
  },
  {
    message: "bring the hourly bars up to date",
    calls: [{ name: "fetch_bars", input: { timeframe: "1h" } }],
  },
  {
    message: "fetch the bond ETFs for the last 2 years",
    calls: [
      {
        name: "fetch_bars",
        input: { symbols: ["TLT", "IEF", "SHY", "LQD", "HYG"], start: "2023-06-16" },
      },
    ],
  },
  {
    message: "show SPY bars since 2024-06-01",
    calls: [{ name: "get_bars", input: { symbol: "SPY", start: "2024-06-01" } }],
  },
  {
    message: "raw hourly bars of ACME in March 2024",
    calls: [
      {
        name: "get_bars",
        input: {
          symbol: "ACME",
          timeframe: "1h",
          start: "2024-03-01",
          end: "2024-03-31",
          adjusted: false,
        },
      },
    ],
  },
  {
    message: "quote AAPL",
    calls: [{ name: "get_quotes", input: { symbols: ["AAPL"] } }],
  },
  {
    message: "what's the price of bitcoin and eth?",
    calls: [{ name: "get_quotes", input: { symbols: ["BTC/USD", "ETH/USD"] } }],
  },
  {
    message: "quotes for spy, qqq and btc/usd",
    calls: [{ name: "get_quotes", input: { symbols: ["SPY", "QQQ", "BTC/USD"] } }],
  },
  {
    message: "RSI of SPY",
    calls: [{ name: "compute_indicators", input: { symbol: "SPY", indicators: [{ rsi: {} }] } }],
  },
  {
    message: "compute RSI(14) and MACD on SPY since 2024",
    calls: [
      {
        name: "compute_indicators",
        input: {
          symbol: "SPY",
          indicators: [{ rsi: { period: 14 } }, { macd: {} }],
          start: "2024-01-01",
        },
      },
    ],
  },
  {
    message: "get me the 50-day simple moving average of QQQ and IWM",
    calls: [
      { name: "compute_indicators", input: { symbol: "QQQ", indicators: [sma(50)] } },
      { name: "compute_indicators", input: { symbol: "IWM", indicators: [sma(50)] } },
    ],
  },
  {
    message: "bollinger bands (20, 2.5) and ATR for GLD over the past 6 months",
    calls: [
      {
        name: "compute_indicators",
        input: {
          symbol: "GLD",
          indicators: [{ bollinger: { period: 20, stdDev: 2.5 } }, { atr: {} }],
          start: "2024-12-16",
        },
      },
    ],
  },
  {
    message: "make a demo market",
    calls: [{ name: "generate_demo_market", input: {} }],
  },
  {
    message: "create a demo market for SPY and QQQ with ten years, seed 7",
    calls: [
      { name: "generate_demo_market", input: { seed: 7, symbols: ["SPY", "QQQ"], years: 10 } },
    ],
  },
  {
    message: "is the market open",
    calls: [{ name: "market_calendar", input: { market: "NYSE" } }],
  },
  {
    message: "NYSE holidays in 2025",
    calls: [
      {
        name: "market_calendar",
        input: { market: "NYSE", start: "2025-01-01", end: "2025-12-31" },
      },
    ],
  },
  {
    message: "is the CME open at 2025-01-09T15:00Z",
    calls: [{ name: "market_calendar", input: { market: "CME", at: "2025-01-09T15:00Z" } }],
  },
  {
    message: "is forex open tomorrow",
    calls: [
      { name: "market_calendar", input: { market: "FX", start: "2025-06-17", end: "2025-06-17" } },
    ],
  },
  {
    message: "NYSE sessions from Nov 27, 2024 to Dec 2, 2024",
    calls: [
      {
        name: "market_calendar",
        input: { market: "NYSE", start: "2024-11-27", end: "2024-12-02" },
      },
    ],
  },
  {
    message: "list universes",
    calls: [{ name: "list_universes", input: {} }],
  },
  {
    message: "define universe my-tech as AAPL, MSFT, NVDA",
    calls: [
      { name: "define_universe", input: { name: "my-tech", symbols: ["AAPL", "MSFT", "NVDA"] } },
    ],
  },
  {
    message: "create a universe called megacaps with aapl msft amzn",
    calls: [
      { name: "define_universe", input: { name: "megacaps", symbols: ["AAPL", "MSFT", "AMZN"] } },
    ],
  },
  {
    message: "how correlated are SPY, QQQ and GLD",
    calls: [{ name: "compute_correlations", input: { symbols: ["SPY", "QQQ", "GLD"] } }],
  },
  {
    message: "correlations across the sector ETFs with a 20-day window as of 2023-06-30",
    calls: [
      {
        name: "compute_correlations",
        input: { universe: "sector-etfs", window: 20, at: "2023-06-30" },
      },
    ],
  },
  {
    // "compare" with SPY and QQQ, yet about correlation, not a strategy against benchmarks.
    message: "compare SPY and QQQ correlation",
    calls: [{ name: "compute_correlations", input: { symbols: ["SPY", "QQQ"] } }],
  },
  ...["which assets are most correlated with SPY?", "what moves with SPY"].map((message) => ({
    message,
    calls: [{ name: "compute_correlations", input: { focus: "SPY" } }],
  })),
  {
    message: "what's the correlation between gold and bonds",
    calls: [
      {
        name: "compute_correlations",
        // Gold against each bond ETF: the one symbol written is the focus.
        input: { focus: "GLD", symbols: ["GLD", "TLT", "IEF", "SHY", "LQD", "HYG"] },
      },
    ],
  },
  {
    message: "what is the currency strength now",
    calls: [{ name: "currency_strength", input: {} }],
  },
  {
    message: "which currency is strongest over 60 days",
    calls: [{ name: "currency_strength", input: { horizon: 60 } }],
  },
  {
    message: "which sectors are leading",
    calls: [{ name: "sector_rotation", input: {} }],
  },
  {
    message: "sector rotation against QQQ with horizons 21, 63 and 126 days",
    calls: [{ name: "sector_rotation", input: { horizons: [21, 63, 126], benchmark: "QQQ" } }],
  },
  {
    message: "rank XLK, XLE and XLF vs SPY as of 2024-12-31",
    calls: [
      {
        name: "sector_rotation",
        input: { benchmark: "SPY", sectors: ["XLK", "XLE", "XLF"], at: "2024-12-31" },
      },
    ],
  },
  {
    message: "chart SPY this year",
    calls: [{ name: "get_bars", input: { symbol: "SPY", start: "2025-01-01" } }],
  },
  {
    message:
      "import these bars:\nsymbol,timestamp,open,high,low,close,volume\nGOOG,2024-01-02,139.60,140.62,137.34,139.56,20071900",
    calls: [
      {
        name: "import_bars",
        input: {
          csv: "symbol,timestamp,open,high,low,close,volume\nGOOG,2024-01-02,139.60,140.62,137.34,139.56,20071900",
        },
      },
    ],
  },
  // Another strategy than the conversation's (an SMA crossover), named by words: found by its
  // name among the stored ones.
  {
    message: "validate momentum",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "validate_strategy", input: { strategyId: momentum.id } }],
  },
  {
    message: "generate python code for the rsi strategy",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "generate_code", input: { strategyId: rsiDip.id, target: "python" } }],
  },
  {
    message: "how does the rsi strategy do in bear markets",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "performance_context", input: { strategyId: rsiDip.id } }],
  },
  {
    message: "explain the rsi strategy simply",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "explain_strategy", input: { strategyId: rsiDip.id } }],
  },
  {
    message: "add a trailing stop of 8% to my RSI strategy",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [
      {
        name: "backtest_strategy",
        input: { strategyId: rsiDip.id, changes: { trailingStop: { percent: 8 } } },
      },
    ],
  },
  {
    message: "what's the sharpe of my rsi strategy",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "get_backtest", input: { id: rsiDip.latestBacktestId, trades: { limit: 0 } } }],
  },
  // With no strategy in the conversation, a name is looked up; "the sma 20/50 crossover" has no
  // symbols, so it is the stored strategy of that name, not a new spec.
  {
    message: "validate the sma 20/50 crossover",
    context: { strategyNames },
    calls: [{ name: "validate_strategy", input: { strategyId: storedSma.id } }],
  },
  // "Moving average" fits an SMA's name.
  {
    message: "validate my moving average crossover strategy",
    context: { strategyNames },
    calls: [{ name: "validate_strategy", input: { strategyId: storedSma.id } }],
  },
  {
    message: "explain my moving average strategy",
    context: { lastSpec: ranSpec, strategyNames },
    calls: [{ name: "explain_strategy", input: { strategyId: lastStrategyId } }],
  },
  // The conversation's strategy by its own name; the code's target is not a strategy's name.
  {
    message: "write the SMA 20/50 crossover strategy for tradingview",
    context: { lastSpec: ranSpec },
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "pine" } }],
  },
  {
    message: "validate the sma 20/50 crossover",
    context: { lastSpec: ranSpec },
    calls: [{ name: "validate_strategy", input: { strategyId: lastStrategyId } }],
  },
  // The code just generated, for another target.
  {
    message: "now in python for alpaca",
    calls: [
      { name: "generate_code", input: { strategyId: lastStrategyId, target: "alpaca-python" } },
    ],
  },
  {
    message: "and as pine script",
    calls: [{ name: "generate_code", input: { strategyId: lastStrategyId, target: "pine" } }],
  },
  // Stored optimizations: the conversation's, or the newest finished one.
  { message: "list my optimizations", calls: [{ name: "list_optimizations", input: {} }] },
  {
    message: "show my last 3 optimizations",
    calls: [{ name: "list_optimizations", input: { limit: 3 } }],
  },
  { message: "show the last optimization", calls: [{ name: "get_optimization", input: {} }] },
  ...["what were the best parameters?", "what was the best combination", "show the heatmap"].map(
    (message) => ({
      message,
      context: { lastOptimizationId: optimizationId },
      calls: [{ name: "get_optimization", input: { optimizationId } }],
    }),
  ),
  {
    message: `show optimization ${optimizationId}`,
    calls: [{ name: "get_optimization", input: { optimizationId } }],
  },
  // Right after an optimization "the best one" is its best (the conversation's strategy).
  {
    message: "backtest the best one",
    context: { lastOptimizationId: optimizationId },
    calls: [{ name: "backtest_strategy", input: { strategyId: lastStrategyId } }],
  },
  // A period alone: the conversation's strategy again over it.
  ...(
    [
      ["what if I started in 2022?", { start: "2022-01-01" }],
      ["what about since 2021?", { start: "2021-01-01" }],
      ["and from 2018 to 2020?", { start: "2018-01-01", end: "2020-12-31" }],
      ["try it in 2023", { start: "2023-01-01", end: "2023-12-31" }],
      ["what about 2021?", { start: "2021-01-01", end: "2021-12-31" }],
    ] as const
  ).map(([message, period]) => ({
    message,
    calls: [{ name: "backtest_strategy", input: { strategyId: lastStrategyId, ...period } }],
  })),
  // One more filter on the strategy that ran, its own filters kept.
  ...(
    [
      ["add a 200 day filter", { gt: ["close", sma(200)] }],
      ["add a trend filter", { gt: ["close", sma(200)] }],
      ["add a 50 day ema filter", { gt: ["close", ema(50)] }],
      ["only trade above the 100 day moving average", { gt: ["close", sma(100)] }],
      ["now only when rsi(14) < 70", { lt: [{ rsi: { period: 14 } }, 70] }],
    ] as const
  ).map(([message, filter]) => ({
    message,
    context: { lastSpec: { ...ranSpec, filters: [{ gt: [{ adx: { period: 14 } }, 20] }] } },
    calls: [
      {
        name: "backtest_strategy",
        input: {
          strategyId: lastStrategyId,
          changes: { filters: [{ gt: [{ adx: { period: 14 } }, 20] }, filter] },
        },
      },
    ],
  })),
  {
    message: "add a trend filter",
    context: { lastSpec: { ...ranSpec, side: "short" } },
    calls: [
      {
        name: "backtest_strategy",
        input: { strategyId: lastStrategyId, changes: { filters: [{ lt: ["close", sma(200)] }] } },
      },
    ],
  },
  // The rules read at the newest close: the position they hold and what they do next.
  ...[
    "what are the current signals?",
    "should I buy now?",
    "is it in a position now?",
    "any signals today?",
    "what does the strategy say?",
  ].map((message) => ({
    message,
    calls: [{ name: "strategy_signals", input: { strategyId: lastStrategyId } }],
  })),
  {
    message: "what does my rsi dip strategy say?",
    context: { strategyNames },
    calls: [{ name: "strategy_signals", input: { strategyId: rsiDip.id } }],
  },
  // A question about promoting it shows where it stands; nothing is promoted.
  ...[
    "can I promote it to paper?",
    "should I promote it?",
    "is it ready to go live?",
    "why can't I promote it?",
    "what would happen if I promote it?",
  ].map((message) => ({
    message,
    calls: [{ name: "strategy_status", input: { strategyId: lastStrategyId } }],
  })),
  {
    message: "is my rsi dip strategy ready for paper?",
    context: { strategyNames },
    calls: [{ name: "strategy_status", input: { strategyId: rsiDip.id } }],
  },
  // One strategy off trading: back to the backtest stage, never the kill switch.
  ...[
    "stop trading it",
    "stop paper trading it",
    "take it off paper",
    "retire this strategy",
    "move it back to backtest",
    "stop the strategy",
  ].map((message) => ({
    message,
    calls: [{ name: "promote_strategy", input: { strategyId: lastStrategyId, to: "backtest" } }],
  })),
  ...["stop trading my rsi dip strategy", "pause the rsi dip strategy"].map((message) => ({
    message,
    context: { strategyNames },
    calls: [{ name: "promote_strategy", input: { strategyId: rsiDip.id, to: "backtest" } }],
  })),
  // Every strategy at paper or live, read the same way.
  ...[
    "what do my strategies say?",
    "signals for all my strategies",
    "what are my strategies' signals?",
    "any new signals from my strategies?",
  ].map((message) => ({ message, calls: [{ name: "desk_signals", input: {} }] })),
  // The orders the trading strategies' rules call for, each for approval.
  ...[
    "trade my strategies",
    "let my strategies trade",
    "what orders do my strategies want?",
    "propose my strategies' orders",
    "any trades from my strategies today?",
    "place today's strategy orders",
  ].map((message) => ({
    message,
    calls: [{ name: "propose_strategy_orders", input: {} }],
  })),
  ...[
    "catch up my strategies",
    "enter the positions my strategies missed",
    "take the trades my strategies hold",
  ].map((message) => ({
    message,
    calls: [{ name: "propose_strategy_orders", input: { enterLate: true } }],
  })),
  {
    message: "trade my rsi dip strategy",
    context: { strategyNames },
    calls: [{ name: "propose_strategy_orders", input: { strategyId: rsiDip.id } }],
  },
  {
    message: "trade this strategy",
    calls: [{ name: "propose_strategy_orders", input: { strategyId: lastStrategyId } }],
  },
  // The newest stored report again, not a new validation.
  ...[
    "why did it fail?",
    "what failed?",
    "which rules failed?",
    "show the validation report",
    "what did the validator say?",
  ].map((message) => ({
    message,
    calls: [{ name: "get_validation", input: { strategyId: lastStrategyId } }],
  })),
  {
    message: "how much did I make with the rsi dip strategy?",
    context: { strategyNames },
    calls: [{ name: "get_backtest", input: { id: rsiDip.latestBacktestId, trades: { limit: 0 } } }],
  },
  {
    message: "show the validation of my rsi dip strategy",
    context: { strategyNames },
    calls: [{ name: "get_validation", input: { strategyId: rsiDip.id } }],
  },
  {
    message: "validate the best one",
    context: { lastOptimizationId: optimizationId },
    calls: [{ name: "validate_strategy", input: { optimizationId } }],
  },
  {
    message: "promote the best one to paper",
    context: { lastOptimizationId: optimizationId },
    calls: [{ name: "promote_strategy", input: { strategyId: lastStrategyId, to: "paper" } }],
  },
  {
    message: "explain the best one",
    context: { lastOptimizationId: optimizationId },
    calls: [{ name: "explain_strategy", input: { strategyId: lastStrategyId } }],
  },
  {
    message: "backtest the winner since 2022",
    context: { lastOptimizationId: optimizationId },
    calls: [
      { name: "backtest_strategy", input: { strategyId: lastStrategyId, start: "2022-01-01" } },
    ],
  },
  // the explicit form
  {
    message: '/tool get_bars {"symbol":"SPY","timeframe":"1h"}',
    calls: [{ name: "get_bars", input: { symbol: "SPY", timeframe: "1h" } }],
  },
  {
    message: "/tool list_universes",
    calls: [{ name: "list_universes", input: {} }],
  },
  // A strategy asked to be made ("create", "make me", "design") is backtested by its rules.
  {
    message: "create a strategy that buys SPY when RSI(14) < 30, sell above 70",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "Buy when RSI(14) < 30; sell when RSI(14) > 70",
            universe: ["SPY"],
            entry: { lt: [{ rsi: { period: 14 } }, 30] },
            exit: { gt: [{ rsi: { period: 14 } }, 70] },
          },
        },
      },
    ],
  },
  {
    message: "make me a 20-day breakout strategy for QQQ",
    calls: [
      {
        name: "backtest_strategy",
        input: {
          spec: {
            name: "20-bar breakout",
            universe: ["QQQ"],
            entry: {
              gt: [
                "close",
                { lag: { of: { rollingMax: { period: 20, source: "high" } }, bars: 1 } },
              ],
            },
            exit: {
              lt: [
                "close",
                { lag: { of: { rollingMin: { period: 20, source: "low" } }, bars: 1 } },
              ],
            },
          },
        },
      },
    ],
  },
];

/** Messages the planner must not turn into calls, and words its reply must contain. */
export interface Refusal {
  message: string;
  context?: PlanContext;
  /** Each must appear in the reply (case-insensitive). */
  mentions: string[];
}

export const refusals: readonly Refusal[] = [
  ...["buy 10 SPY, no wait", "close my SPY position... never mind", "promote it. scratch that"].map(
    (message) => ({ message, mentions: ["takes itself back, so I do nothing"] }),
  ),
  { message: "let's not buy SPY", mentions: ["says what not to do, so I do nothing"] },
  ...["stop paper trading", "pause my strategies", "stop all my strategies"].map((message) => ({
    message,
    mentions: ["one strategy off trading at a time", "Stop all trading"],
  })),
  ...["stop trading SPY", "halt trading in AAPL"].map((message) => ({
    message,
    mentions: ["Nothing halts trading in one symbol alone", "Stop all trading"],
  })),
  ...["how many shares of SPY can I buy?", "size a position in SPY"].map((message) => ({
    message,
    mentions: ["as a position size", "the stop the size is worked out from"],
  })),
  { message: "hello there", mentions: ["Hello. I am Alphadesk", "backtest"] },
  ...["add costs", "include trading costs"].map((message) => ({
    message,
    mentions: ["how much", "1 bps fees and 5 bps slippage"],
  })),
  { message: "write me a poem about the fed", mentions: ["could not place", "poem"] },
  { message: "backtest a 20/50 crossover", mentions: ["backtest", "which symbols"] },
  { message: "backtest RSI mean reversion on SPY", mentions: ["RSI levels", "30"] },
  { message: "optimize a moving average crossover on SPY", mentions: ["ranges"] },
  { message: "buy AAPL", mentions: ["how much"] },
  ...["should I buy SPY?", "is now a good time to buy SPY?"].map((message) => ({
    message,
    mentions: ["I do not pick trades"],
  })),
  { message: "alert me when SPY's rsi crosses", mentions: ["the level"] },
  { message: "cancel my SPY RSI alert", mentions: ["which of SPY's alerts: its id"] },
  { message: "alert me when SPY volume is above 100000000", mentions: ["on volume"] },
  { message: "alert me when the price drops", mentions: ["which symbol to watch"] },
  { message: "tell me a joke", mentions: ["could not place"] },
  { message: "alert me when SPY and QQQ drop below 400", mentions: ["one symbol per alert"] },
  { message: "alert me if SPY moves 5%", mentions: ["which way SPY should move"] },
  { message: "cancel my alert", mentions: ["which alert", "list my alerts"] },
  { message: "buy 5k of bitcoin", mentions: ["units or dollars"] },
  { message: "buy 10 AAPL and 5 MSFT", mentions: ["one symbol per order"] },
  ...[
    "buy 10 AAPL with a 5% stop loss",
    "buy 10 AAPL, stop at 170",
    "sell 5 SPY with a trailing stop",
  ].map((message) => ({ message, mentions: ["market or limit only", "propose nothing"] })),
  {
    message: "what happens to my portfolio if SPY and QQQ drop 10%?",
    mentions: ["one symbol that moves", "SPY, QQQ"],
  },
  { message: "what if it drops 10%?", mentions: ["which symbol moves", "the market: SPY"] },
  { message: "stress test my portfolio", mentions: ["the stretch to replay", "the 2020 crash"] },
  {
    // Two oscillators: which one the bare levels compare is not for the planner to pick.
    message: "backtest SPY with rsi(2) and cci(20): buy below 10, sell above 70",
    mentions: ["the RSI levels to buy and sell at"],
  },
  {
    message: "optimize it",
    mentions: ["none was backtested in this conversation", "backtest it first"],
  },
  {
    message: "optimize it",
    context: { lastSpec: { name: "Hold", universe: ["SPY"], entry: true } },
    mentions: ["which numbers to search", "ranges"],
  },
  {
    message: "optimize it with fast 5-50",
    context: { lastSpec: { name: "Hold", universe: ["SPY"], entry: true } },
    mentions: ["not a crossover of two periods, nor a MACD"],
  },
  {
    message: "optimize it with period 10-60",
    context: { lastSpec: ranSpec },
    mentions: ["which period: the rules use 20 and 50", "name the indicator"],
  },
  {
    message: "optimize it with entry 10-30 step 2.5",
    context: { lastSpec: ranRsiSpec },
    mentions: ['a whole-number step over whole numbers ("10-30 step 2.5" is not)'],
  },
  {
    message: "add a 200 day filter",
    mentions: ["the strategy to add the filter to", "backtest it first"],
  },
  { message: "delete all my strategies", mentions: ["one strategy at a time"] },
  {
    // An archived strategy is not among the names looked up.
    message: "restore the kite pairs strategy",
    context: { strategyNames },
    mentions: ['"show my archived strategies" lists them'],
  },
  // Risk limits are changed by a person at the command line or in RISK_LIMITS, never from chat.
  {
    message: "set max position size to 10000",
    mentions: [
      "I do not change risk limits from chat",
      `npx alphadesk controls --limits '{"maxPositionNotional":10000}'`,
      `RISK_LIMITS='{"maxPositionNotional":10000}'`,
    ],
  },
  {
    message: "change my daily loss limit to 3%",
    mentions: [`'{"dailyLossLimit":0.03}'`],
  },
  { message: "increase leverage to 2x", mentions: [`'{"maxGrossExposure":2}'`] },
  { message: "allow 20 orders per minute", mentions: [`'{"maxOrdersPerMinute":20}'`] },
  { message: "raise the max order size to 50k", mentions: [`'{"maxOrderNotional":50000}'`] },
  {
    message: "set max order quantity to 2000000",
    mentions: [`'{"maxOrderQuantity":2000000}'`, "beyond the hard boundary of maxOrderQuantity"],
  },
  { message: "raise the max shares per order to 500", mentions: [`'{"maxOrderQuantity":500}'`] },
  {
    message: "set the daily loss limit to 25%",
    mentions: ["0.25 is beyond the hard boundary of dailyLossLimit (0.1)"],
  },
  { message: "lower my risk limits", mentions: [`'{"maxOrderNotional":5000}'`] },
  // An order is cancelled and proposed again, never amended.
  ...[
    "change my AAPL order to 20 shares",
    "raise the limit on my AAPL order to 150",
    "modify my order",
  ].map((message) => ({
    message,
    mentions: ["An order is not changed once proposed", "Cancel it"],
  })),
  {
    message: "which one is better?",
    context: { backtestIds: [conversationBacktests[0]!] },
    mentions: ["two backtests to compare: this conversation has run one"],
  },
  {
    message: "generate python code for the better one",
    mentions: ['which stored strategy "the better 1" is'],
  },
  ...["which of those is most promising?", "which one is best?"].map((message) => ({
    message,
    context: { findingsShownLast: true, lastFindingIds: ["4", "9"] },
    mentions: ["is for tests to say", '"backtest finding #4"', '"validate finding #4"'],
  })),
  // "It" right after a list of findings: which finding is asked, not the strategy run before.
  ...["backtest it", "validate it"].map((message) => ({
    message,
    context: { findingsShownLast: true, lastFindingIds: ["4", "9"] },
    mentions: ['which finding "it" is: the last result lists 2 findings', '"backtest finding #4"'],
  })),
  { message: "backtest rsi 2 on SPY", mentions: ["the RSI levels to buy and sell at"] },
  { message: "buy -5 SPY", mentions: ['"sell 5 SPY", not "buy -5 SPY"'] },
  {
    message: "how do I connect tradingview?",
    context: { lastStrategyId: undefined },
    mentions: ["TRADINGVIEW_WEBHOOK_SECRET", "/webhooks/tradingview"],
  },
  {
    message: "backtest the top finding with RSI(2)",
    context: { lastSpec: ranRsiSpec },
    mentions: ["whose numbers to change", "backtest that one first"],
  },
  ...["how does the kill switch work", "explain the kill switch"].map((message) => ({
    message,
    mentions: ["halts all trading at once", "alphadesk resume"],
  })),
  ...[
    "don't halt trading",
    "never pull the kill switch",
    "don't promote it to paper",
    "do not buy 10 AAPL",
  ].map((message) => ({ message, mentions: ["says what not to do, so I do nothing"] })),
  { message: "I panic sold yesterday", mentions: ["could not place"] },
  ...[
    "lift the kill switch",
    "undo the kill switch",
    "turn off the kill switch",
    "disable the kill switch",
  ].map((message) => ({ message, mentions: ["only a human", "alphadesk resume"] })),
  { message: "undo that", mentions: ["a change to undo"] },
  {
    message: "try it with RSI 2-5",
    context: { lastSpec: ranRsiSpec },
    mentions: ["is a range", "optimize searches ranges"],
  },
  { message: "promote it to live", mentions: ["small live", "full live"] },
  // Words naming another strategy than the conversation's (an SMA crossover) never mean it: the
  // stored strategies are looked up first (`needs`), then one name must fit.
  ...[
    "validate momentum",
    "generate python code for the rsi strategy",
    "how does the rsi strategy do in bear markets",
    "add a trailing stop of 8% to my RSI strategy",
  ].map((message) => ({
    message,
    context: { lastSpec: ranSpec },
    mentions: ["which stored strategy"],
  })),
  {
    message: "validate my rsi strategy",
    context: {
      lastSpec: ranSpec,
      strategyNames: [{ ...rsiDip, id: "d".repeat(64), name: "RSI(2) dip, 5% stop loss" }, rsiDip],
    },
    mentions: [
      '"RSI(2) dip, 5% stop loss" (dddddddddddd)',
      '"RSI(2) dip" (aaaaaaaaaaaa)',
      "its id",
    ],
  },
  {
    message: "validate the breakout strategy",
    context: { lastSpec: ranSpec, strategyNames },
    mentions: ["which symbols to trade"],
  },
  // "A" describes a strategy rather than pointing at a stored one: its symbols are asked for.
  {
    message: "backtest a 20/50 crossover",
    context: { strategyNames },
    mentions: ["which symbols to trade"],
  },
  {
    message: "backtest the breakout strategy since 2022",
    context: { lastSpec: ranSpec, strategyNames },
    mentions: ["which symbols to trade"],
  },
  {
    message: "how did the rsi dip do in 2022",
    mentions: ["which stored strategy"],
  },
  {
    message: "validate my moving average crossover strategy",
    context: {
      strategyNames: [
        ...strategyNames,
        { ...storedSma, id: "f".repeat(64), name: "EMA 10/30 crossover" },
      ],
    },
    mentions: [
      '2 stored names fit, "SMA 20/50 crossover" (cccccccccccc), "EMA 10/30 crossover" (ffffffffffff)',
    ],
  },
  // One name, two specs (on other symbols): not guessed.
  {
    message: "explain the rsi dip strategy",
    context: {
      lastSpec: ranSpec,
      strategyNames: [{ ...rsiDip, id: "e".repeat(64) }, ...strategyNames],
    },
    mentions: [
      '2 stored strategies are named "RSI(2) dip" (eeeeeeeeeeee, aaaaaaaaaaaa, newest first)',
    ],
  },
  {
    message: "generate python code for the breakout strategy",
    context: { lastSpec: ranSpec, strategyNames },
    mentions: ['no stored strategy\'s name has the words "breakout"', "list my strategies"],
  },
  {
    message: "validate momentum",
    context: { lastSpec: ranSpec, strategyNames: [] },
    mentions: ["none is stored yet"],
  },
  {
    message: "show the trades of my momentum strategy",
    context: { lastSpec: ranSpec, strategyNames },
    mentions: ["never backtested", `backtest strategy ${momentum.id}`],
  },
  {
    message: `validate strategy ${"0123456789abcdef".repeat(4)} on SPY`,
    mentions: ["validated on its own symbols", "backtest it there first"],
  },
  // A promotion moves the strategy named, never the conversation's last in its place.
  ...["promote momentum to paper", "promote the ema crossover to small live"].map((message) => ({
    message,
    mentions: ["which strategy", '"it"', "list my strategies"],
  })),
  { message: "what should I buy?", mentions: ["I do not pick trades", "Scan everything"] },
  { message: "which stock should I buy", mentions: ["I do not pick trades"] },
  ...["is SPY a buy?", "what's a good entry for SPY?"].map((message) => ({
    message,
    mentions: ["I do not pick trades"],
  })),
  ...[
    "where is SPY going?",
    "will NVDA go up?",
    "predict SPY",
    "what's the price target for NVDA?",
  ].map((message) => ({ message, mentions: ["I do not forecast prices", "Show me SPY"] })),
  // A day is no backtest, and all history is no answer to "today".
  { message: "how did SPY do today?", mentions: ["what is the price of SPY", "since 2024-06-01"] },
  { message: "how has QQQ done this week", mentions: ["a period of at least a few weeks"] },
  // "Deploy it" could mean real money: never the next stage by default.
  { message: "deploy it", mentions: ["which stage", "to paper", "to full live"] },
  { message: "go live with it", mentions: ["small live", "full live"] },
  { message: "trade it live", mentions: ["small live", "full live"] },
  {
    message: "validate the last strategy",
    context: { lastStrategyId: undefined },
    mentions: ["which strategy"],
  },
  {
    message: "backtest the third finding",
    context: { lastFindingIds: ["4"] },
    mentions: ["third finding"],
  },
  {
    message: "backtest the best one",
    context: { findingsShownLast: true, lastFindingIds: [] },
    mentions: ["was empty"],
  },
  {
    message: "backtest the top finding",
    context: { lastFindingIds: undefined },
    mentions: ["no scan has run"],
  },
  {
    message: "show me the trades",
    context: { lastOptimizationId: "6f9c2d1e-3b4a-4c5d-8e7f-9a0b1c2d3e4f" },
    mentions: ["backtest it"],
  },
  // Not right after findings, "the best one" and "#3" name none.
  { message: "backtest the best one", mentions: ["the rules to test"] },
  // Named but not written out: asked about, never the conversation's strategy on new symbols.
  {
    message: "backtest a bollinger band strategy on SPY",
    mentions: ["which Bollinger strategy", "a Bollinger mean reversion", "a Bollinger breakout"],
  },
  { message: "backtest a momentum strategy on the sector etfs", mentions: ["the rules to test"] },
  {
    message: "backtest a trend following system on SPY",
    mentions: ["which trend-following strategy", "(the golden cross)", '"a 20-day breakout"'],
  },
  { message: "backtest #31", mentions: ["the rules to test"] },
  {
    message: "backtest buy and hold SPY over the last 3 years",
    context: { nowMs: undefined },
    mentions: ["today's date"],
  },
  {
    message: "build a portfolio of my strategies",
    context: { rankedStrategyIds: ["9".repeat(64)] },
    mentions: ["at least two strategies with a backtest: 1 is stored"],
  },
  { message: "approve 1a2b3c4d", mentions: ["human", "alphadesk approve"] },
  { message: "resume trading", mentions: ["alphadesk resume"] },
  {
    message: "pause the feed",
    mentions: ['which source, by its id, e.g. "pause research source 3"'],
  },
  { message: "buy 10 AAPL when RSI < 30", mentions: ["conditional orders", "backtest"] },
  { message: "buy 10 AAPL at $180", mentions: ["limit 180"] },
  ...[
    "buy 10 ACME limit 74 good till cancelled",
    "sell 5 SPY GTC",
    "buy 1 AAPL after hours",
    "buy 10 AAPL tomorrow",
    "sell 5 SPY at the close",
    "buy 2 QQQ at 3pm",
    "buy 2 QQQ next monday",
    "close my SPY position at the close",
    "sell half of my SPY tomorrow",
    "buy 10 AAPL at the open",
    "buy 10 AAPL market on open",
  ].map((message) => ({
    message,
    mentions: ["An order here is a day order for now", "I propose nothing"],
  })),
  ...[
    "set a stop loss on my ACME position at 70",
    "put a trailing stop on my QQQ",
    "add a take profit to my SPY position",
    "place stops on all my positions",
  ].map((message) => ({ message, mentions: ["Nothing watches a position for a price here"] })),
  {
    message: "set a stop loss on my ACME position at 70",
    mentions: ['"close my ACME position" or "sell half of my ACME"'],
  },
  // The positions are read from the broker first (a lookup the offline brain makes).
  { message: "close my SPY position", mentions: ["the positions to close", "from the broker"] },
  {
    message: "close my TSLA position",
    context: { positions: [{ symbol: "SPY", quantity: 10 }] },
    mentions: ["The account holds no TSLA: it holds SPY. Nothing was proposed."],
  },
  ...["close my position", "sell half of it"].map((message) => ({
    message,
    context: {
      positions: [
        { symbol: "SPY", quantity: 10 },
        { symbol: "QQQ", quantity: -5 },
      ],
    },
    mentions: ["Which position? The account holds SPY 10 and QQQ -5", "Nothing was proposed."],
  })),
  {
    // A share it cannot read never closes everything.
    message: "close half-ish of everything",
    context: { positions: [{ symbol: "SPY", quantity: 10 }] },
    mentions: ["I could not tell which share of the positions to close", "Nothing was proposed."],
  },
  {
    message: "build me a portfolio of low volatility stocks",
    mentions: ['at least two symbols ("SPY, TLT and GLD"), a universe ("the sector etfs")'],
  },
  { message: "position size for SPY", mentions: ["the stop the size is worked out from"] },
  { message: "how many shares should I buy risking 1%", mentions: ["which symbol to size"] },
  {
    message: "position size for SPY and QQQ with a 5% stop",
    mentions: ["one symbol to size (I see SPY, QQQ)"],
  },
  {
    message: "sell it",
    context: { sizedLast: { symbol: "SPY", side: "buy", quantity: 39 } },
    mentions: ['the size was worked out to buy SPY; say "buy it"'],
  },
  {
    message: "show the drawdowns of SPY and QQQ",
    mentions: ["one symbol at a time (I see SPY, QQQ)"],
  },
  {
    message: "show the drawdowns of my momentum strategy",
    context: { strategyNames },
    mentions: ["never backtested"],
  },
  {
    message: "sell 150% of my SPY",
    context: { positions: [{ symbol: "SPY", quantity: 10 }] },
    mentions: ["at most 100%, not 150%"],
  },
  {
    message: "sell half of my SPY",
    context: { positions: [{ symbol: "SPY", quantity: 1 }] },
    mentions: ["half of SPY 1 is less than one whole unit"],
  },
  { message: "sell half of my SPY", mentions: ["the positions to close", "from the broker"] },
  {
    message: "sell half",
    context: {
      positions: [
        { symbol: "SPY", quantity: 10 },
        { symbol: "QQQ", quantity: 4 },
      ],
    },
    mentions: ["Which position? The account holds SPY 10 and QQQ 4", '"sell half of my SPY"'],
  },
  { message: "cancel my AAPL order", mentions: ["the orders to cancel", "not yet settled"] },
  {
    message: "cancel my AAPL order",
    context: {
      openOrders: [
        openOrder(orderIds.a, "buy", 5, "AAPL", null, "submitted"),
        openOrder(orderIds.b, "sell", 2, "AAPL", 190, "proposed"),
      ],
    },
    mentions: [
      "Which order? 2 fit: buy 5 AAPL (submitted) [aaaaaaaa] and sell 2 AAPL limit 190 (proposed) [bbbbbbbb]",
      "Nothing was cancelled.",
    ],
  },
  {
    message: "cancel my TSLA order",
    context: { openOrders: [openOrder(orderIds.a, "buy", 5, "AAPL", null, "submitted")] },
    mentions: ["No order not yet settled fits those words: buy 5 AAPL (submitted) [aaaaaaaa]"],
  },
  { message: "cancel all my orders", context: { openOrders: [] }, mentions: ["nothing to cancel"] },
  { message: "cancel AAPL", mentions: ["Say which order to cancel"] },
  { message: "cancel the kill switch", mentions: ["alphadesk resume"] },
  { message: "backtest buy when rsi < 30 unless adx > 40 on spy", mentions: ['after "unless"'] },
  { message: "backtest SPY: buy when RSI(5-20) < 30", mentions: ["optimize searches ranges"] },
  { message: "x".repeat(5000), mentions: ["5000 characters"] },
  { message: "promote strategy abc123 to paper", mentions: ["64-hex-digit id"] },
  { message: "/tool no_such_tool {}", mentions: ['"no_such_tool"', "get_bars"] },
  { message: "/tool get_bars {symbol: SPY}", mentions: ["not valid JSON"] },
  { message: "/tool get_bars [1, 2]", mentions: ["JSON object"] },
  { message: "help", mentions: ["/tool"] },
  ...["how do I start?", "where do I begin", "how does this work?"].map((message) => ({
    message,
    mentions: ["I understand commands and common phrasings for every tool", "/tool"],
  })),
];
