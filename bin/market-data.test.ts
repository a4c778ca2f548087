import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";
import { marketDataFromConfig } from "./market-data.ts";

const alpaca = { APCA_API_KEY_ID: "k", APCA_API_SECRET_KEY: "s" };

describe("marketDataFromConfig", () => {
  it("has no provider without credentials, so the embedded defaults keep working", () => {
    expect(marketDataFromConfig(readConfig({}))).toBeUndefined();
  });

  it("picks the provider that has credentials, Alpaca when both do", () => {
    expect(marketDataFromConfig(readConfig({ POLYGON_API_KEY: "p" }))?.name).toBe("polygon");
    expect(marketDataFromConfig(readConfig(alpaca))?.name).toBe("alpaca");
    expect(marketDataFromConfig(readConfig({ ...alpaca, POLYGON_API_KEY: "p" }))?.name).toBe(
      "alpaca",
    );
  });

  it("honours MARKET_DATA_PROVIDER", () => {
    const both = { ...alpaca, POLYGON_API_KEY: "p", MARKET_DATA_PROVIDER: "polygon" };
    expect(marketDataFromConfig(readConfig(both))?.name).toBe("polygon");
  });
});
