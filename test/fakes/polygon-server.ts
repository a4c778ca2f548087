import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeBar {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/**
 * A local stand-in for Polygon.io's REST API, following its documented shapes: aggregates
 * (`/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}`, results omitted when
 * empty, `next_url` pagination), splits and dividends (`/v3/reference/...`). It checks the API
 * key, can fail the next requests with a status, and logs every request.
 */
export class FakePolygon {
  readonly bars = new Map<string, FakeBar[]>();
  readonly splits: {
    ticker: string;
    execution_date: string;
    split_from: number;
    split_to: number;
  }[] = [];
  readonly dividends: { ticker: string; ex_dividend_date: string; cash_amount: number }[] = [];
  readonly requests: string[] = [];
  pageSize = 50_000;
  private failures: { status: number; retryAfter?: number }[] = [];
  private server?: Server;
  url = "";

  constructor(readonly apiKey = "test-key") {}

  failNext(count: number, status: number, retryAfter?: number): void {
    for (let i = 0; i < count; i++)
      this.failures.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", this.url);
      this.requests.push(`${url.pathname}${url.search.replace(/apiKey=[^&]*&?/, "")}`);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { "content-type": "application/json", ...headers });
        response.end(JSON.stringify(body));
      };
      if (url.searchParams.get("apiKey") !== this.apiKey)
        return send(401, { status: "ERROR", error: "Unknown API Key" });
      const failure = this.failures.shift();
      if (failure) {
        return send(
          failure.status,
          { status: "ERROR" },
          failure.retryAfter === undefined ? {} : { "retry-after": String(failure.retryAfter) },
        );
      }
      const aggregates = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/(\w+)\/(\d+)\/(\d+)$/.exec(
        url.pathname,
      );
      if (aggregates) {
        const [, ticker, , , from, to] = aggregates;
        const rows = (this.bars.get(decodeURIComponent(ticker!)) ?? []).filter(
          (bar) => bar.t >= Number(from) && bar.t <= Number(to),
        );
        return send(
          200,
          this.page(url, rows, {
            ticker: decodeURIComponent(ticker!),
            adjusted: false,
            queryCount: rows.length,
          }),
        );
      }
      if (url.pathname === "/v3/reference/splits") {
        const rows = this.splits.filter(
          (split) =>
            split.ticker === url.searchParams.get("ticker") &&
            this.inRange(url, "execution_date", split.execution_date),
        );
        return send(200, this.page(url, rows, {}));
      }
      if (url.pathname === "/v3/reference/dividends") {
        const rows = this.dividends.filter(
          (dividend) =>
            dividend.ticker === url.searchParams.get("ticker") &&
            this.inRange(url, "ex_dividend_date", dividend.ex_dividend_date),
        );
        return send(200, this.page(url, rows, {}));
      }
      send(404, { status: "NOT_FOUND" });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private page(url: URL, rows: unknown[], extra: Record<string, unknown>): unknown {
    const cursor = Number(url.searchParams.get("cursor") ?? 0);
    const slice = rows.slice(cursor, cursor + this.pageSize);
    const next = new URL(url);
    next.searchParams.delete("apiKey");
    next.searchParams.set("cursor", String(cursor + this.pageSize));
    return {
      status: "OK",
      request_id: `fake-${this.requests.length}`,
      resultsCount: slice.length,
      ...extra,
      ...(slice.length > 0 ? { results: slice } : {}),
      ...(cursor + this.pageSize < rows.length ? { next_url: next.toString() } : {}),
    };
  }

  private inRange(url: URL, field: string, date: string): boolean {
    const from = url.searchParams.get(`${field}.gte`);
    const to = url.searchParams.get(`${field}.lte`);
    return (!from || date >= from) && (!to || date <= to);
  }
}
