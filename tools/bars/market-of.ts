import type { Market } from "../../engine/calendar/sessions.ts";
import { futuresRoots as engineFuturesRoots } from "../../engine/futures/contracts.ts";

/** Currencies an FX pair (or a crypto pair's quote) is written in. */
export const fiatCurrencies: ReadonlySet<string> = new Set([
  "USD",
  "EUR",
  "GBP",
  "JPY",
  "CHF",
  "AUD",
  "CAD",
  "NZD",
  "SEK",
  "NOK",
  "DKK",
  "HKD",
  "SGD",
  "MXN",
  "CNH",
]);
// The micros we model plus their full-size siblings, which share the Globex calendar.
const futuresRoots = new Set([...engineFuturesRoots, "ES", "NQ", "RTY", "YM", "GC", "CL"]);
const contractCode = /^([A-Z0-9]+?)[FGHJKMNQUVXZ]\d{1,2}$/;

/** The root of a futures contract code (`MES` of `MESZ25`), or undefined for any other symbol. */
export function contractRoot(symbol: string): string | undefined {
  const root = contractCode.exec(symbol.toUpperCase())?.[1];
  return root !== undefined && futuresRoots.has(root) ? root : undefined;
}

/**
 * The calendar a symbol most likely trades on: `EUR/USD` FX, `BTC/USD` crypto, a futures root
 * or contract (`MES`, `MESZ25`) CME, anything else NYSE. Callers may always say which.
 */
export function marketOf(symbol: string): Market {
  const [base, quote] = symbol.toUpperCase().split("/");
  if (quote !== undefined)
    return fiatCurrencies.has(base!) && fiatCurrencies.has(quote) ? "FX" : "CRYPTO";
  return futuresRoots.has(base!) || contractRoot(base!) !== undefined ? "CME" : "NYSE";
}
