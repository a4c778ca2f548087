import { describe, expect, it } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import {
  accountHolding as holding,
  driftedAccount as drifted,
  savePortfolio,
} from "../../test/support/rebalance-fixtures.ts";
import type { z } from "zod";
import { listApprovals } from "../orders/list-orders.ts";
import { runTool } from "../run-tool.ts";
import { deskStatus } from "../status/desk-status.ts";
import { rebalanceCard } from "./rebalance-card.ts";
import { rebalancePortfolio } from "./rebalance-portfolio.ts";
import type { RebalancePortfolioOutput } from "./rebalance-schema.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

const run = (h: OrderHarness, input: unknown = {}) =>
  runTool(rebalancePortfolio, input, h.context) as Promise<RebalancePortfolioOutput>;

/** The fixtures' account, closed after the test. */
async function accountHolding(
  buys: [string, number, number][],
  options: { nowMs?: number } = {},
): Promise<OrderHarness> {
  return cleanup(await holding(buys, options));
}

/** U1's one decision on a proposed batch, at the harness's time (or `atMs`). */
const decideBatch = (
  h: OrderHarness,
  batch: { id: string; paramsHash: string },
  approve: boolean,
  atMs = h.now(),
) =>
  h.store.decideBatch({
    batchId: batch.id,
    approve,
    actor: "U1",
    paramsHash: batch.paramsHash,
    nowMs: atMs,
  });

const paperOrders = async (h: OrderHarness) =>
  h.client.query<{ symbol: string; side: string; quantity: number; status: string }>(
    "SELECT symbol, side, quantity, status FROM paper_orders ORDER BY sequence",
  );

/** The hand-calculated account of test/support/rebalance-fixtures.ts, closed after the test. */
async function driftedAccount() {
  const account = await drifted();
  cleanup(account.h);
  return account;
}

/** The drifted account rebalanced under these account limits: the batch it proposed. */
async function proposedUnder(limits: Record<string, unknown>) {
  const { h } = await driftedAccount();
  await h.store.setControls("account", { limits }, "risk-officer");
  const result = await run(h);
  if (result.status !== "proposed") throw new Error(JSON.stringify(result, null, 2));
  return { h, result };
}

const golden = [
  { symbol: "AAA", side: "sell", quantity: 133.333333, notional: 15_999.99996 },
  { symbol: "BBB", side: "buy", quantity: 260, notional: 13_000 },
  { symbol: "CCC", side: "buy", quantity: 1100, notional: 22_000 },
];

