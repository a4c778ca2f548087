import { stringify } from "csv-stringify/sync";
import { TradeSchema } from "./result-schema.ts";

const tradeColumns = Object.keys(TradeSchema.shape);

/** Rows as RFC 4180 CSV (CRLF), with a header of `columns` in their order. */
export const toCsv = (rows: readonly object[], columns: readonly string[]) =>
  stringify(rows as Record<string, unknown>[], {
    header: true,
    columns: [...columns],
    record_delimiter: "windows",
  });

/** Closed trades as CSV, a column per trade field; `return` too when the trades carry it. */
export const tradesCsv = (trades: readonly object[]) =>
  toCsv(trades, [
    ...tradeColumns,
    ...(trades.some((trade) => "return" in trade) ? ["return"] : []),
  ]);
