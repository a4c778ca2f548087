import type { CorporateAction } from "../../../engine/adjust/corporate-actions.ts";
import type { BarSeries } from "../../../engine/types.ts";
import type { MarketDataProvider } from "../../ports/market-data.ts";
import type { Timeframe } from "../../ports/store.ts";
import { PolygonApi, type PolygonOptions } from "./api.ts";
import { toDividend, toSplit } from "./mapper.ts";
import { vendorBarSeries } from "../vendor-bars.ts";
import {
  PolygonAggregatesResponse,
  PolygonDividendsResponse,
  PolygonSplitsResponse,
  polygonTimespan,
} from "./schema.ts";
import { marketOf } from "../../bars/market-of.ts";

/** Our symbols to Polygon's tickers: `EUR/USD` is `C:EURUSD`, `BTC/USD` is `X:BTCUSD`, stocks as they are. */
export function polygonTicker(symbol: string): string {
  const [base, quote] = symbol.toUpperCase().split("/");
  if (quote === undefined) return symbol;
  return `${marketOf(symbol) === "FX" ? "C" : "X"}:${base}${quote}`;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class PolygonProvider implements MarketDataProvider {
  readonly name = "polygon";
  private readonly api: PolygonApi;

  constructor(options: PolygonOptions) {
    this.api = new PolygonApi(options);
  }

  async requestBars(
    symbol: string,
    timeframe: Timeframe,
    startMs: number,
    endMs: number,
  ): Promise<BarSeries | undefined> {
    const [multiplier, timespan] = polygonTimespan[timeframe];
    const path = `/v2/aggs/ticker/${encodeURIComponent(polygonTicker(symbol))}/range/${multiplier}/${timespan}/${startMs}/${endMs}?adjusted=false&sort=asc&limit=50000`;
    const rows: NonNullable<PolygonAggregatesResponse["results"]> = [];
    for await (const page of this.api.pages(path, PolygonAggregatesResponse))
      rows.push(...(page.results ?? []));
    return vendorBarSeries(
      symbol,
      timeframe,
      rows
        .filter((row) => row.t >= startMs && row.t <= endMs)
        .map((row) => ({
          timeMs: row.t,
          open: row.o,
          high: row.h,
          low: row.l,
          close: row.c,
          volume: row.v,
        })),
    );
  }

  async requestCorporateActions(
    symbol: string,
    startMs: number,
    endMs: number,
  ): Promise<CorporateAction[]> {
    if (symbol.includes("/")) return [];
    const ticker = encodeURIComponent(symbol);
    const actions: CorporateAction[] = [];
    const range = (field: string) =>
      `${field}.gte=${day(startMs)}&${field}.lte=${day(endMs)}&limit=1000`;
    for await (const page of this.api.pages(
      `/v3/reference/splits?ticker=${ticker}&${range("execution_date")}`,
      PolygonSplitsResponse,
    )) {
      for (const split of page.results ?? [])
        actions.push(toSplit(split.execution_date, split.split_from, split.split_to));
    }
    for await (const page of this.api.pages(
      `/v3/reference/dividends?ticker=${ticker}&${range("ex_dividend_date")}`,
      PolygonDividendsResponse,
    )) {
      for (const dividend of page.results ?? [])
        actions.push(toDividend(dividend.ex_dividend_date, dividend.cash_amount));
    }
    return actions.sort((a, b) => a.exDateMs - b.exDateMs);
  }
}
