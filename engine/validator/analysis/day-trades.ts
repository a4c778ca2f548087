import { sessionsBetween } from "../../calendar/sessions.ts";
import type { Trade } from "../../simulate/types.ts";
import { newYorkClock } from "./time.ts";

/** FINRA Rule 4210(f)(8)(B): four or more day trades within five business days. */
export const patternDayTradeCount = 4;
export const patternDayTradeWindowDays = 5;
/** ...provided they are more than 6% of the customer's trades in that period. */
export const patternDayTradeShare = 0.06;

export interface DayTradeAnalysis {
  /** Round trips opened and closed on the same New York trading date. */
  dayTrades: number;
  /** The most day trades in any five consecutive NYSE business days. */
  worstWindowCount: number;
  /** First date of that window (day number), or null. */
  worstWindowStartDay: number | null;
  /** Windows of five consecutive business days that meet the pattern-day-trader definition. */
  patternWindows: number;
}

/**
 * Day trades of the given trades on NYSE business days, and the worst five-day window.
 * `tradingDay` maps a fill time to its trading date (day number).
 */
export function countDayTrades(
  trades: readonly Trade[],
  tradingDay: (timeMs: number) => number = (timeMs) => newYorkClock(timeMs).day,
): DayTradeAnalysis {
  const analysis: DayTradeAnalysis = {
    dayTrades: 0,
    worstWindowCount: 0,
    worstWindowStartDay: null,
    patternWindows: 0,
  };
  if (trades.length === 0) return analysis;
  const entryDays = trades.map((trade) => tradingDay(trade.entryTimeMs));
  const dayTradeDays: number[] = [];
  trades.forEach((trade, index) => {
    if (tradingDay(trade.exitTimeMs) === entryDays[index]) dayTradeDays.push(entryDays[index]!);
  });
  analysis.dayTrades = dayTradeDays.length;
  if (dayTradeDays.length === 0) return analysis;
  const first = Math.min(...entryDays);
  const last = Math.max(...entryDays);
  // Every five-day window that overlaps a trade: start a week early, end a week late.
  const sessions = sessionsBetween("NYSE", first - 7, last + 7).map((session) => session.day);
  const position = new Map(sessions.map((day, index) => [day, index]));
  const dayCounts = new Float64Array(sessions.length);
  const tradeCounts = new Float64Array(sessions.length);
  for (const day of dayTradeDays) {
    const index = position.get(day);
    if (index !== undefined) dayCounts[index]!++;
  }
  for (const day of entryDays) {
    const index = position.get(day);
    if (index !== undefined) tradeCounts[index]!++;
  }
  for (let start = 0; start + patternDayTradeWindowDays <= sessions.length; start++) {
    let dayTrades = 0;
    let all = 0;
    for (let k = start; k < Math.min(sessions.length, start + patternDayTradeWindowDays); k++) {
      dayTrades += dayCounts[k]!;
      all += tradeCounts[k]!;
    }
    if (dayTrades > analysis.worstWindowCount) {
      analysis.worstWindowCount = dayTrades;
      analysis.worstWindowStartDay = sessions[start]!;
    }
    if (dayTrades >= patternDayTradeCount && dayTrades > patternDayTradeShare * all)
      analysis.patternWindows++;
  }
  return analysis;
}
