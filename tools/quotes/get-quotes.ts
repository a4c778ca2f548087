import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { isoTime } from "../time-input.ts";

export const getQuotes = defineTool({
  name: "get_quotes",
  summary: "Latest bid, ask and last trade of stocks, ETFs and crypto pairs (Alpaca).",
  description:
    "Latest quote (bid and ask) and last trade of US stocks, ETFs and crypto pairs from the configured market-data provider (Alpaca).",
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
      }),
    ),
  }),
  effect: "read",
  openWorld: true,
  async run(input, context) {
    const provider = context.marketData;
    if (!provider?.latestQuotes) {
      throw new AlphadeskError(
        "provider_missing",
        provider
          ? `${provider.name} does not serve latest quotes here; set APCA_API_KEY_ID and APCA_API_SECRET_KEY (and MARKET_DATA_PROVIDER=alpaca) for quotes from Alpaca`
          : "no market-data provider is configured: set APCA_API_KEY_ID and APCA_API_SECRET_KEY for quotes from Alpaca",
        "user",
      );
    }
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
