import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

describe("get_quotes", () => {
  it("gives each symbol's bid, ask and last trade that the provider had, each with its time", () => {
    const reply = describeResult("get_quotes", {
      provider: "alpaca",
      quotes: [
        {
          symbol: "AAPL",
          bid: 189.5,
          bidSize: 100,
          ask: 189.52,
          askSize: 200,
          quoteTime: "2026-12-02T15:30:12.000Z",
          lastPrice: 189.51,
          lastSize: 50,
          tradeTime: "2026-12-02T15:29:58.000Z",
        },
        {
          symbol: "BTC/USD",
          lastPrice: 43210.123,
          lastSize: 0.015,
          tradeTime: "2026-12-02T15:30:10.000Z",
        },
        { symbol: "XYZ" },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "Latest quotes from alpaca:",
      "- AAPL: bid 189.5 x 100, ask 189.52 x 200 at 2026-12-02 15:30 UTC; last trade 189.51 x 50 at 2026-12-02 15:29 UTC",
      "- BTC/USD: last trade 43210.12 x 0.015 at 2026-12-02 15:30 UTC",
      "- XYZ: no quote or trade",
    ]);
  });

  it("says so when the provider returned none", () => {
    expect(describeResult("get_quotes", { provider: "alpaca", quotes: [] })).toBe(
      "alpaca returned no quotes.",
    );
  });
});
