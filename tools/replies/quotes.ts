import { figure, utc } from "./format.ts";

interface Quote {
  symbol: string;
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  quoteTime?: string;
  lastPrice?: number;
  lastSize?: number;
  tradeTime?: string;
  storedClose?: { price: number; time: string };
}

/** "189.5 x 100", or the price alone when the size is missing. */
const sized = (price: number, size: number | undefined) =>
  `${figure(price)}${size === undefined ? "" : ` x ${size}`}`;

/** get_quotes: each symbol's bid and ask and its last trade, each with its time. */
export function describeQuotes(result: { provider: string; quotes: Quote[] }): string {
  if (result.quotes.length === 0) return `${result.provider} returned no quotes.`;
  // No live feed: get_quotes gave the latest stored closes, which must not read as quotes.
  if (result.quotes.some((quote) => quote.storedClose !== undefined))
    return [
      "No live feed is configured (set APCA_API_KEY_ID and APCA_API_SECRET_KEY for quotes from Alpaca): these are the latest stored daily closes, not quotes.",
      ...result.quotes.map(({ symbol, storedClose }) =>
        storedClose
          ? `- ${symbol}: closed at ${figure(storedClose.price)} on ${storedClose.time.slice(0, 10)}`
          : `- ${symbol}: no daily bars stored`,
      ),
    ].join("\n");
  return [
    `Latest quotes from ${result.provider}:`,
    ...result.quotes.map((quote) => {
      const sides = [
        quote.bid === undefined ? "" : `bid ${sized(quote.bid, quote.bidSize)}`,
        quote.ask === undefined ? "" : `ask ${sized(quote.ask, quote.askSize)}`,
      ]
        .filter(Boolean)
        .join(", ");
      const quoted = sides && quote.quoteTime ? `${sides} at ${utc(quote.quoteTime)}` : sides;
      const traded =
        quote.lastPrice === undefined
          ? ""
          : `last trade ${sized(quote.lastPrice, quote.lastSize)}${quote.tradeTime ? ` at ${utc(quote.tradeTime)}` : ""}`;
      return `- ${quote.symbol}: ${[quoted, traded].filter(Boolean).join("; ") || "no quote or trade"}`;
    }),
  ].join("\n");
}
