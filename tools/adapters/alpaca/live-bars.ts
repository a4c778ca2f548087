import { streaming } from "@alpacahq/alpaca-trade-api";
import { marketOf } from "../../bars/market-of.ts";
import { AlphadeskError } from "../../errors.ts";
import type {
  LiveBar,
  LiveBarFeed,
  LiveFeedState,
  LiveSubscription,
} from "../../ports/live-bars.ts";

export interface AlpacaLiveBarsOptions {
  keyId: string;
  secret: string;
  /** Stream host, default wss://stream.data.alpaca.markets; paths are Alpaca's. */
  streamUrl?: string;
  feed?: "iex" | "sip";
  /** First reconnect delay; the SDK backs off exponentially from it. */
  initialReconnectMs?: number;
}

type MarketDataStream = streaming.StockDataStream | streaming.CryptoDataStream;

/**
 * Live minute bars from Alpaca's market-data streams through the SDK's streaming clients
 * (stocks on the IEX or SIP feed, crypto on v1beta3), which authenticate, resubscribe and
 * reconnect with backoff; we report `down` from a disconnect until the stream is back.
 */
export class AlpacaLiveBars implements LiveBarFeed {
  constructor(private readonly options: AlpacaLiveBarsOptions) {}

  async subscribe(
    symbols: readonly string[],
    onBar: (bar: LiveBar) => void,
    onState: (state: LiveFeedState) => void = () => {},
  ): Promise<LiveSubscription> {
    const crypto = symbols.filter((symbol) => marketOf(symbol) === "CRYPTO");
    const stocks = symbols.filter((symbol) => marketOf(symbol) === "NYSE");
    const other = symbols.filter((symbol) => !crypto.includes(symbol) && !stocks.includes(symbol));
    if (other.length > 0) {
      throw new AlphadeskError(
        "provider_unsupported",
        `Alpaca streams US stocks, ETFs and crypto only, not ${other.join(", ")}`,
        "user",
      );
    }
    const streams: MarketDataStream[] = [];
    if (stocks.length > 0) streams.push(this.open("stock", stocks, onBar, onState));
    if (crypto.length > 0) streams.push(this.open("crypto", crypto, onBar, onState));
    const results = await Promise.all(
      streams.map((stream) => stream.waitForAuthenticationResult(30_000)),
    );
    const refused = results.find((result) => !result.authenticated);
    if (refused) {
      for (const stream of streams) stream.disconnect();
      throw new AlphadeskError(
        "provider_auth",
        `Alpaca's stream refused the connection (${refused.status}${refused.message ? `: ${refused.message}` : ""}): check APCA_API_KEY_ID and APCA_API_SECRET_KEY`,
        "user",
      );
    }
    return {
      async close() {
        for (const stream of streams) stream.disconnect();
      },
    };
  }

  private open(
    kind: "stock" | "crypto",
    symbols: string[],
    onBar: (bar: LiveBar) => void,
    onState: (state: LiveFeedState) => void,
  ): MarketDataStream {
    const base = this.options.streamUrl?.replace(/\/$/, "");
    const common = {
      credentials: { keyId: this.options.keyId, secret: this.options.secret },
      initialReconnectMs: this.options.initialReconnectMs ?? 1_000,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
    };
    const feed = this.options.feed ?? "iex";
    const stream =
      kind === "stock"
        ? new streaming.StockDataStream({
            ...common,
            feed,
            ...(base ? { url: `${base}/v2/${feed}` } : {}),
          })
        : new streaming.CryptoDataStream({
            ...common,
            ...(base ? { url: `${base}/v1beta3/crypto/us` } : {}),
          });
    stream.onBar((bar) =>
      onBar({
        symbol: bar.symbol,
        timeMs: bar.timestamp.getTime(),
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
      }),
    );
    stream.onConnect(() => onState("up"));
    stream.onDisconnect(() => onState("down"));
    stream.subscribeForBars(symbols);
    stream.connect();
    return stream;
  }
}
