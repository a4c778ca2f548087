import { weekdayNames } from "../../calendar/civil-date.ts";
import type { Rule } from "../../strategy/spec.ts";
import type { RuleCandidate } from "./rule-candidate.ts";

/**
 * Day-of-the-week effects (French 1980, "Stock returns and the weekend effect", JFE 8; Gibbons &
 * Hess 1981). A signal on a bar of weekday d holds over the next bar, from its open to the open
 * after: the session of the next trading day (after a Friday, usually Monday). Uses the
 * `dayOfWeek` indicator (engine/indicators/calendar.ts).
 */
export function dayOfWeekCandidates(): RuleCandidate[] {
  return [1, 2, 3, 4, 5].map((weekday): RuleCandidate => {
    const on: Rule = {
      and: [{ gte: [{ dayOfWeek: {} }, weekday] }, { lte: [{ dayOfWeek: {} }, weekday] }],
    };
    const next = weekdayNames[weekday === 5 ? 1 : weekday + 1]!;
    return {
      pattern: "day_of_week",
      parameters: { signalWeekday: weekday },
      entry: on,
      exit: { not: on },
      condition: `the bar is a ${weekdayNames[weekday]} (so the position spans the next session, usually ${next})`,
      holding: "for one bar, open to open",
    };
  });
}

/**
 * The turn-of-the-month effect (Ariel 1987, "A monthly effect in stock returns", JFE 18;
 * Lakonishok & Smidt 1988: the last trading day and the first three of the next month). Opens
 * at the open after a bar within `k` calendar days of month end and closes after the first bar
 * dated on or after day m of the new month.
 */
export function turnOfMonthCandidates(): RuleCandidate[] {
  return [
    { daysBeforeEnd: 1, exitDay: 3 },
    { daysBeforeEnd: 3, exitDay: 5 },
  ].map(({ daysBeforeEnd, exitDay }): RuleCandidate => ({
    pattern: "turn_of_month",
    parameters: { daysBeforeEnd, exitDay },
    entry: { lte: [{ daysToMonthEnd: {} }, daysBeforeEnd] },
    exit: {
      and: [{ gte: [{ dayOfMonth: {} }, exitDay] }, { lte: [{ dayOfMonth: {} }, 20] }],
    },
    condition: `the bar is within ${daysBeforeEnd} calendar day(s) of month end`,
    holding: `until the first bar on or after day ${exitDay} of the new month`,
  }));
}
