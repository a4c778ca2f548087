import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A bar as Alpaca's market-data API sends it: RFC-3339 time, OHLC, volume, trade count, VWAP. */
export interface AlpacaBar {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
  vw: number;
}

export interface AlpacaQuote {
  t: string;
  bp: number;
  bs: number;
  ap: number;
  as: number;
}

export interface AlpacaTrade {
  t: string;
  p: number;
  s: number;
}

export interface AlpacaSplit {
  symbol: string;
  ex_date: string;
  new_rate: number;
  old_rate: number;
}

export interface AlpacaDividend {
  symbol: string;
  ex_date: string;
  rate: number;
}

const timeframes = new Set(["1Min", "5Min", "15Min", "1Hour", "1Day"]);

/**
 * A local stand-in for Alpaca's market-data REST API (data.alpaca.markets), following its
 * documented shapes: multi-symbol stock bars (`/v2/stocks/bars`) and crypto bars
 * (`/v1beta3/crypto/us/bars`) keyed by symbol with `next_page_token` pagination, latest quotes
 * and trades, and corporate actions (`/v1/corporate-actions`). It checks the key headers, can
 * fail the next requests with a status, and logs every request.
 */
export class FakeAlpaca {
  /** Bars per timeframe (`1Day`, `1Min`, ...) and symbol. */
  readonly bars = new Map<string, Map<string, AlpacaBar[]>>();
  readonly quotes = new Map<string, AlpacaQuote>();
  readonly trades = new Map<string, AlpacaTrade>();
  readonly forwardSplits: AlpacaSplit[] = [];
  readonly reverseSplits: AlpacaSplit[] = [];
  readonly cashDividends: AlpacaDividend[] = [];
  readonly requests: URL[] = [];
  pageSize = 10_000;
  /** The stock-bar `adjustment` values served; the bars served are the ones set either way. */
  readonly adjustments = new Set(["raw"]);
  url = "";
  private failures: number[] = [];
  private server?: Server;

  constructor(
    readonly keyId = "test-key",
    readonly secret = "test-secret",
  ) {}

  setBars(symbol: string, timeframe: string, bars: AlpacaBar[]): void {
    const byTimeframe = this.bars.get(timeframe) ?? new Map<string, AlpacaBar[]>();
    byTimeframe.set(symbol, bars);
    this.bars.set(timeframe, byTimeframe);
  }

  failNext(count: number, status: number): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", this.url);
      this.requests.push(url);
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      // Crypto data needs no key (Alpaca's docs); keys, when sent, must be right.
      const keyed = request.headers["apca-api-key-id"] !== undefined;
      const crypto = url.pathname.startsWith("/v1beta3/crypto/");
      if (
        (keyed || !crypto) &&
        (request.headers["apca-api-key-id"] !== this.keyId ||
          request.headers["apca-api-secret-key"] !== this.secret)
      )
        return send(401, { message: "unauthorized." });
      const failure = this.failures.shift();
      if (failure) return send(failure, { message: "internal server error" });
      const symbols = (url.searchParams.get("symbols") ?? "").split(",").filter(Boolean);
      if (url.pathname === "/v2/stocks/bars" || url.pathname === "/v1beta3/crypto/us/bars") {
        const timeframe = url.searchParams.get("timeframe") ?? "";
        if (!timeframes.has(timeframe))
          return send(422, { message: `invalid timeframe: ${timeframe}` });
        const adjustment = url.searchParams.get("adjustment") ?? "";
        if (url.pathname === "/v2/stocks/bars" && !this.adjustments.has(adjustment))
          return send(422, { message: `this fake serves adjustment=${[...this.adjustments]}` });
        return send(200, this.barPage(url, symbols, timeframe));
      }
      if (
        url.pathname === "/v2/stocks/quotes/latest" ||
        url.pathname === "/v1beta3/crypto/us/latest/quotes"
      )
        return send(200, { quotes: this.pick(this.quotes, symbols) });
      if (
        url.pathname === "/v2/stocks/trades/latest" ||
        url.pathname === "/v1beta3/crypto/us/latest/trades"
      )
        return send(200, { trades: this.pick(this.trades, symbols) });
      if (url.pathname === "/v1/corporate-actions")
        return send(200, this.corporateActions(url, symbols));
      send(404, { message: "Not Found" });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Bars of all symbols flattened in symbol order, sliced by `page_token` (an offset here). */
  private barPage(url: URL, symbols: string[], timeframe: string): unknown {
    const start = Date.parse(url.searchParams.get("start") ?? "1970-01-01T00:00:00Z");
    const end = Date.parse(url.searchParams.get("end") ?? "2100-01-01T00:00:00Z");
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 1000), this.pageSize);
    const rows = symbols
      .sort()
      .flatMap((symbol) =>
        (this.bars.get(timeframe)?.get(symbol) ?? [])
          .filter((bar) => Date.parse(bar.t) >= start && Date.parse(bar.t) <= end)
          .map((bar) => ({ symbol, bar })),
      );
    const offset = Number(url.searchParams.get("page_token") ?? 0);
    const page = rows.slice(offset, offset + limit);
    const bars: Record<string, AlpacaBar[]> = {};
    for (const { symbol, bar } of page) (bars[symbol] ??= []).push(bar);
    return {
      bars,
      next_page_token: offset + limit < rows.length ? String(offset + limit) : null,
      ...(url.pathname.startsWith("/v2") ? { currency: "USD" } : {}),
    };
  }

  private corporateActions(url: URL, symbols: string[]): unknown {
    const start = url.searchParams.get("start") ?? "0000-00-00";
    const end = url.searchParams.get("end") ?? "9999-99-99";
    const types = new Set((url.searchParams.get("types") ?? "").split(","));
    const select = <T extends { symbol: string; ex_date: string }>(type: string, rows: T[]) =>
      types.has(type)
        ? rows
            .filter((row) => symbols.includes(row.symbol))
            .filter((row) => row.ex_date >= start && row.ex_date <= end)
            .map((row, index) => ({
              id: `${type}-${index}`,
              cusip: "000000000",
              process_date: row.ex_date,
              ...(type === "cash_dividend" ? { foreign: false, special: false } : {}),
              ...row,
            }))
        : [];
    return {
      corporate_actions: {
        forward_splits: select("forward_split", this.forwardSplits),
        reverse_splits: select("reverse_split", this.reverseSplits),
        cash_dividends: select("cash_dividend", this.cashDividends),
      },
      next_page_token: null,
    };
  }

  private pick<T>(table: Map<string, T>, symbols: string[]): Record<string, T> {
    return Object.fromEntries(
      symbols.flatMap((symbol) => {
        const row = table.get(symbol);
        return row ? [[symbol, row]] : [];
      }),
    );
  }
}
