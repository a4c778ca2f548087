import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeAlpaca } from "../../../test/fakes/alpaca-server.ts";
import { FakeAlpacaStream, type StreamBar } from "../../../test/fakes/alpaca-stream-server.ts";
import {
  openMarketMs,
  orderHarness,
  type OrderHarness,
} from "../../../test/support/order-harness.ts";
import { createTestClient } from "../../../test/support/pglite.ts";
import { proposeOrder } from "../../orders/propose-order.ts";
import type { BrokerOrderRequest } from "../../ports/broker.ts";
import type { LiveBar, LiveBarFeed } from "../../ports/live-bars.ts";
import { parseToolInput } from "../../run-tool.ts";
import { AlpacaLiveBars } from "../alpaca/live-bars.ts";
import { AlpacaMarketData } from "../alpaca/market-data.ts";
import { PaperBroker } from "../broker/paper-broker.ts";
import type { SqlClient } from "../sql/client.ts";
import { LiveBarPrices } from "./live-bar-prices.ts";

/** Tuesday 2024-06-04 09:59 New York, a minute before the order harness's clock. */
const minuteMs = openMarketMs - 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const bar = (atMs: number, close: number, volume: number): StreamBar => ({
  t: iso(atMs),
  o: close,
  h: close,
  l: close,
  c: close,
  v: volume,
});

let stream: FakeAlpacaStream;
let rest: FakeAlpaca;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  stream = await new FakeAlpacaStream().start();
  rest = await new FakeAlpaca().start();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await stream.stop();
  await rest.stop();
});

const until = async (condition: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 500 && !(await condition()); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await condition()).toBe(true);
};

function livePrices(feed: LiveBarFeed = alpacaFeed()) {
  const prices = new LiveBarPrices({
    feed,
    seed: new AlpacaMarketData({
      keyId: "test-key",
      secret: "test-secret",
      baseUrl: rest.url,
      maxRetries: 0,
    }),
    name: "test live bars",
    retryMs: 20,
  });
  cleanups.push(() => prices.close());
  return prices;
}

const alpacaFeed = () =>
  new AlpacaLiveBars({
    keyId: "test-key",
    secret: "test-secret",
    streamUrl: stream.url,
    initialReconnectMs: 20,
  });

/** The paper broker on live bars over a fresh PGlite, each bar passed to its `onPrice`. */
async function paperOnLiveBars(client?: SqlClient) {
  const database = client ?? (await createTestClient());
  if (!client) cleanups.push(() => database.close());
  const prices = livePrices();
  const broker = new PaperBroker({ client: database, prices, now: () => openMarketMs });
  prices.onBar((symbol) => broker.onPrice(symbol));
  return { prices, broker };
}

const order = (fields: Partial<BrokerOrderRequest> & { clientOrderId: string }) =>
  ({
    symbol: "SPY",
    side: "buy",
    quantity: 10,
    type: "market",
    timeInForce: "day",
    ...fields,
  }) as BrokerOrderRequest;

