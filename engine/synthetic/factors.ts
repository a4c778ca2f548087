import { garchPath } from "./garch.ts";
import { everyDay, onGrid, stepsPerYear, weekdays, type DayGrid } from "./grid.ts";
import type { RandomStream } from "./streams.ts";

/**
 * The common drivers of the factor assets. Each is an independent GARCH(1,1) path with
 * Student-t shocks and unit annual volatility, so an asset's loading on a factor is the annual
 * volatility that factor contributes to it. The traditional factors move Monday to Friday
 * (holidays included: some market is open); crypto's move every day.
 */
export const factorNames = [
  /** US equity market. */
  "equity",
  /** Growth and technology against the market: QQQ, XLK, XLC, XLY. */
  "technology",
  /** Small caps against the market: IWM. */
  "smallCap",
  /** Rates: the return of duration, up when yields fall. */
  "duration",
  /** Credit spreads tightening: corporate bonds over Treasuries. */
  "credit",
  /** The US dollar against the other majors. */
  "dollar",
  "gold",
  "oil",
  /** The Australian and New Zealand dollars together (commodity currencies, risk appetite). */
  "commodityCurrencies",
  /** The crypto market. */
  "crypto",
  /** Altcoins against bitcoin. */
  "altcoins",
] as const;
export type FactorName = (typeof factorNames)[number];

const everyDayFactors: ReadonlySet<FactorName> = new Set(["crypto", "altcoins"]);

/** Each factor's daily returns on the grid (zero on days it does not move). */
export type FactorPaths = Readonly<Record<FactorName, Float64Array>>;

export function factorPaths(grid: DayGrid, stream: (key: string) => RandomStream): FactorPaths {
  const paths = {} as Record<FactorName, Float64Array>;
  const traded = { weekdays: weekdays(grid), everyDay: everyDay(grid) };
  for (const name of factorNames) {
    const days = everyDayFactors.has(name) ? traded.everyDay : traded.weekdays;
    const daily = 1 / Math.sqrt(stepsPerYear(grid, days));
    paths[name] = onGrid(grid, days, garchPath(days.length, daily, stream(`factor:${name}`).shock));
  }
  return paths;
}
