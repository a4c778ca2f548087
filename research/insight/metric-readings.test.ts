import { describe, expect, it } from "vitest";
import {
  readAnnualReturn,
  readExposure,
  readMetrics,
  readProfitFactor,
  readRecovery,
  readTotalReturn,
  readVolatility,
  readWinRate,
} from "./metric-readings.ts";

describe("plain-language readings follow the number, on both sides of each threshold", () => {
  it("reads a win rate against a coin flip", () => {
    expect(readWinRate(0.65)).toBe("Win rate 65%: wins more often than a coin flip");
    expect(readWinRate(0.4)).toBe(
      "Win rate 40%: wins less often than a coin flip, so its wins must be bigger than its losses to pay",
    );
    expect(readWinRate(0.5)).toBe("Win rate 50%: wins exactly as often as a coin flip");
    expect(readWinRate(0.51)).toContain("more often");
    expect(readWinRate(0.49)).toContain("less often");
    expect(readWinRate(null)).toBe("Win rate: no closed trades");
  });

  it("reads returns by their sign", () => {
    expect(readTotalReturn(0.25)).toBe("Total return +25.0%: made money over the period");
    expect(readTotalReturn(-0.1)).toBe("Total return -10.0%: lost money over the period");
    expect(readTotalReturn(0)).toBe("Total return 0.0%: ended where it started");
    expect(readAnnualReturn(0.07)).toBe(
      "Annual return +7.0%: grew this much a year on average, compounded",
    );
    expect(readAnnualReturn(-0.07)).toContain("shrank");
    expect(readAnnualReturn(null)).toContain("not defined");
  });

  it("reads volatility against a broad stock index's", () => {
    expect(readVolatility(0.05)).toBe(
      "Volatility 5.0% a year: calm, smaller swings than a broad stock index",
    );
    expect(readVolatility(0.15)).toContain("about as much as a broad stock index");
    expect(readVolatility(0.2)).toContain("about as much");
    expect(readVolatility(0.35)).toContain("bigger swings");
    expect(readVolatility(null)).toContain("not defined");
  });

  it("reads the profit factor against one", () => {
    expect(readProfitFactor(1.8, 20)).toBe(
      "Profit factor 1.80: winning trades earned more than losing trades lost",
    );
    expect(readProfitFactor(0.7, 20)).toContain("losing trades lost more");
    expect(readProfitFactor(null, 20)).toContain("no losing trades");
    expect(readProfitFactor(null, 0)).toContain("no closed trades");
  });

  it("reads time in the market and the longest recovery", () => {
    expect(readExposure(1)).toContain("almost always invested");
    expect(readExposure(0.6)).toContain("most of the time");
    expect(readExposure(0.2)).toContain("in cash most of the time");
    expect(readExposure(0)).toContain("never invested");
    expect(readRecovery(0)).toContain("never fell below a previous high");
    expect(readRecovery(200)).toBe(
      "Longest time below a peak 200 days: the longest wait to regain a previous high",
    );
    expect(readRecovery(400)).toContain("more than a year of waiting");
  });

  it("reads Sharpe, drawdown and trades as the validator's key numbers do", () => {
    const metrics = {
      totalReturn: 0.3,
      cagr: 0.1,
      volatility: 0.12,
      sharpe: 1.2,
      maxDrawdown: 0.15,
      maxDrawdownDurationDays: 90,
      trades: 40,
      winRate: 0.55,
      profitFactor: 1.4,
      exposure: 0.7,
    };
    const texts = readMetrics(metrics).map((reading) => reading.text);
    expect(texts).toContain("Sharpe 1.20: good risk-adjusted returns");
    expect(texts).toContain(
      "Worst fall from a peak 15.0%: tolerable; it could lose this much in a bad period",
    );
    expect(texts).toContain("40 closed trades: enough to judge per-trade statistics");
    const severe = readMetrics({ ...metrics, sharpe: -0.3, maxDrawdown: 0.6, trades: 5 });
    expect(severe.map((reading) => reading.text)).toEqual(
      expect.arrayContaining([
        "Sharpe -0.30: loses money for the risk taken",
        "Worst fall from a peak 60.0%: severe, more than half the account; it could lose this much in a bad period",
        "5 closed trades: too few to judge per-trade statistics",
      ]),
    );
    expect(readMetrics(metrics).map((reading) => reading.metric)).toEqual([
      "totalReturn",
      "cagr",
      "volatility",
      "sharpe",
      "maxDrawdown",
      "maxDrawdownDurationDays",
      "trades",
      "winRate",
      "profitFactor",
      "exposure",
    ]);
  });
});
