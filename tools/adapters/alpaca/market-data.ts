import { marketData, marketDataShapes } from "@alpacahq/alpaca-trade-api";
import type { CorporateAction } from "../../../engine/adjust/corporate-actions.ts";
import type { BarSeries } from "../../../engine/types.ts";
import { marketOf } from "../../bars/market-of.ts";
import { AlphadeskError } from "../../errors.ts";
import type { LatestQuote, MarketDataProvider } from "../../ports/market-data.ts";
import type { Timeframe } from "../../ports/store.ts";
import { alpacaError } from "./errors.ts";
import { toDividend, toSplit } from "./mapper.ts";
import { vendorBarSeries, type VendorBar } from "../vendor-bars.ts";

export interface AlpacaMarketDataOptions {
  keyId: string;
  secret: string;
  /** Market-data host; default https://data.alpaca.markets. */
  baseUrl?: string;
  /** Stock feed: `iex` (free plan) or `sip` (all US exchanges, paid plan). */
  feed?: "iex" | "sip";
  /** Retries of 429, 5xx and network errors (the SDK's exponential backoff). */
  maxRetries?: number;
  retryDelayMs?: number;
  /** The free plan allows 200 requests a minute. */
  requestsPerMinute?: number;
}

const alpacaTimeframe: Record<Timeframe, string> = {
  "1m": "1Min",
  "5m": "5Min",
  "15m": "15Min",
  "1h": "1Hour",
  "1d": "1Day",
};

/**
 * Alpaca market data through `@alpacahq/alpaca-trade-api`: raw stock bars (`adjustment=raw`, we
 * adjust ourselves), crypto bars, latest quotes and trades, and splits and cash dividends. The
 * SDK paces requests and retries 429 and 5xx with backoff; we follow `next_page_token`.
 */
export class AlpacaMarketData implements MarketDataProvider {
  readonly name = "alpaca";
  private readonly stocks: marketData.StockApi;
  private readonly crypto: marketData.CryptoApi;
  private readonly actions: marketData.CorporateActionsApi;
  private readonly feed: "iex" | "sip";

  constructor(options: AlpacaMarketDataOptions) {
    const configuration = new marketData.Configuration({
      keyId: options.keyId,
      secret: options.secret,
      ...(options.baseUrl ? { basePath: options.baseUrl.replace(/\/$/, "") } : {}),
      retry: {
        maxRetries: options.maxRetries ?? 4,
        retryDelayMs: options.retryDelayMs ?? 500,
        respectRetryAfter: true,
      },
      rateLimit: { maxRequests: options.requestsPerMinute ?? 200, intervalMs: 60_000 },
    });
    this.stocks = new marketData.StockApi(configuration);
    this.crypto = new marketData.CryptoApi(configuration);
    this.actions = new marketData.CorporateActionsApi(configuration);
    this.feed = options.feed ?? "iex";
  }

