import { describe, expect, it } from "vitest";
import { isWordLikeTicker, tickerReader } from "./tickers.ts";

describe("tickerReader", () => {
  const read = tickerReader(["AAPL", "MSFT", "BRK.B", "BTC/USD", "IT", "ALL", "ON", "A", "SPY"]);

  it("finds whole, case-sensitive tickers, each once, sorted", () => {
    expect(read("MSFT rose; AAPL fell, then AAPL's rebound (BRK.B flat) and BTC/USD.")).toEqual([
      "AAPL",
      "BRK.B",
      "BTC/USD",
      "MSFT",
    ]);
  });

  it("ignores lower case, longer words and symbols inside other symbols", () => {
    expect(read("aapl and Msft; AAPLX, XAAPL, SPY2 and MSFT9 are other things")).toEqual([]);
  });

  it("reads word-like tickers only as a cashtag or after an exchange", () => {
    expect(read("A rally: IT budgets grew, ALL eyes ON the Fed.")).toEqual([]);
    expect(read("$IT beat estimates; Allstate (NYSE: ALL) and ON (Nasdaq: ON) too; $A")).toEqual([
      "A",
      "ALL",
      "IT",
      "ON",
    ]);
  });

  it("knows nothing without symbols", () => {
    expect(tickerReader([])("AAPL")).toEqual([]);
  });
});

describe("isWordLikeTicker", () => {
  it("calls single letters, numbers and English words word-like", () => {
    expect(["F", "7203", "IT", "NOW", "AI"].every(isWordLikeTicker)).toBe(true);
    expect(["AAPL", "SPY", "ES=F", "EURUSD"].some(isWordLikeTicker)).toBe(false);
  });
});
