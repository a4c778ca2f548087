import { describe, expect, it } from "vitest";
import { createTestClient } from "../../../test/support/pglite.ts";
import { AlphadeskError } from "../../errors.ts";
import type { BrokerOrderRequest, TradeUpdate } from "../../ports/broker.ts";
import type { SqlClient } from "../sql/client.ts";
import { brokerContract } from "./broker.contract.ts";
import { MemoryPaperPrices, PaperBroker, type PaperBrokerOptions } from "./paper-broker.ts";

const startMs = Date.UTC(2024, 5, 3, 14, 30);

/** A paper broker over `client`, with prices set by hand; each `setPrice` is a new bar, one minute on. */
function paper(
  client: SqlClient,
  options: Partial<PaperBrokerOptions> = {},
  prices = new MemoryPaperPrices(),
) {
  let bar = 0;
  let clockMs = startMs;
  const broker = new PaperBroker({ client, prices, now: () => (clockMs += 1), ...options });
  return {
    broker,
    prices,
    async setPrice(symbol: string, price: number, volume = 1e9) {
      bar += 1;
      prices.set(symbol, { price, atMs: startMs + bar * 60_000, volume });
      await broker.tick([symbol]);
    },
  };
}

brokerContract("paper-sim over PGlite", async () => {
  const client = await createTestClient();
  const { broker, setPrice } = paper(client, { feeBps: 10, slippageBps: 5 });
  return { broker, setPrice, close: () => client.close() };
});

const order = (
  fields: Partial<BrokerOrderRequest> & { clientOrderId: string },
): BrokerOrderRequest => ({
  symbol: "AAA",
  side: "buy",
  quantity: 10,
  type: "market",
  timeInForce: "day",
  ...fields,
});

