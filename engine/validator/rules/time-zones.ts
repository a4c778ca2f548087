import { weekdayOf } from "../../calendar/civil-date.ts";
import { newYorkOffsetHours } from "../../calendar/new-york-time.ts";
import { sessionOn, type Market } from "../../calendar/sessions.ts";
import type { BarSeries } from "../../types.ts";
import { median } from "../analysis/numbers.ts";
import {
  formatClock,
  formatTime,
  isWeekendDay,
  newYorkClock,
  utcDay,
  utcMinuteOfDay,
} from "../analysis/time.ts";
import type { ValidationContext } from "../context.ts";
import type { RuleOutcome, ValidationRule } from "../types.ts";
import {
  fail,
  isOutcome,
  marketSymbols,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  symbolsText,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("time_zones");

/** Share of bars allowed off the dominant stamp before a series counts as inconsistently stamped. */
export const stampToleranceShare = 0.01;
/** Bars dated on a closed weekday above this share mean the dates are shifted by a day. */
export const shiftedDatesShare = 0.1;
/** NYSE opens 9:30 New York (570 minutes after midnight) in standard and daylight time alike. */
export const nyseOpenMinute = 9 * 60 + 30;

/** The most common value and its share. */
function mode(values: number[]): { value: number; share: number } | null {
  if (values.length === 0) return null;
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0]!;
  for (const [value, count] of counts)
    if (count > counts.get(best)! || (count === counts.get(best)! && value < best)) best = value;
  return { value: best, share: counts.get(best)! / values.length };
}

/**
 * Bars that open a session (the bar before is more than one step earlier) or close one (the
 * bar after is), with their New York clock: the series' first and last bars are left out,
 * as data may start or end mid-session.
 */
function sessionEdges(
  bars: BarSeries,
  stepMs: number,
  which: "first" | "last",
): { timeMs: number; day: number; minute: number; daylight: boolean }[] {
  const times = bars.timestampMs;
  const edges: { timeMs: number; day: number; minute: number; daylight: boolean }[] = [];
  for (let row = 1; row + 1 < times.length; row++) {
    const gap = which === "first" ? times[row]! - times[row - 1]! : times[row + 1]! - times[row]!;
    if (gap > stepMs) edges.push({ timeMs: times[row]!, ...newYorkClock(times[row]!) });
  }
  return edges;
}

function nonCrypto(context: ValidationContext): { market: Market; bars: BarSeries }[] {
  return context.bars.flatMap((bars, index) => {
    const market = context.markets[index];
    return market && market !== "CRYPTO" ? [{ market, bars }] : [];
  });
}

function dstOpenCheck(context: ValidationContext, market: "NYSE" | "CME" | "FX"): RuleOutcome {
  if (!context.intraday || context.stepMs === null)
    return skip("Applies to intraday bars; these are daily.");
  const indices = marketSymbols(context, market, `intraday ${market} bars`);
  if (isOutcome(indices)) return indices;
  const problems: string[] = [];
  const seen: string[] = [];
  for (const index of indices) {
    const bars = context.bars[index]!;
    // Sessions whose first bar is on the session's own date; CME and FX open the evening before.
    const edges = sessionEdges(bars, context.stepMs!, "first");
    for (const daylight of [false, true]) {
      const group = edges.filter((edge) => edge.daylight === daylight).map((edge) => edge.minute);
      const found = mode(group);
      if (!found) continue;
      const expected = market === "NYSE" ? nyseOpenMinute : null;
      const label = daylight ? "daylight time" : "standard time";
      seen.push(`${label} ${formatClock(found.value)}`);
      if (expected !== null && found.value !== expected)
        problems.push(
          `${bars.symbol}'s sessions in ${label} start at ${formatClock(found.value)} New York, not ${formatClock(expected)}`,
        );
    }
    if (market !== "NYSE") {
      const winter = mode(edges.filter((edge) => !edge.daylight).map((edge) => edge.minute));
      const summer = mode(edges.filter((edge) => edge.daylight).map((edge) => edge.minute));
      if (winter && summer && winter.value !== summer.value)
        problems.push(
          `${bars.symbol}'s sessions start at ${formatClock(winter.value)} New York in standard time but ${formatClock(summer.value)} in daylight time`,
        );
    }
  }
  if (problems.length > 0)
    return fail(
      `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}: the timestamps ignore a daylight-saving change (local time stored as UTC, or a fixed offset), so for half the year every bar is an hour off and session-time rules act at the wrong moment.`,
      problems.length,
    );
  return pass(
    `Sessions start at the same New York time on both sides of daylight-saving changes (${[...new Set(seen)].join(", ")}).`,
    0,
  );
}

