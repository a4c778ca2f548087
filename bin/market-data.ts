// Providers load on use: Alpaca's SDK alone adds a tenth of a second to every command.
import type { LiveBarFeed } from "../tools/ports/live-bars.ts";
import type { MarketDataProvider } from "../tools/ports/market-data.ts";
import type { Config } from "./config.ts";

/**
 * The provider `MARKET_DATA_PROVIDER` names, else whichever has credentials (Alpaca first: its
 * free plan allows 200 requests a minute against Polygon's 5), else none.
 */
export async function marketDataFromConfig(
  config: Config,
): Promise<MarketDataProvider | undefined> {
  const choice =
    config.MARKET_DATA_PROVIDER ??
    (config.APCA_API_KEY_ID ? "alpaca" : config.POLYGON_API_KEY ? "polygon" : undefined);
  if (choice === "alpaca" && config.APCA_API_KEY_ID && config.APCA_API_SECRET_KEY) {
    const { AlpacaMarketData } = await import("../tools/adapters/alpaca/market-data.ts");
    return new AlpacaMarketData({
      keyId: config.APCA_API_KEY_ID,
      secret: config.APCA_API_SECRET_KEY,
      feed: config.ALPACA_DATA_FEED,
      ...(config.ALPACA_DATA_URL ? { baseUrl: config.ALPACA_DATA_URL } : {}),
    });
  }
  if (choice === "polygon" && config.POLYGON_API_KEY) {
    const { PolygonProvider } = await import("../tools/adapters/polygon/provider.ts");
    return new PolygonProvider({
      apiKey: config.POLYGON_API_KEY,
      ...(config.POLYGON_BASE_URL ? { baseUrl: config.POLYGON_BASE_URL } : {}),
    });
  }
  return undefined;
}

/** Alpaca's live bar streams when its keys are set (no other provider streams yet). */
export async function liveBarsFromConfig(config: Config): Promise<LiveBarFeed | undefined> {
  if (!config.APCA_API_KEY_ID || !config.APCA_API_SECRET_KEY) return undefined;
  const { AlpacaLiveBars } = await import("../tools/adapters/alpaca/live-bars.ts");
  return new AlpacaLiveBars({
    keyId: config.APCA_API_KEY_ID,
    secret: config.APCA_API_SECRET_KEY,
    feed: config.ALPACA_DATA_FEED,
    ...(config.ALPACA_STREAM_URL ? { streamUrl: config.ALPACA_STREAM_URL } : {}),
  });
}
