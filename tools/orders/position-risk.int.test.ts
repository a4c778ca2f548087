import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Broker, BrokerPosition } from "../ports/broker.ts";
import type { Execution } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";
import { describeResult } from "../replies/describe-result.ts";
import type { Replay, Scenario } from "../replies/position-risk.ts";
import { runTool } from "../run-tool.ts";
import { positionRisk } from "./position-risk.ts";

interface Output {
  equity: number;
  positions: { symbol: string; weight: number; riskShare: number }[];
  uncovered: { symbol: string; marketValue: number }[];
  volatility: number | null;
  history: {
    periods: number;
    valueAtRisk: number;
    expectedShortfall: number;
    maxDrawdown: number;
  } | null;
  dollars: { valueAtRisk: number; expectedShortfall: number; worstDay: number } | null;
}

let store: Store;
const market = generateMarket({ symbols: ["SPY", "TLT"], years: 3, seed: 4 });
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
});
afterAll(async () => {
  await store.close();
});

/** The account a broker reports: only what position_risk reads (an outside service). */
function accountOf(equity: number, positions: BrokerPosition[]): Execution {
  const broker = {
    name: "paper-sim",
    live: false,
    account: () =>
      Promise.resolve({ equity, cash: equity / 2, buyingPower: equity, patternDayTrader: false }),
    positions: () => Promise.resolve(positions),
  } as unknown as Broker;
  return { broker } as Execution;
}

const run = (execution: Execution, input: unknown = {}) =>
  runTool(positionRisk, input, { ...testContext(store), execution }) as Promise<Output>;

const position = (symbol: string, marketValue: number): BrokerPosition => ({
  symbol,
  quantity: marketValue / 100,
  averageEntryPrice: 100,
  marketValue,
});

