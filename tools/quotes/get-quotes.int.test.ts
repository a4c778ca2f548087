import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeAlpaca } from "../../test/fakes/alpaca-server.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { AlpacaMarketData } from "../adapters/alpaca/market-data.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { describeResult } from "../replies/describe-result.ts";
import { getQuotes, storedClosesProvider } from "./get-quotes.ts";

let fake: FakeAlpaca;
let store: Store;
beforeAll(async () => {
  fake = await new FakeAlpaca().start();
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
  await fake.stop();
});

const context = () => ({
  ...testContext(store),
  marketData: new AlpacaMarketData({ keyId: "test-key", secret: "test-secret", baseUrl: fake.url }),
});

describe("get_quotes", () => {
  it("returns bid, ask and last trade, leaving out what the provider lacks", async () => {
    const t = "2025-03-03T15:00:00Z";
    fake.quotes.set("AAPL", { t, bp: 240.1, bs: 2, ap: 240.2, as: 4 });
    fake.trades.set("AAPL", { t, p: 240.15, s: 50 });
    expect(await runTool(getQuotes, { symbols: ["AAPL", "ZZZZ"] }, context())).toEqual({
      provider: "alpaca",
      quotes: [
        {
          symbol: "AAPL",
          bid: 240.1,
          bidSize: 2,
          ask: 240.2,
          askSize: 4,
          quoteTime: "2025-03-03T15:00:00.000Z",
          lastPrice: 240.15,
          lastSize: 50,
          tradeTime: "2025-03-03T15:00:00.000Z",
        },
        { symbol: "ZZZZ" },
      ],
    });
  });

  it("names the variables to set when no provider serves quotes and no bars are stored", async () => {
    await expect(
      runTool(getQuotes, { symbols: ["AAPL"] }, testContext(store)),
    ).rejects.toMatchObject({
      code: "provider_missing",
      message: expect.stringContaining("APCA_API_KEY_ID"),
    });
  });

  it("without a provider, gives each symbol's latest stored daily close, said to be one", async () => {
    const market = generateMarket({ symbols: ["SPY", "QQQ"], years: 1, seed: 5 });
    await store.writeBars("1d", market.bars);
    const result = (await runTool(
      getQuotes,
      { symbols: ["QQQ", "ZZZZ"] },
      testContext(store),
    )) as Record<string, unknown>;
    const qqq = market.bars[1]!;
    expect(result).toEqual({
      provider: storedClosesProvider,
      quotes: [
        {
          symbol: "QQQ",
          storedClose: {
            price: qqq.close[qqq.close.length - 1],
            time: new Date(qqq.timestampMs[qqq.timestampMs.length - 1]!).toISOString(),
          },
        },
        { symbol: "ZZZZ" },
      ],
    });
    expect(describeResult("get_quotes", result).split("\n")).toEqual([
      "No live feed is configured (set APCA_API_KEY_ID and APCA_API_SECRET_KEY for quotes from Alpaca): these are the latest stored daily closes, not quotes.",
      `- QQQ: closed at ${qqq.close[qqq.close.length - 1]} on ${new Date(qqq.timestampMs[qqq.timestampMs.length - 1]!).toISOString().slice(0, 10)}`,
      "- ZZZZ: no daily bars stored",
    ]);
  });

  it("refuses bad input, naming the field", async () => {
    await expect(
      runTool(getQuotes, { symbols: ["AAPL", "AAPL"] }, context()),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("symbols"),
    });
    await expect(runTool(getQuotes, { symbols: [] }, context())).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
