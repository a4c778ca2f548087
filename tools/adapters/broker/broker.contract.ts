import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlphadeskError } from "../../errors.ts";
import type { Broker, BrokerOrder, BrokerOrderRequest, TradeUpdate } from "../../ports/broker.ts";

export interface BrokerUnderTest {
  broker: Broker;
  /** Makes `price` (and `volume`, default plenty) the latest bar of `symbol`, and lets the broker see it. */
  setPrice(symbol: string, price: number, volume?: number): Promise<void> | void;
  close(): Promise<void>;
}

/** Waits until `probe` returns something truthy (the Alpaca adapter learns of fills asynchronously). */
async function eventually<T>(
  probe: () => Promise<T> | T,
  what: string,
  timeoutMs = 5_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const newId = () => `contract-${randomUUID()}`;

const market = (symbol: string, side: "buy" | "sell", quantity: number): BrokerOrderRequest => ({
  clientOrderId: newId(),
  symbol,
  side,
  quantity,
  type: "market",
  timeInForce: "day",
});

const limit = (
  symbol: string,
  side: "buy" | "sell",
  quantity: number,
  limitPrice: number,
): BrokerOrderRequest => ({
  clientOrderId: newId(),
  symbol,
  side,
  quantity,
  type: "limit",
  limitPrice,
  timeInForce: "gtc",
});

/**
 * A refusal comes in one of two shapes, both allowed by the port: an order stored as `rejected`
 * with its reason (the paper broker), or a non-retryable AlphadeskError (a broker that answers
 * 403/422 and stores nothing). Either way nothing is left open.
 */
async function expectRefused(
  broker: Broker,
  request: BrokerOrderRequest,
  reason: RegExp,
): Promise<void> {
  let order: BrokerOrder | undefined;
  try {
    order = await broker.submit(request);
  } catch (error) {
    expect(error).toBeInstanceOf(AlphadeskError);
    expect((error as AlphadeskError).nextStep).not.toBe("retryable");
    expect((error as AlphadeskError).message).toMatch(reason);
  }
  if (order) {
    expect(order.status).toBe("rejected");
    expect(order.rejectReason ?? "").toMatch(reason);
    expect(order.filledQuantity).toBe(0);
  }
  const stored = await broker.orderByClientId(request.clientOrderId);
  if (stored) expect(stored.status).toBe("rejected");
  expect((await broker.openOrders()).map((o) => o.clientOrderId)).not.toContain(
    request.clientOrderId,
  );
}

/**
 * The one suite every Broker adapter passes. `open` returns a broker over a fresh, empty account
 * with enough cash to buy a few hundred units at 100, no shorting, and a price source the test
 * moves with `setPrice`.
 */
export function brokerContract(name: string, open: () => Promise<BrokerUnderTest>): void {
  describe(`Broker contract: ${name}`, () => {
    let subject: BrokerUnderTest;
    let broker: Broker;
    let updates: TradeUpdate[];
    let states: string[];
    let subscription: { close(): Promise<void> };

    beforeEach(async () => {
      subject = await open();
      broker = subject.broker;
      updates = [];
      states = [];
      subscription = await broker.tradeUpdates(
        (update) => updates.push(update),
        (state) => states.push(state),
      );
      await eventually(() => states.includes("up"), "the trade-update stream to come up");
    });

    afterEach(async () => {
      await subscription.close();
      await subject.close();
    });

    const updatesOf = (clientOrderId: string) =>
      updates.filter((u) => u.order.clientOrderId === clientOrderId);

    it("says what it is", () => {
      expect(typeof broker.name).toBe("string");
      expect(broker.name).not.toBe("");
      expect(typeof broker.live).toBe("boolean");
    });

    it("fills a market buy: accepted, then filled; the position and cash move by quantity x price plus fees", async () => {
      await subject.setPrice("AAA", 100);
      const before = await broker.account();
      const request = market("AAA", "buy", 10);
      const placed = await broker.submit(request);
      expect(placed.clientOrderId).toBe(request.clientOrderId);
      expect(placed.symbol).toBe("AAA");
      expect(placed.quantity).toBe(10);

      const filled = await eventually(async () => {
        const order = await broker.orderByClientId(request.clientOrderId);
        return order?.status === "filled" ? order : undefined;
      }, "the market buy to fill");
      expect(filled.brokerOrderId).toBe(placed.brokerOrderId);
      expect(filled.filledQuantity).toBe(10);

      const events = await eventually(() => {
        const mine = updatesOf(request.clientOrderId);
        return mine.some((u) => u.order.status === "filled") ? mine : undefined;
      }, "a filled trade update");
      const firstFill = events.findIndex((u) => u.fill !== undefined);
      const accepted = events.findIndex((u) => u.order.status === "accepted");
      expect(accepted).toBeGreaterThanOrEqual(0);
      expect(accepted).toBeLessThan(firstFill);

      const fills = [
        ...new Map(events.flatMap((u) => (u.fill ? [[u.fill.fillId, u.fill]] : []))).values(),
      ];
      expect(fills.reduce((sum, fill) => sum + fill.quantity, 0)).toBeCloseTo(10, 9);
      const cost = fills.reduce((sum, fill) => sum + fill.quantity * fill.price + fill.fee, 0);
      const vwap = fills.reduce((sum, fill) => sum + fill.quantity * fill.price, 0) / 10;
      expect(filled.averageFillPrice).toBeCloseTo(vwap, 6);
      for (const fill of fills) {
        expect(fill.brokerOrderId).toBe(placed.brokerOrderId);
        expect(fill.side).toBe("buy");
        expect(fill.fee).toBeGreaterThanOrEqual(0);
      }

      const position = (await broker.positions()).find((p) => p.symbol === "AAA");
      expect(position?.quantity).toBeCloseTo(10, 9);
      expect(position?.averageEntryPrice).toBeCloseTo(vwap, 6);
      const after = await broker.account();
      expect(after.cash).toBeCloseTo(before.cash - cost, 6);
      expect(after.equity).toBeCloseTo(after.cash + position!.marketValue, 6);
    });

    it("keeps a limit order that cannot fill open until it is cancelled", async () => {
      await subject.setPrice("AAA", 100);
      const request = limit("AAA", "buy", 5, 50);
      const placed = await broker.submit(request);
      expect(placed.status).toBe("accepted");
      expect(placed.limitPrice).toBe(50);
      await subject.setPrice("AAA", 99);
      const open = await broker.openOrders();
      expect(open.map((o) => o.clientOrderId)).toContain(request.clientOrderId);

      await broker.cancel(placed.brokerOrderId);
      const cancelled = await eventually(async () => {
        const order = await broker.orderByClientId(request.clientOrderId);
        return order?.status === "cancelled" ? order : undefined;
      }, "the cancel");
      expect(cancelled.filledQuantity).toBe(0);
      expect((await broker.openOrders()).map((o) => o.clientOrderId)).not.toContain(
        request.clientOrderId,
      );
      await eventually(
        () => updatesOf(request.clientOrderId).some((u) => u.order.status === "cancelled"),
        "a cancelled trade update",
      );
      expect((await broker.positions()).find((p) => p.symbol === "AAA")).toBeUndefined();
    });

    it("refuses a second order with the same clientOrderId instead of placing it twice", async () => {
      await subject.setPrice("AAA", 100);
      const request = limit("AAA", "buy", 1, 50);
      const first = await broker.submit(request);
      await expect(broker.submit({ ...request, quantity: 2 })).rejects.toBeInstanceOf(
        AlphadeskError,
      );
      await expect(broker.submit(market("AAA", "buy", 1))).resolves.toBeDefined();
      const same = (await broker.openOrders()).filter(
        (o) => o.clientOrderId === request.clientOrderId,
      );
      expect(same).toHaveLength(1);
      expect(same[0]!.brokerOrderId).toBe(first.brokerOrderId);
      expect(same[0]!.quantity).toBe(1);
    });

    it("answers undefined for a clientOrderId it never received", async () => {
      expect(await broker.orderByClientId(newId())).toBeUndefined();
    });

    it("cancels every open order at once", async () => {
      await subject.setPrice("AAA", 100);
      await subject.setPrice("BBB", 20);
      const a = limit("AAA", "buy", 1, 50);
      const b = limit("BBB", "buy", 2, 10);
      await broker.submit(a);
      await broker.submit(b);
      expect((await broker.openOrders()).length).toBeGreaterThanOrEqual(2);
      await broker.cancelAll();
      await eventually(async () => (await broker.openOrders()).length === 0, "no open orders");
      for (const request of [a, b]) {
        expect((await broker.orderByClientId(request.clientOrderId))?.status).toBe("cancelled");
      }
    });

    it("says it may not sell short, and rejects, with a reason, a sell of more than is held", async () => {
      expect((await broker.account()).shortingEnabled).toBe(false);
      await subject.setPrice("AAA", 100);
      await expectRefused(broker, market("AAA", "sell", 1), /position|held|insufficient|short/i);
      const bought = market("AAA", "buy", 3);
      await broker.submit(bought);
      await eventually(
        async () => (await broker.orderByClientId(bought.clientOrderId))?.status === "filled",
        "the buy",
      );
      await expectRefused(broker, market("AAA", "sell", 4), /position|held|insufficient|short/i);
      expect((await broker.positions()).find((p) => p.symbol === "AAA")?.quantity).toBeCloseTo(
        3,
        9,
      );
    });

    it("rejects, with a reason, an order beyond buying power", async () => {
      await subject.setPrice("AAA", 100);
      const { buyingPower, cash } = await broker.account();
      const quantity = Math.ceil((buyingPower * 2) / 100) + 1;
      await expectRefused(
        broker,
        market("AAA", "buy", quantity),
        /buying.?power|insufficient|funds/i,
      );
      await expectRefused(
        broker,
        limit("AAA", "buy", quantity, 100),
        /buying.?power|insufficient|funds/i,
      );
      expect((await broker.positions()).find((p) => p.symbol === "AAA")).toBeUndefined();
      expect((await broker.account()).cash).toBeCloseTo(cash, 6);
    });

    it("gives every fill its own fillId", async () => {
      await subject.setPrice("AAA", 100);
      const requests = [market("AAA", "buy", 2), market("AAA", "buy", 3), market("AAA", "buy", 1)];
      for (const request of requests) await broker.submit(request);
      for (const request of requests) {
        await eventually(
          async () => (await broker.orderByClientId(request.clientOrderId))?.status === "filled",
          "every buy to fill",
        );
      }
      await eventually(
        () =>
          requests.every((r) =>
            updatesOf(r.clientOrderId).some((u) => u.order.status === "filled"),
          ),
        "every fill event",
      );
      const byId = new Map<string, number>();
      for (const update of updates) {
        if (update.fill) byId.set(update.fill.fillId, update.fill.quantity);
      }
      // Events may repeat; distinct fills never share an id, so the distinct ids add up.
      const total = [...byId.values()].reduce((sum, q) => sum + q, 0);
      expect(total).toBeCloseTo(6, 9);
      expect(byId.size).toBeGreaterThanOrEqual(3);
    });

    it("lists an order's fills under the ids its trade updates carried, and only its own", async () => {
      await subject.setPrice("AAA", 100);
      const mine = market("AAA", "buy", 4);
      const other = market("AAA", "buy", 3);
      await broker.submit(mine);
      await broker.submit(other);
      const orders: BrokerOrder[] = [];
      for (const request of [mine, other]) {
        orders.push(
          await eventually(async () => {
            const order = await broker.orderByClientId(request.clientOrderId);
            return order?.status === "filled" ? order : undefined;
          }, "the buy to fill"),
        );
        await eventually(
          () => updatesOf(request.clientOrderId).some((u) => u.fill && u.order.status === "filled"),
          "its fill events",
        );
      }
      for (const [k, order] of orders.entries()) {
        const streamed = new Map(
          updatesOf(order.clientOrderId).flatMap((u) => (u.fill ? [[u.fill.fillId, u.fill]] : [])),
        );
        const listed = await eventually(async () => {
          const fills = await broker.fillsOf(order);
          const quantity = fills.reduce((sum, fill) => sum + fill.quantity, 0);
          return Math.abs(quantity - order.filledQuantity) < 1e-9 ? fills : undefined;
        }, "the order's fills to be listed");
        // The same fills under the same ids: one recorded from either path is stored once.
        expect(listed.map((fill) => fill.fillId).sort()).toEqual([...streamed.keys()].sort());
        expect(new Set(listed.map((fill) => fill.fillId)).size).toBe(listed.length);
        for (const fill of listed) {
          const heard = streamed.get(fill.fillId)!;
          expect(fill).toMatchObject({
            brokerOrderId: order.brokerOrderId,
            clientOrderId: order.clientOrderId,
            symbol: "AAA",
            side: "buy",
            quantity: heard.quantity,
            price: heard.price,
            fee: heard.fee,
          });
        }
        const vwap =
          listed.reduce((sum, fill) => sum + fill.quantity * fill.price, 0) / order.filledQuantity;
        expect(order.averageFillPrice).toBeCloseTo(vwap, 6);
        expect(listed.map((fill) => fill.atMs)).toEqual(
          [...listed.map((fill) => fill.atMs)].sort((a, b) => a - b),
        );
        expect(order.filledQuantity).toBeCloseTo(k === 0 ? 4 : 3, 9);
      }
    });

    it("lists no fills for an order that has none", async () => {
      await subject.setPrice("AAA", 100);
      const placed = await broker.submit(limit("AAA", "buy", 2, 50));
      expect(await broker.fillsOf(placed)).toEqual([]);
      await broker.cancel(placed.brokerOrderId);
      const cancelled = await eventually(async () => {
        const order = await broker.orderByClientId(placed.clientOrderId);
        return order?.status === "cancelled" ? order : undefined;
      }, "the cancel");
      expect(await broker.fillsOf(cancelled)).toEqual([]);
    });

    it("stops delivering trade updates once the subscription is closed", async () => {
      await subject.setPrice("AAA", 100);
      const late: TradeUpdate[] = [];
      const second = await broker.tradeUpdates(
        (update) => late.push(update),
        () => {},
      );
      await second.close();
      const request = market("AAA", "buy", 1);
      await broker.submit(request);
      await eventually(
        () => updatesOf(request.clientOrderId).some((u) => u.order.status === "filled"),
        "the fill",
      );
      expect(late).toHaveLength(0);
    });
  });
}
