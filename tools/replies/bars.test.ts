import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const bar = (time: string, close: number) => ({
  time,
  open: 100.123456,
  high: 102.5,
  low: 99.75,
  close,
  volume: 1_234_567,
});

describe("get_bars", () => {
  const bars = [bar("2024-01-02T00:00:00.000Z", 101), bar("2024-12-31T00:00:00.000Z", 25.0000004)];

  it("gives the span, the last bar and the latest split or dividend", () => {
    const reply = describeResult("get_bars", {
      symbol: "ACME",
      timeframe: "1d",
      adjusted: true,
      bars,
      corporateActions: [
        { exDate: "2024-03-01", kind: "dividend", amount: 0.5 },
        { exDate: "2024-07-01", kind: "split", ratio: 4 },
      ],
      rolls: [],
    });
    expect(reply.split("\n")).toEqual([
      "ACME, 2 daily bars (back-adjusted for splits and dividends) from 2024-01-02 to 2024-12-31.",
      "Last bar, 2024-12-31: open 100.123, high 102.5, low 99.75, close 25, volume 1234567.",
      "2 splits and dividends stored, the latest a 4:1 split on 2024-07-01.",
    ]);
    const dividend = { exDate: "2024-12-20", kind: "dividend", amount: 2.2276701425151764 };
    expect(
      describeResult("get_bars", {
        symbol: "SPY",
        timeframe: "1d",
        adjusted: true,
        bars,
        corporateActions: [dividend],
        rolls: [],
      }).split("\n")[2],
    ).toBe("1 split or dividend stored, the latest a dividend of 2.22767 on 2024-12-20.");
  });

  it("names raw intraday bars by their minute, and a futures root's latest roll", () => {
    const hourly = [bar("2024-12-31T14:00:00.000Z", 5000.25)];
    expect(
      describeResult("get_bars", {
        symbol: "SPY",
        timeframe: "1h",
        adjusted: false,
        bars: hourly,
        corporateActions: [],
        rolls: [],
      }).split("\n")[0],
    ).toBe(
      "SPY, 1 hourly bar (raw, not adjusted) from 2024-12-31 14:00 UTC to 2024-12-31 14:00 UTC.",
    );
    const reply = describeResult("get_bars", {
      symbol: "MES",
      timeframe: "1d",
      adjusted: true,
      bars,
      corporateActions: [],
      rolls: [
        { date: "2024-09-13", from: "MESU24", to: "MESZ24", gap: 14.5 },
        { date: "2024-12-13", from: "MESZ24", to: "MESH25", gap: -3.25 },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "MES, 2 daily bars (continuous series back-adjusted over 2 contract rolls) from 2024-01-02 to 2024-12-31.",
      "Last bar, 2024-12-31: open 100.123, high 102.5, low 99.75, close 25, volume 1234567.",
      "Latest roll: MESZ24 to MESH25 on 2024-12-13 (gap -3.25).",
    ]);
  });

  it("says so when there is no bar", () => {
    expect(
      describeResult("get_bars", {
        symbol: "ACME",
        timeframe: "5m",
        adjusted: true,
        bars: [],
        corporateActions: [],
        rolls: [],
      }),
    ).toBe("No 5-minute bars of ACME in that range.");
  });
});

const gaps = (symbol: string) => ({
  symbol,
  market: "NYSE",
  missingSessions: 2,
  barsOutsideSessions: 1,
  missingBars: 0,
  examples: ["2021-03-04", "2021-03-05", "2021-07-04"],
});

describe("import_bars and fetch_bars", () => {
  it("says how many bars of which symbols were stored, and the calendar check", () => {
    const reply = describeResult("import_bars", {
      imported: 2516,
      symbols: ["SPY", "QQQ"],
      timeframe: "1d",
      firstTime: "2020-01-02T00:00:00.000Z",
      lastTime: "2024-12-31T00:00:00.000Z",
      quality: [gaps("QQQ")],
    });
    expect(reply.split("\n")).toEqual([
      "Stored 2516 daily bars of 2 symbols (SPY, QQQ) from 2020-01-02 to 2024-12-31.",
      "Against the market calendar:",
      "- QQQ (NYSE): 2 missing sessions, 1 bar outside sessions; e.g. 2021-03-04, 2021-03-05, 2021-07-04",
    ]);
  });

  it("gives each symbol fetched, what was asked and stored, or that nothing was asked", () => {
    const fetched = (symbol: string, count: number) => ({
      symbol,
      fetched: count,
      heldBack: 0,
      requestedRanges: [{ start: "2024-01-01T00:00:00.000Z", end: "2024-12-31T00:00:00.000Z" }],
      corporateActions: 1,
    });
    const reply = describeResult("fetch_bars", {
      provider: "alpaca",
      symbols: [
        fetched("SPY", 252),
        { symbol: "AAPL", fetched: 0, heldBack: 0, requestedRanges: [], corporateActions: 0 },
        ...["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"].map((s) => fetched(s, 1)),
      ],
      quality: [],
    });
    expect(reply.split("\n")).toEqual([
      "Fetched 12 symbols from alpaca:",
      "- SPY: 252 bars stored (asked for 2024-01-01 to 2024-12-31), 1 split or dividend",
      "- AAPL: nothing asked (the store held the range), 0 splits and dividends",
      ...["A", "B", "C", "D", "E", "F", "G", "H"].map(
        (s) => `- ${s}: 1 bar stored (asked for 2024-01-01 to 2024-12-31), 1 split or dividend`,
      ),
      "… and 2 more symbols.",
      "No gaps against the market calendar.",
    ]);
  });

  it("puts a skipped symbol first and says when the day's bar was held back", () => {
    const reply = describeResult("fetch_bars", {
      provider: "alpaca",
      symbols: [
        {
          symbol: "SPY",
          fetched: 3,
          heldBack: 1,
          requestedRanges: [{ start: "2026-12-01T00:00:00.000Z", end: "2026-12-04T18:00:00.000Z" }],
          corporateActions: 0,
        },
        {
          symbol: "EUR/USD",
          fetched: 0,
          heldBack: 0,
          requestedRanges: [],
          corporateActions: 0,
          skipped: "Alpaca has no FX data for EUR/USD",
        },
      ],
      quality: [],
    });
    expect(reply.split("\n").slice(0, 3)).toEqual([
      "Fetched 2 symbols from alpaca:",
      "- EUR/USD: skipped, Alpaca has no FX data for EUR/USD",
      "- SPY: 3 bars stored (asked for 2026-12-01 to 2026-12-04), 1 bar still forming held back until final, 0 splits and dividends",
    ]);
    expect(describeResult("fetch_bars", { provider: "alpaca", symbols: [], quality: [] })).toMatch(
      /^The store holds no bars at this timeframe to bring up to date/,
    );
  });
});
