import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import type { Broker } from "../ports/broker.ts";
import type { StrategyStage } from "../ports/trading.ts";
import { executeTool, parseToolInput } from "../run-tool.ts";
import { paramsHash } from "./params-hash.ts";
import { ProposeOrderOutput, proposeOrder } from "./propose-order.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";
import { SqlWebhookAlertLog } from "../adapters/sql/webhook-alerts.ts";
import { parseStrategySpec, strategyId as specStrategyId } from "../strategy/spec-schema.ts";
import { receiveAlert } from "../webhooks/receive-alert.ts";

/** Strategy ids are content hashes. */
const strategyId = "5e".repeat(32);
/** The paper broker presented as one trading real money. */
const asLive = {
  wrap: (broker: Broker): Broker => Object.assign(Object.create(broker) as Broker, { live: true }),
};

const cleanup = closedAfterEach<OrderHarness>();

async function setUp(options: Parameters<typeof orderHarness>[0] = {}) {
  const harness = cleanup(await orderHarness(options));
  await harness.setPrice("AAPL", 100);
  return harness;
}

/** Through the tool's schemas both ways: the denial and the sizing are valid output. */
const propose = async (h: OrderHarness, input: Record<string, unknown>) =>
  (await executeTool(proposeOrder, parseToolInput(proposeOrder, input), h.context)) as z.output<
    typeof ProposeOrderOutput
  >;

/** A stored strategy, promoted to `stage` unless it stays at backtest. */
async function storedAt(h: OrderHarness, stage: StrategyStage) {
  await h.store.saveStrategy({ id: strategyId, name: "stage test", spec: {} });
  if (stage !== "backtest") await h.store.setStage(strategyId, stage, {}, "U1", h.now());
}

const buy100 = { symbol: "AAPL", side: "buy", quantity: 100, strategyId };

