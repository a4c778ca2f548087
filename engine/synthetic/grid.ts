import { weekdayOf } from "../calendar/civil-date.ts";
import { sessionOn, type Market } from "../calendar/sessions.ts";

const daysPerYear = 365.25;

/**
 * The calendar days the market spans, [firstDay, firstDay + length), as day numbers since
 * 1970-01-01. Every path is built on this grid, one step per calendar day, and each asset
 * reads its path on its own market's trading dates: a Monday bar carries the weekend's moves
 * of the factors that moved then (crypto), a bar after a holiday the holiday's.
 */
export interface DayGrid {
  firstDay: number;
  length: number;
  /** Years the grid spans: length / 365.25. */
  years: number;
}

export function dayGrid(firstDay: number, years: number): DayGrid {
  const length = Math.max(1, Math.round(years * daysPerYear));
  return { firstDay, length, years: length / daysPerYear };
}

/** Grid indexes of a market's trading dates (sessionOn), in order. */
export function tradingDays(grid: DayGrid, market: Market): Int32Array {
  const days: number[] = [];
  for (let index = 0; index < grid.length; index++)
    if (sessionOn(market, grid.firstDay + index) !== undefined) days.push(index);
  return Int32Array.from(days);
}

/** Grid indexes of Monday-to-Friday dates: when the traditional factors move. */
export function weekdays(grid: DayGrid): Int32Array {
  const days: number[] = [];
  for (let index = 0; index < grid.length; index++) {
    const weekday = weekdayOf(grid.firstDay + index);
    if (weekday !== 0 && weekday !== 6) days.push(index);
  }
  return Int32Array.from(days);
}

export function everyDay(grid: DayGrid): Int32Array {
  return Int32Array.from({ length: grid.length }, (_, index) => index);
}

/**
 * Per-step returns spread onto the grid: `steps[k]` lands on grid day `days[k]`, other days
 * are zero. With `dailyVolatility` scaled by steps a year, a path's annual variance is the
 * same whatever its calendar.
 */
export function onGrid(grid: DayGrid, days: Int32Array, steps: Float64Array): Float64Array {
  const spread = new Float64Array(grid.length);
  for (let k = 0; k < days.length; k++) spread[days[k]!] = steps[k]!;
  return spread;
}

export function stepsPerYear(grid: DayGrid, days: Int32Array): number {
  return days.length / grid.years;
}

/**
 * Sums daily increments between consecutive trading days: element k is the move from the
 * close of day k - 1 to the close of day k (for k = 0, from the grid's start).
 */
export function barReturns(increments: Float64Array, days: Int32Array): Float64Array {
  const returns = new Float64Array(days.length);
  let previous = -1;
  for (let k = 0; k < days.length; k++) {
    let sum = 0;
    for (let index = previous + 1; index <= days[k]!; index++) sum += increments[index]!;
    returns[k] = sum;
    previous = days[k]!;
  }
  return returns;
}
