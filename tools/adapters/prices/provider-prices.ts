import type { LastTrade, PriceSource } from "../../ports/execution.ts";
import type { MarketDataProvider } from "../../ports/market-data.ts";

/** Last trades from the market-data provider's latest-quotes endpoint (Alpaca). */
export class ProviderPrices implements PriceSource {
  readonly name: string;

  constructor(private readonly provider: MarketDataProvider) {
    this.name = `${provider.name} last trade`;
  }

  async lastTrade(symbol: string): Promise<LastTrade | undefined> {
    if (!this.provider.latestQuotes) return undefined;
    const [latest] = await this.provider.latestQuotes([symbol]);
    const trade = latest?.trade;
    return trade && { price: trade.price, atMs: trade.timeMs };
  }
}
