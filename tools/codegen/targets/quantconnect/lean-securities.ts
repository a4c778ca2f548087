import { marketOf } from "../../../bars/market-of.ts";

/** How LEAN subscribes to a universe symbol: `add_equity("GOOG")`, `add_forex("EURUSD")`, `add_crypto("BTCUSD")`. */
export interface LeanSecurity {
  symbol: string;
  assetClass: "equity" | "forex" | "crypto";
  ticker: string;
}

/**
 * LEAN's security for each universe symbol, by the market Alphadesk infers for it
 * (tools/bars/market-of.ts). Futures roots and contracts have no LEAN equivalent here: their
 * continuous series, rolls and multipliers are Alphadesk's own, so they are refused.
 */
export function leanSecurities(universe: readonly string[]): LeanSecurity[] {
  const futures = universe.filter((symbol) => marketOf(symbol) === "CME");
  if (futures.length > 0) {
    throw new RangeError(
      `the quantconnect target trades stocks, ETFs, FX and crypto; ${futures.join(", ")} ${futures.length === 1 ? "is a futures symbol" : "are futures symbols"} (remove ${futures.length === 1 ? "it" : "them"} from the universe)`,
    );
  }
  return universe.map((symbol) => {
    const market = marketOf(symbol);
    const ticker = symbol.replace("/", "").toUpperCase();
    if (market === "FX") return { symbol, assetClass: "forex", ticker };
    if (market === "CRYPTO") return { symbol, assetClass: "crypto", ticker };
    return { symbol, assetClass: "equity", ticker };
  });
}
