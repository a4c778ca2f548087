import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeAlpaca, type AlpacaBar } from "../../../test/fakes/alpaca-server.ts";
import { AlpacaMarketData } from "./market-data.ts";

const dayMs = 86_400_000;
const jan2 = Date.UTC(2024, 0, 2);
// Alpaca stamps a daily stock bar at midnight New York: 05:00 UTC in winter.
const dailyBar = (n: number): AlpacaBar => ({
  t: new Date(jan2 + n * dayMs + 5 * 3_600_000).toISOString(),
  o: 10 + n,
  h: 11 + n,
  l: 9 + n,
  c: 10.5 + n,
  v: 1000 + n,
  n: 10,
  vw: 10.2 + n,
});

let fake: FakeAlpaca;
const provider = (options: { keyId?: string; maxRetries?: number } = {}) =>
  new AlpacaMarketData({
    keyId: options.keyId ?? "test-key",
    secret: "test-secret",
    baseUrl: fake.url,
    maxRetries: options.maxRetries ?? 3,
    retryDelayMs: 1,
  });

beforeEach(async () => {
  fake = await new FakeAlpaca().start();
});
afterEach(async () => {
  await fake.stop();
});

describe("AlpacaMarketData against a local fake of Alpaca's market-data API", () => {
  it("follows next_page_token through every page of raw daily bars, dated at 00:00 UTC", async () => {
    fake.setBars("AAPL", "1Day", [0, 1, 2, 3, 4].map(dailyBar));
    fake.pageSize = 2;
    const bars = await provider().requestBars("AAPL", "1d", jan2, jan2 + 3 * dayMs + 6 * 3_600_000);
    expect(Array.from(bars!.timestampMs)).toEqual([0, 1, 2, 3].map((n) => jan2 + n * dayMs));
    expect(Array.from(bars!.close)).toEqual([10.5, 11.5, 12.5, 13.5]);
    const barRequests = fake.requests.filter((url) => url.pathname === "/v2/stocks/bars");
    expect(barRequests).toHaveLength(2);
    expect(barRequests[0]!.searchParams.get("adjustment")).toBe("raw");
    expect(barRequests[0]!.searchParams.get("feed")).toBe("iex");
    expect(barRequests[0]!.searchParams.get("timeframe")).toBe("1Day");
    expect(barRequests[1]!.searchParams.get("page_token")).toBe("2");
  });

  it("reads crypto minute bars from the v1beta3 crypto endpoint", async () => {
    const minute = Date.UTC(2024, 0, 6, 12, 0);
    fake.setBars("BTC/USD", "1Min", [
      { t: new Date(minute).toISOString(), o: 1, h: 2, l: 0.5, c: 1.5, v: 3, n: 1, vw: 1.2 },
      {
        t: new Date(minute + 60_000).toISOString(),
        o: 1.5,
        h: 2,
        l: 1,
        c: 1.8,
        v: 4,
        n: 1,
        vw: 1.6,
      },
    ]);
    const bars = await provider().requestBars("BTC/USD", "1m", minute, minute + 60_000);
    expect(Array.from(bars!.timestampMs)).toEqual([minute, minute + 60_000]);
    expect(fake.requests.at(-1)!.pathname).toBe("/v1beta3/crypto/us/bars");
  });

  it("returns undefined when Alpaca has no bars for the range", async () => {
    expect(await provider().requestBars("MSFT", "1d", jan2, jan2 + dayMs)).toBeUndefined();
  });

  it("maps forward and reverse splits and cash dividends", async () => {
    fake.forwardSplits.push({ symbol: "NVDA", ex_date: "2024-06-10", new_rate: 10, old_rate: 1 });
    fake.reverseSplits.push({ symbol: "NVDA", ex_date: "2024-03-01", new_rate: 1, old_rate: 4 });
    fake.cashDividends.push({ symbol: "NVDA", ex_date: "2024-06-11", rate: 0.01 });
    fake.cashDividends.push({ symbol: "AAPL", ex_date: "2024-06-11", rate: 0.25 });
    const actions = await provider().requestCorporateActions(
      "NVDA",
      Date.UTC(2024, 0, 1),
      Date.UTC(2024, 11, 31),
    );
    expect(actions).toEqual([
      { kind: "split", exDateMs: Date.UTC(2024, 2, 1), ratio: 0.25 },
      { kind: "split", exDateMs: Date.UTC(2024, 5, 10), ratio: 10 },
      { kind: "dividend", exDateMs: Date.UTC(2024, 5, 11), amount: 0.01 },
    ]);
    const request = fake.requests.at(-1)!;
    expect(request.searchParams.get("types")).toBe("forward_split,reverse_split,cash_dividend");
  });

  it("serves latest quotes and trades for stocks and crypto in one call", async () => {
    const t = "2024-01-02T15:00:00Z";
    fake.quotes.set("SPY", { t, bp: 470.1, bs: 3, ap: 470.2, as: 5 });
    fake.trades.set("SPY", { t, p: 470.15, s: 100 });
    fake.quotes.set("BTC/USD", { t, bp: 42000, bs: 0.5, ap: 42010, as: 0.4 });
    const quotes = await provider().latestQuotes(["SPY", "BTC/USD", "QQQ"]);
    expect(quotes).toEqual([
      {
        symbol: "SPY",
        quote: { timeMs: Date.parse(t), bid: 470.1, bidSize: 3, ask: 470.2, askSize: 5 },
        trade: { timeMs: Date.parse(t), price: 470.15, size: 100 },
      },
      {
        symbol: "BTC/USD",
        quote: { timeMs: Date.parse(t), bid: 42000, bidSize: 0.5, ask: 42010, askSize: 0.4 },
      },
      { symbol: "QQQ" },
    ]);
  });

  it("retries a 500 and a 429 with backoff, then succeeds", async () => {
    fake.setBars("AAPL", "1Day", [dailyBar(0)]);
    fake.failNext(1, 500);
    fake.failNext(1, 429);
    const bars = await provider().requestBars("AAPL", "1d", jan2, jan2 + dayMs);
    expect(bars!.close[0]).toBe(10.5);
    expect(fake.requests).toHaveLength(3);
  });

  it("gives up after its retries with a retryable error naming Alpaca", async () => {
    fake.failNext(10, 503);
    await expect(
      provider({ maxRetries: 1 }).requestBars("AAPL", "1d", jan2, jan2),
    ).rejects.toMatchObject({
      code: "provider_unavailable",
      nextStep: "retryable",
      message: expect.stringContaining("Alpaca is not answering (HTTP 503"),
    });
  });

  it("names the environment variables when the key is refused", async () => {
    await expect(
      provider({ keyId: "wrong" }).requestBars("AAPL", "1d", jan2, jan2),
    ).rejects.toMatchObject({
      code: "provider_auth",
      message: expect.stringContaining("APCA_API_KEY_ID"),
    });
  });

  it("refuses FX and futures symbols with a pointer to a provider that has them", async () => {
    await expect(provider().requestBars("EUR/USD", "1d", jan2, jan2)).rejects.toMatchObject({
      code: "provider_unsupported",
      message: expect.stringContaining("Alpaca has no FX data for EUR/USD"),
    });
    await expect(provider().requestBars("MES", "1d", jan2, jan2)).rejects.toThrow(/no CME data/);
    expect(fake.requests).toHaveLength(0);
  });

  it("rejects vendor bars whose high is below their low, naming the symbol", async () => {
    fake.setBars("BAD", "1Day", [{ ...dailyBar(0), h: 1, l: 2 }]);
    await expect(provider().requestBars("BAD", "1d", jan2, jan2 + dayMs)).rejects.toThrow(/BAD/);
  });
});
