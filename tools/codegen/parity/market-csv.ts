import { generateMarket } from "../../../engine/synthetic/index.ts";
import type { BarSeries } from "../../../engine/types.ts";

/**
 * Symbols of the parity market: two made-up stocks on NYSE dates, a crypto pair trading every
 * day and an FX pair on weekdays, so multi-symbol universes meet unaligned timelines.
 */
export const paritySymbols = ["AAA", "BBB", "BTC/USD", "EUR/USD"] as const;

/**
 * Seeded synthetic bars written the way people export them: a different timestamp style per
 * symbol (ISO date-time, date only, epoch ms, offset), columns in another order, an extra
 * column, one symbol's rows newest first. Raw prices, splits included, rounded to ticks (ties
 * everywhere, which tests the indicators' tie rules).
 */
export function parityMarketCsv(seed = 7, years = 3): string {
  const { bars } = generateMarket({ symbols: [...paritySymbols], years, seed });
  const rows = bars.flatMap((series, index) => {
    const lines = rowsOf(series, timestampStyles[index % timestampStyles.length]!);
    return index === 1 ? lines.reverse() : lines;
  });
  return ["timestamp,close,symbol,open,high,low,volume,note", ...rows].join("\n") + "\n";
}

const timestampStyles: ((timeMs: number) => string)[] = [
  (timeMs) => new Date(timeMs).toISOString(),
  (timeMs) => new Date(timeMs).toISOString().slice(0, 10),
  (timeMs) => String(timeMs),
  // The same instant as 01:00 at +01:00.
  (timeMs) => `${new Date(timeMs).toISOString().slice(0, 10)}T01:00:00+01:00`,
];

function rowsOf(series: BarSeries, timestamp: (timeMs: number) => string): string[] {
  const { symbol, timestampMs, open, high, low, close, volume } = series;
  return Array.from(timestampMs, (timeMs, i) =>
    [timestamp(timeMs), close[i], symbol, open[i], high[i], low[i], volume[i], "synthetic"].join(
      ",",
    ),
  );
}
