import { fromDayNumber } from "./civil-date.ts";
import { cmeSessionOn } from "./cme.ts";
import { newYorkDay, newYorkToUtc } from "./new-york-time.ts";
import { isWeekend, nyseEarlyCloses, nyseHolidays } from "./nyse.ts";

const dayMs = 86_400_000;

export const Market = { NYSE: "NYSE", CME: "CME", FX: "FX", CRYPTO: "CRYPTO" } as const;
export type Market = keyof typeof Market;

export interface Session {
  /** Exchange-local trading date, day number since 1970-01-01. */
  day: number;
  openMs: number;
  closeMs: number;
  earlyClose: boolean;
}

/**
 * The session of one trading date, or undefined when the market is closed that day.
 * NYSE: 9:30-16:00 New York (13:00 on early-close days), weekdays except holidays.
 * FX: the trading day of date D runs from 17:00 New York on D-1 to 17:00 on D, Monday to
 * Friday (the week opens Sunday 17:00 and closes Friday 17:00). CRYPTO: every UTC day.
 * CME: Globex trade dates of the micro futures (see cme.ts).
 */
export function sessionOn(market: Market, day: number): Session | undefined {
  if (market === "CRYPTO")
    return { day, openMs: day * dayMs, closeMs: (day + 1) * dayMs, earlyClose: false };
  if (market === "CME") return cmeSessionOn(day);
  if (isWeekend(day)) return undefined;
  if (market === "FX")
    return {
      day,
      openMs: newYorkToUtc(day - 1, 17),
      closeMs: newYorkToUtc(day, 17),
      earlyClose: false,
    };
  const { year } = fromDayNumber(day);
  if (nyseHolidays(year).has(day)) return undefined;
  const earlyClose = nyseEarlyCloses(year).has(day);
  return {
    day,
    openMs: newYorkToUtc(day, 9, 30),
    closeMs: newYorkToUtc(day, earlyClose ? 13 : 16),
    earlyClose,
  };
}

/** Sessions whose trading date lies in [startDay, endDay], in order. */
export function sessionsBetween(market: Market, startDay: number, endDay: number): Session[] {
  const sessions: Session[] = [];
  for (let day = startDay; day <= endDay; day++) {
    const session = sessionOn(market, day);
    if (session) sessions.push(session);
  }
  return sessions;
}

export interface MarketStatus {
  open: boolean;
  /** Start of the next session (after the one in progress, when open). */
  nextOpenMs: number;
  nextCloseMs: number;
}

/** Whether the market is open at `atMs`, and when it next opens and closes. */
export function marketStatus(market: Market, atMs: number): MarketStatus {
  const today = market === "CRYPTO" ? Math.floor(atMs / dayMs) : newYorkDay(atMs);
  // FX's and CME's sessions for date D start on D-1, so look one day back as well as forward.
  for (let day = today - 1; day <= today + 14; day++) {
    const session = sessionOn(market, day);
    if (!session || session.closeMs <= atMs) continue;
    const open = session.openMs <= atMs;
    const next = open ? nextSessionAfter(market, day) : session;
    return { open, nextOpenMs: next.openMs, nextCloseMs: session.closeMs };
  }
  throw new RangeError(`no ${market} session within two weeks of ${new Date(atMs).toISOString()}`);
}

function nextSessionAfter(market: Market, day: number): Session {
  for (let next = day + 1; next <= day + 15; next++) {
    const session = sessionOn(market, next);
    if (session) return session;
  }
  throw new RangeError(`no ${market} session within two weeks after day ${day}`);
}
