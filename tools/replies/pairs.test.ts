import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const result = {
  a: "KO",
  b: "PEP",
  start: "2021-03-29T00:00:00.000Z",
  end: "2024-12-31T00:00:00.000Z",
  bars: 948,
  cointegration: {
    hedgeRatio: 0.6783,
    tStat: -3.912,
    pValue: 0.0098,
    criticalValues: { onePercent: -3.9, fivePercent: -3.341, tenPercent: -3.05 },
    halfLifeDays: 11.26,
    cointegrated: true,
  },
  correlation: 0.712,
  legReturns: { a: 0.2134, b: 0.1021 },
  now: {
    time: "2024-12-31T00:00:00.000Z",
    zScore: -2.314,
    hedgeRatio: 0.7012,
    position: "flat",
    next: "enter_long_spread",
  },
  rule: { lookback: 60, entryZ: 2, exitZ: 0, stopZ: 4, feeBps: 1, slippageBps: 2 },
  metrics: {
    totalReturn: 0.1234,
    cagr: 0.0321,
    sharpe: 0.84,
    maxDrawdown: 0.0612,
    trades: 14,
    winRate: 0.7143,
    exposure: 0.3321,
  },
};

describe("analyze_pair reply", () => {
  it("says whether it is a pair, where the spread stands and what trading it did", () => {
    expect(describeResult("analyze_pair", result).split("\n")).toEqual([
      "KO / PEP, 2021-03-29 to 2024-12-31 (948 common closes).",
      "Cointegrated at 5% over the period (Engle-Granger t -3.91 against -3.34 at 5%, p 0.0098): hedge ratio 0.678, deviations halve in 11.3 days; daily returns correlate 0.71.",
      "The spread now (2024-12-31): z -2.31 with the rolling hedge ratio 0.701; the rule holds nothing and goes long the spread (KO bought, PEP sold short) at the next open.",
      "Trading the spread (a 60-day rolling window, in at |z| 2, out at 0, stop at |z| 4, fee 1 bp, slippage 2 bp a fill): total return +12.34%, CAGR 3.21%, Sharpe 0.84, max drawdown -6.12%, 14 closed trades (71.43% won), in the market 33.21% of days. Held alone: KO +21.34%, PEP +10.21%.",
      "The cointegration test sees the whole period at once (hindsight); each trade used only the window before its signal. Short proceeds count as cash, with no borrow fee. Not stored as a strategy: a strategy trades its symbols one at a time, so each leg is its own order (propose_order).",
    ]);
  });

  it("warns that a pair that is not cointegrated need not come back, and names a position held", () => {
    const lines = describeResult("analyze_pair", {
      ...result,
      cointegration: {
        ...result.cointegration,
        tStat: -1.59,
        pValue: 0.72,
        halfLifeDays: null,
        cointegrated: false,
      },
      now: { ...result.now, zScore: 0.4, position: "short_spread", next: "exit" },
    }).split("\n");
    expect(lines[1]).toBe(
      "Not cointegrated at 5% over the period (Engle-Granger t -1.59 against -3.34 at 5%, p 0.72, its deviations do not decay): the spread need not come back, however closely the two move; daily returns correlate 0.71.",
    );
    expect(lines[2]).toBe(
      "The spread now (2024-12-31): z +0.40 with the rolling hedge ratio 0.701; the rule is short the spread (KO sold short, PEP bought) and closes it at the next open (z crossed 0).",
    );
  });
});
