import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import type { Store } from "../ports/store.ts";
import { isoTime } from "../time-input.ts";
import { latestStoredCloses } from "./stored-close.ts";

/** Without a live feed: said as the provider, so no reader takes a stored close for a quote. */
export const storedClosesProvider =
  "stored bars: no live feed is configured (set APCA_API_KEY_ID and APCA_API_SECRET_KEY for quotes from Alpaca), so each price is the latest stored daily close";

export const getQuotes = defineTool({
  name: "get_quotes",
  summary:
    "Latest bid, ask and last trade of stocks, ETFs and crypto pairs (Alpaca); without a feed, the latest stored close.",
  description:
    "Latest quote (bid and ask) and last trade of US stocks, ETFs and crypto pairs from the configured market-data provider (Alpaca). With no provider configured, each symbol's latest stored daily close instead, as `storedClose`, never as a quote or trade.",
  input: z
    .object({
      symbols: z
        .array(SymbolSchema)
        .min(1)
        .max(100)
        .refine((symbols) => new Set(symbols).size === symbols.length, "symbols lists a name twice")
        .describe('Symbols, e.g. ["SPY", "AAPL", "BTC/USD"].'),
    })
    .strict(),
  output: z.object({
    provider: z.string(),
    quotes: z.array(
      z.object({
        symbol: z.string(),
        bid: z.number().optional(),
        bidSize: z.number().optional(),
        ask: z.number().optional(),
        askSize: z.number().optional(),
        quoteTime: z.string().optional().describe("ISO-8601 UTC."),
        lastPrice: z.number().optional(),
        lastSize: z.number().optional(),
        tradeTime: z.string().optional().describe("ISO-8601 UTC."),
        storedClose: z
          .object({ price: z.number(), time: z.string().describe("The bar's time, ISO-8601 UTC.") })
          .optional()
          .describe("With no live feed: the latest stored daily close, not a quote."),
      }),
    ),
  }),
  effect: "read",
  openWorld: true,
  async run(input, context) {
    const provider = context.marketData;
    if (provider && !provider.latestQuotes)
      throw new AlphadeskError(
        "provider_missing",
        `${provider.name} does not serve latest quotes here; set APCA_API_KEY_ID and APCA_API_SECRET_KEY (and MARKET_DATA_PROVIDER=alpaca) for quotes from Alpaca`,
        "user",
      );
    if (!provider?.latestQuotes) return storedCloses(context.store, input.symbols);
    const latest = await provider.latestQuotes(input.symbols);
    return {
      provider: provider.name,
      quotes: latest.map(({ symbol, quote, trade }) => ({
        symbol,
        ...(quote
          ? {
              bid: quote.bid,
              bidSize: quote.bidSize,
              ask: quote.ask,
              askSize: quote.askSize,
              quoteTime: isoTime(quote.timeMs),
            }
          : {}),
        ...(trade
          ? { lastPrice: trade.price, lastSize: trade.size, tradeTime: isoTime(trade.timeMs) }
          : {}),
      })),
    };
  },
});

/** The demo and an offline desk: each symbol's latest stored daily close, said to be one. */
async function storedCloses(store: Store, symbols: readonly string[]) {
  const closes = await latestStoredCloses(store, symbols);
  if (closes.size === 0)
    throw new AlphadeskError(
      "provider_missing",
      `no market-data provider is configured (set APCA_API_KEY_ID and APCA_API_SECRET_KEY for quotes from Alpaca), and no daily bars of ${symbols.join(", ")} are stored to show their last close`,
      "user",
    );
  const quotes = symbols.map((symbol) => {
    const close = closes.get(symbol);
    return close
      ? { symbol, storedClose: { price: close.price, time: isoTime(close.atMs) } }
      : { symbol };
  });
  return { provider: storedClosesProvider, quotes };
}
