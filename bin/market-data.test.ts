import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";
import { marketDataFromConfig } from "./market-data.ts";

const alpaca = { APCA_API_KEY_ID: "k", APCA_API_SECRET_KEY: "s" };
const providerFor = async (environment: Record<string, string>) =>
  (await marketDataFromConfig(readConfig(environment)))?.name;

describe("marketDataFromConfig", () => {
  it("has no provider without credentials, so the embedded defaults keep working", async () => {
    expect(await providerFor({})).toBeUndefined();
  });

  it("picks the provider that has credentials, Alpaca when both do", async () => {
    expect(await providerFor({ POLYGON_API_KEY: "p" })).toBe("polygon");
    expect(await providerFor(alpaca)).toBe("alpaca");
    expect(await providerFor({ ...alpaca, POLYGON_API_KEY: "p" })).toBe("alpaca");
  });

  it("honours MARKET_DATA_PROVIDER", async () => {
    const both = { ...alpaca, POLYGON_API_KEY: "p", MARKET_DATA_PROVIDER: "polygon" };
    expect(await providerFor(both)).toBe("polygon");
  });
});