describe("rebalance_portfolio", () => {
  it("proposes one batch of the hand-calculated orders when drift crosses the threshold; one approval sends exactly those, once", async () => {
    const { h, portfolio } = await driftedAccount();
    const result = await run(h);
    if (result.status !== "proposed") throw new Error(JSON.stringify(result, null, 2));
    expect(result).toMatchObject({
      portfolio: { id: portfolio.id, source: "returns" },
      equity: 110_000,
      maxDrift: { symbol: "CCC", drift: -0.2 },
      triggers: { drift: true, forced: false, regimeEvents: [] },
      batch: { state: "pending", orders: 3, approvers: ["U1"] },
    });
    expect(
      result.orders.map(({ symbol, side, quantity, notional }) => ({
        symbol,
        side,
        quantity,
        notional: Number(notional.toFixed(5)),
      })),
    ).toEqual(golden);
    for (const order of result.orders) {
      expect(order.verdict).toBe("passed");
      expect(order.checks.length).toBeGreaterThan(10);
      expect(order.checks.every((check) => check.passed)).toBe(true);
    }
    // One batch: three intents waiting for one decision, no approval of their own.
    const stored = await h.store.requestBatch(result.batch.id);
    expect(stored?.intents.map((intent) => [intent.symbol, intent.state])).toEqual([
      ["AAA", "proposed"],
      ["BBB", "proposed"],
      ["CCC", "proposed"],
    ]);
    expect(await h.store.listApprovals({ state: "pending", limit: 10 })).toEqual([]);
    expect(await paperOrders(h)).toHaveLength(2);

    const decide = () => decideBatch(h, result.batch, true);
    expect(await decide()).toMatchObject({ ok: true, batch: { state: "approved" } });
    await h.executor.runOnce();
    await h.executor.settled();
    const sent = (await paperOrders(h)).slice(2);
    expect(
      sent.map(({ symbol, side, quantity, status }) => [symbol, side, quantity, status]),
    ).toEqual(golden.map(({ symbol, side, quantity }) => [symbol, side, quantity, "filled"]));
    // A second click changes nothing and sends nothing.
    expect(await decide()).toMatchObject({ ok: false, reason: "not_pending" });
    await h.executor.runOnce();
    expect(await paperOrders(h)).toHaveLength(5);

    // Back on target: no proposal.
    const again = await run(h);
    expect(again.status).toBe("in_range");
    expect(Math.abs(again.maxDrift!.drift)).toBeLessThan(1e-6);
    expect(await h.store.listBatches({ portfolioId: portfolio.id, limit: 10 })).toHaveLength(1);
  });

  it("shows a pending batch in list_approvals and desk_status until its time is up, then expired with its orders", async () => {
    const { h } = await driftedAccount();
    const result = await run(h);
    if (result.status !== "proposed") throw new Error(JSON.stringify(result, null, 2));
    type Listed = z.output<typeof listApprovals.output>;
    const approvals = (input: object = {}) =>
      runTool(listApprovals, input, h.context) as Promise<Listed>;
    const status = () =>
      runTool(deskStatus, {}, h.context) as Promise<z.output<typeof deskStatus.output>>;

    const pending = await approvals();
    expect(pending.approvals).toEqual([]);
    expect(pending.batches).toMatchObject([
      { id: result.batch.id, state: "pending", approvers: ["U1"], decidedBy: null },
    ]);
    expect(
      pending.batches[0]!.orders.map(({ symbol, side, quantity, state }) => [
        symbol,
        side,
        quantity,
        state,
      ]),
    ).toEqual(golden.map(({ symbol, side, quantity }) => [symbol, side, quantity, "proposed"]));
    expect(await status()).toMatchObject({ approvalsPending: 0, batchesPending: 1 });

    h.advance(Date.parse(result.batch.expiresAt) - h.now());
    const all = await approvals({ state: "all" });
    expect(all.batches.map((batch) => batch.state)).toEqual(["expired"]);
    expect(all.batches[0]!.orders.map((order) => order.state)).toEqual(golden.map(() => "expired"));
    expect((await approvals()).batches).toEqual([]);
    expect(await status()).toMatchObject({ batchesPending: 0 });
    // Stored as expired: a click that comes in now decides nothing.
    expect(await decideBatch(h, result.batch, true)).toMatchObject({
      ok: false,
      reason: "not_pending",
    });
    expect(await h.store.pendingOutbox(10)).toEqual([]);
  });

  it("proposes a batch of more orders than maxOrdersPerMinute whole, and the executor paces them to the limit", async () => {
    // On the real clock, which stamps the intents' sending; crypto trades at any hour.
    const prices: [string, number, number][] = [
      ["BTC/USD", 0, 50_000],
      ["ETH/USD", 0, 2_000],
      ["SOL/USD", 0, 100],
    ];
    const h = await accountHolding(prices, { nowMs: Date.now() });
    await savePortfolio(h, { "BTC/USD": 0.2, "ETH/USD": 0.2, "SOL/USD": 0.2 });
    await h.store.setControls("account", { limits: { maxOrdersPerMinute: 2 } }, "risk-officer");
    const result = await run(h);
    if (result.status !== "proposed") throw new Error(JSON.stringify(result, null, 2));
    expect(result.orders.map((order) => [order.symbol, order.verdict])).toEqual([
      ["BTC/USD", "passed"],
      ["ETH/USD", "passed"],
      ["SOL/USD", "passed"],
    ]);
    await decideBatch(h, result.batch, true);
    const states = async () =>
      (await h.store.requestBatch(result.batch.id))!.intents.map((intent) => intent.state);

    await h.executor.runOnce();
    await h.executor.settled();
    // Two go out in the first minute; the third waits, still approved, rather than cancelled.
    expect(await states()).toEqual(["filled", "filled", "approved"]);
    await h.executor.runOnce();
    expect(await states()).toEqual(["filled", "filled", "approved"]);

    // Past the minute after the two were sent (stamped by the database's clock, seconds after
    // the harness's clock started).
    h.advance(120_000);
    for (const [symbol, , price] of prices) await h.setPrice(symbol, price);
    await h.executor.runOnce();
    await h.executor.settled();
    expect(await states()).toEqual(["filled", "filled", "filled"]);
    expect((await paperOrders(h)).map((order) => [order.symbol, order.quantity])).toEqual([
      ["BTC/USD", 0.4],
      ["ETH/USD", 10],
      ["SOL/USD", 200],
    ]);
  });

  it("steps an order larger than the per-order limit: cut to fit it, said so, and sent", async () => {
    const { h, result } = await proposedUnder({ maxOrderNotional: 20_000 });
    // CCC wants 1100 at 20 (22,000): cut to 98% of 20,000 = 19,600, 980 units.
    expect(
      result.orders.map(({ symbol, quantity, verdict }) => [symbol, quantity, verdict]),
    ).toEqual([
      ["AAA", 133.333333, "passed"],
      ["BBB", 260, "passed"],
      ["CCC", 980, "passed"],
    ]);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /^CCC cut to the per-order limits \(98% of maxOrderNotional 20000, at most maxOrderQuantity 10000 units\): this batch goes part of the way/,
      ),
    );
    await decideBatch(h, result.batch, true);
    await h.executor.runOnce();
    await h.executor.settled();
    const sent = await paperOrders(h);
    expect(sent.find((order) => order.symbol === "CCC")).toMatchObject({ quantity: 980 });
  });

  it("buys a position only up to the position limit, says its target is out of reach, and the gate passes it", async () => {
    const { result } = await proposedUnder({ maxPositionNotional: 30_000 });
    // BBB holds 20,000 of a 29,400 cap (98% of 30,000): 9,400 / 50 = 188 of its 260.
    expect(
      result.orders.map(({ symbol, quantity, verdict }) => [symbol, quantity, verdict]),
    ).toEqual([
      ["AAA", 133.333333, "passed"],
      ["BBB", 188, "passed"],
      ["CCC", 1100, "passed"],
    ]);
    expect(result.warnings).toContain(
      "BBB bought only up to 98% of maxPositionNotional 30000 a position: the target stays out of reach until that limit is raised",
    );
  });

  it("shows an order the risk gate denies as denied and sends the others", async () => {
    const { h, result } = await proposedUnder({ denySymbols: ["CCC"] });
    expect(result.batch.orders).toBe(2);
    const ccc = result.orders.find((order) => order.symbol === "CCC")!;
    expect(ccc).toMatchObject({
      verdict: "denied",
      quantity: 1100,
      reason: { code: "SYMBOL_DENIED" },
    });
    expect(ccc.intentId).toBeUndefined();
    const stored = (await h.store.requestBatch(result.batch.id))!;
    expect(stored.intents.map((intent) => intent.symbol)).toEqual(["AAA", "BBB"]);
    expect(stored.batch.summary).toMatchObject({
      denied: [{ symbol: "CCC", reason: { code: "SYMBOL_DENIED" } }],
    });
    // The card shows it denied, with why, and says what Approve sends.
    const card = rebalanceCard(stored);
    expect(card.head[0]).toBe(
      "Paper rebalance on paper-sim: 2 order(s) to approve, 1 denied by the risk gate",
    );
    expect(card.rows).toEqual([
      ["SELL", "AAA", "133.333333", "120", "16000.00", "passed", "proposed"],
      ["BUY", "BBB", "260", "50", "13000.00", "passed", "proposed"],
      ["BUY", "CCC", "1100", "20", "22000.00", "DENIED SYMBOL_DENIED", "not sent"],
    ]);
    expect(card.foot[0]).toMatch(/^ {2}CCC not sent: SYMBOL_DENIED: CCC is on denySymbols/);
    expect(card.foot[1]).toMatch(/Approve sends the 2 passed order\(s\)/);
    const denials = await h.store.listAudit({ limit: 20 });
    expect(denials.filter((entry) => entry.action === "order.denied")).toHaveLength(1);

    await decideBatch(h, result.batch, true);
    await h.executor.runOnce();
    await h.executor.settled();
    const sent = (await paperOrders(h)).slice(2);
    expect(sent.map(({ symbol, side }) => [symbol, side])).toEqual([
      ["AAA", "sell"],
      ["BBB", "buy"],
    ]);
  });

  it("leaves a small drift alone, proposes on a correlation regime change since the portfolio was built, and waits on its pending proposal", async () => {
    // 400 AAA at 100, 600 BBB at 50, 1000 CCC at 20, 10,000 cash; AAA to 102: equity 100,800,
    // AAA at 40,800 / 100,800 = 40.48% against 40%: a drift of 0.48 percentage points.
    const h = await accountHolding([
      ["AAA", 400, 100],
      ["BBB", 600, 50],
      ["CCC", 1000, 20],
    ]);
    await h.setPrice("AAA", 102);
    const portfolio = await savePortfolio(h, { AAA: 0.4, BBB: 0.3, CCC: 0.2 });
    const quiet = await run(h);
    expect(quiet).toMatchObject({ status: "in_range", triggers: { drift: false } });
    expect(quiet.maxDrift!.drift).toBeCloseTo(40_800 / 100_800 - 0.4, 12);
    expect(await h.store.listBatches({ limit: 10 })).toEqual([]);

    // A regime change dated the day the portfolio was built, and one before it (ignored).
    const builtDayMs = Math.floor(portfolio.createdAtMs / 86_400_000) * 86_400_000;
    await storeRegimeEvents(h, [builtDayMs - 86_400_000, builtDayMs]);
    const moved = await run(h);
    if (moved.status !== "proposed") throw new Error(JSON.stringify(moved, null, 2));
    expect(moved.triggers).toMatchObject({
      drift: false,
      regimeEvents: [{ metric: "averageCorrelation" }],
    });
    expect(moved.triggers.regimeEvents).toHaveLength(1);
    // AAA 0.4 x 100800 / 102 = 395.294117... units: sell 4.705882; BBB 30240 / 50 = 604.8: buy
    // 4.8; CCC 20160 / 20 = 1008: buy 8.
    expect(moved.orders.map(({ symbol, side, quantity }) => [symbol, side, quantity])).toEqual([
      ["AAA", "sell", 4.705882],
      ["BBB", "buy", 4.8],
      ["CCC", "buy", 8],
    ]);

    expect(await run(h)).toMatchObject({ status: "waiting", batch: { id: moved.batch.id } });
    await decideBatch(h, moved.batch, false);
    // The change was shown: it does not propose again.
    expect(await run(h)).toMatchObject({ status: "in_range", triggers: { regimeEvents: [] } });
    expect(await paperOrders(h)).toHaveLength(3);
  });

  it("splits a strategy's weight evenly over its universe and denies the symbols of a strategy its stage keeps off this broker", async () => {
    const h = await accountHolding([
      ["AAA", 0, 100],
      ["BBB", 0, 50],
      ["CCC", 0, 20],
    ]);
    const [paper, backtest] = ["a".repeat(64), "b".repeat(64)];
    await h.store.saveStrategy({ id: paper, name: "Pair", spec: { universe: ["AAA", "bbb"] } });
    await h.store.saveStrategy({ id: backtest, name: "Solo", spec: { universe: ["CCC"] } });
    await h.store.setStage(paper, "paper", { capital: 100_000 }, "U1", h.now());
    await savePortfolio(h, { [paper]: 0.6, [backtest]: 0.2 }, "strategies");
    const result = await run(h);
    if (result.status !== "proposed") throw new Error(JSON.stringify(result, null, 2));
    // Pair's 0.6 is 0.3 of AAA and 0.3 of BBB; Solo's 0.2 all CCC. Equity 100,000.
    expect(Object.fromEntries(result.drifts.map((d) => [d.symbol, d.targetWeight]))).toEqual({
      AAA: 0.3,
      BBB: 0.3,
      CCC: 0.2,
    });
    expect(
      result.orders.map(({ symbol, quantity, verdict }) => [symbol, quantity, verdict]),
    ).toEqual([
      ["AAA", 300, "passed"],
      ["BBB", 600, "passed"],
      ["CCC", 1000, "denied"],
    ]);
    expect(result.orders[2]!.reason).toMatchObject({
      code: "STRATEGY_STAGE",
      message: expect.stringMatching(
        /CCC is held for strategy Solo .* at backtest: promote it to paper/,
      ),
    });
  });

  it("keeps an archived strategy's symbols off the broker, saying to restore it rather than promote it", async () => {
    const h = await accountHolding([
      ["AAA", 0, 100],
      ["CCC", 0, 20],
    ]);
    const [paper, archived] = ["a".repeat(64), "c".repeat(64)];
    await h.store.saveStrategy({ id: paper, name: "Kept", spec: { universe: ["AAA"] } });
    await h.store.setStage(paper, "paper", { capital: 100_000 }, "U1", h.now());
    await h.store.saveStrategy({ id: archived, name: "Gone", spec: { universe: ["CCC"] } });
    await h.store.updateStrategy(archived, { archivedAtMs: h.now() });
    await savePortfolio(h, { [paper]: 0.3, [archived]: 0.3 }, "strategies");
    const result = await run(h);
    if (!("orders" in result)) throw new Error(JSON.stringify(result, null, 2));
    expect(result.orders.map(({ symbol, verdict }) => [symbol, verdict])).toEqual([
      ["AAA", "passed"],
      ["CCC", "denied"],
    ]);
    expect(result.orders[1]!.reason?.message).toMatch(
      /CCC is held for strategy Gone .* at backtest: it is archived: restore it \(update_strategy/,
    );
  });

  it("refuses bad input with an error naming the field", async () => {
    const h = cleanup(await orderHarness());
    const failure = async (input: unknown) =>
      (await run(h, input).catch((caught: unknown) => caught)) as {
        code: string;
        message: string;
        issues?: { path: (string | number)[]; message: string }[];
      };
    expect(await failure({})).toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(
        /no portfolio is stored yet: build one with construct_portfolio/,
      ),
      issues: [{ path: ["portfolioId"] }],
    });
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(await failure({ portfolioId: unknown })).toMatchObject({
      code: "invalid_input",
      message: `no stored portfolio has the id ${unknown}`,
      issues: [{ path: ["portfolioId"] }],
    });
    expect((await failure({ portfolioId: "latest" })).issues?.[0]).toMatchObject({
      path: ["portfolioId"],
      message: expect.stringMatching(/a UUID/),
    });
    for (const driftThreshold of [0, -0.1, 1.5])
      expect((await failure({ driftThreshold })).issues?.[0]).toMatchObject({
        path: ["driftThreshold"],
        message: expect.stringMatching(/`driftThreshold` must be/),
      });
    expect((await failure({ minOrderNotional: -1 })).issues?.[0]?.path).toEqual([
      "minOrderNotional",
    ]);
    expect((await failure({ force: true, extra: 1 })).code).toBe("invalid_input");

    await savePortfolio(h, { "S&P 500 fund": 0.5, AAA: 0.5 });
    expect(await failure({})).toMatchObject({
      code: "invalid_data",
      message: expect.stringMatching(/"S&P 500 fund", which is not a tradable symbol/),
    });
    const { execution: _execution, ...noBroker } = h.context;
    const error = await runTool(rebalancePortfolio, {}, noBroker).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: "broker_missing" });
  });
});

/** Two stored regime changes over AAA, BBB and CCC, dated `atMs`. */
async function storeRegimeEvents(h: OrderHarness, dates: number[]) {
  const symbols = ["AAA", "BBB", "CCC"];
  await h.store.saveCorrelationSnapshot(
    {
      symbols,
      timeframe: "1d",
      windowBars: 60,
      asOfMs: Math.max(...dates),
      matrix: [1, 0.8, 0.8, 0.8, 1, 0.8, 0.8, 0.8, 1],
      averageCorrelation: 0.8,
      firstEigenShare: 0.87,
    },
    dates.map((atMs) => ({
      atMs,
      metric: "averageCorrelation" as const,
      direction: "rise" as const,
      value: 0.8,
      baseline: 0.4,
      shift: 0.4,
    })),
  );
}
