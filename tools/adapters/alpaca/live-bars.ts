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
type StreamKind = "stock" | "crypto";

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
    /** At most one stream per kind of market, each ready once authenticated. */
    const streams = new Map<StreamKind, { stream: MarketDataStream; ready: Promise<void> }>();
    let closed = false;
    const attach = async (wanted: readonly string[]) => {
      if (closed)
        throw new AlphadeskError("feed_closed", "this live bar subscription is closed", "fatal");
      const byKind = splitByKind(wanted);
      const waits: Promise<void>[] = [];
      for (const kind of ["stock", "crypto"] as const) {
        const list = byKind[kind];
        if (list.length === 0) continue;
        const held = streams.get(kind);
        if (held) {
          // The SDK sends the subscribe now if authenticated, else with its (re)authentication.
          held.stream.subscribeForBars(list);
          waits.push(held.ready);
          continue;
        }
        const stream = this.open(kind, list, onBar, onState);
        const ready = authenticated(stream).catch((error: unknown) => {
          stream.disconnect();
          if (streams.get(kind)?.stream === stream) streams.delete(kind);
          throw error;
        });
        streams.set(kind, { stream, ready });
        waits.push(ready);
      }
      const results = await Promise.allSettled(waits);
      const refused = results.find((result) => result.status === "rejected");
      if (refused) throw refused.reason;
    };
    try {
      await attach(symbols);
    } catch (error) {
      for (const { stream } of streams.values()) stream.disconnect();
      throw error;
    }
    return {
      add: (more) => attach(more),
      async close() {
        closed = true;
        for (const { stream } of streams.values()) stream.disconnect();
        streams.clear();
      },
    };
  }

  private open(
    kind: StreamKind,
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

/** Stocks and crypto ride separate streams; anything else Alpaca does not stream. */
function splitByKind(symbols: readonly string[]): Record<StreamKind, string[]> {
  const crypto = symbols.filter((symbol) => marketOf(symbol) === "CRYPTO");
  const stock = symbols.filter((symbol) => marketOf(symbol) === "NYSE");
  const other = symbols.filter((symbol) => !crypto.includes(symbol) && !stock.includes(symbol));
  if (other.length > 0) {
    throw new AlphadeskError(
      "provider_unsupported",
      `Alpaca streams US stocks, ETFs and crypto only, not ${other.join(", ")}`,
      "user",
    );
  }
  return { stock, crypto };
}

async function authenticated(stream: MarketDataStream): Promise<void> {
  const result = await stream.waitForAuthenticationResult(30_000);
  if (result.authenticated) return;
  throw new AlphadeskError(
    "provider_auth",
    `Alpaca's stream refused the connection (${result.status}${result.message ? `: ${result.message}` : ""}): check APCA_API_KEY_ID and APCA_API_SECRET_KEY`,
    "user",
  );
}