export const timeZoneRules: ValidationRule[] = [
  rule(
    "warning",
    "tz-daily-stamp-consistent",
    "Daily bars are stamped at one time of day",
    (context) => {
      if (context.intraday) return skip("Applies to daily bars; these are intraday.");
      const inconsistent: string[] = [];
      let description = "";
      for (const bars of context.bars) {
        if (bars.timestampMs.length < 2) continue;
        const utc = mode(Array.from(bars.timestampMs, utcMinuteOfDay));
        const local = mode(Array.from(bars.timestampMs, (time) => newYorkClock(time).minute));
        const best =
          utc && local && local.share > utc.share
            ? { ...local, zone: "New York" }
            : utc
              ? { ...utc, zone: "UTC" }
              : null;
        if (!best) continue;
        description ||= `${formatClock(best.value)} ${best.zone}`;
        if (1 - best.share > stampToleranceShare) {
          inconsistent.push(bars.symbol);
          description = `${bars.symbol}: only ${percent(best.share)} of bars at ${formatClock(best.value)} ${best.zone}`;
        }
      }
      if (inconsistent.length > 0)
        return fail(
          `Daily bars of ${symbolsText(inconsistent)} are stamped at varying times of day (${description}): mixed stamps usually mean mixed sources or a time-zone change, which can move a bar onto the wrong date.`,
          inconsistent.length,
        );
      return pass(
        `Daily bars are stamped consistently (${description || "no bars"}), so each bar lands on its own trading date.`,
        0,
      );
    },
  ),

  rule(
    "warning",
    "tz-daily-dates-not-shifted",
    "Daily bars carry their trading date",
    (context) => {
      if (context.intraday) return skip("Applies to daily bars; these are intraday.");
      const markets = nonCrypto(context);
      if (markets.length === 0)
        return skip("Applies to markets closed at weekends (NYSE, CME, FX).");
      const shifted: string[] = [];
      let detail = "";
      for (const { bars } of markets) {
        const counts = new Array<number>(7).fill(0);
        for (const time of bars.timestampMs) counts[weekdayOf(utcDay(time))]!++;
        const total = bars.timestampMs.length;
        if (total < 20) continue;
        const saturday = counts[6]! / total;
        const sunday = counts[0]! / total;
        if (saturday > shiftedDatesShare && counts[1]! < counts[6]!) {
          shifted.push(bars.symbol);
          detail ||= `${percent(saturday)} of ${bars.symbol}'s bars are dated Saturday and few Monday: dates run a day late`;
        } else if (sunday > shiftedDatesShare && counts[5]! < counts[0]!) {
          shifted.push(bars.symbol);
          detail ||= `${percent(sunday)} of ${bars.symbol}'s bars are dated Sunday and few Friday: dates run a day early`;
        }
      }
      if (shifted.length > 0)
        return fail(
          `${detail}. Bars stamped at a session's close in a time zone ahead of the data's land on the next date, which shifts every date-based rule and the join with other symbols.`,
          shifted.length,
        );
      return pass(
        "Daily bars fall on their markets' weekdays: dates are not shifted by a time zone.",
        0,
      );
    },
  ),

  rule("warning", "tz-nyse-open-dst", "NYSE sessions open at 9:30 New York across DST", (context) =>
    dstOpenCheck(context, "NYSE"),
  ),

  rule(
    "warning",
    "tz-nyse-close-dst",
    "NYSE sessions close at 16:00 New York across DST",
    (context) => {
      if (!context.intraday || context.stepMs === null)
        return skip("Applies to intraday bars; these are daily.");
      const indices = marketSymbols(context, "NYSE", "intraday NYSE bars");
      if (isOutcome(indices)) return indices;
      const step = context.stepMs;
      const wrong: string[] = [];
      let example = "";
      for (const index of indices) {
        const bars = context.bars[index]!;
        const edges = sessionEdges(bars, step, "last");
        for (const daylight of [false, true]) {
          const ends = edges
            .filter((edge) => edge.daylight === daylight)
            .flatMap((edge) => {
              const session = sessionOn("NYSE", edge.day);
              if (!session) return [];
              return [(edge.timeMs + step - session.closeMs) / 60_000];
            });
          const found = mode(ends);
          if (found && found.value !== 0) {
            wrong.push(bars.symbol);
            example ||= `${bars.symbol}'s last bar in ${daylight ? "daylight" : "standard"} time ends ${Math.abs(found.value)} minutes ${found.value > 0 ? "after" : "before"} the close`;
          }
        }
      }
      if (wrong.length > 0)
        return fail(
          `${example}: session ends drift with daylight saving, so end-of-day rules fire at the wrong bar or trade after the close.`,
          wrong.length,
        );
      return pass(
        "Each NYSE session's last bar ends at the close, in standard and daylight time.",
        0,
      );
    },
  ),

  rule(
    "warning",
    "tz-session-open-dst",
    "Futures and FX sessions open at the same New York time across DST",
    (context) => {
      const results = (["CME", "FX"] as const)
        .filter((market) => context.symbolsOn(market).length > 0)
        .map((market) => dstOpenCheck(context, market));
      if (results.length === 0)
        return skip("Applies to intraday CME or FX bars; the universe has none.");
      return (
        results.find((result) => result.status === "fail") ??
        results.find((result) => result.status === "pass") ??
        results[0]!
      );
    },
  ),

  rule(
    "info",
    "tz-dst-transition-days",
    "Full sessions on daylight-saving change days",
    (context) => {
      if (!context.intraday) return skip("Applies to intraday bars; these are daily.");
      const markets = nonCrypto(context);
      if (markets.length === 0) return skip("Applies to markets that follow New York time.");
      const odd: string[] = [];
      let transitions = 0;
      for (const { market, bars } of markets) {
        const perDay = new Map<number, number>();
        for (const time of bars.timestampMs) {
          const { day } = newYorkClock(time);
          perDay.set(day, (perDay.get(day) ?? 0) + 1);
        }
        const typical = median(
          [...perDay.entries()]
            .filter(([day]) => !sessionOn(market, day)?.earlyClose)
            .map(([, count]) => count),
        );
        if (typical === null) continue;
        for (const [day, count] of perDay) {
          // The first weekday after a switch: the offset at noon differs from the week before.
          const noon = day * 86_400_000 + 17 * 3_600_000;
          if (newYorkOffsetHours(noon) === newYorkOffsetHours(noon - 7 * 86_400_000)) continue;
          if (isWeekendDay(day) || sessionOn(market, day)?.earlyClose) continue;
          transitions++;
          if (count !== typical)
            odd.push(
              `${bars.symbol} ${formatTime(day * 86_400_000).slice(0, 10)} (${count} bars, usually ${typical})`,
            );
        }
      }
      if (transitions === 0) return skip("The bars span no daylight-saving change.");
      if (odd.length > 0)
        return warn(
          `Sessions in the week of a daylight-saving change have an unusual number of bars: ${odd.slice(0, 3).join("; ")}. An hour lost or doubled at the switch means timestamps were converted with the wrong offset.`,
          odd.length,
        );
      return pass(
        `Sessions in ${plural(transitions, "daylight-saving week day")} have the usual number of bars.`,
        0,
      );
    },
  ),

  rule("warning", "tz-crypto-utc-days", "Crypto days follow UTC", (context) => {
    if (context.intraday) return skip("Applies to daily bars; these are intraday.");
    const indices = marketSymbols(context, "CRYPTO", "crypto pairs");
    if (isOutcome(indices)) return indices;
    const drifting: string[] = [];
    for (const index of indices) {
      const bars = context.bars[index]!;
      const utc = mode(Array.from(bars.timestampMs, utcMinuteOfDay));
      if (utc && 1 - utc.share > stampToleranceShare) drifting.push(bars.symbol);
    }
    if (drifting.length > 0)
      return fail(
        `Daily bars of ${symbolsText(drifting)} are not stamped at one UTC time: crypto days are UTC days on every major exchange, so a stamp that follows a local clock (daylight saving) makes some days 23 or 25 hours long.`,
        drifting.length,
      );
    return pass("Crypto daily bars are stamped at one UTC time.", 0);
  }),

  rule("warning", "tz-calendar-indicators", "Date-based rules read the trading date", (context) => {
    if (!context.specFacts.calendar)
      return skip("Applies to specs using dayOfWeek, dayOfMonth or daysToMonthEnd.");
    const markets = nonCrypto(context);
    if (markets.length === 0)
      return pass("Crypto days are UTC days, which the calendar indicators read.", 0);
    let off = 0;
    let total = 0;
    for (const { market, bars } of markets) {
      for (const time of bars.timestampMs) {
        total++;
        const utc = utcDay(time);
        if (context.intraday) {
          // The trade date of an evening bar (CME, FX) is the next New York date.
          const { day, minute } = newYorkClock(time);
          const tradeDate = market === "NYSE" || minute < 17 * 60 ? day : day + 1;
          if (utc !== tradeDate) off++;
        } else if (!sessionOn(market, utc)) off++;
      }
    }
    if (off > 0)
      return fail(
        `${plural(off, "bar")} of ${total} have a UTC date other than their trading date: dayOfWeek, dayOfMonth and daysToMonthEnd read the UTC date, so the rule sees the wrong day for them.`,
        off / total,
      );
    return pass(
      "Every bar's UTC date is its trading date, so the calendar indicators read the right day.",
      0,
    );
  }),
];