  async requestBars(
    symbol: string,
    timeframe: Timeframe,
    startMs: number,
    endMs: number,
  ): Promise<BarSeries | undefined> {
    const kind = assetKind(symbol);
    const request = {
      symbols: symbol,
      timeframe: alpacaTimeframe[timeframe],
      start: new Date(startMs),
      end: new Date(endMs),
      limit: 10_000,
      sort: "asc" as const,
    };
    const rows: VendorBar[] = [];
    let pageToken: string | undefined;
    do {
      const page = await call(() =>
        kind === "crypto"
          ? this.crypto.cryptoBars({ ...request, loc: "us", ...token(pageToken) })
          : this.stocks.stockBars({
              ...request,
              adjustment: "raw",
              feed: this.feed,
              ...token(pageToken),
            }),
      );
      // The SDK leaves bars inside the symbol map unparsed; its shape helpers parse them.
      for (const wire of page.bars[symbol] ?? []) {
        const bar = marketDataShapes.toBar(wire, symbol);
        rows.push({ ...bar, timeMs: bar.timestamp.getTime() });
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return vendorBarSeries(symbol, timeframe, rows);
  }

  async requestCorporateActions(
    symbol: string,
    startMs: number,
    endMs: number,
  ): Promise<CorporateAction[]> {
    if (assetKind(symbol) === "crypto") return [];
    const actions: CorporateAction[] = [];
    let pageToken: string | undefined;
    do {
      const page = await call(() =>
        this.actions.corporateActions({
          symbols: symbol,
          types: "forward_split,reverse_split,cash_dividend",
          start: new Date(startMs),
          end: new Date(endMs),
          limit: 1000,
          ...token(pageToken),
        }),
      );
      const found = page.corporateActions;
      for (const split of [...(found.forwardSplits ?? []), ...(found.reverseSplits ?? [])])
        actions.push(toSplit(split.exDate, split.oldRate, split.newRate));
      for (const dividend of found.cashDividends ?? [])
        actions.push(toDividend(dividend.exDate, dividend.rate));
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return actions.sort((a, b) => a.exDateMs - b.exDateMs);
  }

  async latestQuotes(symbols: readonly string[]): Promise<LatestQuote[]> {
    const stocks = symbols.filter((symbol) => assetKind(symbol) === "stock");
    const crypto = symbols.filter((symbol) => assetKind(symbol) === "crypto");
    const joined = (list: readonly string[]) => ({ symbols: list.join(",") });
    const [stockQuotes, stockTrades, cryptoQuotes, cryptoTrades] = await Promise.all([
      stocks.length
        ? call(() => this.stocks.stockLatestQuotes({ ...joined(stocks), feed: this.feed }))
        : undefined,
      stocks.length
        ? call(() => this.stocks.stockLatestTrades({ ...joined(stocks), feed: this.feed }))
        : undefined,
      crypto.length
        ? call(() => this.crypto.cryptoLatestQuotes({ ...joined(crypto), loc: "us" }))
        : undefined,
      crypto.length
        ? call(() => this.crypto.cryptoLatestTrades({ ...joined(crypto), loc: "us" }))
        : undefined,
    ]);
    return symbols.map((symbol) => {
      // The SDK leaves symbol maps unparsed; its shape helpers parse the wire timestamps.
      const stockQuote = stockQuotes?.quotes[symbol];
      const cryptoQuote = cryptoQuotes?.quotes[symbol];
      const stockTrade = stockTrades?.trades[symbol];
      const cryptoTrade = cryptoTrades?.trades[symbol];
      const quote = stockQuote
        ? marketDataShapes.toStockQuote(stockQuote, symbol)
        : cryptoQuote && marketDataShapes.toCryptoQuote(cryptoQuote, symbol);
      const trade = stockTrade
        ? marketDataShapes.toStockTrade(stockTrade, symbol)
        : cryptoTrade && marketDataShapes.toCryptoTrade(cryptoTrade, symbol);
      return {
        symbol,
        ...(quote
          ? {
              quote: {
                timeMs: quote.timestamp.getTime(),
                bid: quote.bidPrice,
                bidSize: quote.bidSize,
                ask: quote.askPrice,
                askSize: quote.askSize,
              },
            }
          : {}),
        ...(trade
          ? { trade: { timeMs: trade.timestamp.getTime(), price: trade.price, size: trade.size } }
          : {}),
      };
    });
  }
}

/** Alpaca serves US stocks and ETFs and crypto pairs; FX and futures live elsewhere. */
function assetKind(symbol: string): "stock" | "crypto" {
  const market = marketOf(symbol);
  if (market === "CRYPTO") return "crypto";
  if (market === "NYSE") return "stock";
  throw new AlphadeskError(
    "provider_unsupported",
    `Alpaca has no ${market} data for ${symbol}: fetch it from Polygon (set MARKET_DATA_PROVIDER=polygon and POLYGON_API_KEY) or import a CSV`,
    "user",
  );
}

const token = (pageToken: string | undefined) => (pageToken ? { pageToken } : {});

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw alpacaError(error);
  }
}
