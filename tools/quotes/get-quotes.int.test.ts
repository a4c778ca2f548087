import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeAlpaca } from "../../test/fakes/alpaca-server.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { AlpacaMarketData } from "../adapters/alpaca/market-data.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { getQuotes } from "./get-quotes.ts";

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

  it("names the variables to set when no provider serves quotes", async () => {
    await expect(
      runTool(getQuotes, { symbols: ["AAPL"] }, testContext(store)),
    ).rejects.toMatchObject({
      code: "provider_missing",
      message: expect.stringContaining("APCA_API_KEY_ID"),
    });
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