describe("LiveBarPrices: the paper broker on live bars (fake Alpaca stream and market data)", () => {
  it("fills a market order at the seeded last trade, with the trade's own time", async () => {
    rest.trades.set("SPY", { t: iso(minuteMs + 30_000), p: 530.25, s: 500 });
    const { prices, broker } = await paperOnLiveBars();
    const placed = await broker.submit(order({ clientOrderId: "m-1", quantity: 10 }));
    expect(placed).toMatchObject({
      status: "filled",
      filledQuantity: 10,
      averageFillPrice: 530.25,
    });
    expect(await prices.lastTrade("SPY")).toEqual({ price: 530.25, atMs: minuteMs + 30_000 });
    // Asked once: the seed serves until the first bar.
    expect(rest.requests.filter((url) => url.pathname === "/v2/stocks/trades/latest")).toHaveLength(
      1,
    );
    await stream.waitForSubscription("SPY");
  });

  it("fills a resting limit order when a later bar crosses it, at the bar's price and time", async () => {
    rest.trades.set("SPY", { t: iso(minuteMs), p: 530, s: 500 });
    const { prices, broker } = await paperOnLiveBars();
    const resting = await broker.submit(
      order({ clientOrderId: "l-1", type: "limit", limitPrice: 528, quantity: 5 }),
    );
    expect(resting.status).toBe("accepted");
    await stream.waitForSubscription("SPY");
    stream.pushBar("SPY", bar(minuteMs + 60_000, 529, 10_000));
    await until(async () => (await prices.lastTrade("SPY"))?.price === 529);
    expect((await broker.orderByClientId("l-1"))?.status).toBe("accepted");
    stream.pushBar("SPY", bar(minuteMs + 120_000, 527.5, 10_000));
    await until(async () => (await broker.orderByClientId("l-1"))?.status === "filled");
    const [fill] = await broker.fills(resting.brokerOrderId);
    expect(fill).toMatchObject({ quantity: 5, price: 527.5 });
    expect(await prices.lastTrade("SPY")).toEqual({ price: 527.5, atMs: minuteMs + 120_000 });
  });

  it("fills a large order in parts, each bar giving at most 10% of its volume", async () => {
    // The seed's volume is the last trade's size: 10% of 100 shares fills 10 at once.
    rest.trades.set("SPY", { t: iso(minuteMs), p: 530, s: 100 });
    const { broker } = await paperOnLiveBars();
    const placed = await broker.submit(order({ clientOrderId: "big-1", quantity: 150 }));
    expect(placed).toMatchObject({ status: "partially_filled", filledQuantity: 10 });
    await stream.waitForSubscription("SPY");
    stream.pushBar("SPY", bar(minuteMs + 60_000, 531, 1_000));
    await until(async () => (await broker.orderByClientId("big-1"))?.filledQuantity === 110);
    stream.pushBar("SPY", bar(minuteMs + 120_000, 532, 5_000));
    await until(async () => (await broker.orderByClientId("big-1"))?.status === "filled");
    const fills = await broker.fills(placed.brokerOrderId);
    expect(fills.map((fill) => [fill.quantity, fill.price])).toEqual([
      [10, 530],
      [100, 531],
      [40, 532],
    ]);
  });

  it("adds symbols to one subscription: one stock connection however many symbols", async () => {
    for (const symbol of ["SPY", "QQQ", "AAPL"])
      rest.trades.set(symbol, { t: iso(minuteMs), p: 100, s: 100 });
    const prices = livePrices();
    await Promise.all([prices.latest("SPY"), prices.lastTrade("QQQ")]);
    await prices.latest("AAPL");
    await prices.latest("SPY");
    for (const symbol of ["SPY", "QQQ", "AAPL"]) await stream.waitForSubscription(symbol);
    expect([...stream.clients].map((client) => client.path)).toEqual(["/v2/iex"]);
    const subscribes = stream.actions.filter((action) => action.action === "subscribe");
    expect(subscribes.flatMap((action) => action.bars).sort()).toEqual(["AAPL", "QQQ", "SPY"]);
  });

  it("reports the real bar and trade times, so the risk gate refuses a stale feed (propose_order)", async () => {
    const h: OrderHarness = await orderHarness();
    cleanups.push(() => h.close());
    const { prices, broker } = await paperOnLiveBars(h.client);
    const context = {
      ...h.context,
      execution: { ...h.execution, broker, prices },
    };
    const propose = (input: Record<string, unknown>) =>
      proposeOrder.run(parseToolInput(proposeOrder, input) as never, context);

    // The last trade is ten minutes old at the harness's clock: the feed has gone quiet.
    rest.trades.set("SPY", { t: iso(openMarketMs - 600_000), p: 530, s: 100 });
    expect(await propose({ symbol: "SPY", side: "buy", quantity: 1 })).toMatchObject({
      status: "denied",
      reason: { code: "STALE_PRICE", actual: 600_000 },
    });

    // A bar arrives: its own time (a minute ago) reaches the gate, and the order passes.
    await stream.waitForSubscription("SPY");
    stream.pushBar("SPY", bar(minuteMs, 531, 10_000));
    await until(async () => (await prices.lastTrade("SPY"))?.price === 531);
    const proposed = await propose({ symbol: "SPY", side: "buy", quantity: 1 });
    expect(proposed).toMatchObject({
      status: "pending",
      order: { referencePrice: 531, priceSource: "test live bars" },
    });
  });

  it("ignores bars older than the latest and bars it cannot trade at", async () => {
    rest.trades.set("SPY", { t: iso(minuteMs), p: 530, s: 100 });
    const prices = livePrices();
    const seen: string[] = [];
    prices.onBar((symbol) => void seen.push(symbol));
    await prices.latest("SPY");
    await stream.waitForSubscription("SPY");
    stream.pushBar("SPY", bar(minuteMs + 120_000, 532, 1_000));
    await until(() => seen.length === 1);
    stream.pushBar("SPY", bar(minuteMs + 60_000, 531, 1_000));
    stream.pushBar("SPY", { ...bar(minuteMs + 180_000, 0, 1_000), c: -1 });
    stream.pushBar("SPY", bar(minuteMs + 240_000, 533, 1_000));
    await until(() => seen.length === 2);
    expect(await prices.latest("SPY")).toEqual({
      price: 533,
      atMs: minuteMs + 240_000,
      volume: 1_000,
    });
  });

  it("prices nothing it cannot stream, without asking the feed", async () => {
    const prices = livePrices();
    expect(await prices.latest("EUR/USD")).toBeUndefined();
    expect(await prices.lastTrade("EUR/USD")).toBeUndefined();
    expect(stream.actions).toEqual([]);
  });

  it("tries a refused subscription again, and seeds meanwhile", async () => {
    rest.trades.set("SPY", { t: iso(minuteMs), p: 530, s: 100 });
    let attempts = 0;
    const real = alpacaFeed();
    const flaky: LiveBarFeed = {
      subscribe(symbols, onBar, onState) {
        attempts += 1;
        if (attempts === 1) return Promise.reject(new Error("connection refused"));
        return real.subscribe(symbols, onBar, onState);
      },
    };
    const prices = livePrices(flaky);
    expect(await prices.lastTrade("SPY")).toEqual({ price: 530, atMs: minuteMs });
    await stream.waitForSubscription("SPY");
    expect(attempts).toBe(2);
  });

  it("ends its subscriptions on close, and passes on no bar after", async () => {
    for (const symbol of ["SPY", "BTC/USD"])
      rest.trades.set(symbol, { t: iso(minuteMs), p: 100, s: 100 });
    const prices = livePrices();
    const seen: LiveBar["symbol"][] = [];
    prices.onBar((symbol) => void seen.push(symbol));
    await prices.latest("SPY");
    await prices.latest("BTC/USD");
    await stream.waitForSubscription("SPY");
    await stream.waitForSubscription("BTC/USD");
    expect(stream.clients.size).toBe(2);
    await prices.close();
    await until(() => stream.clients.size === 0);
    stream.pushBar("SPY", bar(minuteMs + 60_000, 101, 1_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]);
    // Known prices stay readable (and age); nothing subscribes again.
    expect(await prices.lastTrade("SPY")).toEqual({ price: 100, atMs: minuteMs });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.clients.size).toBe(0);
  });
});
