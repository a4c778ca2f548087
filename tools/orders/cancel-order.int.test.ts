import { afterEach, describe, expect, it } from "vitest";
import { FakeAlpacaTrading } from "../../test/fakes/alpaca-trading-server.ts";
import { eventually } from "../../test/support/eventually.ts";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { alpacaBrokerAt } from "../../test/support/fake-alpaca-broker.ts";
import type { ToolContext } from "../define-tool.ts";
import { AuditAction } from "../ports/audit.ts";
import { runTool } from "../run-tool.ts";
import { cancelOrder } from "./cancel-order.ts";

/**
 * cancel_order on the paper broker (PGlite) and on the fake of Alpaca's Trading API: one order
 * cancelled in each state it can be in, nothing else touched, the kill switch not needed.
 */

let harness: OrderHarness | undefined;
let fake: FakeAlpacaTrading | undefined;
afterEach(async () => {
  await harness?.close();
  await fake?.stop();
  harness = undefined;
  fake = undefined;
});

async function paperHarness() {
  harness = await orderHarness();
  await harness.setPrice("AAPL", 100);
  await harness.setPrice("MSFT", 200);
  return harness;
}

const cancel = (context: ToolContext, orderId: string) =>
  runTool(cancelOrder, { orderId }, context) as Promise<{
    outcome: string;
    order: { state: string; filledQuantity: number; clientOrderId: string };
    detail: string;
  }>;

describe("cancel_order on the paper broker", () => {
  it("rejects an order waiting for approval: its approver's decision, nothing sent", async () => {
    const h = await paperHarness();
    const { intent: order, approval } = await proposed(h);

    // By the start of its approval's id, as a person copies it from the card.
    const result = await cancel(h.context, approval.id.slice(0, 8));
    expect(result).toMatchObject({
      outcome: "declined",
      order: { state: "declined", clientOrderId: order.id },
    });
    expect(result.detail).toContain(approval.id);
    expect((await h.store.requestApproval(approval.id))?.state).toBe("rejected");
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 0 });
    expect(await h.broker.openOrders()).toEqual([]);
  });

  it("refuses someone who may not decide the approval, and leaves the order waiting", async () => {
    const h = await paperHarness();
    const { intent } = await proposed(h);
    await expect(cancel({ ...h.context, actor: "mcp" }, intent.id)).rejects.toMatchObject({
      code: "not_allowed",
      message: expect.stringContaining("only its approvers (U1) may reject"),
    });
    expect((await h.store.requestIntent(intent.id))?.state).toBe("proposed");
  });

  it("withdraws an approved order before it is sent: the executor never sends it", async () => {
    const h = await paperHarness();
    const waiting = await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 5 });
    const other = await h.approveOrder({ symbol: "MSFT", side: "buy", quantity: 1 });

    const result = await cancel(h.context, waiting.id);
    expect(result).toMatchObject({ outcome: "cancelled", order: { state: "cancelled" } });
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 1 });
    expect((await h.store.requestIntent(other.id))?.state).toBe("filled");
    expect((await h.broker.positions()).map((position) => position.symbol)).toEqual(["MSFT"]);
  });

  it("cancels a resting limit order at the broker; a later price through the limit fills nothing", async () => {
    const h = await paperHarness();
    const resting = await h.approveOrder({
      symbol: "AAPL",
      side: "buy",
      quantity: 5,
      limitPrice: 98,
    });
    await h.executor.runOnce();
    expect((await h.store.requestIntent(resting.id))?.state).toBe("submitted");

    // By its first 8 characters, as a person copies it from a list.
    const result = await cancel(h.context, resting.id.slice(0, 8).toUpperCase());
    expect(result).toMatchObject({ outcome: "cancelled", order: { state: "cancelled" } });
    await h.setPrice("AAPL", 97);
    expect(await h.broker.positions()).toEqual([]);
    expect((await h.store.requestIntent(resting.id))?.state).toBe("cancelled");
    const audit = await h.store.listAudit({ subject: resting.id, limit: 20 });
    expect(audit.map((entry) => entry.action)).toContain(AuditAction.orderCancelRequested);
    expect((await h.store.verifyAuditLog()).ok).toBe(true);
  });

  it("keeps what filled before the cancel: a partly filled order ends cancelled with its fills", async () => {
    const h = await paperHarness();
    // 10% of a 100-share bar may fill: 10 of the 25 asked.
    const partly = await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 25 });
    await h.setPrice("AAPL", 100, 100);
    await h.executor.runOnce();
    await eventually(
      async () => (await h.store.requestIntent(partly.id))?.state === "partially_filled",
    );

    const result = await cancel(h.context, partly.id);
    expect(result).toMatchObject({
      outcome: "cancelled",
      order: { state: "cancelled", filledQuantity: 10 },
    });
    expect(result.detail).toContain("10 of 25 filled");
    await h.advance(60_000);
    await h.setPrice("AAPL", 100, 1e9);
    expect(await h.broker.positions()).toMatchObject([{ symbol: "AAPL", quantity: 10 }]);
  });

  it("says a filled order has nothing left to cancel, and names bad and unknown ids", async () => {
    const h = await paperHarness();
    const filled = await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 2 });
    await h.executor.runOnce();
    await eventually(async () => (await h.store.requestIntent(filled.id))?.state === "filled");
    await expect(cancel(h.context, filled.id)).rejects.toMatchObject({
      code: "order_not_open",
      message: expect.stringContaining("is already filled (2 of 2 filled at 100)"),
    });
    await expect(cancel(h.context, "12345678-aaaa")).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("list_orders shows each order's id"),
    });
    await expect(cancel(h.context, "xyz")).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("orderId"),
    });
    await expect(runTool(cancelOrder, {}, h.context)).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("refuses an order that went to another broker than the one connected", async () => {
    const h = await paperHarness();
    const { intent: elsewhere } = await proposed(h, "alpaca-paper");
    await expect(cancel(h.context, elsewhere.id)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("went to alpaca-paper"),
    });
    expect((await h.store.requestIntent(elsewhere.id))?.state).toBe("proposed");
  });
});

