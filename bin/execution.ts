import { PaperBroker } from "../tools/adapters/broker/paper-broker.ts";
import { HaltFile } from "../tools/adapters/halt/halt-file.ts";
import { LiveBarPrices } from "../tools/adapters/prices/live-bar-prices.ts";
import { ReplayPrices } from "../tools/adapters/prices/replay-prices.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import type { PeriodicTask } from "../tools/orders/order-driver.ts";
import type { Broker } from "../tools/ports/broker.ts";
import type { PriceSource } from "../tools/ports/execution.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { Store } from "../tools/ports/store.ts";
import type { Config } from "./config.ts";
import { liveBarsFromConfig } from "./market-data.ts";

export interface BrokerWiring {
  broker: Broker | undefined;
  prices: PriceSource | undefined;
  /** Work a long-lived process repeats for this broker and its prices. */
  tasks?: PeriodicTask[];
  /** Ends what the prices hold open (live bar subscriptions); call it before the store closes. */
  close?(): Promise<void>;
}

/**
 * The broker `BROKER` names and the prices its orders are checked with: the simulated paper
 * broker (the embedded default) on Alpaca's live minute bars when its keys are set, else on the
 * demo's replayed stored bars (`PAPER_PRICES` chooses), or Alpaca, paper or live, checked against
 * Alpaca's last trades.
 */
export async function brokerFromConfig(
  config: Config,
  database: { store: Store; client: SqlClient } | undefined,
  log?: Logger,
): Promise<BrokerWiring> {
  if (config.BROKER === "paper") {
    if (!database) return { broker: undefined, prices: undefined };
    const live = await livePaperPrices(config, log);
    const prices = live ?? new ReplayPrices(database.store);
    const broker = new PaperBroker({
      client: database.client,
      prices,
      startingCash: config.PAPER_STARTING_CASH,
      feeBps: config.PAPER_FEE_BPS,
      slippageBps: config.PAPER_SLIPPAGE_BPS,
      allowShort: config.PAPER_ALLOW_SHORT === "yes",
    });
    if (!live) return { broker, prices };
    live.onBar((symbol) => broker.onPrice(symbol));
    return {
      broker,
      prices,
      // Resting orders left by an earlier run have no subscription until their symbols are priced.
      tasks: [{ name: "paper-resting-orders", everyMs: 60_000, run: () => broker.tick() }],
      close: () => live.close(),
    };
  }
  // Alpaca's SDK loads only for an Alpaca broker.
  const [{ AlpacaBroker }, { AlpacaMarketData }, { ProviderPrices }] = await Promise.all([
    import("../tools/adapters/alpaca/broker.ts"),
    import("../tools/adapters/alpaca/market-data.ts"),
    import("../tools/adapters/prices/provider-prices.ts"),
  ]);
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

/** Live minute bars for the paper broker: PAPER_PRICES=live, or unset with the Alpaca keys set. */
async function livePaperPrices(
  config: Config,
  log: Logger | undefined,
): Promise<LiveBarPrices | undefined> {
  if ((config.PAPER_PRICES ?? "live") !== "live") return undefined;
  const feed = await liveBarsFromConfig(config);
  if (!feed) return undefined;
  const { AlpacaMarketData } = await import("../tools/adapters/alpaca/market-data.ts");
  return new LiveBarPrices({
    feed,
    seed: new AlpacaMarketData({
      keyId: config.APCA_API_KEY_ID!,
      secret: config.APCA_API_SECRET_KEY!,
      feed: config.ALPACA_DATA_FEED,
      ...(config.ALPACA_DATA_URL ? { baseUrl: config.ALPACA_DATA_URL } : {}),
    }),
    name: `Alpaca live minute bars (${config.ALPACA_DATA_FEED}; the latest trade until a symbol's first bar)`,
    ...(log ? { log } : {}),
  });
}

export const haltFlagFromConfig = (config: Config) => new HaltFile(config.ALPHADESK_HOME);