describe("position_risk", () => {
  it("weights the positions by market value and measures them by hand over the last days", async () => {
    const result = await run(
      accountOf(100_000, [
        position("SPY", 60_000),
        position("TLT", -20_000),
        position("XYZ", 5_000),
      ]),
      { days: 250 },
    );
    expect(result.positions.map(({ symbol, weight }) => [symbol, weight])).toEqual([
      ["SPY", 0.6],
      ["TLT", -0.2],
    ]);
    expect(result.uncovered).toEqual([{ symbol: "XYZ", marketValue: 5_000 }]);
    // By hand: the mix's daily returns over the last 250 dates both have (all NYSE days here).
    const returns = (closes: Float64Array) =>
      Array.from(closes.subarray(-251)).flatMap((close, k, all) =>
        k ? [close / all[k - 1]! - 1] : [],
      );
    const [spy, tlt] = market.bars.map((series) => returns(series.close)) as [number[], number[]];
    const mix = spy.map((r, k) => 0.6 * r - 0.2 * tlt[k]!);
    const mean = mix.reduce((a, b) => a + b) / mix.length;
    const std = Math.sqrt(mix.reduce((a, r) => a + (r - mean) ** 2, 0) / (mix.length - 1));
    expect(result.volatility).toBeCloseTo(std * Math.sqrt(252), 10);
    const worst = [...mix].sort((a, b) => a - b);
    const tail = worst.slice(0, Math.ceil(mix.length / 20));
    expect(result.history!.periods).toBe(250);
    expect(result.history!.valueAtRisk).toBeCloseTo(-tail.at(-1)!, 12);
    expect(result.dollars!.valueAtRisk).toBeCloseTo(-tail.at(-1)! * 100_000, 6);
    expect(result.dollars!.expectedShortfall).toBeCloseTo(
      (-tail.reduce((a, b) => a + b) / tail.length) * 100_000,
      6,
    );
    expect(result.dollars!.worstDay).toBeCloseTo(-worst[0]! * 100_000, 6);
    const shares = result.positions.map(({ riskShare }) => riskShare);
    expect(shares[0]! + shares[1]!).toBeCloseTo(1, 12);
    const reply = describeResult("position_risk", result as never);
    expect(reply).toContain("Not measured (no stored daily bars): XYZ 5,000.00.");
    expect(reply).toContain("- SPY: 60,000.00, 60.00% of equity");
    expect(reply).not.toContain("in sample");
    expect(reply).toContain(
      "Held at these weights and rebalanced every day over the last 250 days:",
    );
    // The tail is said once, in dollars.
    expect(reply).not.toContain("Risk of a single day");
  });

  it("moves each position by its beta to a shocked symbol, checked by hand", async () => {
    const result = (await run(accountOf(100_000, [position("TLT", 30_000)]), {
      days: 250,
      shock: { symbol: "SPY", move: -0.1 },
    })) as Output & { scenario: Scenario };
    // By hand: TLT's beta to SPY over the last 250 daily returns (cov / var, plain sums).
    const returns = (closes: Float64Array) =>
      Array.from(closes.subarray(-251)).flatMap((close, k, all) =>
        k ? [close / all[k - 1]! - 1] : [],
      );
    const [spy, tlt] = market.bars.map((series) => returns(series.close)) as [number[], number[]];
    const mean = (values: number[]) => values.reduce((a, b) => a + b) / values.length;
    const [ms, mt] = [mean(spy), mean(tlt)];
    const covariance = spy.reduce((sum, r, k) => sum + (r - ms) * (tlt[k]! - mt), 0);
    const variance = spy.reduce((sum, r) => sum + (r - ms) ** 2, 0);
    const beta = covariance / variance;
    expect(result.scenario.positions).toEqual([
      {
        symbol: "TLT",
        beta: expect.closeTo(beta, 10),
        change: expect.closeTo(30_000 * beta * -0.1, 6),
      },
    ]);
    expect(result.scenario).toMatchObject({ symbol: "SPY", move: -0.1 });
    expect(result.scenario.change).toBeCloseTo(30_000 * beta * -0.1, 6);
    expect(result.scenario.share).toBeCloseTo((30_000 * beta * -0.1) / 100_000, 12);
    // The shocked symbol held itself moves one for one.
    const held = (await run(accountOf(100_000, [position("SPY", 50_000)]), {
      shock: { symbol: "SPY", move: -0.2 },
    })) as typeof result;
    expect(held.scenario.positions[0]!.beta).toBeCloseTo(1, 12);
    expect(held.scenario.change).toBeCloseTo(-10_000, 6);
    expect(describeResult("position_risk", held as never)).toContain(
      "If SPY fell 20%, the positions would lose about 10,000.00 (-10.00% of equity), each moving by its beta to SPY over the last 504 daily returns: SPY beta 1.00, -10,000.00.",
    );
  });

  it("replays today's positions through a past stretch, each by its own return", async () => {
    const [spy, tlt] = market.bars as [BarSeries, BarSeries];
    // Dates between bars: each end takes the last close at or before it.
    const start = spy.timestampMs[100]! + 3_600_000;
    const end = spy.timestampMs[160]! + 3_600_000;
    const result = (await run(
      accountOf(100_000, [position("SPY", 60_000), position("TLT", -20_000)]),
      { replay: { start, end } },
    )) as Output & { replay: Replay };
    // By hand: closes 100 and 160, at today's market values.
    const spyMove = spy.close[160]! / spy.close[100]! - 1;
    const tltMove = tlt.close[160]! / tlt.close[100]! - 1;
    expect(result.replay).toEqual({
      start: new Date(spy.timestampMs[100]!).toISOString(),
      end: new Date(spy.timestampMs[160]!).toISOString(),
      positions: [
        {
          symbol: "SPY",
          return: expect.closeTo(spyMove, 12),
          change: expect.closeTo(60_000 * spyMove, 6),
        },
        {
          symbol: "TLT",
          return: expect.closeTo(tltMove, 12),
          change: expect.closeTo(-20_000 * tltMove, 6),
        },
      ],
      unmeasured: [],
      change: expect.closeTo(60_000 * spyMove - 20_000 * tltMove, 6),
      share: expect.closeTo((60_000 * spyMove - 20_000 * tltMove) / 100_000, 12),
    });
    expect(describeResult("position_risk", result as never)).toMatch(
      /From \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d, today's positions would have (lost|made) about [\d,.]+ \([+-][\d.]+% of equity\), each by its own return: SPY [+-]/,
    );
    // Before the stored history: nothing to measure, and said so.
    const early = (await run(accountOf(100_000, [position("SPY", 60_000)]), {
      replay: { start: "2001-01-01", end: "2001-06-01" },
    })) as typeof result;
    expect(early.replay).toMatchObject({ positions: [], unmeasured: ["SPY"], change: 0 });
    expect(describeResult("position_risk", early as never)).toContain(
      "No position's stored closes reach from 2001-01-01 to 2001-06-01: nothing to replay.",
    );
  });

  it.each([
    [{ shock: { symbol: "SPY", move: -1 } }, "a price cannot fall 100% or more"],
    [{ shock: { symbol: "SPY", move: 0 } }, "a move of 0 changes nothing"],
    [{ shock: { symbol: "SPY" } }, "move"],
    [{ shock: { symbol: "QQQ", move: -0.1 } }, "no daily bars of QQQ are stored"],
    [{ replay: { start: "2022-06-01", end: "2022-01-01" } }, "start must come before end"],
    [{ replay: { start: "June 2022", end: "2022-12-31" } }, "is not ISO-8601"],
  ])("refuses the shock %j, naming what is wrong", async (input, message) => {
    await expect(run(accountOf(100_000, [position("TLT", 30_000)]), input)).rejects.toThrow(
      message,
    );
  });

  it("says there is nothing to measure without positions, and needs a broker", async () => {
    const none = await run(accountOf(50_000, []));
    expect(none).toMatchObject({ positions: [], history: null, dollars: null, volatility: null });
    expect(describeResult("position_risk", none as never)).toBe(
      "The paper-sim account (equity 50,000.00) holds no position: only its cash, nothing at market risk.",
    );
    const unmeasured = await run(accountOf(50_000, [position("XYZ", 5_000)]));
    expect(describeResult("position_risk", unmeasured as never).split("\n")).toEqual([
      "The paper-sim account (equity 50,000.00) holds no position with stored daily bars: nothing to measure.",
      "Not measured (no stored daily bars): XYZ 5,000.00.",
    ]);
    await expect(runTool(positionRisk, {}, testContext(store))).rejects.toMatchObject({
      code: "broker_missing",
    });
    await expect(run(accountOf(1, []), { days: 5 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(run(accountOf(1, []), { window: 5 })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