describe("cancel_order at Alpaca (the fake Trading API)", () => {
  async function alpacaHarness() {
    const server = await new FakeAlpacaTrading().start();
    fake = server;
    const h = await orderHarness({ wrap: () => alpacaBrokerAt(server) });
    harness = h;
    await h.setPrice("AAPL", 100);
    await eventually(async () => (await h.executor.runOnce()).blocked === undefined);
    return { h, server };
  }

  it("cancels an order resting at Alpaca with DELETE /v2/orders/{id}", async () => {
    const { h, server } = await alpacaHarness();
    const resting = await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 1 });

    const result = await cancel(h.context, resting.id);
    expect(result).toMatchObject({ outcome: "cancelled", order: { state: "cancelled" } });
    expect(server.orders.map((order) => order.status)).toEqual(["canceled"]);
    expect(server.requests).toContain(`DELETE /v2/orders/${server.orders[0]!.id}`);
  });

  it("reports an order that filled before the cancel reached Alpaca as filled, not cancelled", async () => {
    const { h, server } = await alpacaHarness();
    const resting = await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    await h.executor.runOnce();
    // The fill's event is held back: the intent still reads submitted when the cancel is asked.
    server.holdEvents();
    server.fill(server.orders[0]!.id, 10, 101);

    const result = await cancel(h.context, resting.id);
    expect(result).toMatchObject({
      outcome: "filled_first",
      order: { state: "filled", filledQuantity: 10 },
    });
    expect(result.detail).toContain("It filled before the cancel took");
  });
});

/** An order waiting for approval by U1 (on `broker`, the harness's own by default). */
function proposed(h: OrderHarness, broker = h.broker.name) {
  return h.store.proposeIntent(
    {
      broker,
      symbol: "AAPL",
      side: "buy",
      quantity: 3,
      type: "market",
      limitPrice: null,
      strategyId: null,
      paramsHash: "a".repeat(64),
      risk: {},
      queuedUntilMs: null,
    },
    { approvers: ["U1"], expiresAtMs: h.now() + 60_000 },
    "test",
  );
}
