import type { Market } from "../../engine/calendar/sessions.ts";

const fiat = new Set([
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
const futuresRoots = new Set([
  "MES",
  "MNQ",
  "M2K",
  "MYM",
  "MGC",
  "MCL",
  "ES",
  "NQ",
  "RTY",
  "YM",
  "GC",
  "CL",
]);

/**
 * The calendar a symbol most likely trades on: `EUR/USD` FX, `BTC/USD` crypto, futures roots
 * none yet (no CME calendar), anything else NYSE. Callers may always say which.
 */
export function marketOf(symbol: string): Market | undefined {
  const [base, quote] = symbol.toUpperCase().split("/");
  if (quote !== undefined) return fiat.has(base!) && fiat.has(quote) ? "FX" : "CRYPTO";
  return futuresRoots.has(base!) ? undefined : "NYSE";
}
