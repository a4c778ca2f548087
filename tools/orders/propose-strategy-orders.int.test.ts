import { describe, expect, it } from "vitest";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";
import { type orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import {
  breakout,
  dayMs,
  firstBarMs,
  storedAt,
  strategyOrderHarness,
} from "../../test/support/strategy-orders.ts";
import type { Broker } from "../ports/broker.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { proposeStrategyOrders } from "./propose-strategy-orders.ts";
import {
  pendingStrategyApprovals,
  type ProposeStrategyOrdersOutput,
} from "./strategy-orders-schema.ts";
import type { z } from "zod";

const asLive = {
  wrap: (broker: Broker): Broker => Object.assign(Object.create(broker) as Broker, { live: true }),
};

const cleanup = closedAfterEach<OrderHarness>();

const setUp = async (options: Parameters<typeof orderHarness>[0] = {}) =>
  cleanup(await strategyOrderHarness(options));

type Output = z.output<typeof ProposeStrategyOrdersOutput>;
const run = (h: OrderHarness, input: object = {}) =>
  runTool(proposeStrategyOrders, input, h.context) as Promise<Output>;

/** A filled buy of the strategy's, through the gate, an approval and the paper broker. */
async function bought(h: OrderHarness, id: string, symbol: string, quantity: number) {
  await h.proposeApproved({ symbol, side: "buy", quantity, strategyId: id });
  await h.executor.runOnce();
  await h.executor.settled();
}

describe("propose_strategy_orders", () => {
  it("proposes a paper strategy's entry sized from its capital, and says what it does not chase", async () => {
    const h = await setUp();
    const strategy = breakout(["ENTR", "EXIT", "HOLD", "WAIT"]);
    await storedAt(h, strategy, "paper");
    const result = await run(h);
    expect(result).toMatchObject({ broker: "paper-sim", live: false });
    const [only] = result.strategies;
    expect(only).toMatchObject({
      strategyId: strategy.id,
      stage: "paper",
      stale: false,
      lastBar: new Date(firstBarMs + 3 * dayMs).toISOString(),
      equity: 20_000,
    });
    // By hand: half of 20,000 at the last trade 100 is 100 shares.
    expect(only!.proposals).toEqual([
      {
        symbol: "ENTR",
        side: "buy",
        quantity: 100,
        kind: "entry",
        why: "the entry rule holds at the close of 2024-06-03",
        basis: expect.stringMatching(/^50% of equity 20,000 at the last trade 100 \(/),
        outcome: expect.objectContaining({ status: "pending" }),
      },
    ]);
    expect(only!.notes).toEqual([
      {
        symbol: "HOLD",
        note: "the rules hold a long position since 2024-06-02 that this account does not: not entered late (enterLate enters it now), the next entry signal trades",
      },
    ]);
    const [approvalId] = pendingStrategyApprovals(result);
    const approval = await h.store.requestApproval(approvalId!);
    expect(await h.store.requestIntent(approval!.intentId)).toMatchObject({
      symbol: "ENTR",
      side: "buy",
      quantity: 100,
      strategyId: strategy.id,
      state: "proposed",
    });
    expect(describeResult("propose_strategy_orders", result)).toMatch(
      /"breakout ENTR EXIT HOLD WAIT" \(paper, signals at the close of 2024-06-03\):\n {2}- buy 100 ENTR \(entry: .*\): waits for approval by U1 until/,
    );
  });

  it("closes what the strategy holds on its exit rule, sizes the entry from its P&L, and proposes nothing twice", async () => {
    const h = await setUp();
    const strategy = breakout(["ENTR", "EXIT"]);
    await storedAt(h, strategy, "paper");
    await bought(h, strategy.id, "EXIT", 10);
    const first = (await run(h)).strategies[0]!;
    // Closes first. Equity by hand: 20,000 - 10 x 100 paid + 10 x 85 at the last close = 19,850;
    // half of it at 100 is 99.25: 99 shares.
    expect(first.equity).toBe(19_850);
    expect(
      first.proposals.map(({ symbol, side, quantity, kind, why }) => ({
        symbol,
        side,
        quantity,
        kind,
        why,
      })),
    ).toEqual([
      {
        symbol: "EXIT",
        side: "sell",
        quantity: 10,
        kind: "close",
        why: "the exit rule holds at the close of 2024-06-03",
      },
      {
        symbol: "ENTR",
        side: "buy",
        quantity: 99,
        kind: "entry",
        why: "the entry rule holds at the close of 2024-06-03",
      },
    ]);
    const intents = (await h.store.listIntents({ limit: 100 })).length;
    const again = (await run(h)).strategies[0]!;
    expect(again.proposals).toEqual([]);
    expect(again.notes.map((note) => note.symbol)).toEqual(["ENTR", "EXIT"]);
    expect(again.notes[0]!.note).toMatch(
      /^an order of the strategy's is already waiting for approval \(intent /,
    );
    expect(await h.store.listIntents({ limit: 100 })).toHaveLength(intents);
  });

  it("closes a position the rules no longer hold, and keeps one they still hold", async () => {
    const h = await setUp();
    const strategy = breakout(["HOLD", "WAIT"]);
    await storedAt(h, strategy, "paper");
    await bought(h, strategy.id, "HOLD", 5);
    await bought(h, strategy.id, "WAIT", 7);
    const [only] = (await run(h)).strategies;
    expect(only!.proposals).toMatchObject([
      {
        symbol: "WAIT",
        side: "sell",
        quantity: 7,
        kind: "close",
        why: "the rules hold no long position after the close of 2024-06-03 (a stop, target or time exit, or an exit this account missed)",
      },
    ]);
    expect(only!.notes).toEqual([]);
  });

  it("enters a position the rules hold and the account missed when asked to, sized as an entry", async () => {
    const h = await setUp();
    const strategy = breakout(["HOLD"]);
    await storedAt(h, strategy, "paper");
    const [only] = (
      (await runTool(proposeStrategyOrders, { enterLate: true }, h.context)) as Output
    ).strategies;
    expect(only!.proposals).toMatchObject([
      {
        symbol: "HOLD",
        side: "buy",
        quantity: 100,
        kind: "entry",
        why: "late: the rules hold a long position since 2024-06-02 that this account does not",
        outcome: { status: "pending" },
      },
    ]);
    expect(only!.notes).toEqual([]);
  });

  it("leaves an entry only what the open positions leave free of the equity", async () => {
    const h = await setUp();
    const strategy = breakout(["ENTR", "ENT2"], 1);
    await storedAt(h, strategy, "paper");
    const [only] = (await run(h)).strategies;
    expect(only!.proposals).toMatchObject([{ symbol: "ENTR", quantity: 200 }]);
    expect(only!.notes).toEqual([
      { symbol: "ENT2", note: "no entry: the strategy's open positions take its equity 20000.00" },
    ]);
  });

  it("sizes a small_live strategy's live entry at a tenth of its capital, once, and skips paper strategies on real money", async () => {
    const h = await setUp(asLive);
    const live = breakout(["ENTR"]);
    const paper = breakout(["ENT2"]);
    await storedAt(h, live, "small_live", 100_000);
    await storedAt(h, paper, "paper");
    const result = await run(h);
    expect(result.strategies.map((strategy) => strategy.strategyId)).toEqual([live.id]);
    // By hand: capital 100,000 x 0.1 = 10,000; half at 100 is 50 shares, not cut again to 5.
    expect(result.strategies[0]).toMatchObject({
      equity: 10_000,
      proposals: [
        { quantity: 50, outcome: { status: "pending", order: { quantity: 50, live: true } } },
      ],
    });
    await expect(run(h, { strategyId: paper.id })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/is at paper: this broker trades real money/),
    });
  });

  it("lets a paper strategy's auto-approval policy approve its orders", async () => {
    const h = await setUp();
    const strategy = breakout(["ENTR"]);
    await storedAt(h, strategy, "paper");
    await h.store.setControls(`strategy:${strategy.id}`, { autoApprovePaper: true }, "U1");
    const result = await run(h);
    expect(result.strategies[0]!.proposals[0]!.outcome).toMatchObject({
      status: "approved",
      autoApproved: true,
    });
    expect(pendingStrategyApprovals(result)).toEqual([]);
  });

  it("says why a strategy without bars reads no signals, and the others still trade", async () => {
    const h = await setUp();
    const missing = breakout(["NOPE"]);
    const trading = breakout(["ENTR"]);
    await storedAt(h, missing, "paper");
    await storedAt(h, trading, "paper");
    const result = await run(h);
    const byId = new Map(result.strategies.map((strategy) => [strategy.strategyId, strategy]));
    expect(byId.get(missing.id)).toMatchObject({
      lastBar: null,
      proposals: [],
      notes: [{ symbol: null, note: expect.stringMatching(/^no signals: no 1d bars for NOPE \(/) }],
    });
    expect(byId.get(trading.id)!.proposals).toMatchObject([{ symbol: "ENTR", quantity: 100 }]);
  });

  it("proposes nothing on stale bars, and says so", async () => {
    const h = await setUp({ nowMs: firstBarMs + 10 * dayMs });
    const strategy = breakout(["ENTR"]);
    await storedAt(h, strategy, "paper");
    const [only] = (await run(h)).strategies;
    expect(only).toMatchObject({ stale: true, proposals: [] });
    expect(only!.notes[0]!.note).toMatch(
      /^the newest 1d bar \(2024-06-03T00:00:00.000Z\) is too old/,
    );
    expect(await h.store.listIntents({ limit: 10 })).toEqual([]);
  });

  it("refuses an unknown, unpromoted or archived strategy by name, proposing nothing", async () => {
    const h = await setUp();
    const strategy = breakout(["ENTR"]);
    await expect(run(h, { strategyId: strategy.id })).rejects.toMatchObject({ code: "not_found" });
    await storedAt(h, strategy, "backtest");
    await expect(run(h, { strategyId: strategy.id })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/is at backtest: promote it to paper/),
    });
    await h.store.setStage(strategy.id, "paper", { capital: 20_000 }, "U1", h.now());
    await h.store.updateStrategy(strategy.id, { archivedAtMs: h.now() });
    await expect(run(h, { strategyId: strategy.id })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/archived/),
    });
    expect((await run(h)).strategies).toEqual([]);
    await expect(run(h, { strategyId: "my-idea" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await h.store.listIntents({ limit: 10 })).toEqual([]);
  });
});
