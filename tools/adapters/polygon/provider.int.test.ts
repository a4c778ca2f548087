import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakePolygon } from "../../../test/fakes/polygon-server.ts";
import { polygonTicker, PolygonProvider } from "./provider.ts";

const day = (n: number) => Date.UTC(2024, 0, 2) + n * 86_400_000;
const bar = (n: number) => ({
  t: day(n),
  o: 10 + n,
  h: 11 + n,
  l: 9 + n,
  c: 10.5 + n,
  v: 1000 + n,
});

let fake: FakePolygon;
let sleeps: number[];
let clock: number;
const provider = (options: { requestsPerMinute?: number; maxAttempts?: number } = {}) =>
  new PolygonProvider({
    apiKey: "test-key",
    baseUrl: fake.url,
    requestsPerMinute: options.requestsPerMinute ?? 1000,
    maxAttempts: options.maxAttempts ?? 4,
    backoffMs: 100,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });

beforeEach(async () => {
  fake = await new FakePolygon().start();
  sleeps = [];
  clock = Date.UTC(2026, 0, 1);
});
afterEach(async () => {
  await fake.stop();
});

describe("PolygonProvider against a local fake of Polygon's REST API", () => {
  it("reads every page of aggregates into sorted columns", async () => {
    fake.bars.set("AAPL", [bar(4), bar(0), bar(1), bar(2), bar(3)]);
    fake.pageSize = 2;
    const bars = await provider().requestBars("AAPL", "1d", day(0), day(3));
    expect(Array.from(bars!.timestampMs)).toEqual([day(0), day(1), day(2), day(3)]);
    expect(Array.from(bars!.close)).toEqual([10.5, 11.5, 12.5, 13.5]);
    expect(fake.requests.filter((request) => request.startsWith("/v2/aggs"))).toHaveLength(2);
    expect(fake.requests[0]).toMatch(
      /^\/v2\/aggs\/ticker\/AAPL\/range\/1\/day\/\d+\/\d+\?adjusted=false&sort=asc&limit=50000/,
    );
  });

  it("maps FX and crypto pairs to Polygon's tickers and returns nothing for an empty range", async () => {
    expect([polygonTicker("EUR/USD"), polygonTicker("BTC/USD"), polygonTicker("SPY")]).toEqual([
      "C:EURUSD",
      "X:BTCUSD",
      "SPY",
    ]);
    fake.bars.set("X:BTCUSD", [bar(0)]);
    expect((await provider().requestBars("BTC/USD", "1h", day(0), day(1)))!.close[0]).toBe(10.5);
    expect(await provider().requestBars("BTC/USD", "1d", day(5), day(9))).toBeUndefined();
  });

  it("reads splits and dividends as corporate actions", async () => {
    fake.splits.push({ ticker: "AAPL", execution_date: "2020-08-31", split_from: 1, split_to: 4 });
    fake.dividends.push({ ticker: "AAPL", ex_dividend_date: "2020-08-07", cash_amount: 0.82 });
    fake.dividends.push({ ticker: "MSFT", ex_dividend_date: "2020-08-19", cash_amount: 0.51 });
    const actions = await provider().requestCorporateActions(
      "AAPL",
      Date.UTC(2020, 0, 1),
      Date.UTC(2020, 11, 31),
    );
    expect(actions).toEqual([
      { kind: "dividend", exDateMs: Date.UTC(2020, 7, 7), amount: 0.82 },
      { kind: "split", exDateMs: Date.UTC(2020, 7, 31), ratio: 4 },
    ]);
  });

  it("retries 429 and 5xx with backoff, honouring Retry-After", async () => {
    fake.bars.set("AAPL", [bar(0)]);
    fake.failNext(1, 429, 7);
    fake.failNext(1, 503);
    expect((await provider().requestBars("AAPL", "1d", day(0), day(0)))!.close.length).toBe(1);
    expect(sleeps).toEqual([7000, 200]);
  });

  it("gives up after the last attempt with a retryable error", async () => {
    fake.failNext(10, 500);
    await expect(
      provider({ maxAttempts: 3 }).requestBars("AAPL", "1d", day(0), day(1)),
    ).rejects.toMatchObject({
      code: "provider_unavailable",
      nextStep: "retryable",
      message: expect.stringMatching(/HTTP 500 after 3 attempts/),
    });
  });

  it("names the variable when the key is refused", async () => {
    const wrongKey = new PolygonProvider({ apiKey: "wrong", baseUrl: fake.url });
    await expect(wrongKey.requestBars("AAPL", "1d", day(0), day(1))).rejects.toMatchObject({
      code: "provider_auth",
      message: expect.stringMatching(/POLYGON_API_KEY/),
    });
  });

  it("keeps to the rate limit: the sixth request in a minute waits for the window", async () => {
    fake.bars.set("AAPL", [bar(0)]);
    const limited = provider({ requestsPerMinute: 5 });
    for (let i = 0; i < 6; i++) await limited.requestBars("AAPL", "1d", day(0), day(0));
    expect(sleeps).toEqual([60_000]);
    expect(fake.requests).toHaveLength(6);
  });
});
