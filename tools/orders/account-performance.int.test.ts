import { afterEach, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { FakeAlpacaTrading } from "../../test/fakes/alpaca-trading-server.ts";
import { alpacaBrokerAt } from "../../test/support/fake-alpaca-broker.ts";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { chartsForResult } from "../charts/charts-for-result.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { accountPerformance } from "./account-performance.ts";

let harness: OrderHarness | undefined;
let fake: FakeAlpacaTrading | undefined;
afterEach(async () => {
  await harness?.close();
  await fake?.stop();
  harness = fake = undefined;
});

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dailyBars = (symbol: string, closes: Record<string, number>): BarSeries => {
  const days = Object.keys(closes);
  const column = () => Float64Array.from(days, (date) => closes[date]!);
  return {
    symbol,
    timestampMs: Float64Array.from(days, day),
    open: column(),
    high: column(),
    low: column(),
    close: column(),
    volume: Float64Array.from(days, () => 1e6),
  };
};

interface Performance {
  startEquity: number;
  endEquity: number;
  profitLoss: number;
  totalReturn: number;
  history: { maxDrawdown: number; drawdownPeak: { time: string }; recovered: { time: string } };
  bestDay: { time: string; change: number };
  worstDay: { time: string; change: number };
  equity: { time: string; value: number }[];
  benchmark: { symbol: string; totalReturn: number } | null;
  source: string;
}

describe("account_performance rebuilt from Alphadesk's fills (the simulated paper broker)", () => {
  it("marks the fills to the stored closes and today's price, against SPY held", async () => {
    const h = (harness = await orderHarness({ nowMs: Date.parse("2024-06-03T14:00:00Z") }));
    await h.setPrice("AAPL", 100);
    await h.proposeApproved({ symbol: "AAPL", side: "buy", quantity: 10 });
    await h.executor.runOnce();
    await h.executor.settled();
    await h.store.writeBars("1d", [
      dailyBars("AAPL", { "2024-06-03": 102, "2024-06-04": 99, "2024-06-05": 105 }),
      dailyBars("SPY", { "2024-05-31": 500, "2024-06-05": 510 }),
    ]);
    h.advance(3 * 86_400_000); // 2024-06-06 14:00
    await h.setPrice("AAPL", 110);
    const result = (await runTool(accountPerformance, { period: "all" }, h.context)) as Performance;
    // By hand: 100,000 cash; 10 AAPL bought at 100 leave 99,000 cash, then marked at each close.
    expect(result.equity).toEqual([
      { time: "2024-06-02T00:00:00.000Z", value: 100_000 },
      { time: "2024-06-03T00:00:00.000Z", value: 100_020 },
      { time: "2024-06-04T00:00:00.000Z", value: 99_990 },
      { time: "2024-06-05T00:00:00.000Z", value: 100_050 },
      { time: "2024-06-06T00:00:00.000Z", value: 100_100 },
    ]);
    expect(result).toMatchObject({
      startEquity: 100_000,
      endEquity: 100_100,
      profitLoss: 100,
      bestDay: { time: "2024-06-05T00:00:00.000Z", change: 60 },
      worstDay: { time: "2024-06-04T00:00:00.000Z", change: -30 },
      history: {
        drawdownPeak: { time: "2024-06-03T00:00:00.000Z" },
        recovered: { time: "2024-06-05T00:00:00.000Z" },
      },
    });
    expect(result.totalReturn).toBeCloseTo(0.001, 12);
    expect(result.history.maxDrawdown).toBeCloseTo(30 / 100_020, 12);
    // SPY from its close at or before 2024-06-02 (500) to the one at or before 2024-06-06 (510).
    expect(result.benchmark).toEqual({ symbol: "SPY", totalReturn: expect.closeTo(0.02, 12) });
    expect(result.source).toMatch(/^Alphadesk's fills at paper-sim/);
    expect(
      describeResult("account_performance", result as never)
        .split("\n")
        .slice(0, 2),
    ).toEqual([
      "The account at paper-sim over all of its history, 2024-06-02 to 2024-06-06 (4 days of closes): 100,000.00 → 100,100.00, +100.00 (+0.10%). SPY held over the same days: +2.00%.",
      "Max drawdown 0.03% from 2024-06-03 to 2024-06-04 (regained on 2024-06-05); best day +0.06% (+60.00) on 2024-06-05, worst day -0.03% (-30.00) on 2024-06-04.",
    ]);
    expect(chartsForResult("account_performance", result)).toEqual([
      expect.objectContaining({
        title: "Account equity at paper-sim",
        subtitle: "2024-06-02 to 2024-06-06 · return +0.1% · profit or loss 100.00",
      }),
    ]);

    // A model's reply leaves the curve to the chart.
    const brief = accountPerformance.brief!.output.parse(
      accountPerformance.brief!.from(result as never),
    );
    expect(brief).toMatchObject({ equityPoints: 5, profitLoss: 100 });
    expect(brief).not.toHaveProperty("equity");

    // A week back from 2024-06-06 14:00 starts after 2024-05-30: the same days.
    const week = (await runTool(accountPerformance, { period: "1W" }, h.context)) as Performance;
    expect(week.equity).toEqual(result.equity);
  });

  it("refuses to rebuild an account holding what its fills do not add up to", async () => {
    const h = (harness = await orderHarness());
    await h.setPrice("MSFT", 50);
    await h.paper.submit({
      clientOrderId: "outside-1",
      symbol: "MSFT",
      side: "buy",
      quantity: 3,
      type: "market",
      timeInForce: "day",
    });
    await expect(runTool(accountPerformance, {}, h.context)).rejects.toThrow(
      /holds what Alphadesk's fills there do not add up to \(MSFT: 3 held, 0 filled\)/,
    );
  });

  it("says there is nothing to measure before the first trade", async () => {
    const h = (harness = await orderHarness());
    const result = (await runTool(accountPerformance, {}, h.context)) as Performance;
    expect(result).toMatchObject({ startEquity: 100_000, endEquity: 100_000, history: null });
    expect(describeResult("account_performance", result as never)).toBe(
      "No day to measure yet at paper-sim: its equity is 100,000.00. Orders filled through Alphadesk build this history day by day.",
    );
  });

  it.each([
    [{ period: "2W" }, /expected one of/],
    [{ days: 5 }, /Unrecognized key/],
  ])("refuses %j", async (input, message) => {
    const h = (harness = await orderHarness());
    await expect(runTool(accountPerformance, input, h.context)).rejects.toThrow(message);
  });
});

describe("account_performance from Alpaca's portfolio history (the fake Trading API)", () => {
  it("reads the daily equity the broker keeps, from the close before the period", async () => {
    const server = (fake = await new FakeAlpacaTrading().start());
    // Midnight New York time of each day, as Alpaca stamps daily points (05:00 UTC in winter).
    const ny = (date: string) => Date.parse(`${date}T05:00:00Z`) / 1000;
    server.dailyEquity.push(
      { timestamp: ny("2024-01-02"), equity: 0 },
      { timestamp: ny("2024-01-03"), equity: 50_000 },
      { timestamp: ny("2024-01-04"), equity: 51_000 },
      { timestamp: ny("2024-01-05"), equity: 49_980 },
    );
    const h = (harness = await orderHarness({
      nowMs: Date.parse("2024-01-05T21:00:00Z"),
      wrap: () => alpacaBrokerAt(server),
    }));
    const result = (await runTool(accountPerformance, { period: "1W" }, h.context)) as Performance;
    // The unfunded day (equity 0) is left out; by hand: 51,000 / 50,000 and 49,980 / 51,000.
    expect(result.equity.map((point) => point.value)).toEqual([50_000, 51_000, 49_980]);
    expect(result).toMatchObject({
      source: "alpaca-paper's portfolio history",
      profitLoss: -20,
      bestDay: { change: 1000 },
      worstDay: { change: -1020 },
    });
    expect(result.totalReturn).toBeCloseTo(49_980 / 50_000 - 1, 12);
    expect(result.history.maxDrawdown).toBeCloseTo(1020 / 51_000, 12);
    expect(server.requests.find((r) => r.startsWith("GET /v2/account/portfolio/history"))).toMatch(
      /timeframe=1D/,
    );
  });

  it("keeps deposits and withdrawals out of the profit and the daily returns", async () => {
    const server = (fake = await new FakeAlpacaTrading().start());
    const ny = (date: string) => Date.parse(`${date}T05:00:00Z`) / 1000;
    server.dailyEquity.push(
      { timestamp: ny("2024-01-02"), equity: 50_000 },
      { timestamp: ny("2024-01-03"), equity: 60_500 },
      { timestamp: ny("2024-01-04"), equity: 60_000 },
      { timestamp: ny("2024-01-08"), equity: 57_500 },
    );
    const cash = (
      id: string,
      type: "CSD" | "CSW" | "JNLC",
      date: string,
      amount: number,
      status: "executed" | "canceled" = "executed",
    ) => ({
      id,
      activity_type: type,
      date,
      net_amount: String(amount),
      description: "",
      status,
    });
    server.cashActivities.push(
      // In the base already: the day of the first close.
      cash("20240102::a", "CSD", "2024-01-02", 5_000),
      cash("20240103::b", "CSD", "2024-01-03", 10_000),
      // Cancelled: moved nothing.
      cash("20240104::c", "CSD", "2024-01-04", 7_000, "canceled"),
      // A weekend withdrawal lands on the next close, Monday's.
      cash("20240106::d", "CSW", "2024-01-06", -2_000),
      cash("20240107::e", "JNLC", "2024-01-07", 500),
    );
    const h = (harness = await orderHarness({
      nowMs: Date.parse("2024-01-08T21:00:00Z"),
      wrap: () => alpacaBrokerAt(server),
    }));
    const result = (await runTool(
      accountPerformance,
      { period: "1W" },
      h.context,
    )) as Performance & {
      netDeposits: number;
      notes: string[];
    };
    // By hand: 10,000 in on the 3rd, 1,500 out net over the weekend: 8,500 net.
    // Days: (60,500 - 10,000) / 50,000 - 1 = +1%; 60,000 / 60,500 - 1; (57,500 + 1,500) / 60,000 - 1.
    const days = [50_500 / 50_000, 60_000 / 60_500, 59_000 / 60_000];
    expect(result.netDeposits).toBe(8_500);
    expect(result.profitLoss).toBe(57_500 - 50_000 - 8_500);
    expect(result.totalReturn).toBeCloseTo(days.reduce((a, b) => a * b, 1) - 1, 12);
    expect(result).toMatchObject({
      bestDay: { change: 500 },
      worstDay: { change: -1_000 },
    });
    expect(result.notes).toEqual([
      "Deposits less withdrawals of 8500.00 are kept out of the profit and the daily returns (time-weighted).",
    ]);
    expect(
      server.requests
        .filter((r) => r.startsWith("GET /v2/account/activities/"))
        .map((r) => r.split("?")[0]),
    ).toEqual([
      "GET /v2/account/activities/CSD",
      "GET /v2/account/activities/CSW",
      "GET /v2/account/activities/JNLC",
    ]);
  });
});
