import { AlpacaBroker } from "../tools/adapters/alpaca/broker.ts";
import { AlpacaMarketData } from "../tools/adapters/alpaca/market-data.ts";
import { PaperBroker } from "../tools/adapters/broker/paper-broker.ts";
import { HaltFile } from "../tools/adapters/halt/halt-file.ts";
import { ProviderPrices } from "../tools/adapters/prices/provider-prices.ts";
import { ReplayPrices } from "../tools/adapters/prices/replay-prices.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import type { Broker } from "../tools/ports/broker.ts";
import type { PriceSource } from "../tools/ports/execution.ts";
import type { Store } from "../tools/ports/store.ts";
import type { Config } from "./config.ts";

/**
 * The broker `BROKER` names and the prices its orders are checked with: the simulated paper
 * broker on the demo's replayed stored bars (the embedded default), or Alpaca, paper or live,
 * checked against Alpaca's last trades.
 */
export function brokerFromConfig(
  config: Config,
  database: { store: Store; client: SqlClient } | undefined,
): { broker: Broker | undefined; prices: PriceSource | undefined } {
  if (config.BROKER === "paper") {
    if (!database) return { broker: undefined, prices: undefined };
    const prices = new ReplayPrices(database.store);
    const broker = new PaperBroker({
      client: database.client,
      prices,
      startingCash: config.PAPER_STARTING_CASH,
      feeBps: config.PAPER_FEE_BPS,
      slippageBps: config.PAPER_SLIPPAGE_BPS,
    });
    return { broker, prices };
  }
  const endpoints = {
    ...(config.ALPACA_TRADING_URL ? { baseUrl: config.ALPACA_TRADING_URL } : {}),
    ...(config.ALPACA_TRADING_STREAM_URL ? { streamUrl: config.ALPACA_TRADING_STREAM_URL } : {}),
  };
  const broker =
    config.BROKER === "alpaca-live"
      ? new AlpacaBroker({
          live: true,
          liveKeyId: config.ALPACA_LIVE_KEY_ID!,
          liveSecret: config.ALPACA_LIVE_SECRET_KEY!,
          ...endpoints,
        })
      : new AlpacaBroker({
          keyId: config.APCA_API_KEY_ID!,
          secret: config.APCA_API_SECRET_KEY!,
          ...endpoints,
        });
  const prices = new ProviderPrices(
    new AlpacaMarketData({
      keyId: config.APCA_API_KEY_ID!,
      secret: config.APCA_API_SECRET_KEY!,
      feed: config.ALPACA_DATA_FEED,
      ...(config.ALPACA_DATA_URL ? { baseUrl: config.ALPACA_DATA_URL } : {}),
    }),
  );
  return { broker, prices };
}

export const haltFlagFromConfig = (config: Config) => new HaltFile(config.ALPHADESK_HOME);
