import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeAlpacaStream } from "../../../test/fakes/alpaca-stream-server.ts";
import type { LiveBar, LiveFeedState, LiveSubscription } from "../../ports/live-bars.ts";
import { AlpacaLiveBars } from "./live-bars.ts";

let fake: FakeAlpacaStream;
let subscription: LiveSubscription | undefined;
const feed = (secret = "test-secret") =>
  new AlpacaLiveBars({ keyId: "test-key", secret, streamUrl: fake.url, initialReconnectMs: 20 });

beforeEach(async () => {
  fake = await new FakeAlpacaStream().start();
});
afterEach(async () => {
  await subscription?.close();
  subscription = undefined;
  await fake.stop();
});

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
};

describe("AlpacaLiveBars against a local fake of Alpaca's market-data stream", () => {
  it("authenticates, subscribes stocks and crypto on their own streams and delivers bars", async () => {
    const bars: LiveBar[] = [];
    subscription = await feed().subscribe(["SPY", "BTC/USD"], (bar) => bars.push(bar));
    await fake.waitForSubscription("SPY");
    await fake.waitForSubscription("BTC/USD");
    expect(fake.actions).toEqual(
      expect.arrayContaining([
        { path: "/v2/iex", action: "auth" },
        { path: "/v2/iex", action: "subscribe", bars: ["SPY"] },
        { path: "/v1beta3/crypto/us", action: "subscribe", bars: ["BTC/USD"] },
      ]),
    );
    fake.pushBar("SPY", { t: "2025-03-03T14:31:00Z", o: 590, h: 591, l: 589.5, c: 590.5, v: 1200 });
    fake.pushBar("BTC/USD", {
      t: "2025-03-03T14:31:00Z",
      o: 9e4,
      h: 9.1e4,
      l: 8.9e4,
      c: 9.05e4,
      v: 2,
    });
    await until(() => bars.length === 2);
    expect(bars).toContainEqual({
      symbol: "SPY",
      timeMs: Date.parse("2025-03-03T14:31:00Z"),
      open: 590,
      high: 591,
      low: 589.5,
      close: 590.5,
      volume: 1200,
    });
  });

  it("adds symbols over the connections it holds, opening a crypto stream only when first asked", async () => {
    const bars: LiveBar[] = [];
    subscription = await feed().subscribe(["SPY"], (bar) => bars.push(bar));
    await fake.waitForSubscription("SPY");
    await subscription.add(["QQQ", "SPY"]);
    await fake.waitForSubscription("QQQ");
    expect([...fake.clients].map((client) => client.path)).toEqual(["/v2/iex"]);
    await subscription.add(["BTC/USD"]);
    await fake.waitForSubscription("BTC/USD");
    expect([...fake.clients].map((client) => client.path).sort()).toEqual([
      "/v1beta3/crypto/us",
      "/v2/iex",
    ]);
    expect(fake.actions.filter((action) => action.action === "subscribe")).toEqual([
      { path: "/v2/iex", action: "subscribe", bars: ["SPY"] },
      { path: "/v2/iex", action: "subscribe", bars: ["QQQ"] },
      { path: "/v1beta3/crypto/us", action: "subscribe", bars: ["BTC/USD"] },
    ]);
    fake.pushBar("QQQ", { t: "2025-03-03T14:31:00Z", o: 1, h: 1, l: 1, c: 1, v: 1 });
    await until(() => bars.length === 1);
    await expect(subscription.add(["EUR/USD"])).rejects.toThrow(/not EUR\/USD/);
    await subscription.close();
    await until(() => fake.clients.size === 0);
    await expect(subscription.add(["IWM"])).rejects.toThrow(/closed/);
    subscription = undefined;
  });

  it("reports the feed down when the connection drops and up once it has resubscribed", async () => {
    const states: LiveFeedState[] = [];
    const bars: LiveBar[] = [];
    subscription = await feed().subscribe(
      ["SPY"],
      (bar) => bars.push(bar),
      (s) => states.push(s),
    );
    await fake.waitForSubscription("SPY");
    fake.dropAll();
    await until(() => states.includes("down"));
    await until(() => states.lastIndexOf("up") > states.indexOf("down"));
    await fake.waitForSubscription("SPY");
    fake.pushBar("SPY", { t: "2025-03-03T14:32:00Z", o: 1, h: 1, l: 1, c: 1, v: 1 });
    await until(() => bars.length === 1);
  });

  it("rejects refused credentials, naming the variables", async () => {
    await expect(feed("wrong").subscribe(["SPY"], () => {})).rejects.toMatchObject({
      code: "provider_auth",
      message: expect.stringContaining("APCA_API_SECRET_KEY"),
    });
  });

  it("refuses FX and futures symbols before connecting", async () => {
    await expect(feed().subscribe(["EUR/USD", "MES"], () => {})).rejects.toThrow(
      /not EUR\/USD, MES/,
    );
    expect(fake.actions).toHaveLength(0);
  });
});