describe("propose_order and the strategy's stage", () => {
  it("refuses live orders for a strategy still at paper, records the refusal, creates no intent", async () => {
    const h = await setUp(asLive);
    await storedAt(h, "paper");
    const denied = await propose(h, buy100);
    expect(denied).toEqual({
      status: "denied",
      reason: {
        code: "STRATEGY_STAGE",
        message: `STRATEGY_STAGE: strategy ${strategyId} is at paper: live orders need it promoted to small_live (promote_strategy)`,
      },
      checks: [],
    });
    expect(await h.store.listIntents({ limit: 10 })).toEqual([]);
    const [refusal] = (await h.store.listAudit({ limit: 10 })).filter(
      (entry) => entry.action === "order.denied",
    );
    expect(refusal?.details).toMatchObject({
      order: { strategyId },
      reason: { code: "STRATEGY_STAGE" },
    });
  });

  it("refuses live orders for an id no stored strategy has", async () => {
    const h = await setUp(asLive);
    const unknown = "ab".repeat(32);
    expect(await propose(h, { ...buy100, strategyId: unknown })).toMatchObject({
      status: "denied",
      reason: {
        code: "STRATEGY_STAGE",
        message: `STRATEGY_STAGE: no stored strategy ${unknown}: backtest_strategy stores it`,
      },
    });
  });

  it("sizes a small_live strategy's live order at a tenth: the human approves what is sent", async () => {
    // The limit would refuse 100 shares: the gate checks the order as sized for the stage.
    const h = await setUp({ ...asLive, limits: { maxOrderQuantity: 50 } });
    await storedAt(h, "small_live");
    const proposed = await propose(h, buy100);
    expect(proposed).toMatchObject({
      status: "pending",
      sizedForStage: { stage: "small_live", fraction: 0.1 },
      order: { quantity: 10, notional: 1000, live: true, strategyId },
    });
    if (proposed.status !== "pending") return;
    const intent = await h.store.requestIntent(proposed.order.intentId);
    expect(intent).toMatchObject({ quantity: 10, live: true, strategyId });
    expect(proposed.approval.paramsHash).toBe(
      paramsHash({
        broker: "paper-sim",
        symbol: "AAPL",
        side: "buy",
        quantity: 10,
        type: "market",
        limitPrice: null,
        strategyId,
      }),
    );

    // A notional order shrinks the same way: 5000 -> 500 at 100 a share.
    expect(
      await propose(h, { symbol: "AAPL", side: "buy", notional: 5000, strategyId }),
    ).toMatchObject({ status: "pending", order: { quantity: 5, notional: 500 } });

    // A tenth of 3 is 0.3, not the binary product 0.30000000000000004: the approval shows, and
    // its hash covers, the quantity the broker adapter sends ("0.3").
    const odd = await propose(h, { ...buy100, quantity: 3 });
    expect(odd).toMatchObject({ status: "pending", order: { quantity: 0.3, notional: 30 } });
    if (odd.status !== "pending") return;
    expect((await h.store.requestIntent(odd.order.intentId))?.quantity).toBe(0.3);

    // A tenth of 7.891414141 shares is 0.7891414141: ten decimals, floored to the broker's nine.
    const fine = await propose(h, { ...buy100, quantity: 7.891414141 });
    expect(fine).toMatchObject({ status: "pending", order: { quantity: 0.789141414 } });

    // A tenth of one contract is no contract: refused, saying why, with nothing proposed.
    await h.setPrice("MESH25", 6000);
    const intents = (await h.store.listIntents({ limit: 100 })).length;
    expect(await propose(h, { ...buy100, symbol: "MESH25", quantity: 1 })).toEqual({
      status: "denied",
      reason: {
        code: "STRATEGY_STAGE",
        message:
          "STRATEGY_STAGE: the strategy's stage trades 10% of each order, and 1 x 0.1 is less than one tradable unit of MESH25",
      },
      checks: [],
    });
    expect(await h.store.listIntents({ limit: 100 })).toHaveLength(intents);
  });

  it("trades a full_live strategy's live order at full size, and a manual live order as asked", async () => {
    const h = await setUp(asLive);
    await storedAt(h, "full_live");
    const full = await propose(h, buy100);
    expect(full).toMatchObject({ status: "pending", order: { quantity: 100, live: true } });
    expect(full).not.toHaveProperty("sizedForStage");
    expect(await propose(h, { symbol: "AAPL", side: "buy", quantity: 7 })).toMatchObject({
      status: "pending",
      order: { quantity: 7, strategyId: null },
    });
  });

  it("refuses paper orders for a stored strategy still at backtest, until it is promoted", async () => {
    const h = await setUp();
    await storedAt(h, "backtest");
    expect(await propose(h, buy100)).toEqual({
      status: "denied",
      reason: {
        code: "STRATEGY_STAGE",
        message: `STRATEGY_STAGE: strategy ${strategyId} is at backtest: promote it to paper (promote_strategy, after a validator pass) before it trades`,
      },
      checks: [],
    });
    expect(await h.store.listIntents({ limit: 10 })).toEqual([]);
    await h.store.setStage(strategyId, "paper", {}, "U1", h.now());
    expect(await propose(h, buy100)).toMatchObject({
      status: "pending",
      order: { quantity: 100, live: false },
    });
  });

  it("refuses an id no stored strategy has, and an id that is not a strategy id at all", async () => {
    const h = await setUp();
    const proposed = await propose(h, { ...buy100, strategyId: "ab".repeat(32) });
    expect(proposed).toMatchObject({
      status: "denied",
      reason: { code: "STRATEGY_STAGE", message: expect.stringMatching(/no stored strategy/) },
    });
    await expect(propose(h, { ...buy100, strategyId: "my-idea" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await h.store.listIntents({ limit: 5 })).toEqual([]);
  });

  it("trades a small_live strategy at full size on paper: the tenth is for real money only", async () => {
    const h = await setUp();
    await storedAt(h, "small_live");
    const proposed = await propose(h, buy100);
    expect(proposed).toMatchObject({ status: "pending", order: { quantity: 100 } });
    expect(proposed).not.toHaveProperty("sizedForStage");
  });

  it("closes a small_live strategy's whole live position on a TradingView exit alert, not a tenth of it", async () => {
    const h = await setUp(asLive);
    const spec = parseStrategySpec({
      name: "Hourly AAPL",
      universe: ["AAPL"],
      timeframe: "1h",
      entry: true,
      sizing: { fractionOfEquity: 0.5 },
    });
    const id = specStrategyId(spec);
    await h.store.saveStrategy({ id, name: spec.name, spec });
    await h.store.setStage(id, "small_live", { capital: 100_000 }, "U1", h.now());
    // 100 asked, a tenth bought: the strategy holds 10 live shares.
    await h.proposeApproved({ symbol: "AAPL", side: "buy", quantity: 100, strategyId: id });
    await h.executor.runOnce();
    await h.executor.settled();
    expect(await h.store.strategyFills(id, { live: true, sinceMs: 0 })).toMatchObject([
      { symbol: "AAPL", quantity: 10 },
    ]);
    const alert = {
      strategyId: id,
      symbol: "AAPL",
      side: "long" as const,
      price: 100,
      barTime: h.now(),
    };
    const alerts = new SqlWebhookAlertLog(h.client);
    const receipt = await receiveAlert({ ...alert, action: "exit" }, h.context, alerts);
    expect(receipt).toMatchObject({ kind: "settled", outcome: { status: "pending" } });
    if (receipt.kind !== "settled") return;
    expect(await h.store.requestIntent(receipt.outcome.intentId!)).toMatchObject({
      side: "sell",
      quantity: 10,
      live: true,
    });
  });
});