describe("PaperBroker", () => {
  it("fills against us like the backtester: price x (1 + slippage) to buy, x (1 - slippage) to sell, fee = notional x feeBps", async () => {
    const client = await createTestClient();
    const { broker, setPrice } = paper(client, {
      feeBps: 10,
      slippageBps: 5,
      startingCash: 100_000,
    });
    await setPrice("AAA", 100);
    const buy = await broker.submit(order({ clientOrderId: "buy-1", quantity: 10 }));
    expect(buy.status).toBe("filled");
    // 100 x (1 + 5/10000) = 100.05; fee 10 x 100.05 x 10/10000 = 1.0005.
    expect(buy.averageFillPrice).toBeCloseTo(100.05, 10);
    const [buyFill] = await broker.fills(buy.brokerOrderId);
    expect(buyFill!.price).toBeCloseTo(100.05, 10);
    expect(buyFill!.fee).toBeCloseTo(1.0005, 10);
    // 100000 - 1000.5 - 1.0005
    expect((await broker.account()).cash).toBeCloseTo(98_998.4995, 8);

    await setPrice("AAA", 110);
    const sell = await broker.submit(order({ clientOrderId: "sell-1", side: "sell", quantity: 4 }));
    // 110 x (1 - 5/10000) = 109.945; fee 4 x 109.945 x 0.001 = 0.43978.
    expect(sell.averageFillPrice).toBeCloseTo(109.945, 10);
    const account = await broker.account();
    expect(account.cash).toBeCloseTo(98_998.4995 + 439.78 - 0.43978, 8);
    const [position] = await broker.positions();
    expect(position).toEqual({
      symbol: "AAA",
      quantity: 6,
      averageEntryPrice: 100.05,
      marketValue: 660,
    });
    expect(account.equity).toBeCloseTo(account.cash + 660, 8);
    await client.close();
  });

  it("fills an order larger than its share of a bar's volume in parts, on later bars, in event order", async () => {
    const client = await createTestClient();
    const { broker, setPrice } = paper(client, { maxVolumeShare: 0.1 });
    const updates: TradeUpdate[] = [];
    await broker.tradeUpdates(
      (update) => updates.push(update),
      () => {},
    );
    await setPrice("AAA", 50, 300); // 10% of 300: 30 units per bar
    const big = await broker.submit(order({ clientOrderId: "big", quantity: 70 }));
    expect(big).toMatchObject({ status: "partially_filled", filledQuantity: 30 });

    // The same bar's volume is spent: a second order and a second tick get nothing from it.
    const small = await broker.submit(order({ clientOrderId: "small", quantity: 5 }));
    expect(small).toMatchObject({ status: "accepted", filledQuantity: 0 });
    await broker.tick();
    expect((await broker.orderByClientId("big"))?.filledQuantity).toBe(30);

    await setPrice("AAA", 50, 300); // next bar: 30 more to "big" (older first), none left for "small"
    expect((await broker.orderByClientId("big"))?.filledQuantity).toBe(60);
    expect((await broker.orderByClientId("small"))?.filledQuantity).toBe(0);
    await setPrice("AAA", 50, 300); // 10 to finish "big", 5 to "small"
    expect(await broker.orderByClientId("big")).toMatchObject({
      status: "filled",
      filledQuantity: 70,
    });
    expect(await broker.orderByClientId("small")).toMatchObject({
      status: "filled",
      filledQuantity: 5,
    });
    expect((await broker.fills(big.brokerOrderId)).map((fill) => fill.quantity)).toEqual([
      30, 30, 10,
    ]);

    const bigEvents = updates.filter((u) => u.order.clientOrderId === "big");
    expect(bigEvents.map((u) => [u.order.status, u.fill?.quantity])).toEqual([
      ["accepted", undefined],
      ["partially_filled", 30],
      ["partially_filled", 30],
      ["filled", 10],
    ]);
    expect((await broker.positions())[0]?.quantity).toBe(75);
    await client.close();
  });

  it("fills a limit order only when the price crosses it, never worse than the limit", async () => {
    const client = await createTestClient();
    const { broker, setPrice } = paper(client, { slippageBps: 5 });
    await setPrice("AAA", 100);
    const placed = await broker.submit(
      order({ clientOrderId: "dip", type: "limit", limitPrice: 95, timeInForce: "gtc" }),
    );
    expect(placed.status).toBe("accepted");
    await setPrice("AAA", 96);
    expect((await broker.orderByClientId("dip"))?.status).toBe("accepted");
    await setPrice("AAA", 94.99);
    // 94.99 x 1.0005 = 95.037... is above the limit: the fill is capped at 95.
    expect(await broker.orderByClientId("dip")).toMatchObject({
      status: "filled",
      averageFillPrice: 95,
    });
    await setPrice("AAA", 90);
    const sell = await broker.submit(
      order({ clientOrderId: "sell-limit", side: "sell", type: "limit", limitPrice: 89 }),
    );
    // 90 x 0.9995 = 89.955, above the limit: a marketable limit fills at once.
    expect(sell.averageFillPrice).toBeCloseTo(89.955, 10);
    await client.close();
  });

  it("rejects with a coded reason: no price, no buying power, no position; shorting when enabled", async () => {
    const client = await createTestClient();
    const { broker, setPrice } = paper(client, { startingCash: 1_000 });
    const noPrice = await broker.submit(order({ clientOrderId: "no-price" }));
    expect(noPrice).toMatchObject({
      status: "rejected",
      rejectReason: expect.stringMatching(/^NO_PRICE symbol=AAA/),
    });
    await setPrice("AAA", 100);
    const tooBig = await broker.submit(order({ clientOrderId: "too-big", quantity: 11 }));
    expect(tooBig.rejectReason).toBe("INSUFFICIENT_BUYING_POWER required=1100 buying_power=1000");
    // An open limit buy holds its cash back from the next order.
    await broker.submit(
      order({ clientOrderId: "resting", type: "limit", limitPrice: 60, quantity: 10 }),
    );
    expect((await broker.account()).buyingPower).toBe(400);
    expect(
      (await broker.submit(order({ clientOrderId: "five", quantity: 5 }))).rejectReason,
    ).toMatch(/^INSUFFICIENT_BUYING_POWER required=500 buying_power=400/);
    expect(
      (await broker.submit(order({ clientOrderId: "naked", side: "sell", quantity: 1 })))
        .rejectReason,
    ).toMatch(/^INSUFFICIENT_POSITION symbol=AAA held=0/);
    expect(await broker.orderByClientId("naked")).toMatchObject({ status: "rejected" });

    const shortingClient = await createTestClient();
    const shorting = paper(shortingClient, { allowShort: true });
    await shorting.setPrice("AAA", 100);
    const short = await shorting.broker.submit(
      order({ clientOrderId: "short", side: "sell", quantity: 5 }),
    );
    expect(short.status).toBe("filled");
    expect(await shorting.broker.positions()).toEqual([
      { symbol: "AAA", quantity: -5, averageEntryPrice: 100, marketValue: -500 },
    ]);
    expect(await shorting.broker.account()).toMatchObject({ cash: 100_500, shortingEnabled: true });
    expect(await shorting.broker.shortable("AAA")).toBe(true);
    expect(await broker.shortable("AAA")).toBe(false);
    await shortingClient.close();
    await client.close();
  });

  it("keeps orders, fills, positions and cash across a restart over the same database", async () => {
    const client = await createTestClient();
    const prices = new MemoryPaperPrices();
    const first = paper(client, { feeBps: 10, startingCash: 50_000 }, prices);
    await first.setPrice("AAA", 100);
    const bought = await first.broker.submit(order({ clientOrderId: "bought", quantity: 20 }));
    await first.broker.submit(
      order({ clientOrderId: "resting", type: "limit", limitPrice: 90, quantity: 10 }),
    );
    const before = {
      account: await first.broker.account(),
      positions: await first.broker.positions(),
      open: await first.broker.openOrders(),
      fills: await first.broker.fills(bought.brokerOrderId),
    };
    expect(before.account.cash).toBeCloseTo(50_000 - 2_000 - 2, 8);

    // A new process: another broker object, and a different starting cash that must not apply.
    const second = paper(client, { feeBps: 10, startingCash: 1 }, prices);
    expect(await second.broker.account()).toEqual(before.account);
    expect(await second.broker.positions()).toEqual(before.positions);
    expect(await second.broker.openOrders()).toEqual(before.open);
    expect(await second.broker.fills(bought.brokerOrderId)).toEqual(before.fills);
    expect(await second.broker.orderByClientId("bought")).toEqual(
      await first.broker.orderByClientId("bought"),
    );
    await expect(second.broker.submit(order({ clientOrderId: "bought" }))).rejects.toMatchObject({
      code: "duplicate_client_order_id",
    });

    await second.setPrice("AAA", 89);
    expect(await second.broker.orderByClientId("resting")).toMatchObject({
      status: "filled",
      averageFillPrice: 89,
    });
    expect((await second.broker.positions())[0]?.quantity).toBe(30);
    await client.close();
  });

  it("refuses malformed requests with errors that name the field, storing nothing", async () => {
    const client = await createTestClient();
    const { broker, setPrice } = paper(client);
    await setPrice("AAA", 100);
    const cases: [Record<string, unknown>, string][] = [
      [{ quantity: Number.NaN }, "quantity"],
      [{ quantity: -5 }, "quantity"],
      [{ quantity: 0 }, "quantity"],
      [{ quantity: "10" }, "quantity"],
      [{ quantity: Number.POSITIVE_INFINITY }, "quantity"],
      [{ side: "hold" }, "side"],
      [{ symbol: "" }, "symbol"],
      [{ type: "stop" }, "type"],
      [{ type: "limit" }, "limitPrice"],
      [{ type: "limit", limitPrice: "95" }, "limitPrice"],
      [{ limitPrice: 95 }, "limitPrice"],
      [{ timeInForce: "ioc" }, "timeInForce"],
      [{ clientOrderId: "" }, "clientOrderId"],
    ];
    for (const [fields, field] of cases) {
      const request = {
        ...order({ clientOrderId: `bad-${field}` }),
        ...fields,
      } as unknown as BrokerOrderRequest;
      const error = await broker.submit(request).catch((e: unknown) => e);
      expect(error, JSON.stringify(fields)).toBeInstanceOf(AlphadeskError);
      expect(error).toMatchObject({ code: "invalid_input", nextStep: "user" });
      expect((error as AlphadeskError).message).toContain(`\`${field}\``);
      expect((error as AlphadeskError).issues?.map((issue) => issue.path)).toEqual([[field]]);
    }
    expect(await broker.orderByClientId("bad-quantity")).toBeUndefined();
    expect(await broker.positions()).toEqual([]);
    expect(
      () => new PaperBroker({ client, prices: new MemoryPaperPrices(), feeBps: Number.NaN }),
    ).toThrow(/`feeBps`/);
    expect(
      () => new PaperBroker({ client, prices: new MemoryPaperPrices(), maxVolumeShare: 0 }),
    ).toThrow(/`maxVolumeShare`/);
    await client.close();
  });

  it("cancels nothing twice: cancelling a filled order is refused, an unknown one is not found", async () => {
    const client = await createTestClient();
    const { broker, setPrice } = paper(client);
    await setPrice("AAA", 100);
    const filled = await broker.submit(order({ clientOrderId: "done", quantity: 1 }));
    await expect(broker.cancel(filled.brokerOrderId)).rejects.toMatchObject({
      code: "order_not_open",
    });
    await expect(broker.cancel("no-such-order")).rejects.toMatchObject({ code: "not_found" });
    await client.close();
  });
});
